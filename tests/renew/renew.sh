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
#   5  orderers: Raft (etcdraft) orderers are renewed; BFT consenters are
#      refused with a FAIL line and a non-zero exit, nothing of theirs changes
#   6  mutations of renew.sh (no reusekey and no key guard; no wait for Ready)
#      make the checks of 2 fail: the checks can fail
#   7  WINDOW parsing (Go durations)
#   8  where busybox is installed: 2 again under busybox sh and its applets
# Needs bash, openssl, python3 with yaml, and kubectl (only for printing
# objects locally: label --local, create --dry-run=client).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init renew_script
fc_require_cmd openssl
fc_require_cmd kubectl
python3 -c 'import yaml' 2>/dev/null || fc_skip "python3 yaml"
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
  KUBECONFIG=/dev/null "$FAKE_KUBECTL" create secret generic "$name" -n org1-net "${data[@]}" \
    --dry-run=client -o json |
    python3 -c 'import json,sys; o=json.load(sys.stdin); o["metadata"]["labels"]={"app.kubernetes.io/managed-by":"fabchart"}; print(json.dumps(o))' \
    >"$STATE/secrets/$name.json"
}
# pod NAME KIND/OWNER SECRET...: a Ready pod using the Secrets (a volume, a
# projected volume and an env reference, as the chart's pods do)
pod() {
  python3 - "$@" >"$STATE/pods/$1.json" <<'PY'
import json, sys, uuid
name, owner, secrets = sys.argv[1], sys.argv[2], sys.argv[3:]
kind, oname = owner.split("/")
vols = [{"name": "v%d" % i, "secret": {"secretName": s}} for i, s in enumerate(secrets) if s.endswith("-tls")]
proj = [{"secret": {"name": s}} for s in secrets if not s.endswith("-tls") and not s.endswith("-ccaas")]
if proj:
    vols.append({"name": "msp", "projected": {"sources": proj}})
env = [{"name": "E%d" % i, "valueFrom": {"secretKeyRef": {"name": s, "key": "k"}}}
       for i, s in enumerate(secrets) if s.endswith("-ccaas")]
print(json.dumps({"apiVersion": "v1", "kind": "Pod",
    "metadata": {"name": name, "namespace": "org1-net", "uid": str(uuid.uuid4()),
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
steps() {  # the CronJob's three containers, in order; the first failure ends it
  local s
  for s in read reenroll update; do
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
if run WINDOW=48h ORG=ord CONSENSUS=BFT LIST="$FC_TMP/ord.list" PLAN="$FC_TMP/ord.plan"; then
  fc_fail "5 BFT: an expiring consenter certificate fails the run"
else
  fc_pass "5 BFT: an expiring consenter certificate fails the run"
fi
fc_check "5 BFT: the refusal is logged" grep -q 'renew: FAIL orderer0.ord.example.com tls: expires within 48h, but a BFT consenter' "$FAKE_DIR/log"
fc_check "5 BFT: no reenroll, no Secret replaced, no pod deleted" \
  test -z "$(calls_of fabric-ca-client)$(cat "$FAKE_DIR/events")"
orderer_org
fc_check "5 Raft: the consenter's TLS certificate is renewed" run WINDOW=48h ORG=ord CONSENSUS=etcdraft \
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

fc_finish
