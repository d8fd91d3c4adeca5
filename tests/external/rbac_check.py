"""tests/external/rbac_check.py CHART_DIR RENDERED.yaml MODE: who may read or make
which Secret, in a rendered chart (issue 18).

MODE fabric-ca (a chart of `identities: fabric-ca`), the acceptance rules:
  - no Role, ClusterRole or binding lets a ServiceAccount read Secrets (get,
    list, watch, or *) outside its own namespace, and no ServiceAccount
    outside the organizations' namespaces (the release's genesis Job) reads
    a Secret anywhere;
  - every line of files/enroll/<org>.plan makes a Secret in that
    organization's namespace only, and files/genesis.plan (the Secrets made
    outside an organization's own Job) holds no private key, password or
    random value: certificates and channel blocks only;
  - no rendered object is a Secret (keys are made in the cluster).
MODE cryptogen: the same rules must FIND the identity Job's ServiceAccount
reading other namespaces' Secrets (the single-team mode the rules exist to
exclude): proof that the check can fail.
Prints "ok ..." / "FAIL ..." lines; exit 1 on any FAIL.
"""
import glob
import os
import sys

import yaml

chart, rendered, mode = sys.argv[1:4]
objs = [o for o in yaml.safe_load_all(open(rendered)) if o]
values = yaml.safe_load(open(os.path.join(chart, "values.yaml")))
failed = 0


def report(ok, what):
    global failed
    print(("ok    " if ok else "FAIL  ") + what)
    failed += 0 if ok else 1


org_ns = {}
for kind in ("peerOrganizations", "ordererOrganizations"):
    for name, org in (values.get(kind) or {}).items():
        org_ns[org["namespace"]] = name

READ = {"get", "list", "watch", "*"}


def reads_secrets(rules):
    for r in rules or []:
        if not ({"", "*"} & set(r.get("apiGroups", []))):
            continue
        if not ({"secrets", "*"} & set(r.get("resources", []))):
            continue
        if READ & set(r.get("verbs", [])):
            return True
    return False


roles = {}
for o in objs:
    if o["kind"] == "Role":
        roles[("Role", o["metadata"]["namespace"], o["metadata"]["name"])] = o.get("rules")
    elif o["kind"] == "ClusterRole":
        roles[("ClusterRole", None, o["metadata"]["name"])] = o.get("rules")

# (ServiceAccount namespace/name, namespace it may read Secrets in, or "*")
grants = []
for o in objs:
    if o["kind"] not in ("RoleBinding", "ClusterRoleBinding"):
        continue
    ref = o["roleRef"]
    bound_ns = o["metadata"].get("namespace") if o["kind"] == "RoleBinding" else None
    key = (ref["kind"], bound_ns if ref["kind"] == "Role" else None, ref["name"])
    if key not in roles:
        report(False, "%s %s/%s binds %s %s, which the chart does not render" %
               (o["kind"], bound_ns, o["metadata"]["name"], ref["kind"], ref["name"]))
        continue
    if not reads_secrets(roles[key]):
        continue
    for s in o.get("subjects") or []:
        if s.get("kind") == "ServiceAccount":
            grants.append(("%s/%s" % (s.get("namespace", bound_ns), s["name"]),
                           bound_ns if bound_ns else "*"))

violations = []
for sa, ns in grants:
    sa_ns = sa.split("/")[0]
    if sa_ns not in org_ns:
        violations.append("%s (not an organization's) reads Secrets in %s" % (sa, ns))
    elif ns != sa_ns:
        violations.append("%s (organization %s) reads Secrets in %s" % (sa, org_ns[sa_ns], ns))

if mode == "cryptogen":
    report(bool(violations), "the check finds the cryptogen identity Job reading other "
           "namespaces' Secrets (%d grants)" % len(violations))
    sys.exit(1 if failed else 0)

report(not violations, "no ServiceAccount reads Secrets outside its own organization's "
       "namespace (%d grants to read Secrets, all in their own namespace)" % len(grants)
       + "".join("\n      " + v for v in violations))
report(any(sa.split("/")[0] == ns for sa, ns in grants),
       "the organizations' own Jobs read their own Secrets (the check saw some grant)")
secrets = [o for o in objs if o["kind"] == "Secret"]
report(not secrets, "no rendered Secret (%s)" % ", ".join(
    "%s/%s" % (o["metadata"].get("namespace"), o["metadata"]["name"]) for o in secrets))

plans = sorted(glob.glob(os.path.join(chart, "files", "enroll", "*.plan")))
report(len(plans) == len(org_ns), "one enrollment plan per organization (%d)" % len(plans))
for plan in plans:
    org = os.path.basename(plan)[:-5]
    ns = [n for n, o in org_ns.items() if o == org]
    lines = [l.split() for l in open(plan) if l.strip() and not l.startswith("#")]
    away = [l[:2] for l in lines if [l[0]] != ns]
    report(lines and not away, "%s: its %d Secrets are made in its namespace %s%s" %
           (org, len(lines), ns, (" (not: %s)" % away) if away else ""))

genesis = [l.split() for l in open(os.path.join(chart, "files", "genesis.plan"))
           if l.strip() and not l.startswith("#")]
private = []
for ns, name, kind, *items in genesis:
    if kind != "files":
        private.append("%s/%s (%s)" % (ns, name, kind))
    for item in items:
        path = item.split("=", 1)[1]
        if path.endswith("_sk") or path.endswith(".key") or "/keystore/" in path:
            private.append("%s/%s %s" % (ns, name, item))
        elif not (path.endswith("-cert.pem") or path.endswith(".block")):
            private.append("%s/%s %s (neither a certificate nor a block)" % (ns, name, item))
report(genesis and not private, "files/genesis.plan: %d public Secrets, certificates and "
       "blocks only%s" % (len(genesis), "".join("\n      " + p for p in private)))
sys.exit(1 if failed else 0)
