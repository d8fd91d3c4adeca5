#!/usr/bin/env python3
"""Build N generated topologies and check every chart that builds (issue 14).

usage: run.py --count N --seed S [--jobs J] [--results DIR] [--fabchart PATH]
              [--helm3 PATH] [--helm4 PATH] [--schemas DIR] [--start I]
       run.py --topology FILE... [same options]   (check given files, e.g.
              tests/generator/findings/*.yaml)

For topology I of seed S (tests/generator/gen.py), `fabchart build --format
json` must exit 0 or 1:
  exit 0  -> helm3 lint --strict, helm4 lint --strict, helm4 template, every
             rendered object against the strict Kubernetes schemas
             (tests/integration/k8s_validate.py), unique (apiVersion, kind,
             namespace, name), per pod unique container / volume / port names,
             volume mounts naming a volume, port names (IANA_SVC_NAME, 15),
             Service names DNS-1035, Namespace names DNS-1123 labels, other
             names DNS-1123 subdomains, StatefulSet pod host names <= 63, label
             values; Fabric identity rules (unique domains and node host
             names, no kube-* / default namespace, no 1.4 channel named like
             the chart's system channel); and the inventory equality when the build has the
             fc_inventory tool next to fabchart (else "not checked").
  exit 1  -> the first error has a position in the topology (line > 0).
  else    -> failure (exit 3/4, a crash, a sanitizer report).
Failing topologies are kept in RESULTS/failures/<check>/topo-S-I.yaml with a
.log; RESULTS/summary.txt (and summary.json) gives the figures.  Exit status
0 when nothing failed, 1 otherwise, 77 when helm or the schemas are missing
(2 on usage errors).  At most 2 jobs (the machine is shared).
"""

import argparse
import json
import multiprocessing
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SRC = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(SRC, "tests", "integration"))
import gen  # noqa: E402
import k8s_validate  # noqa: E402
import manifests  # noqa: E402

DNS1123_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
DNS1035_LABEL = re.compile(r"^[a-z]([-a-z0-9]*[a-z0-9])?$")
DNS1123_SUB = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
IANA_SVC = re.compile(r"^(?=.*[a-z])[a-z0-9]+(-[a-z0-9]+)*$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$")
SANITIZER = re.compile(r"AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|runtime error:")
CHECKS = ["build-exit", "sanitizer", "reject-position", "helm3-lint", "helm4-lint",
          "helm4-template", "k8s-schemas", "unique-objects", "pod-names", "name-rules",
          "fabric-rules", "inventory"]

CFG = {}
_VALIDATOR = None


def run(argv, timeout=300, **kw):
    try:
        p = subprocess.run(argv, capture_output=True, text=True, timeout=timeout, check=False,
                           **kw)
        return p.returncode, p.stdout, p.stderr
    except subprocess.TimeoutExpired:
        return -999, "", "timeout after %ss" % timeout


def first_error(stdout):
    """(line, column, code, message) of the first error of --format json, or None."""
    try:
        doc = json.loads(stdout)
    except ValueError:
        return None
    diags = doc.get("diagnostics") if isinstance(doc, dict) else None
    for d in diags or []:
        if d.get("severity", "error") == "error":
            return d
    return None


def pod_spec(obj):
    kind, spec = obj.get("kind"), obj.get("spec") or {}
    if kind == "Pod":
        return spec, []
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        return (spec.get("template") or {}).get("spec") or {}, [
            (c.get("metadata") or {}).get("name") for c in spec.get("volumeClaimTemplates") or []]
    if kind == "CronJob":
        js = (spec.get("jobTemplate") or {}).get("spec") or {}
        return (js.get("template") or {}).get("spec") or {}, []
    return None, []


def name_problems(obj):
    out = []
    kind = obj.get("kind")
    meta = obj.get("metadata") or {}
    name = meta.get("name") or ""
    what = "%s %s/%s" % (kind, meta.get("namespace", "-"), name)
    if kind == "Service":
        if len(name) > 63 or not DNS1035_LABEL.match(name):
            out.append("%s: Service name not a DNS-1035 label (len %d)" % (what, len(name)))
    elif kind == "Namespace":
        if len(name) > 63 or not DNS1123_LABEL.match(name):
            out.append("%s: Namespace name not a DNS-1123 label" % what)
    elif len(name) > 253 or not DNS1123_SUB.match(name):
        out.append("%s: name not a DNS-1123 subdomain (len %d)" % (what, len(name)))
    ns = meta.get("namespace")
    if ns is not None and (len(ns) > 63 or not DNS1123_LABEL.match(ns)):
        out.append("%s: namespace not a DNS-1123 label" % what)
    if kind == "StatefulSet":
        reps = (obj.get("spec") or {}).get("replicas", 1)
        host = "%s-%d" % (name, max(int(reps or 1) - 1, 0))
        if len(host) > 63:
            out.append("%s: pod host name %s over 63" % (what, host))
        svc = (obj.get("spec") or {}).get("serviceName")
        if svc and (len(svc) > 63 or not DNS1035_LABEL.match(svc)):
            out.append("%s: serviceName not a DNS-1035 label" % what)
    labels = dict(meta.get("labels") or {})
    spec, _ = pod_spec(obj)
    if spec is not None:
        tmpl = (obj.get("spec") or {}).get("template") or {}
        labels.update(((tmpl.get("metadata") or {}).get("labels")) or {})
    for k, v in labels.items():
        v = "" if v is None else str(v)
        if len(v) > 63 or not LABEL_VALUE.match(v):
            out.append("%s: label %s value %r invalid" % (what, k, v))
    if kind == "Service":
        seen = set()
        for p in (obj.get("spec") or {}).get("ports") or []:
            pn = p.get("name")
            if pn is not None and (len(pn) > 63 or not DNS1123_LABEL.match(pn)):
                out.append("%s: Service port name %r invalid" % (what, pn))
            if pn in seen:
                out.append("%s: Service port name %r twice" % (what, pn))
            seen.add(pn)
            np_ = p.get("nodePort")
            if np_ is not None and not 1 <= int(np_) <= 65535:
                out.append("%s: nodePort %s out of range" % (what, np_))
    return out


def pod_problems(obj):
    spec, claims = pod_spec(obj)
    if spec is None:
        return []
    meta = obj.get("metadata") or {}
    what = "%s %s/%s" % (obj.get("kind"), meta.get("namespace", "-"), meta.get("name"))
    out = []
    containers = (spec.get("initContainers") or []) + (spec.get("containers") or [])
    names = [c.get("name") for c in containers]
    for n in sorted({n for n in names if names.count(n) > 1}):
        out.append("%s: container name %s twice" % (what, n))
    for n in names:
        if not n or len(n) > 63 or not DNS1123_LABEL.match(n):
            out.append("%s: container name %r not a DNS-1123 label" % (what, n))
    vols = [v.get("name") for v in spec.get("volumes") or []] + claims
    for n in sorted({n for n in vols if vols.count(n) > 1}):
        out.append("%s: volume name %s twice" % (what, n))
    for n in vols:
        if not n or len(n) > 63 or not DNS1123_LABEL.match(n):
            out.append("%s: volume name %r not a DNS-1123 label" % (what, n))
    ports = []
    for c in containers:
        mounts = [m.get("mountPath") for m in c.get("volumeMounts") or []]
        for m in c.get("volumeMounts") or []:
            if m.get("name") not in vols:
                out.append("%s: container %s mounts unknown volume %s" % (what, c.get("name"),
                                                                          m.get("name")))
        for p in sorted({p for p in mounts if mounts.count(p) > 1}):
            out.append("%s: container %s mounts %s twice" % (what, c.get("name"), p))
        for p in c.get("ports") or []:
            if p.get("name") is not None:
                ports.append(p["name"])
    for n in sorted({n for n in ports if ports.count(n) > 1}):
        out.append("%s: port name %s twice in the pod" % (what, n))
    for n in ports:
        if len(n) > 15 or not IANA_SVC.match(n):
            out.append("%s: port name %r not an IANA_SVC_NAME" % (what, n))
    return out


def fabric_problems(text):
    """Fabric identity rules of issue 14 that no Kubernetes check sees."""
    import yaml  # pylint: disable=import-outside-toplevel
    t = yaml.safe_load(text)
    out, hosts = [], {}
    orgs = [(o, "peers", "peer") for o in t.get("peerOrganizations") or []] + [
        (o, "orderers", "orderer") for o in t.get("ordererOrganizations") or []]
    # cryptogen writes peerOrganizations/<domain> and ordererOrganizations/<domain>
    # (fabric v3.0.0 cmd/cryptogen/main.go): a folder per (kind, domain); a peer and
    # an orderer organization may share a domain while their host names differ
    domains = {}
    for o, key, prefix in orgs:
        if (prefix, o["domain"]) in domains:
            out.append("%s organizations %s and %s share the domain %s (one crypto-config "
                       "folder)" % (prefix, domains[prefix, o["domain"]], o["name"], o["domain"]))
        domains[prefix, o["domain"]] = o["name"]
        ns = "%s-%s" % (o["name"], t["network"])
        if ns.startswith("kube-") or ns == "default":
            out.append("organization %s: namespace %s is the cluster's own" % (o["name"], ns))
        nodes = o.get(key)
        names = ["%s%d" % (prefix, i) for i in range(nodes)] if isinstance(nodes, int) else [
            n["name"] for n in nodes or []]
        for n in names:
            fqdn = "%s.%s" % (n, o["domain"])
            if fqdn in hosts and hosts[fqdn] != o["name"]:
                out.append("host %s belongs to %s and %s" % (fqdn, hosts[fqdn], o["name"]))
            hosts[fqdn] = o["name"]
    if str((t.get("fabric") or {}).get("version", "")).startswith("1."):
        for c in t.get("channels") or []:
            if c["name"] == "system-channel":
                out.append("Fabric 1.4 channel %s is the chart's system channel" % c["name"])
    return out


def check_chart(tgz, work, res):
    """Run the checks on a built chart; fill res['fail'] {check: message}."""
    fail = res["fail"]
    for v in ("3", "4"):
        rc, out, err = run([CFG["helm" + v], "lint", "--strict", tgz], timeout=300)
        if rc != 0:
            fail["helm%s-lint" % v] = (out + err)[-3000:]
    rendered = os.path.join(work, "rendered.yaml")
    rc, out, err = run([CFG["helm4"], "template", "fc-it", tgz], timeout=300)
    if rc != 0:
        fail["helm4-template"] = err[-3000:]
        return
    with open(rendered, "w", encoding="utf-8") as f:
        f.write(out)
    try:
        objects = manifests.load_objects(out)
    except manifests.ManifestError as exc:
        fail["helm4-template"] = "rendered output: %s" % exc
        return
    res["objects"] = len(objects)
    global _VALIDATOR  # pylint: disable=global-statement
    if _VALIDATOR is None:
        _VALIDATOR = k8s_validate.JsonSchemaValidator()
    schema_errs, seen, dup, pods, names = [], {}, [], [], []
    for source, _i, obj in objects:
        what = manifests.describe(source, obj)
        schema = CFG["table"].get((obj.get("apiVersion"), obj.get("kind")))
        if schema is None:
            schema_errs.append("%s: no schema for %s %s" % (what, obj.get("apiVersion"),
                                                            obj.get("kind")))
        else:
            for e in _VALIDATOR.errors(schema, obj):
                schema_errs.append("%s: %s" % (what, e))
        meta = obj.get("metadata") or {}
        key = (obj.get("apiVersion"), obj.get("kind"), meta.get("namespace", ""),
               meta.get("name"))
        if key in seen:
            dup.append("%s %s %s/%s rendered twice (%s, %s)" % (key + (seen[key], source)))
        seen[key] = source
        pods += pod_problems(obj)
        names += name_problems(obj)
    for check, errs in (("k8s-schemas", schema_errs), ("unique-objects", dup),
                        ("pod-names", pods), ("name-rules", names)):
        if errs:
            fail[check] = "\n".join(errs[:40])
    if CFG.get("inventory"):
        topo = res["topo"]
        rc, inv, err = run([CFG["inventory"], "--release", "fc-it", "--namespace", "default",
                            topo])
        if rc != 0:
            fail["inventory"] = "fc_inventory exit %d: %s" % (rc, err[-2000:])
            return
        rc, helm_inv, err = run([sys.executable, CFG["inventory_objects"], rendered])
        if rc != 0:
            fail["inventory"] = "inventory_objects.py: %s" % err[-2000:]
        elif helm_inv != inv:
            import difflib  # pylint: disable=import-outside-toplevel
            diff = difflib.unified_diff(helm_inv.splitlines(), inv.splitlines(), "helm", "inventory",
                                        lineterm="")
            fail["inventory"] = "\n".join(list(diff)[:80])


def check_one(index):
    """Check generated topology `index`, or the file `index` (a str: --topology)."""
    seed = CFG["seed"]
    if isinstance(index, str):
        with open(index, encoding="utf-8") as f:
            text, tricks = f.read(), ["file"]
        base = os.path.basename(index)
    else:
        text, tricks = gen.topology(seed, index)
        base = "topo-%s-%d.yaml" % (seed, index)
    work = tempfile.mkdtemp(prefix="fc-gen.", dir=CFG["tmp"])
    topo = os.path.join(work, base)
    with open(topo, "w", encoding="utf-8") as f:
        f.write(text)
    res = {"index": index, "tricks": tricks, "fail": {}, "topo": topo, "status": None,
           "timings": {}}
    t0 = time.monotonic()
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=1:abort_on_error=0",
               UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1")
    out_dir = os.path.join(work, "out")
    rc, out, err = run([CFG["fabchart"], "build", topo, "-o", out_dir, "--format", "json"],
                       timeout=120, env=env)
    res["timings"]["build"] = time.monotonic() - t0
    res["status"] = rc
    if SANITIZER.search(err):
        res["fail"]["sanitizer"] = err[-4000:]
    if rc == 0:
        tgzs = [os.path.join(out_dir, f) for f in os.listdir(out_dir) if f.endswith(".tgz")] \
            if os.path.isdir(out_dir) else []
        if len(tgzs) != 1:
            res["fail"]["build-exit"] = "exit 0 but %d .tgz in %s" % (len(tgzs), out_dir)
        else:
            t1 = time.monotonic()
            check_chart(tgzs[0], work, res)
            fab = fabric_problems(text)
            if fab:
                res["fail"]["fabric-rules"] = "\n".join(fab)
            res["timings"]["checks"] = time.monotonic() - t1
    elif rc == 1:
        d = first_error(out)
        if d is None:
            res["fail"]["reject-position"] = "exit 1 without a JSON error:\n" + (out + err)[-2000:]
        else:
            res["first_error"] = {k: d.get(k) for k in ("line", "column", "code", "message")}
            if not isinstance(d.get("line"), int) or d["line"] <= 0:
                res["fail"]["reject-position"] = json.dumps(d)
    else:
        res["fail"]["build-exit"] = "exit %s\n%s" % (rc, (out + err)[-3000:])
    if res["fail"]:
        for check, msg in res["fail"].items():
            d = os.path.join(CFG["results"], "failures", check)
            os.makedirs(d, exist_ok=True)
            shutil.copy(topo, d)
            with open(os.path.join(d, base[:-5] + ".log"), "w",
                      encoding="utf-8") as f:
                f.write(msg + "\n")
    shutil.rmtree(work, ignore_errors=True)
    res["seconds"] = time.monotonic() - t0
    return res


def init_worker(cfg):
    CFG.update(cfg)


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--count", type=int, default=40)
    ap.add_argument("--seed", default="1")
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--deadline", type=float, default=0,
                    help="stop starting topologies after this many seconds (0: none)")
    ap.add_argument("--topology", nargs="+", help="check these files instead of generating")
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--results", default="generator-results")
    ap.add_argument("--fabchart", default=os.environ.get("FABCHART"))
    tools = os.path.join(SRC, ".tools")
    ap.add_argument("--helm3", default=os.environ.get("FC_HELM3", os.path.join(tools, "helm3", "helm")))
    ap.add_argument("--helm4", default=os.environ.get("FC_HELM4", os.path.join(tools, "helm4", "helm")))
    ext = os.environ.get("FABCHART_EXT_DIR", os.path.join(SRC, "..", "shared", "ext"))
    ap.add_argument("--schemas", default=os.path.join(ext, "k8s-schemas"))
    a = ap.parse_args(argv[1:])
    if not a.fabchart or not os.access(a.fabchart, os.X_OK):
        print("error: no fabchart (--fabchart or $FABCHART)", file=sys.stderr)
        return 2
    missing = [p for p in (a.helm3, a.helm4) if not os.access(p, os.X_OK)]
    if not os.path.isfile(os.path.join(a.schemas, "SOURCE.md")):
        missing.append(a.schemas)
    try:
        import jsonschema  # noqa: F401 pylint: disable=import-outside-toplevel,unused-import
    except ImportError:
        missing.append("python3-jsonschema")
    if missing:
        print("not run: missing %s (scripts/install-test-tools)" % ", ".join(missing))
        return 1 if os.environ.get("CI") == "true" else 77
    jobs = max(1, min(a.jobs, 2))
    os.makedirs(a.results, exist_ok=True)
    cfg = {"seed": a.seed, "fabchart": os.path.abspath(a.fabchart), "helm3": a.helm3,
           "helm4": a.helm4, "table": k8s_validate.read_schema_table(a.schemas),
           "results": os.path.abspath(a.results),
           "tmp": tempfile.mkdtemp(prefix="fc-gen.")}
    inv = os.path.join(os.path.dirname(cfg["fabchart"]), "fc_inventory")
    inv_py = os.path.join(SRC, "tests", "integration", "inventory_objects.py")
    if os.access(inv, os.X_OK) and os.path.isfile(inv_py):
        cfg["inventory"], cfg["inventory_objects"] = inv, inv_py
    t0 = time.monotonic()
    results = []
    indexes = a.topology or range(a.start, a.start + a.count)
    if a.topology:
        a.count = len(a.topology)
    log = open(os.path.join(a.results, "results.jsonl"), "w", encoding="utf-8")

    def done(r):
        results.append(r)
        log.write(json.dumps({k: v for k, v in r.items() if k != "topo"}) + "\n")
        log.flush()
        if len(results) % 100 == 0:
            print("%d/%d done, %.0f s" % (len(results), a.count, time.monotonic() - t0),
                  flush=True)
        return a.deadline and time.monotonic() - t0 > a.deadline

    stopped = False
    try:
        if jobs == 1:
            init_worker(cfg)
            for i in indexes:
                if done(check_one(i)):
                    stopped = True
                    break
        else:
            with multiprocessing.Pool(jobs, initializer=init_worker, initargs=(cfg,)) as pool:
                for r in pool.imap_unordered(check_one, indexes):
                    if done(r):
                        stopped = True
                        pool.terminate()
                        break
    except KeyboardInterrupt:
        stopped = True
    finally:
        log.close()
        shutil.rmtree(cfg["tmp"], ignore_errors=True)
    total = time.monotonic() - t0
    results.sort(key=lambda r: str(r["index"]).zfill(9))
    accepted = [r for r in results if r["status"] == 0]
    rejected = [r for r in results if r["status"] == 1]
    other = [r for r in results if r["status"] not in (0, 1)]
    per_check = {c: [r["index"] for r in results if c in r["fail"]] for c in CHECKS}
    failed = [r for r in results if r["fail"]]
    codes = {}
    for r in rejected:
        c = (r.get("first_error") or {}).get("code") or "?"
        codes[c] = codes.get(c, 0) + 1
    tricks = {}
    for r in results:
        for t in r["tricks"]:
            tricks[t] = tricks.get(t, 0) + 1
    lines = [
        "fabchart topology generator: seed %s, topologies %d..%d (%d), %d jobs" % (
            a.seed, a.start, a.start + a.count - 1, a.count, jobs),
        "fabchart: %s" % cfg["fabchart"],
        "checked: %d of %d%s" % (len(results), a.count,
                                 " (stopped at the deadline / interrupted)" if stopped else ""),
        "accepted (exit 0): %d, rejected (exit 1): %d, other exits: %d" % (
            len(accepted), len(rejected), len(other)),
        "topologies with a failing check: %d" % len(failed),
        "inventory equality: %s" % ("checked (fc_inventory)" if cfg.get("inventory")
                                    else "not checked (no fc_inventory next to fabchart)"),
        "total time: %.1f s (%.2f s per topology; mean build %.3f s, mean checks of an "
        "accepted chart %.2f s)" % (
            total, total / max(1, len(results)),
            sum(r["timings"]["build"] for r in results) / max(1, len(results)),
            sum(r["timings"].get("checks", 0) for r in accepted) / max(1, len(accepted))),
        "failures per check (seed %s, indexes):" % a.seed,
    ]
    for c in CHECKS:
        idx = per_check[c]
        if c == "inventory" and not cfg.get("inventory"):
            lines.append("  %-16s not checked" % c)
            continue
        lines.append("  %-16s %4d  %s" % (c, len(idx), " ".join(map(str, idx[:60])) +
                                           (" ..." if len(idx) > 60 else "")))
    lines.append("first error codes of rejected topologies: " + ", ".join(
        "%s %d" % kv for kv in sorted(codes.items(), key=lambda kv: -kv[1])))
    lines.append("hostile tricks drawn: " + ", ".join(
        "%s %d" % kv for kv in sorted(tricks.items())))
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    with open(os.path.join(a.results, "summary.txt"), "w", encoding="utf-8") as f:
        f.write(text)
    with open(os.path.join(a.results, "summary.json"), "w", encoding="utf-8") as f:
        json.dump([{k: v for k, v in r.items() if k != "topo"} for r in results], f, indent=1)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
