// Validate Kubernetes objects with the npm package kubernetes-models.
//
// usage: node k8s_models.mjs --node-dir DIR OBJECTS.json...
//
// DIR holds node_modules/kubernetes-models (scripts/install-test-tools puts it
// in .tools/node). OBJECTS.json is what `python3 manifests.py RENDERED.yaml`
// writes: [{"source", "index", "object"}]. Each object's apiVersion/kind picks
// the model class (apiVersion "v1" -> kubernetes-models/v1, "apps/v1" ->
// kubernetes-models/apps/v1, ...); the object is constructed as that class and
// .validate() checks it against Kubernetes' OpenAPI schema (types, required
// fields, enums, formats). A kind the package does not know fails.
// Prints one line per object and closes with "N passed, N failed"; exits 1 when
// any object failed, 2 on a usage or I/O error.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";

function usage(msg) {
  if (msg) console.error(`error: ${msg}`);
  console.error("usage: node k8s_models.mjs --node-dir DIR OBJECTS.json...");
  process.exit(2);
}

const args = process.argv.slice(2);
let nodeDir = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === "--node-dir") nodeDir = args[++i];
  else if (args[i].startsWith("--")) usage(`unknown option ${args[i]}`);
  else files.push(args[i]);
}
if (!nodeDir || files.length === 0) usage();

const require = createRequire(join(resolve(nodeDir), "package.json"));
let version;
try {
  version = require("kubernetes-models/package.json").version;
} catch {
  // Packages whose exports hide package.json: read it from node_modules.
  version = JSON.parse(
    readFileSync(join(resolve(nodeDir), "node_modules/kubernetes-models/package.json"), "utf8"),
  ).version;
}
console.log(`validator: kubernetes-models ${version} (${resolve(nodeDir)})`);

const modules = new Map();
function modelClass(apiVersion, kind) {
  if (typeof apiVersion !== "string" || typeof kind !== "string" ||
      !/^([a-z0-9.-]+\/)?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion)) {
    return null;
  }
  if (!modules.has(apiVersion)) {
    let mod = null;
    try {
      mod = require(`kubernetes-models/${apiVersion}`);
    } catch (e) {
      if (e.code !== "MODULE_NOT_FOUND" && e.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED") throw e;
    }
    modules.set(apiVersion, mod);
  }
  const mod = modules.get(apiVersion);
  const cls = mod && Object.hasOwn(mod, kind) ? mod[kind] : null;
  if (typeof cls !== "function" || cls.kind !== kind || cls.apiVersion !== apiVersion) return null;
  return cls;
}

function describe(source, obj) {
  const meta = obj && typeof obj.metadata === "object" && obj.metadata ? obj.metadata : {};
  const where = meta.namespace ? `${meta.namespace}/${meta.name ?? "?"}` : `${meta.name ?? "?"}`;
  return `${obj?.kind ?? "?"} ${where} (${source})`;
}

let passed = 0;
let failed = 0;
for (const file of files) {
  let entries;
  try {
    entries = JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    console.error(`error: ${file}: ${e.message}`);
    process.exit(2);
  }
  if (!Array.isArray(entries) || entries.length === 0) {
    console.log(`FAIL  ${file}: no Kubernetes objects`);
    failed++;
    continue;
  }
  for (const { source, object } of entries) {
    const what = describe(source, object);
    const cls = modelClass(object?.apiVersion, object?.kind);
    if (!cls) {
      console.log(`FAIL  ${what}: kubernetes-models has no model for apiVersion ` +
        `${JSON.stringify(object?.apiVersion)} kind ${JSON.stringify(object?.kind)}`);
      failed++;
      continue;
    }
    try {
      new cls(object).validate();
      console.log(`ok    ${what} as ${cls.apiVersion} ${cls.kind}`);
      passed++;
    } catch (e) {
      failed++;
      console.log(`FAIL  ${what} as ${cls.apiVersion} ${cls.kind}`);
      const errors = Array.isArray(e.errors) ? e.errors : null;
      if (errors) {
        for (const err of errors.slice(0, 20)) {
          const extra = err.params?.allowedValues ? ` ${JSON.stringify(err.params.allowedValues)}` : "";
          console.log(`      ${err.instancePath || "/"}: ${err.message}${extra}`);
        }
      } else {
        console.log(`      ${e.message}`);
      }
    }
  }
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
