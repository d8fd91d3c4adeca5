#!/usr/bin/env bash
# tests/renew/render.sh: templates/renew.yaml as Helm 3 renders it, on the
# raft-2.5 sample.
#   cryptogen (the sample as built): the rendered chart is byte-identical with
#   and without templates/renew.yaml
#   fabric-ca (identities.source=fabric-ca and files/enroll/<org>.{list,plan}
#   made here from files/identities.plan, until fabchart writes them): per
#   organization, in its namespace only, ServiceAccount fabchart-renew, its
#   Role and RoleBinding (subject: that ServiceAccount of that namespace; no
#   Secret of another namespace; resourceNames never empty and never a Secret
#   holding a CA key; pods get/list/delete), the ConfigMap with renew.sh and
#   the CronJob (schedule and WINDOW from identities.renewal, Forbid, the
#   three steps in the kubectl and fabric-ca images)
#   consortium-ca (the fabric-ca sample, its own files/enroll/ and
#   values.schema.json): the same checks
#   BFT (tests/integration/inventory/bft-fabric-ca.yaml: five orderer
#   organizations, MAJORITY 3): each orderer organization's CronJob has the
#   seven steps (consent, submit and await in the tools image with the
#   admin's MSP; an admin endpoint per orderer);
#   for every requester, walking its SIGNERS: each signer's SIGN_FOR names
#   the requester with its own MSP ID and the namespace before it, a Role
#   there lets exactly that signer's ServiceAccount get exactly that
#   ConfigMap, each signer may get/delete that ConfigMap in its own
#   namespace, and the requester may get it in the last signer's; 2 signers
#   each; no Role outside these grants a ConfigMap of another organization,
#   none a Secret; peer organizations keep the three steps
# Needs helm (scripts/install-test-tools) and python3 with yaml.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init renew_render
fc_require_helm
python3 -c 'import yaml' 2>/dev/null || fc_skip "python3 yaml"
fc_build "$FABCHART_SOURCE_DIR/samples/raft-2.5.yaml" "$FC_TMP/out" || fc_finish
tar -xzf "$FC_TGZ" -C "$FC_TMP" || fc_die "cannot unpack $FC_TGZ"
chart=$FC_TMP/fabric
"$FC_HELM3" template r "$chart" >"$FC_TMP/with.yaml" 2>&1 || fc_die "helm template failed"
mv "$chart/templates/renew.yaml" "$FC_TMP/renew.yaml"
"$FC_HELM3" template r "$chart" >"$FC_TMP/without.yaml" 2>&1 || fc_die "helm template failed"
mv "$FC_TMP/renew.yaml" "$chart/templates/renew.yaml"
fc_check "cryptogen: the rendered chart is byte-identical without renew.yaml" \
  cmp "$FC_TMP/with.yaml" "$FC_TMP/without.yaml"

# fabric-ca: the organizations' list and plan (contract of issue 18), from the
# cryptogen plan: each organization's own Secrets; its nodes and admin
mkdir -p "$chart/files/enroll"
orgs="manufacturer:peer carrier:peer retailer:peer ordering:orderer"
for ok in $orgs; do
  org=${ok%%:*} kind=${ok#*:} dom=${ok%%:*}.supplychain.example
  awk -v ns="$org-supplychain" '$1 == ns && $2 !~ /^(orderer-tlsca-|channel-)/' \
    "$chart/files/identities.plan" >"$chart/files/enroll/$org.plan"
  {
    echo "# ROLE NAME DIR HOSTS"
    grep -o "crypto-config/${kind}Organizations/$dom/${kind}s/[^/]*" "$chart/files/enroll/$org.plan" |
      sort -u | while read -r d; do echo "$kind ${d##*/} $d ${d##*/}"; done
    echo "admin Admin@$dom crypto-config/${kind}Organizations/$dom/users/Admin@$dom -"
  } >"$chart/files/enroll/$org.list"
done
# values.schema.json has no identities yet (fabchart adds it)
rm -f "$chart/values.schema.json"
fc_check "fabric-ca: helm template succeeds" "$FC_HELM3" template r "$chart" \
  --set identities.source=fabric-ca --set identities.renewal.window=96h \
  --set 'identities.renewal.schedule=15 4 * * 1' -f /dev/null --output-dir "$FC_TMP/ca"
check() {  # check RENDERED-renew.yaml CHART-DIR WINDOW SCHEDULE
  python3 - "$1" "$2" "$3" "$4" <<'PY'
import glob, os, re, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
plans = {}
for f in sorted(glob.glob(sys.argv[2] + "/files/enroll/*.plan")):
    org = os.path.basename(f)[:-5]
    plans[org] = [l.split() for l in open(f) if l.strip() and not l.startswith("#")]
bad = []
nss = {}
for org, plan in plans.items():
    nss[plan[0][0]] = (org, plan)
if len(nss) < 3:
    bad.append("only %d organizations" % len(nss))
def need(c, msg):
    if not c:
        bad.append(msg)
for ns, (org, plan) in sorted(nss.items()):
    mine = [d for d in docs if d["metadata"]["namespace"] == ns]
    kinds = sorted(d["kind"] for d in mine)
    need(kinds == ["ConfigMap", "CronJob", "Role", "RoleBinding", "ServiceAccount"], "%s: objects %s" % (ns, kinds))
    role = next(d for d in mine if d["kind"] == "Role")
    names = set()
    for r in role["rules"]:
        if r["resources"] == ["secrets"]:
            need(r.get("resourceNames"), "%s: a Secrets rule without resourceNames" % ns)
            need(set(r["verbs"]) <= {"get", "update"}, "%s: Secrets verbs %s" % (ns, r["verbs"]))
            names |= set(r.get("resourceNames") or [])
        else:
            need(r["resources"] == ["pods"] and set(r["verbs"]) == {"get", "list", "delete"},
                 "%s: rule %s" % (ns, r))
    own = {l[1] for l in plan if l[0] == ns}
    need(names <= own, "%s: Secrets not of its namespace: %s" % (ns, names - own))
    cakey = {l[1] for l in plan if l[0] == ns and re.search(r"/(ca|tlsca)/\*_sk", " ".join(l))}
    need(not (names & cakey), "%s: Secrets holding a CA key: %s" % (ns, names & cakey))
    need({"admin-msp", "admin-tls", "org-certs"} <= names, "%s: %s" % (ns, sorted(names)))
    rb = next(d for d in mine if d["kind"] == "RoleBinding")
    need(rb["subjects"] == [{"kind": "ServiceAccount", "name": "fabchart-renew", "namespace": ns}],
         "%s: subjects %s" % (ns, rb["subjects"]))
    cj = next(d for d in mine if d["kind"] == "CronJob")
    need(cj["spec"]["schedule"] == sys.argv[4] and cj["spec"]["concurrencyPolicy"] == "Forbid",
         "%s: schedule/concurrency" % ns)
    pod = cj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    need(pod["serviceAccountName"] == "fabchart-renew", "%s: serviceAccountName" % ns)
    steps = [(c["name"], c["image"].split(":")[0]) for c in pod["initContainers"] + pod["containers"]]
    need(steps == [("read", "alpine/kubectl"), ("reenroll", "hyperledger/fabric-ca"), ("update", "alpine/kubectl")],
         "%s: steps %s" % (ns, steps))
    for c in pod["initContainers"] + pod["containers"]:
        env = {e["name"]: e.get("value") for e in c["env"]}
        need(env["WINDOW"] == sys.argv[3] and env["NAMESPACE"] == ns and env["ORG"] == org, "%s: env %s" % (ns, env))
    cm = next(d for d in mine if d["kind"] == "ConfigMap")
    need(set(cm["data"]) == {"renew.sh", "certs.sh", "org.list", "org.plan"}, "%s: ConfigMap keys" % ns)
need(not any(d["kind"] in ("ClusterRole", "ClusterRoleBinding") for d in docs), "cluster-wide RBAC")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
PY
}
fc_check "fabric-ca: per organization, in its namespace only, the renewal objects and RBAC" \
  check "$FC_TMP/ca/fabric/templates/renew.yaml" "$chart" 96h "15 4 * * 1"

# the consortium-ca sample as fabchart builds it (its own files/enroll/)
fc_build "$FABCHART_SOURCE_DIR/samples/consortium-ca.yaml" "$FC_TMP/out-ca" || fc_finish
mkdir -p "$FC_TMP/cc"
tar -xzf "$FC_TGZ" -C "$FC_TMP/cc" || fc_die "cannot unpack $FC_TGZ"
fc_check "consortium-ca: helm template succeeds (its values.schema.json too)" "$FC_HELM3" template r \
  "$FC_TMP/cc/fabric" --output-dir "$FC_TMP/cc-out"
renewal() {  # renewal KEY: identities.renewal.KEY of the sample's values
  python3 -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["identities"]["renewal"][sys.argv[2]])' \
    "$FC_TMP/cc/fabric/values.yaml" "$1"
}
fc_check "consortium-ca: per organization, in its namespace only, the renewal objects and RBAC" \
  check "$FC_TMP/cc-out/fabric/templates/renew.yaml" "$FC_TMP/cc/fabric" \
  "$(renewal window)" "$(renewal schedule)"

# BFT: the consenters' renewal chains
fc_build "$FABCHART_SOURCE_DIR/tests/integration/inventory/bft-fabric-ca.yaml" "$FC_TMP/out-bft" || fc_finish
"$FC_HELM3" template r "$FC_TGZ" --show-only templates/renew.yaml >"$FC_TMP/bft.yaml" 2>&1 ||
  fc_die "helm template (BFT) failed: $(head -3 "$FC_TMP/bft.yaml")"
bft_chains() {
  python3 - "$FC_TMP/bft.yaml" <<'PY'
import sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
bad = []
def need(c, msg):
    if not c:
        bad.append(msg)
cron = {d["metadata"]["namespace"]: d for d in docs if d["kind"] == "CronJob"}
roles = {(d["metadata"]["namespace"], d["metadata"]["name"]): d for d in docs if d["kind"] == "Role"}
binds = {(d["metadata"]["namespace"], d["metadata"]["name"]): d for d in docs if d["kind"] == "RoleBinding"}
def env(ns):
    pod = cron[ns]["spec"]["jobTemplate"]["spec"]["template"]["spec"]
    return {e["name"]: e.get("value") for e in pod["initContainers"][0]["env"]}, pod
def may(ns, sa_ns, verb, cm):
    """may the renew ServiceAccount of sa_ns VERB ConfigMap cm in ns?"""
    for (rns, name), role in roles.items():
        if rns != ns or (rns, name) not in binds:
            continue
        b = binds[(rns, name)]
        if b["roleRef"]["name"] != name or {"kind": "ServiceAccount", "name": "fabchart-renew", "namespace": sa_ns} not in b["subjects"]:
            continue
        for r in role["rules"]:
            if r["resources"] == ["configmaps"] and verb in r["verbs"] and (
                    verb == "create" or cm in (r.get("resourceNames") or [])):
                return True
    return False
orderer = {}
for ns in cron:
    e, pod = env(ns)
    steps = [(c["name"], c["image"].split(":")[0].split("/")[-1]) for c in pod["initContainers"] + pod["containers"]]
    if e.get("BFT") == "yes":
        orderer[ns] = e
        need(steps == [("read", "kubectl"), ("reenroll", "fabric-ca"), ("consent", "fabric-tools"),
                       ("send", "kubectl"), ("submit", "fabric-tools"), ("update", "kubectl"),
                       ("await", "fabric-tools")], "%s: steps %s" % (ns, steps))
        need(e.get("ADMINS", "").count("-headless.") == len(e["ORDERERS"].split()), "%s: ADMINS %s" % (ns, e.get("ADMINS")))
        for c in pod["initContainers"] + pod["containers"]:
            if c["name"] in ("consent", "submit", "await"):
                m = {v["name"]: v["mountPath"] for v in c["volumeMounts"]}
                need(m.get("msp") == "/admin/msp" and e["CORE_PEER_MSPCONFIGPATH"] == "/admin/msp", "%s: admin MSP" % ns)
    else:
        need(steps == [("read", "kubectl"), ("reenroll", "fabric-ca"), ("update", "kubectl")], "%s: steps %s" % (ns, steps))
need(len(orderer) == 5, "orderer organizations: %d" % len(orderer))
msp = {ns: e["MSP_ID"] for ns, e in orderer.items()}
used = set()
for ns, e in sorted(orderer.items()):
    org = e["ORG"]
    cm = "fabchart-renew-" + org
    signers = e["SIGNERS"].split()
    need(len(signers) == 2 and ns not in signers and len(set(signers)) == 2, "%s: signers %s" % (ns, signers))
    need(may(ns, ns, "get", cm) and may(ns, ns, "delete", cm) and may(ns, ns, "create", cm), "%s: its own request" % ns)
    prev = ns
    for s in signers:
        entry = "%s=%s@%s" % (org, msp[ns], prev)
        need(entry in orderer[s]["SIGN_FOR"].split(), "%s: %s lacks %s" % (ns, s, entry))
        need(may(prev, s, "get", cm), "%s: %s may not get %s in %s" % (ns, s, cm, prev))
        need(may(s, s, "get", cm) and may(s, s, "delete", cm), "%s: %s may not keep %s" % (ns, s, cm))
        used.add((prev, s, cm))
        prev = s
    need(may(prev, ns, "get", cm), "%s: may not get its signed request in %s" % (ns, prev))
    used.add((prev, ns, cm))
    need(len(e["SIGN_FOR"].split()) == sum(1 for o in orderer.values() if ns in o["SIGNERS"].split()),
         "%s: SIGN_FOR %s" % (ns, e["SIGN_FOR"]))
# no other grant across namespaces; no Secret anywhere but the own namespace's
for (rns, name), role in roles.items():
    b = binds.get((rns, name))
    for sub in b["subjects"]:
        if sub["namespace"] == rns:
            continue
        for r in role["rules"]:
            need(r["resources"] == ["configmaps"] and r["verbs"] == ["get"] and len(r["resourceNames"]) == 1 and
                 (rns, sub["namespace"], r["resourceNames"][0]) in used, "%s/%s: %s" % (rns, name, r))
for b in bad:
    print(b)
print("%d chains, %d cross-namespace grants" % (len(orderer), len(used)))
sys.exit(1 if bad else 0)
PY
}
fc_check "BFT: seven steps, and every renewal chain is granted exactly what it reads (5 orderer organizations, 2 signers each)" \
  bft_chains
fc_finish
