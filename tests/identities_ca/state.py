"""state.py: what the identities_ca tests read of the emulated cluster
($FC_BRINGUP_STATE/objects.json, tests/bringup/fake/fcapi.py).
  secrets NS                 one line per Secret: NAME sha256-of-its-data
  secret NS NAME KEY         the key's value (decoded) on stdout
  delete NS NAME...          the Secrets removed (a half-failed run's state)
  public NS DIR              ConfigMap org-public's public.tar unpacked in DIR;
                             prints its resourceVersion
  paths PLAN WORK            every path of the plan's files lines missing in WORK
  values NS FILE             1 when a line of FILE is in some Secret's value
  seed RENDERED              the rendered chart's enrollment RBAC (ServiceAccount,
                             Role, RoleBinding of component enroll) into the API
  rules RENDERED NS          the Role fabchart-enroll's rules in NS, one per line
  orgs VALUES                each organization of a chart's values.yaml: ORG KIND
                             NAMESPACE DOMAIN
  namespaces RENDERED        the rendered Namespaces into the API
"""
import base64
import glob
import hashlib
import io
import json
import os
import sys
import tarfile

OBJ = os.path.join(os.environ["FC_BRINGUP_STATE"], "objects.json")


def objs():
    with open(OBJ, encoding="utf-8") as f:
        return json.load(f)


def main(cmd, *a):
    if cmd == "orgs":
        import yaml
        with open(a[0], encoding="utf-8") as f:
            v = yaml.safe_load(f)
        for kind in ("peer", "orderer"):
            for name, org in sorted((v.get(kind + "Organizations") or {}).items()):
                print(name, kind, org["namespace"], org["domain"])
        return 0
    o = objs()
    if cmd == "secrets":
        for k, v in sorted(o.items()):
            if k.startswith("Secret/%s/" % a[0]):
                d = json.dumps(v.get("data", {}), sort_keys=True).encode()
                print(v["metadata"]["name"], hashlib.sha256(d).hexdigest()[:16])
    elif cmd == "secret":
        sys.stdout.write(base64.b64decode(o["Secret/%s/%s" % (a[0], a[1])]["data"][a[2]]).decode())
    elif cmd == "delete":
        for n in a[1:]:
            del o["Secret/%s/%s" % (a[0], n)]
        with open(OBJ, "w", encoding="utf-8") as f:
            json.dump(o, f)
    elif cmd == "public":
        cm = o["ConfigMap/%s/org-public" % a[0]]
        data = base64.b64decode(cm["binaryData"]["public.tar"])
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            t.extractall(a[1])
        print(cm["metadata"]["resourceVersion"])
    elif cmd == "paths":
        with open(a[0], encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                fields = line.split()
                if len(fields) < 4 or fields[2] != "files":
                    continue
                for item in fields[3:]:
                    for p in item.split("=", 1)[1].split(","):
                        if not glob.glob(os.path.join(a[1], p)):
                            print(p)
    elif cmd == "values":
        with open(a[1], encoding="utf-8") as f:
            words = [w.strip() for w in f if w.strip()]
        for k, v in o.items():
            if k.startswith("Secret/%s/" % a[0]):
                for val in v.get("data", {}).values():
                    text = base64.b64decode(val).decode(errors="replace")
                    if any(w in text for w in words):
                        print("in " + k)
                        return 1
    elif cmd == "namespaces":
        import yaml
        with open(a[0], encoding="utf-8") as f:
            for d in yaml.safe_load_all(f):
                if d and d["kind"] == "Namespace":
                    o["Namespace//" + d["metadata"]["name"]] = d
        with open(OBJ, "w", encoding="utf-8") as f:
            json.dump(o, f)
    elif cmd in ("seed", "rules"):
        import yaml
        with open(a[0], encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        for d in docs:
            md = d["metadata"]
            if (md.get("labels") or {}).get("app.kubernetes.io/component") != "enroll":
                continue
            if cmd == "seed" and d["kind"] in ("ServiceAccount", "Role", "RoleBinding"):
                o["%s/%s/%s" % (d["kind"], md["namespace"], md["name"])] = d
            if cmd == "rules" and d["kind"] == "Role" and md["namespace"] == a[1]:
                for r in d["rules"]:
                    print(json.dumps(r, sort_keys=True))
        if cmd == "seed":
            with open(OBJ, "w", encoding="utf-8") as f:
                json.dump(o, f)
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
