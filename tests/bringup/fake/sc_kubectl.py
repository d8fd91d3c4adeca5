"""Stand-in kubectl of the bring-up test: the subset of kubectl the chart's
scripts run, against the emulated API (fcapi), as the pod's ServiceAccount
(the token file the kubelet mounts when automountServiceAccountToken is on),
with every request authorized by the rendered RBAC exactly as Kubernetes'
RBAC authorizer does (rules: apiGroups, resources, verbs, resourceNames;
Role/ClusterRole bound by RoleBinding/ClusterRoleBinding to a ServiceAccount,
User or Group).  The verbs are the HTTP requests kubectl makes:
  get NAME -> get; get (no name, -l) -> list; create / create -f -> create;
  label / annotate -> get + patch; patch -> patch; apply -> get + create or
  patch; replace -> update; delete -> delete; --dry-run=client and --local
  make no request.
Errors are kubectl's ("Error from server (Forbidden): ...", exit 1)."""
import base64
import json
import os
import re
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402

SA_DIR = "/var/run/secrets/kubernetes.io/serviceaccount"
# type -> (kind, resource, group, namespaced)
TYPES = {}
for names, kind, res, group, nsd in (
        (("secret", "secrets"), "Secret", "secrets", "", True),
        (("configmap", "configmaps", "cm"), "ConfigMap", "configmaps", "", True),
        (("pod", "pods", "po"), "Pod", "pods", "", True),
        (("service", "services", "svc"), "Service", "services", "", True),
        (("serviceaccount", "serviceaccounts", "sa"), "ServiceAccount", "serviceaccounts", "", True),
        (("namespace", "namespaces", "ns"), "Namespace", "namespaces", "", False),
        (("job", "jobs"), "Job", "jobs", "batch", True),
        (("statefulset", "statefulsets", "sts"), "StatefulSet", "statefulsets", "apps", True),
        (("deployment", "deployments", "deploy"), "Deployment", "deployments", "apps", True),
        (("role", "roles"), "Role", "roles", "rbac.authorization.k8s.io", True),
        (("rolebinding", "rolebindings"), "RoleBinding", "rolebindings", "rbac.authorization.k8s.io", True)):
    for n in names:
        TYPES[n] = (kind, res, group, nsd)
KIND_TYPE = {v[0]: k for k, v in TYPES.items() if k == v[1]}


def fail(msg):
    fcapi.die(msg, 1)


# ---- who am I ---------------------------------------------------------------
def identity():
    if os.environ.get("FC_BRINGUP_ADMIN") == "1":
        return None, "default"
    try:
        with open(os.path.join(SA_DIR, "token"), encoding="utf-8") as f:
            user = f.read().strip()
    except OSError:
        fail("error: unable to load in-cluster configuration, open %s/token: no such file or directory"
             % SA_DIR)
    try:
        with open(os.path.join(SA_DIR, "namespace"), encoding="utf-8") as f:
            ns = f.read().strip()
    except OSError:
        ns = "default"
    return user, ns


def groups(user):
    g = ["system:authenticated"]
    m = re.match(r"system:serviceaccount:([^:]+):", user)
    if m:
        g += ["system:serviceaccounts", "system:serviceaccounts:" + m.group(1)]
    return g


def _subject_matches(s, user):
    kind = s.get("kind")
    if kind == "ServiceAccount":
        return user == "system:serviceaccount:%s:%s" % (s.get("namespace", ""), s.get("name"))
    if kind == "User":
        return user == s.get("name")
    if kind == "Group":
        return s.get("name") in groups(user)
    return False


def _rule_allows(r, verb, group, resource, name):
    def has(lst, v):
        return "*" in lst or v in lst
    if not has(r.get("apiGroups") or [], group):
        return False
    if not has(r.get("resources") or [], resource):
        return False
    if not has(r.get("verbs") or [], verb):
        return False
    rn = r.get("resourceNames") or []
    return not rn or (name != "" and name in rn)


def allowed(objs, user, verb, group, resource, ns, name):
    if user is None:
        return True
    bindings = [(b, ns) for b in fcapi.of_kind(objs, "RoleBinding", ns)] if ns else []
    bindings += [(b, None) for b in fcapi.of_kind(objs, "ClusterRoleBinding")]
    for b, bns in bindings:
        if not any(_subject_matches(s, user) for s in b.get("subjects") or []):
            continue
        ref = b.get("roleRef") or {}
        if ref.get("kind") == "Role":
            role = fcapi.get(objs, "Role", bns, ref.get("name"))
        else:
            role = fcapi.get(objs, "ClusterRole", "", ref.get("name"))
        for r in (role or {}).get("rules") or []:
            if _rule_allows(r, verb, group, resource, name):
                return True
    return False


def authorize(objs, user, verb, kind, ns, name=""):
    _, res, group, nsd = TYPES[KIND_TYPE[kind]]
    if allowed(objs, user, verb, group, res, ns if nsd else "", name):
        fcapi.log_event("api %s %s %s/%s by %s: allowed" % (verb, res, ns, name, user or "admin"))
        return
    fcapi.log_event("api %s %s %s/%s by %s: FORBIDDEN" % (verb, res, ns, name, user))
    what = '%s "%s"' % (res, name) if name else res
    where = ' in the namespace "%s"' % ns if nsd else ""
    scope = "" if nsd else " at the cluster scope"
    fail('Error from server (Forbidden): %s is forbidden: User "%s" cannot %s resource "%s" in API group "%s"%s%s'
         % (what, user, verb, res, group, where, scope))


# ---- arguments --------------------------------------------------------------
VALUE_FLAGS = {"-n": "namespace", "--namespace": "namespace", "-o": "output", "--output": "output",
               "-l": "selector", "--selector": "selector", "-f": "filename", "--filename": "filename",
               "--from-file": "from-file", "--from-literal": "from-literal", "--type": "type",
               "--dry-run": "dry-run", "-p": "patch", "--patch": "patch", "--field-manager": "field-manager",
               "--request-timeout": "request-timeout", "--timeout": "timeout", "--for": "for"}


def parse(argv):
    opts = {"from-file": [], "from-literal": []}
    pos = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and "=" in a:
            k, v = a.split("=", 1)
            name = VALUE_FLAGS.get(k, k[2:])
            if name in ("from-file", "from-literal"):
                opts[name].append(v)
            else:
                opts[name] = v
        elif a in VALUE_FLAGS:
            i += 1
            if i >= len(argv):
                fail("error: flag needs an argument: %s" % a)
            name = VALUE_FLAGS[a]
            if name in ("from-file", "from-literal"):
                opts[name].append(argv[i])
            else:
                opts[name] = argv[i]
        elif re.match(r"-[nolfp].+", a) and a[:2] in VALUE_FLAGS:
            opts[VALUE_FLAGS[a[:2]]] = a[2:]
        elif a.startswith("-") and a != "-":
            opts[a.lstrip("-")] = True
        else:
            pos.append(a)
        i += 1
    return pos, opts


def type_of(t):
    t = t.split(".")[0].lower()
    if t not in TYPES:
        fail('error: the server doesn\'t have a resource type "%s"' % t)
    return TYPES[t]


def read_manifests(fname):
    text = sys.stdin.read() if fname == "-" else open(fname, encoding="utf-8").read()
    docs = []
    for d in fcapi.yaml_load_all(text):
        if not d:
            continue
        if d.get("kind") == "List":
            docs.extend(d.get("items") or [])
        else:
            docs.append(d)
    return docs


def show(obj, output, kind):
    # PyYAML is imported only for YAML (its import is most of a `get`'s time)
    if output in (None, ""):
        return
    if output == "json":
        print(json.dumps(obj, indent=4))
    elif output == "yaml":
        sys.stdout.write(fcapi.yaml().safe_dump(obj, sort_keys=True))
    elif output == "name":
        print("%s/%s" % (KIND_TYPE[kind], obj["metadata"]["name"]))
    elif output.startswith("jsonpath="):
        sys.stdout.write(jsonpath(obj, output[len("jsonpath="):]))
    else:
        fail("error: unable to match a printer suitable for the output format \"%s\"" % output)


def jsonpath(obj, tmpl):
    def lookup(o, path):
        vals = [o]
        parts = re.findall(r"(?:\\.|[^.\[\]])+|\[[^\]]*\]", path)
        for p in parts:
            nxt = []
            for v in vals:
                if p == "[*]":
                    nxt.extend(v if isinstance(v, list) else (list(v.values()) if isinstance(v, dict) else []))
                elif p.startswith("["):
                    idx = int(p[1:-1])
                    if isinstance(v, list) and -len(v) <= idx < len(v):
                        nxt.append(v[idx])
                else:
                    k = p.replace("\\.", ".")
                    if isinstance(v, dict) and k in v:
                        nxt.append(v[k])
            vals = nxt
        return vals

    def render(v):
        # a map or list as kubectl prints it: compact JSON, keys sorted
        # (kubectl 1.33: `create secret generic x --from-literal=b=1
        # --from-literal=a=2 --dry-run=client -o 'jsonpath={.data}'` prints
        # {"a":"Mg==","b":"MQ=="})
        return v if isinstance(v, str) else json.dumps(v, separators=(",", ":"), sort_keys=True)

    out = []
    for m in re.finditer(r"\{([^}]*)\}|([^{]+)", tmpl):
        if m.group(2) is not None:
            out.append(m.group(2))
            continue
        expr = m.group(1).strip()
        if expr.startswith("."):
            vals = lookup(obj, expr[1:])
            out.append(" ".join(render(v) for v in vals))
        elif expr == "\"\\n\"":
            out.append("\n")
    return "".join(out)


def new_meta(obj, ns):
    md = obj.setdefault("metadata", {})
    if ns:
        md["namespace"] = ns
    md.setdefault("uid", os.urandom(16).hex())
    md["creationTimestamp"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    md["resourceVersion"] = str(int(time.time() * 1000) % 10 ** 9)
    return obj


def from_files(opts):
    """{key: bytes} of --from-file=[KEY=]PATH."""
    data = {}
    for item in opts["from-file"]:
        k, sep, path = item.partition("=")
        if not sep:
            path, k = item, os.path.basename(item)
        try:
            with open(path, "rb") as f:
                data[k] = f.read()
        except OSError as e:
            fail("error: error reading %s: %s" % (path, e.strerror.lower()))
    return data


def secret_from_flags(name, opts):
    data = {k: base64.b64encode(v).decode() for k, v in from_files(opts).items()}
    for item in opts["from-literal"]:
        k, sep, v = item.partition("=")
        if not sep:
            fail("error: invalid literal source %s, expected key=value" % item)
        data[k] = base64.b64encode(v.encode()).decode()
    return {"apiVersion": "v1", "kind": "Secret", "type": opts.get("type", "Opaque"),
            "metadata": {"name": name}, "data": data}


def do_create(objs, user, obj, ns, opts):
    kind = obj.get("kind")
    if kind not in KIND_TYPE:
        fail("error: resource mapping not found for kind \"%s\"" % kind)
    nsd = TYPES[KIND_TYPE[kind]][3]
    ns = (obj.get("metadata") or {}).get("namespace") or ns
    if kind == "Secret" and "stringData" in obj:
        obj.setdefault("data", {})
        for k, v in obj.pop("stringData").items():
            obj["data"][k] = base64.b64encode(str(v).encode()).decode()
    dry = opts.get("dry-run") in ("client", True)
    if dry:
        if nsd:
            obj["metadata"]["namespace"] = ns
        return obj, False
    authorize(objs, user, "create", kind, ns if nsd else "", "")
    if nsd and fcapi.get(objs, "Namespace", "", ns) is None:
        fail('Error from server (NotFound): namespaces "%s" not found' % ns)
    name = obj["metadata"]["name"]
    k = fcapi.key(kind, ns if nsd else "", name)
    if k in objs:
        fail('Error from server (AlreadyExists): %s "%s" already exists' % (TYPES[KIND_TYPE[kind]][1], name))
    objs[k] = new_meta(obj, ns if nsd else "")
    return objs[k], True


def get_one(objs, user, kind, ns, name, verb="get"):
    nsd = TYPES[KIND_TYPE[kind]][3]
    authorize(objs, user, verb, kind, ns if nsd else "", name)
    o = fcapi.get(objs, kind, ns if nsd else "", name)
    if o is None:
        fail('Error from server (NotFound): %s "%s" not found' % (TYPES[KIND_TYPE[kind]][1], name))
    return o


def parse_labels(args):
    out = {}
    for a in args:
        if a.endswith("-") and "=" not in a:
            out[a[:-1]] = None
        else:
            k, sep, v = a.partition("=")
            if not sep:
                fail("error: invalid label spec: %s" % a)
            out[k] = v
    return out


def selector_match(labels, sel):
    # terms are split at commas outside parentheses: "k notin (a,b)" is one
    for term in re.findall(r"(?:[^,(]|\([^)]*\))+", sel):
        term = term.strip()
        m = re.match(r"^(\S+)\s+(in|notin)\s+\(([^)]*)\)$", term)
        if m:
            # set-based: notin also matches objects without the label
            values = {v.strip() for v in m.group(3).split(",")}
            if (labels.get(m.group(1)) in values) != (m.group(2) == "in"):
                return False
        elif "!=" in term:
            k, v = term.split("!=", 1)
            if labels.get(k) == v:
                return False
        elif "=" in term:
            k, v = term.split("=", 1)
            if labels.get(k) != v.lstrip("="):
                return False
        elif labels.get(term) is None:
            return False
    return True


def delete_named(objs, user, opts, kind, ns, nsd, names):
    for n in names:
        authorize(objs, user, "delete", kind, ns if nsd else "", n)
        k = fcapi.key(kind, ns if nsd else "", n)
        if k not in objs:
            if opts.get("ignore-not-found"):
                continue
            fail('Error from server (NotFound): %s "%s" not found' % (TYPES[KIND_TYPE[kind]][1], n))
        del objs[k]
        print('%s "%s" deleted' % (KIND_TYPE[kind], n))


def main(argv):
    pos, opts = parse(argv)
    if not pos:
        fail("error: no command (stand-in kubectl)")
    verb = pos[0]
    if verb == "version":
        print("Client Version: v1.31.4 (bring-up stand-in)")
        return 0
    user, default_ns = identity()
    ns = opts.get("namespace") or default_ns
    objs = fcapi.objects()
    output = opts.get("output")
    changed = False

    if verb == "get":
        if len(pos) < 2:
            fail("error: You must specify the type of resource to get.")
        t = pos[1]
        names = pos[2:]
        if "/" in t:
            t, n = t.split("/", 1)
            names = [n]
        kind, res, group, nsd = type_of(t)
        if names:
            for n in names:
                o = fcapi.get(objs, kind, ns if nsd else "", n)
                nsd_ns = ns if nsd else ""
                authorize(objs, user, "get", kind, nsd_ns, n)
                if o is None:
                    if opts.get("ignore-not-found"):
                        continue
                    fail('Error from server (NotFound): %s "%s" not found' % (res, n))
                if output:
                    show(o, output, kind)
                else:
                    print("NAME   AGE\n%s   1m" % n)
            return 0
        authorize(objs, user, "list", kind, ns if nsd and not opts.get("A") and not opts.get("all-namespaces") else "", "")
        items = [o for o in fcapi.of_kind(objs, kind, ns if nsd else None)
                 if selector_match(o["metadata"].get("labels") or {}, opts.get("selector", ""))]
        lst = {"apiVersion": "v1", "kind": "List", "items": items}
        if output == "name":
            for o in items:
                print("%s/%s" % (KIND_TYPE[kind], o["metadata"]["name"]))
        elif output:
            show(lst, output, kind)
        else:
            if not items:
                sys.stderr.write("No resources found in %s namespace.\n" % ns)
            for o in items:
                print(o["metadata"]["name"])
        return 0

    if verb == "create":
        if "filename" in opts:
            docs = read_manifests(opts["filename"])
            if not docs:
                fail("error: no objects passed to create")
            for d in docs:
                o, made = do_create(objs, user, d, ns, opts)
                changed |= made
                if output:
                    show(o, output, o["kind"])
                else:
                    print("%s/%s created%s" % (KIND_TYPE[o["kind"]], o["metadata"]["name"],
                                               " (dry run)" if not made else ""))
        elif len(pos) >= 4 and pos[1] == "secret" and pos[2] in ("generic", "tls"):
            obj = secret_from_flags(pos[3], opts)
            o, made = do_create(objs, user, obj, ns, opts)
            changed |= made
            if output:
                show(o, output, "Secret")
            else:
                print("secret/%s created%s" % (pos[3], " (dry run)" if not made else ""))
        elif len(pos) >= 3 and pos[1] in ("configmap", "cm"):
            obj = {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": pos[2]}, "data": {}}
            # --from-file: the file's text (the config-update Jobs' exchange,
            # base64 already: kubectl keeps UTF-8 files in .data)
            obj["data"].update((k, v.decode("utf-8")) for k, v in from_files(opts).items())
            for item in opts["from-literal"]:
                k, _, v = item.partition("=")
                obj["data"][k] = v
            o, made = do_create(objs, user, obj, ns, opts)
            changed |= made
            show(o, output, "ConfigMap") if output else print("configmap/%s created" % pos[2])
        else:
            fail("error: stand-in kubectl: unsupported create: %s" % " ".join(argv))
    elif verb in ("label", "annotate"):
        field = "labels" if verb == "label" else "annotations"
        if "filename" in opts:
            docs = read_manifests(opts["filename"])
            args = pos[1:]
        else:
            if len(pos) < 2:
                fail("error: resource(s) were provided, but no name was specified")
            t = pos[1]
            args = pos[2:]
            if "/" in t:
                t, n = t.split("/", 1)
            else:
                n, args = args[0], args[1:]
            kind = type_of(t)[0]
            docs = None
        changes = parse_labels(args)
        if docs is not None and (opts.get("local") or opts.get("dry-run") == "client"):
            for d in docs:
                md = d.setdefault("metadata", {}).setdefault(field, {})
                for k, v in changes.items():
                    if v is None:
                        md.pop(k, None)
                    else:
                        md[k] = v
                show(d, output or "yaml", d["kind"]) if output else print(
                    "%s/%s %s" % (KIND_TYPE[d["kind"]], d["metadata"]["name"], verb + "ed"))
            return 0
        targets = [(kind, n)] if docs is None else [(d["kind"], d["metadata"]["name"]) for d in docs]
        for kind, n in targets:
            o = get_one(objs, user, kind, ns, n)
            nsd = TYPES[KIND_TYPE[kind]][3]
            authorize(objs, user, "patch", kind, ns if nsd else "", n)
            md = o["metadata"].setdefault(field, {})
            for k, v in changes.items():
                if v is not None and k in md and md[k] != v and not opts.get("overwrite"):
                    fail("error: '%s' already has a value (%s), and --overwrite is false" % (k, md[k]))
                if v is None:
                    md.pop(k, None)
                else:
                    md[k] = v
            changed = True
            print("%s/%s %s" % (KIND_TYPE[kind], n, "labeled" if verb == "label" else "annotated"))
    elif verb == "patch":
        t = pos[1]
        n = pos[2] if len(pos) > 2 else None
        if "/" in t:
            t, n = t.split("/", 1)
        kind = type_of(t)[0]
        nsd = TYPES[KIND_TYPE[kind]][3]
        authorize(objs, user, "patch", kind, ns if nsd else "", n)
        o = fcapi.get(objs, kind, ns if nsd else "", n)
        if o is None:
            fail('Error from server (NotFound): %s "%s" not found' % (TYPES[KIND_TYPE[kind]][1], n))

        def merge(a, b):
            for k, v in b.items():
                if v is None:
                    a.pop(k, None)
                elif isinstance(v, dict) and isinstance(a.get(k), dict):
                    merge(a[k], v)
                else:
                    a[k] = v
        merge(o, json.loads(opts.get("patch", "{}")))
        changed = True
        print("%s/%s patched" % (KIND_TYPE[kind], n))
    elif verb == "apply":
        for d in read_manifests(opts["filename"]):
            kind = d["kind"]
            nsd = TYPES[KIND_TYPE[kind]][3]
            dns = d.get("metadata", {}).get("namespace") or ns
            n = d["metadata"]["name"]
            if opts.get("server-side"):
                authorize(objs, user, "patch", kind, dns if nsd else "", n)
            else:
                authorize(objs, user, "get", kind, dns if nsd else "", n)
            cur = fcapi.get(objs, kind, dns if nsd else "", n)
            if cur is None:
                if opts.get("server-side"):
                    authorize(objs, user, "create", kind, dns if nsd else "", "")
                do_create(objs, user, d, dns, opts)
                print("%s/%s created" % (KIND_TYPE[kind], n))
            else:
                authorize(objs, user, "patch", kind, dns if nsd else "", n)
                for k in ("data", "stringData", "spec"):
                    if k in d:
                        cur[k] = d[k]
                cur["metadata"].setdefault("labels", {}).update(d["metadata"].get("labels") or {})
                print("%s/%s configured" % (KIND_TYPE[kind], n))
            changed = True
    elif verb == "replace":
        for d in read_manifests(opts["filename"]):
            kind = d["kind"]
            nsd = TYPES[KIND_TYPE[kind]][3]
            dns = d.get("metadata", {}).get("namespace") or ns
            n = d["metadata"]["name"]
            authorize(objs, user, "update", kind, dns if nsd else "", n)
            k = fcapi.key(kind, dns if nsd else "", n)
            if k not in objs:
                fail('Error from server (NotFound): %s "%s" not found' % (TYPES[KIND_TYPE[kind]][1], n))
            objs[k] = new_meta(d, dns if nsd else "")
            changed = True
            print("%s/%s replaced" % (KIND_TYPE[kind], n))
    elif verb == "delete":
        t = pos[1]
        names = pos[2:]
        if "/" in t:
            t, n = t.split("/", 1)
            names = [n]
        # delete TYPE[,TYPE...] -l SELECTOR: list (as get -l), then delete
        # each; without -l, one TYPE and its names
        for kind in [type_of(x)[0] for x in t.split(",")] if opts.get("selector") else [type_of(t)[0]]:
            nsd = TYPES[KIND_TYPE[kind]][3]
            if opts.get("selector"):
                authorize(objs, user, "list", kind, ns if nsd else "", "")
                names = [o["metadata"]["name"] for o in fcapi.of_kind(objs, kind, ns if nsd else None)
                         if selector_match(o["metadata"].get("labels") or {}, opts["selector"])]
            delete_named(objs, user, opts, kind, ns, nsd, names)
            changed = changed or bool(names)
    elif verb == "auth" and len(pos) >= 4 and pos[1] == "can-i":

        v, t = pos[2], pos[3]
        n = ""
        if "/" in t:
            t, n = t.split("/", 1)
        kind, res, group, nsd = type_of(t)
        ok = allowed(objs, user, v, group, res, ns if nsd else "", n)
        print("yes" if ok else "no")
        return 0 if ok else 1
    else:
        fail("error: stand-in kubectl: unsupported command: kubectl %s" % " ".join(argv))
    if changed:
        fcapi.save_objects(objs)
        fault_injection(verb)
    return 0


def fault_injection(verb):
    """The orchestrator's "dies half way" run: after N writes the container is
    killed (as when its node goes away), the Job's next pod retries."""
    fault = fcapi.load("fault.json", None)
    if not fault or verb not in ("create", "apply", "replace"):
        return
    fault["writes_left"] -= 1
    fcapi.save("fault.json", fault)
    if fault["writes_left"] <= 0:
        os.remove(os.path.join(fcapi.STATE, "fault.json"))
        fcapi.log_event("fault: container killed after a write (simulated pod loss)")
        fcapi.kill_container()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
