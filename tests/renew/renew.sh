#!/usr/bin/env bash
# tests/renew/renew.sh: chart-skeleton/files/scripts/renew.sh (the renewal
# CronJob of issue 18) against a scripted fake fabric-ca-client and a fake
# kubectl (tests/renew/fake/, first on PATH) that record their calls, on
# certificates made here by openssl with short lifetimes (1 day inside the
# 48h window, 30 days outside it).  The organization org1 (namespace org1-net)
# has two peers, its admin and its CA's operations server pair; its pods are
# the peers' and the CA's StatefulSet pods, a CLI Deployment's pod and a Job's.
#   1  nothing expires within the window: no reenroll, no Secret replaced, no
#      pod deleted
#   2  peer0 (MSP and TLS), the admin's TLS and the server pair expire: exactly
#      those are reenrolled (caname, csr.hosts, reusekey), each new certificate
#      has the SAME public key as the key in the Secrets, every Secret holding
#      one is replaced (peer0's ccaas configuration too; never org-ca, which
#      holds the CA keys), keys and the other Secrets are unchanged, labels kept; the pods that use them
#      (not the Job's) are deleted one at a time, each new pod Ready before the
#      next is deleted
#   3  a rerun renews nothing (the renewed certificates are new)
#   4  a pod that never becomes Ready again: the run fails and deletes no other
#   5  orderers: Raft (etcdraft) orderers are renewed in place
#   6  mutations of renew.sh (no reusekey and no key guard; no wait for Ready)
#      make the checks of 2 fail: the checks can fail
#   7  WINDOW parsing (Go durations)
#   8  where busybox is installed: 2 again under busybox sh and its applets
#   9  BFT consenters (consent, send, submit; the fakes of tests/plan/fake
#      for peer and configtxlator, the ledger and ConfigMaps shared by two
#      orderer organizations, MAJORITY 2): ord1's run 1 renews orderer0's
#      signing and TLS certificates together (orderer1, also expiring, waits:
#      one consenter at a time), computes the update through orderer1 and
#      sends the request, signing nothing, touching no Secret; ord2 verifies
#      it from its own orderer's config and signs it once (a rerun signs
#      nothing); ord1's run 2 submits it with both signatures through
#      orderer1: the channel's consenter and BlockValidation policy hold the
#      renewed certificates (the others, ids and hosts unchanged), the
#      Secrets the same keys, orderer0 alone restarted AFTER the update, the
#      request deleted; run 3 takes orderer1.  Refused by ord2 (its run fails,
#      nothing signed or sent): a request whose certificate has another key,
#      a request taken for another MSP.  One orderer organization: one run.
#      A run stopped after the submit: the next finds the channel holding the
#      certificates, renews nothing, puts those in the Secrets and restarts.
#      An organization with one orderer (ord2) submits through ord1's
#      orderer0 with ord1's TLS root, both from the channel's config.  A
#      request lost after its update: the next run takes the channel's
#      certificates of the same keys.  An update accepted but not seen in
#      time: the request kept, the run failed, nothing restarted; the next
#      run finishes
#   real (`renew.sh real`, the test renew_bft_real): 9's two-organization
#      flow with the real configtxlator of Fabric 3 (v3*/bin of
#      FC_FABRIC_BIN_DIR) on a real Block and real Envelopes, and the real
#      `peer channel signconfigtx` signing as Ord2MSP's admin; a stand-in
#      orderer counts the signatures' MSP IDs and applies the write set: the
#      signed Envelope carries Ord2MSP's signature and writes Orderers and
#      BlockValidation alone, the new block's BlockValidation policy is the
#      one Fabric builds from the mapping (checkConsentersMatchPolicy,
#      smartbft/configverifier.go at v3.1.1); Skipped (77) without those
#      binaries, also under CI=true
# Needs bash, openssl, jq, python3 with yaml, and kubectl (only for printing
# objects locally: label --local, create --dry-run=client).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init renew_script
fc_require_cmd openssl
fc_require_cmd kubectl
fc_require_cmd jq
python3 -c 'import yaml' 2>/dev/null || fc_skip "python3 yaml"
part=${1:-fakes}
if [[ $part == real ]]; then
  # a configtxlator of Fabric 3 (it knows the Orderers value) and a peer with
  # its sampleconfig; Skipped without them, also under CI (no such build there)
  REAL_LATOR= REAL_PEER=
  for d in "${FC_FABRIC_BIN_DIR:-/nonexistent}"/v3*/bin; do
    [[ -x $d/configtxlator ]] && REAL_LATOR=$d/configtxlator
  done
  for d in "${FC_FABRIC_BIN_DIR:-/nonexistent}"/v*/bin; do
    [[ -x $d/peer && -f $d/../config/core.yaml ]] && REAL_PEER=$d/peer
  done
  if [[ -z $REAL_LATOR || -z $REAL_PEER ]]; then
    echo "$FC_TEST: skipped: FC_FABRIC_BIN_DIR has no v3*/bin/configtxlator and v*/bin/peer with ../config/core.yaml" >&2
    exit 77
  fi
  echo "real configtxlator: $REAL_LATOR; real peer: $REAL_PEER"
fi
export script=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/renew.sh
export CERTS=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/certs.sh
export PATH="$FABCHART_SOURCE_DIR/tests/renew/fake:$PATH"
FAKE_KUBECTL=$(type -P kubectl)
FAKE_KUBECTL=$(PATH=${PATH#*:} type -P kubectl)
export FAKE_KUBECTL FAKE_CACHE=$FC_TMP/render-cache
export NAMESPACE=org1-net ORG=org1 CA_URL=https://ca:7054 TLS_PROFILE=tls POLL_SECONDS=0

O=crypto-config/peerOrganizations/org1.example.com
P0=$O/peers/peer0.org1.example.com
P1=$O/peers/peer1.org1.example.com
AD=$O/users/Admin@org1.example.com
SV=crypto-servers/peerOrganizations/org1.example.com/peers/ca.org1.example.com
H0=peer0,peer0.org1-net,peer0.org1-net.svc.cluster.local,peer0.org1.example.com
H1=peer1,peer1.org1-net,peer1.org1-net.svc.cluster.local,peer1.org1.example.com
HS=ca,ca.org1-net,ca.org1-net.svc.cluster.local

# ---- material ---------------------------------------------------------------
M=$FC_TMP/material
mkdir -p "$M"
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
ca() {  # ca NAME: a self-signed CA
  key "$M/$1.key"
  openssl req -x509 -new -key "$M/$1.key" -subj "/CN=$1" -days 3650 -out "$M/$1.crt" 2>/dev/null
}
issue() {  # issue CA CN DAYS OUT [HOSTS]: OUT.key and OUT.crt
  local ext=$M/ext
  : >"$ext"
  [[ -z ${5:-} ]] || echo "subjectAltName=$(tr ',' '\n' <<<"$5" | sed 's/^/DNS:/' | paste -sd, -)" >"$ext"
  key "$M/$4.key"
  openssl req -new -key "$M/$4.key" -subj "/CN=$2" 2>/dev/null |
    openssl x509 -req -CA "$M/$1.crt" -CAkey "$M/$1.key" -set_serial "0x$(openssl rand -hex 8)" \
      -days "$3" -extfile "$ext" -out "$M/$4.crt" 2>/dev/null
}
ca ca-org1
ca tlsca-org1
ca ca-ord
ca tlsca-ord
issue ca-org1 peer0.org1.example.com 1 peer0-msp
issue tlsca-org1 peer0.org1.example.com 1 peer0-tls "$H0"
issue ca-org1 peer1.org1.example.com 30 peer1-msp
issue tlsca-org1 peer1.org1.example.com 30 peer1-tls "$H1"
issue ca-org1 Admin@org1.example.com 30 admin-msp
issue tlsca-org1 Admin@org1.example.com 1 admin-tls
issue tlsca-org1 tls-ca.org1.example.com 1 server-tls "$HS"
printf 'NodeOUs:\n  Enable: true\n' >"$M/config.yaml"
echo '{"root_cert":"old","client_cert":"old","client_key":"old"}' >"$M/ccaas.json"

LIST=$FC_TMP/org1.list PLAN=$FC_TMP/org1.plan
export LIST PLAN
cat >"$LIST" <<EOF
# ROLE NAME DIR HOSTS
peer peer0.org1.example.com $P0 $H0
peer peer1.org1.example.com $P1 $H1
admin Admin@org1.example.com $AD -
server tls-ca.org1.example.com $SV $HS
EOF
{
  echo "# NAMESPACE SECRET KIND ITEM..."
  echo "org1-net org-ca files ca.crt=$O/ca/ca.org1.example.com-cert.pem,$O/msp/cacerts/ca.org1.example.com-cert.pem ca.key=$O/ca/*_sk tlsca.crt=$O/tlsca/tlsca.org1.example.com-cert.pem config.yaml=$O/msp/config.yaml admin.crt=$AD/msp/signcerts/Admin@org1.example.com-cert.pem admin.key=$AD/msp/keystore/*_sk admin-tls.crt=$AD/tls/client.crt admin-tls.key=$AD/tls/client.key"
  echo "org1-net admin-msp files cacert.pem=$AD/msp/cacerts/ca.org1.example.com-cert.pem signcert.pem=$AD/msp/signcerts/Admin@org1.example.com-cert.pem key.pem=$AD/msp/keystore/*_sk config.yaml=$AD/msp/config.yaml"
  echo "org1-net admin-tls files ca.crt=$AD/tls/ca.crt client.crt=$AD/tls/client.crt client.key=$AD/tls/client.key"
  echo "org1-net ca-admin random username=admin password"
  echo "org1-net ca-operations-tls files ca.crt=$SV/tls/ca.crt server.crt=$SV/tls/server.crt server.key=$SV/tls/server.key"
  echo "org1-net org-certs files ca.crt=$O/msp/cacerts/ca.org1.example.com-cert.pem tlsca.crt=$O/msp/tlscacerts/tlsca.org1.example.com-cert.pem"
  for p in peer0 peer1; do
    pd=$O/peers/$p.org1.example.com
    echo "org1-net $p-msp files cacert.pem=$pd/msp/cacerts/ca.org1.example.com-cert.pem signcert.pem=$pd/msp/signcerts/$p.org1.example.com-cert.pem key.pem=$pd/msp/keystore/*_sk config.yaml=$pd/msp/config.yaml"
    echo "org1-net $p-tls files ca.crt=$pd/tls/ca.crt server.crt=$pd/tls/server.crt server.key=$pd/tls/server.key"
    echo "org1-net $p-couchdb random username=admin password"
  done
  echo "org1-net peer0-ccaas files config.json=ccaas/peer0.org1.example.com.json"
  # another namespace's Secret with the same paths is never read
  echo "org2-net peer0-tls files server.crt=$P0/tls/server.crt server.key=$P0/tls/server.key"
} >"$PLAN"

# ---- the fake namespace -----------------------------------------------------
# secret NAME KEY=FILE...: a stored Secret (as identities.sh creates them)
secret() {
  local name=$1 kv data=()
  shift
  for kv in "$@"; do data+=("--from-file=${kv%%=*}=$M/${kv#*=}"); done
  KUBECONFIG=/dev/null "$FAKE_KUBECTL" create secret generic "$name" -n "${SECRET_NS:-org1-net}" "${data[@]}" \
    --dry-run=client -o json |
    python3 -c 'import json,sys; o=json.load(sys.stdin); o["metadata"]["labels"]={"app.kubernetes.io/managed-by":"fabchart"}; print(json.dumps(o))' \
    >"$STATE/secrets/$name.json"
}
# pod NAME KIND/OWNER SECRET...: a Ready pod using the Secrets (a volume, a
# projected volume and an env reference, as the chart's pods do)
pod() {
  SECRET_NS=${SECRET_NS:-org1-net} python3 - "$@" >"$STATE/pods/$1.json" <<'PY'
import json, os, sys, uuid
name, owner, secrets = sys.argv[1], sys.argv[2], sys.argv[3:]
kind, oname = owner.split("/")
vols = [{"name": "v%d" % i, "secret": {"secretName": s}} for i, s in enumerate(secrets) if s.endswith("-tls")]
proj = [{"secret": {"name": s}} for s in secrets if not s.endswith("-tls") and not s.endswith("-ccaas")]
if proj:
    vols.append({"name": "msp", "projected": {"sources": proj}})
env = [{"name": "E%d" % i, "valueFrom": {"secretKeyRef": {"name": s, "key": "k"}}}
       for i, s in enumerate(secrets) if s.endswith("-ccaas")]
print(json.dumps({"apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": name, "namespace": os.environ["SECRET_NS"], "uid": str(uuid.uuid4()),
                 "ownerReferences": [{"apiVersion": "apps/v1", "kind": kind, "name": oname, "controller": True}]},
    "spec": {"volumes": vols, "containers": [{"name": "main", "image": "x", "env": env}]},
    "status": {"conditions": [{"type": "Ready", "status": "True"}]}}))
PY
}
new_namespace() {  # a fresh fake namespace and work directory (made once, then copied)
  export FAKE_DIR=$FC_TMP/fake WORK=$FC_TMP/work
  rm -rf "$FAKE_DIR" "$WORK"
  STATE=$FAKE_DIR/state
  mkdir -p "$WORK"
  if [[ -d $FC_TMP/namespace ]]; then
    cp -R "$FC_TMP/namespace" "$FAKE_DIR"
    return
  fi
  mkdir -p "$STATE/secrets" "$STATE/pods" "$FAKE_DIR/ca"
  : >"$FAKE_DIR/calls"
  : >"$FAKE_DIR/events"
  cp "$M"/ca-org1.* "$M"/tlsca-org1.* "$M"/ca-ord.* "$M"/tlsca-ord.* "$FAKE_DIR/ca/"
  secret org-ca ca.crt=ca-org1.crt ca.key=ca-org1.key tlsca.crt=tlsca-org1.crt config.yaml=config.yaml \
    admin.crt=admin-msp.crt admin.key=admin-msp.key admin-tls.crt=admin-tls.crt admin-tls.key=admin-tls.key
  secret admin-msp cacert.pem=ca-org1.crt signcert.pem=admin-msp.crt key.pem=admin-msp.key config.yaml=config.yaml
  secret admin-tls ca.crt=tlsca-org1.crt client.crt=admin-tls.crt client.key=admin-tls.key
  secret ca-operations-tls ca.crt=tlsca-org1.crt server.crt=server-tls.crt server.key=server-tls.key
  secret org-certs ca.crt=ca-org1.crt tlsca.crt=tlsca-org1.crt
  for p in peer0 peer1; do
    secret "$p-msp" cacert.pem=ca-org1.crt signcert.pem="$p-msp.crt" key.pem="$p-msp.key" config.yaml=config.yaml
    secret "$p-tls" ca.crt=tlsca-org1.crt server.crt="$p-tls.crt" server.key="$p-tls.key"
  done
  secret peer0-ccaas config.json=ccaas.json
  pod peer0-0 StatefulSet/peer0 peer0-msp peer0-tls peer0-couchdb peer0-ccaas
  pod peer1-0 StatefulSet/peer1 peer1-msp peer1-tls peer1-couchdb
  pod ca-0 StatefulSet/ca ca-roots ca-operations-tls
  pod cli-7f9c-x2x9q ReplicaSet/cli-7f9c admin-msp admin-tls
  pod join-peers-abcde Job/join-peers admin-msp admin-tls
  cp -R "$STATE/secrets" "$FAKE_DIR/before"
  cp -R "$FAKE_DIR" "$FC_TMP/namespace"
}
steps() {  # the CronJob's containers, in order (consent with BFT); the first failure ends it
  local s
  for s in read reenroll ${BFT:+consent send submit} update ${BFT:+await}; do
    ${RENEW_SHELL:-sh} "${SCRIPT:-$script}" "$s" >>"$FAKE_DIR/log" 2>&1 || return 1
  done
}
run() {  # run VAR=VALUE...: the steps with these settings
  (
    for kv in "$@"; do export "${kv?}"; done
    steps
  )
}
calls_of() { grep "^$1 " "$FAKE_DIR/calls" || true; }
data_of() {  # data_of SECRET KEY: a stored Secret's value, decoded
  python3 -c 'import base64,json,sys; print(base64.b64decode(json.load(open(sys.argv[1]))["data"][sys.argv[2]]).decode(), end="")' \
    "$STATE/secrets/$1.json" "$2"
}
before_of() {
  python3 -c 'import base64,json,sys; print(base64.b64decode(json.load(open(sys.argv[1]))["data"][sys.argv[2]]).decode(), end="")' \
    "$FAKE_DIR/before/$1.json" "$2"
}
pub_of_cert() { openssl x509 -noout -pubkey 2>/dev/null; }
pub_of_key() { openssl pkey -pubout 2>/dev/null; }

# ---- the checks of a run that renewed (2); each returns non-zero on a breach ----
renewed_pairs="peer0-msp signcert.pem key.pem
peer0-tls server.crt server.key
admin-tls client.crt client.key
ca-operations-tls server.crt server.key"
check_same_keys() {  # every renewed certificate is new, for the key the Secret keeps
  local s c k
  while read -r s c k; do
    [[ "$(data_of "$s" "$c")" != "$(before_of "$s" "$c")" ]] || { echo "$s $c not renewed"; return 1; }
    [[ "$(data_of "$s" "$k")" == "$(before_of "$s" "$k")" ]] || { echo "$s $k changed"; return 1; }
    [[ "$(data_of "$s" "$c" | pub_of_cert)" == "$(data_of "$s" "$k" | pub_of_key)" ]] ||
      { echo "$s $c: another public key than $k's"; return 1; }
  done <<<"$renewed_pairs"
}
check_one_at_a_time() {  # deletes and readiness alternate: delete P, ready (P's owner), ...
  local events expected
  events=$(grep -E '^(delete|ready) pod ' "$FAKE_DIR/events" | sed -E 's/^ready pod cli-7f9c-[a-z0-9]+ /ready pod cli-7f9c-NEW /')
  expected="delete pod ca-0
ready pod ca-0 StatefulSet/ca
delete pod cli-7f9c-x2x9q
ready pod cli-7f9c-NEW ReplicaSet/cli-7f9c
delete pod peer0-0
ready pod peer0-0 StatefulSet/peer0"
  [[ "$events" == "$expected" ]] || { diff <(echo "$expected") <(echo "$events"); return 1; }
}

if [[ $part == fakes ]]; then
# ---- 1 ----------------------------------------------------------------------
new_namespace
fc_check "1 nothing within 1h: the three steps succeed" run WINDOW=1h
fc_check "1 no reenroll" test -z "$(calls_of fabric-ca-client)"
fc_check "1 no Secret replaced, no pod deleted" test ! -s "$FAKE_DIR/events"
fc_check "1 logged" grep -q 'renew: no certificate expires within 1h: nothing renewed' "$FAKE_DIR/log"
fc_check "1 the Secrets read are the plan's of org1-net that hold the identities' files" \
  test "$(sed -n 's/^kubectl get secret \([^ ]*\) .*/\1/p' "$FAKE_DIR/calls" | sort | paste -sd' ')" \
  = "admin-msp admin-tls ca-operations-tls org-certs peer0-ccaas peer0-msp peer0-tls peer1-msp peer1-tls"

# ---- 2 ----------------------------------------------------------------------
new_namespace
fc_check "2 four certificates within 48h: the three steps succeed" run WINDOW=48h
# shellcheck disable=SC2016  # $WORK as the fake client records it
R='-u https://ca:7054 --tls.certfiles $WORK/ca-tls.pem --csr.keyrequest.reusekey --csr.names C=US,ST=California,L=San Francisco'
fc_expect_lines "2 reenroll exactly the expiring certificates, same key, at the right CA, with the TLS hosts" \
  "fabric-ca-client reenroll -H \$WORK/home/peer0.org1.example.com-msp $R --caname ca-org1 --csr.hosts peer0.org1.example.com
fabric-ca-client reenroll -H \$WORK/home/peer0.org1.example.com-tls $R --caname tlsca-org1 --csr.hosts $H0 --enrollment.profile tls
fabric-ca-client reenroll -H \$WORK/home/Admin@org1.example.com-tls $R --caname tlsca-org1 --enrollment.profile tls
fabric-ca-client reenroll -H \$WORK/home/tls-ca.org1.example.com-tls $R --caname tlsca-org1 --csr.hosts $HS --enrollment.profile tls" \
  "$(calls_of fabric-ca-client)" "$FAKE_DIR/log"
fc_check "2 each renewed certificate has the same public key as the Secret's key, keys unchanged" check_same_keys
fc_check "2 the Secrets replaced: exactly those holding a renewed certificate" \
  test "$(sed -n 's/^replace secret //p' "$FAKE_DIR/events" | sort | paste -sd' ')" \
  = "admin-tls ca-operations-tls peer0-ccaas peer0-msp peer0-tls"
same() { cmp -s "$STATE/secrets/$1.json" "$FAKE_DIR/before/$1.json"; }
others_same() { same peer1-msp && same peer1-tls && same admin-msp && same org-certs; }
fc_check "2 the other Secrets unchanged" others_same
org_ca_untouched() { same org-ca && ! grep -q '^kubectl get secret org-ca ' "$FAKE_DIR/calls"; }
fc_check "2 org-ca (it holds the CA keys) is neither read nor replaced" org_ca_untouched
fc_check "2 peer0's ccaas configuration holds its new TLS pair" python3 -c '
import base64, json, sys
d = lambda s, k: base64.b64decode(json.load(open(sys.argv[1] + "/" + s + ".json"))["data"][k]).decode()
c = json.loads(d("peer0-ccaas", "config.json"))
assert c["client_cert"] == d("peer0-tls", "server.crt"), "client_cert"
assert c["client_key"] == d("peer0-tls", "server.key"), "client_key"
assert c["root_cert"] == d("org-certs", "tlsca.crt"), "root_cert"' "$STATE/secrets"
sans() { data_of peer0-tls server.crt | openssl x509 -noout -ext subjectAltName | grep -q 'DNS:peer0.org1-net.svc.cluster.local'; }
fc_check "2 the renewed TLS certificate names the node's hosts" sans
outlives() { data_of peer0-msp signcert.pem | openssl x509 -noout -checkend 172800; }
fc_check "2 the renewed certificate outlives the window" outlives
fc_check "2 replaced Secrets keep the label" grep -q '"app.kubernetes.io/managed-by": "fabchart"' "$STATE/secrets/peer0-tls.json"
fc_check "2 pods restarted one at a time, each new pod Ready before the next delete (the Job's and peer1's not)" \
  check_one_at_a_time
fc_check "2 logged" grep -q 'renew: renewed 4 certificates, restarted 3 pods' "$FAKE_DIR/log"

# ---- 3 ----------------------------------------------------------------------
: >"$FAKE_DIR/calls"
: >"$FAKE_DIR/events"
fc_check "3 a rerun succeeds" run WINDOW=48h
fc_check "3 a rerun reenrolls nothing, replaces nothing, deletes nothing" \
  test -z "$(calls_of fabric-ca-client)$(cat "$FAKE_DIR/events")"

# ---- 4 ----------------------------------------------------------------------
new_namespace
echo ca-0 >"$FAKE_DIR/never-ready"
if run WINDOW=48h POLL_SECONDS=1 READY_TIMEOUT=2; then
  fc_fail "4 a pod that never gets Ready: the run fails"
else
  fc_pass "4 a pod that never gets Ready: the run fails"
fi
fc_check "4 no other pod is deleted" test "$(grep -c '^delete pod' "$FAKE_DIR/events")" -eq 1
fc_check "4 logged, with the pods left on the old certificates" \
  grep -q 'renew: FAIL no new pod of StatefulSet/ca Ready after 2s: .*(restart them when StatefulSet/ca is back): cli-7f9c-x2x9q peer0-0 $' "$FAKE_DIR/log"

# ---- 5 ----------------------------------------------------------------------
OO=crypto-config/ordererOrganizations/ord.example.com
OD=$OO/orderers/orderer0.ord.example.com
issue ca-ord orderer0.ord.example.com 30 orderer0-msp
issue tlsca-ord orderer0.ord.example.com 1 orderer0-tls orderer0,orderer0.ord.example.com
orderer_org() {
  new_namespace
  echo "orderer orderer0.ord.example.com $OD orderer0,orderer0.ord.example.com" >"$FC_TMP/ord.list"
  {
    echo "org1-net orderer0-msp files signcert.pem=$OD/msp/signcerts/orderer0.ord.example.com-cert.pem key.pem=$OD/msp/keystore/*_sk"
    echo "org1-net orderer0-tls files server.crt=$OD/tls/server.crt server.key=$OD/tls/server.key"
    echo "org1-net org-certs files ca.crt=$OO/msp/cacerts/ca.ord.example.com-cert.pem tlsca.crt=$OO/msp/tlscacerts/tlsca.ord.example.com-cert.pem"
  } >"$FC_TMP/ord.plan"
  secret orderer0-msp signcert.pem=orderer0-msp.crt key.pem=orderer0-msp.key
  secret orderer0-tls server.crt=orderer0-tls.crt server.key=orderer0-tls.key
  secret org-certs ca.crt=ca-ord.crt tlsca.crt=tlsca-ord.crt
  pod orderer0-0 StatefulSet/orderer0 orderer0-msp orderer0-tls
  cp -R "$STATE/secrets/." "$FAKE_DIR/before/"
}
orderer_org
fc_check "5 Raft: the consenter's TLS certificate is renewed" run WINDOW=48h ORG=ord \
  LIST="$FC_TMP/ord.list" PLAN="$FC_TMP/ord.plan"
raft_same_key() {
  [[ "$(data_of orderer0-tls server.crt)" != "$(before_of orderer0-tls server.crt)" ]] &&
    [[ "$(data_of orderer0-tls server.crt | pub_of_cert)" == "$(data_of orderer0-tls server.key | pub_of_key)" ]]
}
fc_check "5 Raft: a new certificate, same public key" raft_same_key
fc_check "5 Raft: at tlsca-ord, the orderer restarted" test "$(calls_of fabric-ca-client | grep -c -- '--caname tlsca-ord ')$(grep -c '^delete pod orderer0-0' "$FAKE_DIR/events")" = 11

# ---- 6 ----------------------------------------------------------------------
# each mutation of renew.sh must make a check of 2 fail
mutant() {  # mutant NAME SED-EXPRESSION CHECK
  local m=$FC_TMP/mutant.sh
  sed "$2" "$script" >"$m"
  cmp -s "$m" "$script" && { fc_fail "6 $1: the mutation changed nothing"; return; }
  new_namespace
  run SCRIPT="$m" WINDOW=48h || true
  if "$3" >/dev/null 2>&1; then fc_fail "6 $1: $3 did not notice"; else fc_pass "6 $1: $3 fails"; fi
}
# shellcheck disable=SC2016  # sed expressions, not expansions
mutant "without reusekey and the key guard" \
  '/--csr.keyrequest.reusekey /s/ --csr.keyrequest.reusekey//; /if \[ "$(ls "$home\/msp\/keystore")" != key.pem \]; then/,/^      fi$/d' \
  check_same_keys
mutant "without waiting for Ready" '/^  waited=0$/,/^  done$/d' check_one_at_a_time

# ---- 7 ----------------------------------------------------------------------
for pair in 720h=2592000 1h30m=5400 1.5h=5400 90m=5400 45s=45 2h0m0s=7200; do
  fc_check "7 WINDOW ${pair%%=*} is ${pair#*=} s" test "$(sh "$script" seconds "${pair%%=*}")" = "${pair#*=}"
done
for bad in 720 30d h ''; do
  if sh "$script" seconds "$bad" >/dev/null 2>&1; then fc_fail "7 WINDOW '$bad' refused"; else fc_pass "7 WINDOW '$bad' refused"; fi
done
new_namespace
if run WINDOW=30d; then fc_fail "7 a run with WINDOW 30d fails"; else fc_pass "7 a run with WINDOW 30d fails"; fi

[[ -z "${RENEW_DEBUG:-}" ]] || cp -R "$FC_TMP" /tmp/renew-debug
# ---- 8 ----------------------------------------------------------------------
# 2 again under busybox (the kubectl image is Alpine's): its sh and its
# applets first on PATH (after the fakes)
if bb=$(type -P busybox); then
  mkdir -p "$FC_TMP/bb"
  for a in awk base64 cat cp cut grep head ls mkdir mv rm sed sleep sort tr wc; do ln -s "$bb" "$FC_TMP/bb/$a"; done
  new_namespace
  fc_check "8 busybox: the three steps succeed" run WINDOW=48h RENEW_SHELL="$bb sh" \
    PATH="$FABCHART_SOURCE_DIR/tests/renew/fake:$FC_TMP/bb:${PATH#*:}"
  fc_check "8 busybox: each renewed certificate has the same public key" check_same_keys
  fc_check "8 busybox: pods restarted one at a time" check_one_at_a_time
else
  echo "8 busybox: not installed, not run"
fi

fi

# ---- 9 ----------------------------------------------------------------------
# BFT consenters: renewed by channel config update (consent), the two orderer
# organizations ord1 (orderer0, orderer1) and ord2 (orderer0) of channel
# trade, MAJORITY Admins = 2 (FAKE_NEEDED); each organization has its own
# fake namespace, the ledger (tests/plan/fake/peer) and the ConfigMaps are
# shared
export PATH="$FABCHART_SOURCE_DIR/tests/renew/fake:$FABCHART_SOURCE_DIR/tests/plan/fake:${PATH#*:}"
B=$FC_TMP/bft
ord_dir() { echo "crypto-config/ordererOrganizations/$1.example.com/orderers/$2.$1.example.com"; }
for o in ord1 ord2; do ca "ca-$o"; ca "tlsca-$o"; done
issue ca-ord1 orderer0.ord1.example.com 30 o1-orderer0-msp
issue tlsca-ord1 orderer0.ord1.example.com 1 o1-orderer0-tls orderer0.ord1.example.com
issue ca-ord1 orderer1.ord1.example.com 1 o1-orderer1-msp
issue tlsca-ord1 orderer1.ord1.example.com 30 o1-orderer1-tls orderer1.ord1.example.com
issue ca-ord2 orderer0.ord2.example.com 30 o2-orderer0-msp
issue tlsca-ord2 orderer0.ord2.example.com 30 o2-orderer0-tls orderer0.ord2.example.com
issue ca-ord1 other.ord1.example.com 30 o1-other-msp
b64() { base64 -w0 <"$1"; }
bft_world() {  # a fresh ledger, ConfigMaps and both namespaces
  rm -rf "$B"
  mkdir -p "$B/ledger" "$B/cm"
  local o n name
  # the channel's config as configtxlator prints it: the consenter mapping
  # and the BlockValidation policy over its identities (renew-consenter.jq)
  jq -n --arg i1 "$(b64 "$M/o1-orderer0-msp.crt")" --arg t1 "$(b64 "$M/o1-orderer0-tls.crt")" \
    --arg i2 "$(b64 "$M/o1-orderer1-msp.crt")" --arg t2 "$(b64 "$M/o1-orderer1-tls.crt")" \
    --arg i3 "$(b64 "$M/o2-orderer0-msp.crt")" --arg t3 "$(b64 "$M/${O2TLS:-o2-orderer0-tls}.crt")" \
    --arg r1 "$(b64 "$M/tlsca-ord1.crt")" --arg r2 "$(b64 "$M/tlsca-ord2.crt")" '
    [[1, "orderer0.ord1-net", "Ord1MSP", $i1, $t1], [2, "orderer1.ord1-net", "Ord1MSP", $i2, $t2],
     [3, "orderer0.ord2-net", "Ord2MSP", $i3, $t3]] as $c
    | {channel_group: {groups: {Orderer: {
        groups: ([["Ord1MSP", "ord1", $r1, ["orderer0", "orderer1"]], ["Ord2MSP", "ord2", $r2, ["orderer0"]]] | map({(.[0]): {
          values: {Endpoints: {mod_policy: "Admins", value: {addresses: [.[1] as $o | .[3][] | "\(.).\($o)-net.svc.cluster.local:7050"]}},
                   MSP: {mod_policy: "Admins", value: {type: 0, config: {name: .[0], tls_root_certs: [.[2]]}}}}}}) | add),
        values: {Orderers: {mod_policy: "/Channel/Orderer/Admins", value: {consenter_mapping: [$c[] |
          {id: .[0], host: (.[1] + ".svc.cluster.local"), port: 7050, msp_id: .[2], identity: .[3],
           client_tls_cert: .[4], server_tls_cert: .[4]}]}}},
        policies: {BlockValidation: {policy: {type: 1, value: {identities: [$c[] |
          {principal: {id_bytes: .[3], mspid: .[2]}, principal_classification: "IDENTITY"}],
          rule: {n_out_of: {n: 2, rules: [range(3) | {signed_by: .}]}}, version: 0}}}}}}}}' \
    >"$B/ledger/trade.json"
  [[ $part != real ]] || real_block
  for o in ord1 ord2; do
    export FAKE_DIR=$B/$o
    STATE=$FAKE_DIR/state
    mkdir -p "$STATE/secrets" "$STATE/pods" "$FAKE_DIR/ca" "$FAKE_DIR/before"
    ln -s "$B/ledger" "$FAKE_DIR/ledger"
    : >"$FAKE_DIR/calls"
    : >"$FAKE_DIR/events"
    cp "$M/ca-$o".* "$M/tlsca-$o".* "$FAKE_DIR/ca/"
    : >"$B/$o.list"
    {
      echo "$o-net org-certs files ca.crt=crypto-config/ordererOrganizations/$o.example.com/msp/cacerts/ca.pem tlsca.crt=crypto-config/ordererOrganizations/$o.example.com/msp/tlscacerts/tlsca.pem"
    } >"$B/$o.plan"
    export SECRET_NS=$o-net
    secret org-certs ca.crt="ca-$o.crt" tlsca.crt="tlsca-$o.crt"
    for n in orderer0 orderer1; do
      [[ -f $M/${o/ord/o}-$n-msp.crt ]] || continue
      name=$n.$o.example.com
      echo "orderer $name $(ord_dir "$o" "$n") $name" >>"$B/$o.list"
      echo "$o-net $n-msp files signcert.pem=$(ord_dir "$o" "$n")/msp/signcerts/$name-cert.pem key.pem=$(ord_dir "$o" "$n")/msp/keystore/*_sk" >>"$B/$o.plan"
      echo "$o-net $n-tls files server.crt=$(ord_dir "$o" "$n")/tls/server.crt server.key=$(ord_dir "$o" "$n")/tls/server.key" >>"$B/$o.plan"
      secret "$n-msp" signcert.pem="${o/ord/o}-$n-msp.crt" key.pem="${o/ord/o}-$n-msp.key"
      tls=${o/ord/o}-$n-tls
      [[ $o-$n != ord2-orderer0 ]] || tls=${O2TLS:-$tls}
      secret "$n-tls" server.crt="$tls.crt" server.key="${o/ord/o}-$n-tls.key"
      pod "$n-0" "StatefulSet/$n" "$n-msp" "$n-tls"
    done
    cp -R "$STATE/secrets/." "$FAKE_DIR/before/"
    unset SECRET_NS
  done
  # each orderer is in channel trade (tests/plan/fake/osnadmin)
  for a in orderer0-headless.ord1-net orderer1-headless.ord1-net orderer0-headless.ord2-net; do
    o=${a#*.}
    o=${o%-net}
    mkdir -p "$B/$o/osn/$a.svc.cluster.local:9443"
    : >"$B/$o/osn/$a.svc.cluster.local:9443/trade"
  done
}
A1="orderer0.ord1.example.com=orderer0.ord1-net.svc.cluster.local:7050 orderer1.ord1.example.com=orderer1.ord1-net.svc.cluster.local:7050"
A2="orderer0.ord2.example.com=orderer0.ord2-net.svc.cluster.local:7050"
D1="orderer0.ord1.example.com=orderer0-headless.ord1-net.svc.cluster.local:9443 orderer1.ord1.example.com=orderer1-headless.ord1-net.svc.cluster.local:9443"
D2="orderer0.ord2.example.com=orderer0-headless.ord2-net.svc.cluster.local:9443"
as_org() {  # as_org ORG VAR=VALUE...: ORG's CronJob run (the values renew.yaml gives it)
  local o=$1 ns=$1-net
  shift
  local msp=Ord1MSP orderers=$A1 admins=$D1 signers=ord2-net sign_for=ord2=Ord2MSP@ord2-net
  [[ $o == ord1 ]] || { msp=Ord2MSP orderers=$A2 admins=$D2 signers=ord1-net sign_for=ord1=Ord1MSP@ord1-net; }
  mkdir -p "$B/$o/tmp"
  FAKE_DIR=$B/$o run WORK="$B/$o/work" TMPDIR="$B/$o/tmp" WINDOW=48h ORG="$o" NAMESPACE="$ns" LIST="$B/$o.list" \
    PLAN="$B/$o.plan" BFT=yes MSP_ID="$msp" CHANNELS=trade ORDERERS="$orderers" ADMINS="$admins" SIGNERS="$signers" \
    SIGN_FOR="$sign_for" CORE_PEER_LOCALMSPID="$msp" FAKE_CM_DIR="$B/cm" FAKE_NEEDED=2 POLLS=2 \
    POLL_DELAY=0 ORDERER_TLS_DIR=/orderer-tls UPDATE="$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/config-update.sh" \
    FILTER="$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/renew-consenter.jq" "$@"
}
mkdir_work() { rm -rf "$B/$1/work"; mkdir -p "$B/$1/work"; }
ledger_consenter() {  # ledger_consenter ID FIELD: the channel's value, decoded
  jq -r --argjson id "$1" --arg f "$2" '.channel_group.groups.Orderer.values.Orderers.value.consenter_mapping[] | select(.id == $id) | .[$f]' "$B/ledger/trade.json" | base64 -d
}
in_secret() { (FAKE_DIR=$B/$1 STATE=$B/$1/state; data_of "$2" "$3"); }
before_in() { (FAKE_DIR=$B/$1; before_of "$2" "$3"); }
renewed_same_key() {
  [[ "$new_id" != "$(before_in ord1 orderer0-msp signcert.pem)" && "$new_tls" != "$(before_in ord1 orderer0-tls server.crt)" ]] &&
    [[ "$(pub_of_cert <<<"$new_id")" == "$(in_secret ord1 orderer0-msp key.pem | pub_of_key)" ]] &&
    [[ "$(pub_of_cert <<<"$new_tls")" == "$(in_secret ord1 orderer0-tls server.key | pub_of_key)" ]] &&
    [[ "$(in_secret ord1 orderer0-msp key.pem)" == "$(before_in ord1 orderer0-msp key.pem)" ]]
}
update_then_restart() {
  local u d
  u=$(grep -n 'channel update' "$B/ord1/calls" | cut -d: -f1)
  d=$(grep -n '^kubectl delete pod orderer0-0' "$B/ord1/calls" | cut -d: -f1)
  [[ -n $u && -n $d && $u -lt $d ]] && [[ "$(grep '^delete pod' "$B/ord1/events")" == "delete pod orderer0-0" ]]
}
if [[ $part == fakes ]]; then
bft_world
mkdir_work ord1
mkdir_work ord2
fc_check "9 BFT ord1, run 1 (orderer0's TLS and orderer1's signing certificate expire): succeeds" as_org ord1
fc_expect_lines "9 run 1: orderer0's signing and TLS certificates renewed together (same key); orderer1 waits" \
  "fabric-ca-client reenroll -H \$WORK/home/orderer0.ord1.example.com-msp -u https://ca:7054 --tls.certfiles \$WORK/ca-tls.pem --csr.keyrequest.reusekey --csr.names C=US,ST=California,L=San Francisco --caname ca-ord1 --csr.hosts orderer0.ord1.example.com
fabric-ca-client reenroll -H \$WORK/home/orderer0.ord1.example.com-tls -u https://ca:7054 --tls.certfiles \$WORK/ca-tls.pem --csr.keyrequest.reusekey --csr.names C=US,ST=California,L=San Francisco --caname tlsca-ord1 --csr.hosts orderer0.ord1.example.com --enrollment.profile tls" \
  "$(grep '^fabric-ca-client' "$B/ord1/calls")" "$B/ord1/log"
fc_check "9 run 1: logged that orderer1 waits (one consenter at a time)" \
  grep -q 'renew: orderer1.ord1.example.com expires within 48h: waits for the renewal of orderer0.ord1.example.com' "$B/ord1/log"
fc_check "9 run 1: the channel's config fetched through orderer1, not the orderer being renewed" \
  grep -q '^Ord1MSP peer channel fetch config .* -o orderer1.ord1-net.svc.cluster.local:7050 ' "$B/ord1/calls"
fc_check "9 run 1: nothing signed or submitted, no Secret replaced, no pod deleted; the request sent" \
  test "$(grep -c 'signconfigtx\|channel update' "$B/ord1/calls")|$(cat "$B/ord1/events")" = "0|create configmap ord1-net/fabchart-renew-ord1"
cp "$B/ledger/trade.json" "$B/trade-before.json"
fc_check "9 ord2, run 1: signs ord1's request" as_org ord2
fc_check "9 ord2: logged" grep -q "renew: signed request [0-9]* of ord1: orderer0.ord1.example.com's renewal on trade" "$B/ord2/log"
fc_check "9 ord2: verified from its own orderer's config, signed once, nothing submitted, nothing of its own touched" \
  test "$(grep -c '^Ord2MSP peer channel fetch config .* -o orderer0.ord2-net' "$B/ord2/calls")|$(grep -c '^Ord2MSP peer channel signconfigtx' "$B/ord2/calls")|$(grep -c 'channel update\|fabric-ca-client' "$B/ord2/calls")|$(cat "$B/ord2/events")" \
  = "1|1|0|create configmap ord2-net/fabchart-renew-ord1"
fc_check "9 the channel unchanged so far" cmp -s "$B/ledger/trade.json" "$B/trade-before.json"
mkdir_work ord2
fc_check "9 ord2, run 2: succeeds" as_org ord2
fc_check "9 ord2, run 2: signed already, nothing signed again" \
  test "$(grep -c 'signconfigtx' "$B/ord2/calls")" = 1
mkdir_work ord1
fc_check "9 ord1, run 2: submits and renews" as_org ord1
new_id=$(in_secret ord1 orderer0-msp signcert.pem)
new_tls=$(in_secret ord1 orderer0-tls server.crt)
fc_check "9 the update submitted by Ord1MSP with Ord2MSP's signature (2 of 2), through orderer1" \
  grep -q '^Ord1MSP peer channel update -f .* -c trade -o orderer1.ord1-net.svc.cluster.local:7050 ' "$B/ord1/calls"
fc_check "9 the channel's consenter 1 holds the renewed signing and TLS certificates of the Secrets" \
  test "$(ledger_consenter 1 identity)|$(ledger_consenter 1 server_tls_cert)|$(ledger_consenter 1 client_tls_cert)" = "$new_id|$new_tls|$new_tls"
fc_check "9 BlockValidation names the renewed identity; consenters 2 and 3, ids, hosts unchanged" python3 -c '
import base64, json, sys
a, b = (json.load(open(f))["channel_group"]["groups"]["Orderer"] for f in sys.argv[1:3])
ma, mb = a["values"]["Orderers"]["value"]["consenter_mapping"], b["values"]["Orderers"]["value"]["consenter_mapping"]
assert ma[1:] == mb[1:], "others changed"
assert [(c["id"], c["host"], c["port"], c["msp_id"]) for c in ma] == [(c["id"], c["host"], c["port"], c["msp_id"]) for c in mb]
ids = [i["principal"]["id_bytes"] for i in b["policies"]["BlockValidation"]["policy"]["value"]["identities"]]
assert ids == [c["identity"] for c in mb], "policy and mapping differ"
assert ids[0] != a["policies"]["BlockValidation"]["policy"]["value"]["identities"][0]["principal"]["id_bytes"]' \
  "$B/trade-before.json" "$B/ledger/trade.json"
fc_check "9 new certificates, the same keys" renewed_same_key
fc_check "9 the update first, then orderer0 alone restarted" update_then_restart
awaited() {  # await: osnadmin asks orderer0's admin endpoint after its restart
  local d a
  d=$(grep -n '^kubectl delete pod orderer0-0' "$B/ord1/calls" | cut -d: -f1)
  a=$(grep -n '^Ord1MSP osnadmin channel list -o orderer0-headless.ord1-net.svc.cluster.local:9443 --channelID trade ' "$B/ord1/calls" | tail -n 1 | cut -d: -f1)
  [[ -n $d && -n $a && $d -lt $a ]] && grep -q 'renew: orderer0.ord1.example.com is an active consenter of every channel' "$B/ord1/log"
}
fc_check "9 then awaited: osnadmin on orderer0's admin endpoint reports it an active consenter of trade" awaited
fc_check "9 the request deleted after the restart" \
  test "$(tail -n 1 "$B/ord1/events")|$(ls "$B/cm/ord1-net")" = "delete configmap ord1-net/fabchart-renew-ord1|"
mkdir_work ord1
: >"$B/ord1/calls"
fc_check "9 ord1, run 3: orderer1's turn" as_org ord1
fc_check "9 run 3: orderer1 renewed and requested, orderer0 not again" \
  test "$(grep -c 'reenroll -H .WORK/home/orderer1' "$B/ord1/calls")|$(grep -c 'orderer0' <(grep fabric-ca-client "$B/ord1/calls"))|$(ls "$B/cm/ord1-net")" = "2|0|fabchart-renew-ord1"

# a request ord2 must not sign: ord1 (a renew.sh changed to put another
# certificate in its request, of another key) computes a consistent update
# for a renewed signing certificate with another key
evil=$FC_TMP/evil.sh
# shellcheck disable=SC2016  # a sed expression
sed 's|cp "ids/$o_name/msp/new.pem" bft/new/identity.pem|cp "$EVIL_ID" bft/new/identity.pem|' "$script" >"$evil"
cmp -s "$evil" "$script" && fc_fail "9 the evil requester is renew.sh unchanged"
evil_request() {
  bft_world
  mkdir_work ord1
  mkdir_work ord2
  as_org ord1 SCRIPT="$evil" EVIL_ID="$M/o1-other-msp.crt" >/dev/null 2>&1
}
evil_request
if as_org ord2; then fc_fail "9 another key: ord2's run fails"; else fc_pass "9 another key: ord2's run fails"; fi
fc_check "9 another key: not signed, nothing sent, logged" \
  test "$(grep -c signconfigtx "$B/ord2/calls")|$(cat "$B/ord2/events")|$(grep -c 'renew: FAIL request [0-9]* of ord1 (orderer0.ord1.example.com) not signed: trade: the renewed certificates do not carry the keys' "$B/ord2/log")" = "0||1"
# the same request, but ord2 takes it for another organization's MSP
bft_world
mkdir_work ord1
mkdir_work ord2
as_org ord1 >/dev/null 2>&1
if as_org ord2 SIGN_FOR=ord1=Ord9MSP@ord1-net; then fc_fail "9 another MSP: ord2's run fails"; else fc_pass "9 another MSP: ord2's run fails"; fi
fc_check "9 another MSP: not signed (the update is not the one ord2 computes)" \
  test "$(grep -c signconfigtx "$B/ord2/calls")|$(grep -c 'not signed: trade: the update is not the one Ord2MSP computes for Ord9MSP' "$B/ord2/log")" = "0|1"

# an orderer that does not come back into the channel: await fails the run
bft_world
mkdir_work ord1
rm "$B/ord1/osn/orderer0-headless.ord1-net.svc.cluster.local:9443/trade"
if as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1 POLLS=2; then fc_fail "9 not back: the run fails"; else fc_pass "9 not back: the run fails"; fi
fc_check "9 not back: renewed and restarted, then the FAIL of await" \
  test "$(grep -c '^delete pod orderer0-0' "$B/ord1/events")|$(grep -c 'config-update: trade: FAIL orderer0.ord1.example.com is not an active consenter after 2 polls' "$B/ord1/log")" = "1|1"

# mutations of renew.sh: without the key check ord2 signs the first bad
# request, without its own computation the second: the checks above can fail
bft_mutant() {  # bft_mutant NAME SED-EXPRESSION [VAR=VALUE...]: ord2 signs with the mutant
  local name=$1 m=$FC_TMP/bft-mutant.sh
  sed "$2" "$script" >"$m"
  shift 2
  cmp -s "$m" "$script" && { fc_fail "9 mutant $name: the mutation changed nothing"; return; }
  bft_world
  mkdir_work ord1
  mkdir_work ord2
  if [[ $name == key* ]]; then evil_request; else as_org ord1 >/dev/null 2>&1; fi
  as_org ord2 SCRIPT="$m" "$@" >/dev/null 2>&1 || true
  if grep -q signconfigtx "$B/ord2/calls"; then fc_pass "9 mutant $name: ord2 signs (the refusal above notices)"; else fc_fail "9 mutant $name: ord2 still refuses"; fi
}
# shellcheck disable=SC2016  # sed expressions
bft_mutant "key check removed" '/if \[ "$s_id_key" != /,/^    fi$/d'
# shellcheck disable=SC2016
bft_mutant "own computation removed" '/if \[ "$(cu_state "bft\/verify\/$ch")" != pending \]/,/^    fi$/d' \
  SIGN_FOR=ord1=Ord9MSP@ord1-net

# one orderer organization's signature is enough (SIGNERS empty): one run
bft_world
mkdir_work ord1
fc_check "9 one signer: a single run renews" as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1
fc_check "9 one signer: computed, submitted (no signconfigtx), restarted; the request kept in a ConfigMap until then" \
  test "$(grep -c 'signconfigtx' "$B/ord1/calls")|$(grep -c 'channel update' "$B/ord1/calls")|$(grep -c '^delete pod orderer0-0' "$B/ord1/events")|$(grep -c configmap "$B/ord1/events")$(ls "$B/cm/ord1-net")|$(ledger_consenter 1 identity | pub_of_cert | wc -l)" = "0|1|1|2|4"
fc_check "9 one signer: the channel holds the Secret's renewed identity" \
  test "$(ledger_consenter 1 identity)" = "$(in_secret ord1 orderer0-msp signcert.pem)"

# a run that stopped after the submit (its update container never ran): the
# next one finds the channel holding the certificates and restarts
bft_world
mkdir_work ord1
(steps() { local s; for s in read reenroll consent send submit; do sh "$script" "$s" >>"$B/ord1/log" 2>&1 || return 1; done; }
  as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1) >/dev/null 2>&1
stopped_id=$(ledger_consenter 1 identity)
fc_check "9 stopped after submit: the channel holds a renewal, the Secrets not, the request kept" \
  test "$(test "$stopped_id" != "$(in_secret ord1 orderer0-msp signcert.pem)" && echo differ)|$(ls "$B/cm/ord1-net")" = "differ|fabchart-renew-ord1"
mkdir_work ord1
: >"$B/ord1/calls"
fc_check "9 the next run succeeds" as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1
fc_check "9 the next run: no reenroll, no update; the Secrets take what the channel holds, orderer0 restarted" \
  test "$(grep -c 'fabric-ca-client\|channel update' "$B/ord1/calls")|$(in_secret ord1 orderer0-msp signcert.pem)|$(grep -c '^delete pod orderer0-0' "$B/ord1/events")" = "0|$stopped_id|1"


# an organization with one orderer (ord2): its renewal is submitted, and
# awaited, through another organization's orderer that the channel's config
# names, with that organization's TLS root from the config
openssl req -new -key "$M/o2-orderer0-tls.key" -subj "/CN=orderer0.ord2.example.com" 2>/dev/null |
  openssl x509 -req -CA "$M/tlsca-ord2.crt" -CAkey "$M/tlsca-ord2.key" -days 1 \
    -set_serial "0x$(openssl rand -hex 8)" -out "$M/o2-orderer0-tls-short.crt" 2>/dev/null
export O2TLS=o2-orderer0-tls-short
bft_world
mkdir_work ord1
mkdir_work ord2
fc_check "9 one orderer: ord2's run 1 requests" as_org ord2
fc_check "9 one orderer: its first fetch (before any submit) through its own orderer0" \
  grep -q '^Ord2MSP peer channel fetch config .* -o orderer0.ord2-net.svc.cluster.local:7050 ' "$B/ord2/calls"
fc_check "9 one orderer: ord1 (nothing of its own within 1h) signs it" as_org ord1 WINDOW=1h
mkdir_work ord2
fc_check "9 one orderer: ord2's run 2 submits and renews" as_org ord2
# shellcheck disable=SC2016  # $WORK as written in the expected call
fc_check "9 one orderer: submitted through ord1's orderer0 with Ord1MSP's TLS root from the config" \
  grep -q "^Ord2MSP peer channel update -f .* -c trade -o orderer0.ord1-net.svc.cluster.local:7050 --tls --cafile $B/ord2/work/bft/tls/Ord1MSP/ca.crt " "$B/ord2/calls"
fc_check "9 one orderer: that TLS root is ord1's TLS CA" cmp -s "$B/ord2/work/bft/tls/Ord1MSP/ca.crt" "$M/tlsca-ord1.crt"
fc_check "9 one orderer: the channel's consenter 3 holds ord2's renewed certificates; orderer0 of ord2 restarted" \
  test "$(ledger_consenter 3 server_tls_cert)|$(grep -c '^delete pod orderer0-0' "$B/ord2/events")" = "$(in_secret ord2 orderer0-tls server.crt)|1"
unset O2TLS

# a request lost after its update went through (ConfigMap deleted): the next
# run re-enrolls, finds the channel holding other certificates of the same
# keys and puts those in the Secrets instead of its own
bft_world
mkdir_work ord1
(steps() { local s; for s in read reenroll consent send submit; do sh "$script" "$s" >>"$B/ord1/log" 2>&1 || return 1; done; }
  as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1) >/dev/null 2>&1
held=$(ledger_consenter 1 identity)
rm -f "$B/cm/ord1-net/fabchart-renew-ord1"
mkdir_work ord1
: >"$B/ord1/calls"
fc_check "9 lost request: the next run succeeds" as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1
fc_check "9 lost request: it re-enrolled, submitted nothing, the Secrets hold what the channel holds, orderer0 restarted" \
  test "$(grep -c 'reenroll -H .WORK/home/orderer0' "$B/ord1/calls")|$(grep -c 'channel update' "$B/ord1/calls")|$(in_secret ord1 orderer0-msp signcert.pem)|$(grep -c '^delete pod orderer0-0' "$B/ord1/events")" \
  = "2|0|$held|1"
fc_check "9 lost request: logged" grep -q 'renew: orderer0.ord1.example.com: the channel holds certificates of its keys that its Secrets lack' "$B/ord1/log"

# an update accepted but not seen in time: the request is kept, the run
# fails, nothing restarts; the next run checks, submits again and finishes
bft_world
mkdir_work ord1
: >"$B/ord1/lose-update"
if as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1; then fc_fail "9 not seen: the run fails"; else fc_pass "9 not seen: the run fails"; fi
fc_check "9 not seen: request kept, Secrets unchanged, no pod deleted" \
  test "$(ls "$B/cm/ord1-net")|$(grep -c '^delete pod' "$B/ord1/events")|$(in_secret ord1 orderer0-msp signcert.pem)" = "fabchart-renew-ord1|0|$(before_in ord1 orderer0-msp signcert.pem)"
mkdir_work ord1
fc_check "9 not seen: the next run finishes" as_org ord1 SIGNERS= SIGN_FOR= FAKE_NEEDED=1
fc_check "9 not seen: the channel and the Secrets agree, orderer0 restarted, request deleted" \
  test "$(ledger_consenter 1 identity)|$(grep -c '^delete pod orderer0-0' "$B/ord1/events")|$(ls "$B/cm/ord1-net")" = "$(in_secret ord1 orderer0-msp signcert.pem)|1|"
fi

if [[ $part == real ]]; then
# ---- real -------------------------------------------------------------------
# 9's first flow with the real configtxlator of Fabric 3 (proto_decode,
# proto_encode, compute_update on a real Block and real Envelopes) and the
# real `peer channel signconfigtx` (Ord2MSP's admin signs, an MSP made
# here); the peer's fetch serves the ledger's block, and its update plays the
# orderer: it counts the distinct MSP IDs of the envelope's signature
# headers (with the submitter's, as `peer channel update` adds it) against
# FAKE_NEEDED and applies the update's write set to the block
R=$FC_TMP/realbin
mkdir -p "$R"
ln -sf "$REAL_LATOR" "$R/configtxlator"
# the channel's config (bft_world's JSON) as a real config Block
real_block() {
  jq '{header: {number: "0"}, data: {data: [{payload: {header: {channel_header: {type: 1, channel_id: "trade"}},
      data: {config: .}}}]}}' "$B/ledger/trade.json" >"$B/ledger/trade.block.json"
  "$REAL_LATOR" proto_encode --input "$B/ledger/trade.block.json" --type common.Block \
    --output "$B/ledger/trade.block" || fc_die "configtxlator could not encode the channel's config"
}
cat >"$R/peer" <<'SH'
#!/usr/bin/env bash
# the peer of the real part (tests/renew/renew.sh real)
set -euo pipefail
echo "${CORE_PEER_LOCALMSPID:-?} peer $*" >>"$FAKE_DIR/calls"
L=$FAKE_DIR/ledger
opt() { local k=$1; shift; while (($#)); do [[ $1 == "$k" ]] && { echo "$2"; return; }; shift; done; }
case $2 in
  fetch) cp "$L/$(opt -c "$@").block" "$4" ;;
  signconfigtx) exec "$REAL_PEER" "$@" ;;
  update)
    f=$(opt -f "$@") t=$FAKE_DIR/orderer
    mkdir -p "$t"
    configtxlator proto_decode --input "$f" --type common.Envelope --output "$t/env.json"
    n=$(jq --arg m "$CORE_PEER_LOCALMSPID" '[.payload.data.signatures[].signature_header.creator.mspid, $m] | unique | length' "$t/env.json")
    if ((n < FAKE_NEEDED)); then
      echo "Error: got unexpected status: BAD_REQUEST -- implicit policy evaluation failed - $n sub-policies were satisfied, but this policy requires $FAKE_NEEDED of the 'Admins' sub-policies to be satisfied" >&2
      exit 1
    fi
    jq -c '[.payload.data.signatures[].signature_header.creator.mspid]' "$t/env.json" >"$FAKE_DIR/signers"
    configtxlator proto_decode --input "$L/trade.block" --type common.Block --output "$t/block.json"
    ws='.payload.data.config_update.write_set.groups.Orderer'
    jq --slurpfile e "$t/env.json" '
      ($e[0] | '"$ws"') as $w
      | .data.data[0].payload.data.config.channel_group.groups.Orderer.values.Orderers = $w.values.Orderers
      | .data.data[0].payload.data.config.channel_group.groups.Orderer.policies.BlockValidation = $w.policies.BlockValidation' \
      "$t/block.json" >"$t/new.json"
    configtxlator proto_encode --input "$t/new.json" --type common.Block --output "$L/trade.block"
    jq '.data.data[0].payload.data.config' "$t/new.json" >"$L/trade.json"
    echo "Successfully submitted channel update" >&2 ;;
  *) echo "peer: unexpected $*" >&2; exit 1 ;;
esac
SH
chmod +x "$R/peer"
export REAL_PEER PATH="$R:$PATH"
# Ord2MSP's admin: a real MSP of ca-ord2 for the real signconfigtx
issue ca-ord2 Admin@ord2.example.com 30 o2-admin
MSP2=$FC_TMP/ord2-admin-msp
mkdir -p "$MSP2/signcerts" "$MSP2/keystore" "$MSP2/cacerts" "$MSP2/admincerts"
cp "$M/o2-admin.crt" "$MSP2/signcerts/cert.pem"
cp "$M/o2-admin.crt" "$MSP2/admincerts/cert.pem"
cp "$M/o2-admin.key" "$MSP2/keystore/key_sk"
cp "$M/ca-ord2.crt" "$MSP2/cacerts/ca.pem"
MSP1=$FC_TMP/ord1-admin-msp
issue ca-ord1 Admin@ord1.example.com 30 o1-admin
mkdir -p "$MSP1/signcerts" "$MSP1/keystore" "$MSP1/cacerts" "$MSP1/admincerts"
cp "$M/o1-admin.crt" "$MSP1/signcerts/cert.pem"
cp "$M/o1-admin.crt" "$MSP1/admincerts/cert.pem"
cp "$M/o1-admin.key" "$MSP1/keystore/key_sk"
cp "$M/ca-ord1.crt" "$MSP1/cacerts/ca.pem"
export FABRIC_CFG_PATH=${REAL_PEER%/bin/peer}/config
bft_world
cp "$B/ledger/trade.block" "$B/trade-before.block"
mkdir_work ord1
mkdir_work ord2
fc_check "real: ord1, run 1: the request (real configtxlator)" as_org ord1 CORE_PEER_MSPCONFIGPATH="$MSP1"
fc_check "real: ord2 signs it (real configtxlator, real signconfigtx)" as_org ord2 CORE_PEER_MSPCONFIGPATH="$MSP2"
req_env() {  # the request as ord2 keeps it, decoded
  local t=$FC_TMP/req
  rm -rf "$t"
  mkdir -p "$t"
  base64 -d "$B/cm/ord2-net/fabchart-renew-ord1" | tar -C "$t" -xf - &&
    "$REAL_LATOR" proto_decode --input "$t/trade/update.pb" --type common.Envelope --output "$t/env.json"
}
real_update() {  # the signed Envelope: Ord2MSP's signature; the write set changes the two values alone
  req_env || return 1
  jq -e '
    .payload.header.channel_header.channel_id == "trade" and .payload.header.channel_header.type == 2
    and ([.payload.data.signatures[].signature_header.creator.mspid] == ["Ord2MSP"])
    and (.payload.data.signatures[0].signature | length > 60)
    and (.payload.data.config_update.write_set.groups.Orderer.values | keys == ["Orderers"])
    and (.payload.data.config_update.write_set.groups.Orderer.values.Orderers.version == "1")
    and (.payload.data.config_update.write_set.groups.Orderer.policies | keys == ["BlockValidation"])
    and (.payload.data.config_update.write_set.groups.Orderer.policies.BlockValidation.version == "1")' \
    "$FC_TMP/req/env.json" >/dev/null
}
fc_check "real: the Envelope carries Ord2MSP's real signature; the update writes Orderers and BlockValidation (version 1) alone" real_update
mkdir_work ord1
fc_check "real: ord1, run 2: submits and renews" as_org ord1 CORE_PEER_MSPCONFIGPATH="$MSP1"
fc_check "real: the orderer saw Ord2MSP's signature (and Ord1MSP's as submitter)" test "$(cat "$B/ord1/signers")" = '["Ord2MSP"]'
matches_policy() {  # Fabric's checkConsentersMatchPolicy (smartbft/configverifier.go) on a real block
  "$REAL_LATOR" proto_decode --input "$1" --type common.Block --output "$FC_TMP/after.json" &&
    jq -e '.data.data[0].payload.data.config.channel_group.groups.Orderer
      | .values.Orderers.value.consenter_mapping as $m | ($m | length) as $n | ((($n - 1) / 3) | floor) as $f
      | .policies.BlockValidation.policy.value as $p
      | ($p.identities | map({m: .principal.mspid, i: .principal.id_bytes, c: .principal_classification}))
        == ($m | map({m: .msp_id, i: .identity, c: "IDENTITY"}))
        and $p.rule.n_out_of.n == ((($n + $f + 1) / 2) | ceil)
        and ($p.rule.n_out_of.rules | map(.signed_by)) == [range($n)]' "$FC_TMP/after.json" >/dev/null
}
fc_check "real: the new block's BlockValidation policy is the one Fabric builds from the consenter mapping (as the first's)" \
  matches_policy "$B/ledger/trade.block"
fc_check "real: (the first block's matches too: ComputeBFTQuorum(3, 0) = 2)" matches_policy "$B/trade-before.block"
fc_check "real: the channel's consenter 1 holds the Secrets' renewed certificates" \
  test "$(ledger_consenter 1 identity)|$(ledger_consenter 1 server_tls_cert)" = "$(in_secret ord1 orderer0-msp signcert.pem)|$(in_secret ord1 orderer0-tls server.crt)"
new_id=$(in_secret ord1 orderer0-msp signcert.pem)
new_tls=$(in_secret ord1 orderer0-tls server.crt)
fc_check "real: new certificates, the same keys" renewed_same_key
fc_check "real: the update first, then orderer0 alone restarted" update_then_restart
fi

fc_finish
