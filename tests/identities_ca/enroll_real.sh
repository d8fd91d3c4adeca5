#!/usr/bin/env bash
# identities_ca_real: the shipper organization of samples/consortium-ca.yaml
# (identities: fabric-ca).  Its CA as templates/ca.yaml configures it (its
# ConfigMap ca-config and the StatefulSet's command and environment, from
# `helm template`) run as a real fabric-ca-server on 127.0.0.1, and its
# enrollment Job as templates/enroll.yaml renders it (the ConfigMap's
# enroll.sh, identities.sh, list and plan; the containers' environment) with
# the real fabric-ca-server init and fabric-ca-client of $FC_FABRIC_CA_BIN_DIR
# against it; the cluster is the bring-up test's emulated one
# (tests/bringup/fake), the Job's kubectl calls authorized by the rendered Role.  openssl checks that the
# MSP certificates chain to the signing root and the TLS pairs to the TLS
# root (and not to the other), the TLS SANs, the NodeOU of each identity, the
# lifetimes (node 100h, admin 200h, tls 300h, ca 1000h), and a re-run issues
# nothing.  Without $FC_FABRIC_CA_BIN_DIR: Skipped, also under CI=true.
# Differences from a cluster, all in how it is reached: the server listens on
# free ports of 127.0.0.1 and its TLS certificate also names "localhost" (the
# name the Job dials here instead of ca.<namespace>.svc...).
set -uo pipefail
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init identities_ca_real
fc_require_fabric_ca
BIN=$FC_FABRIC_CA_BIN
fc_require_helm
fc_require_python
fc_require_cmd openssl
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export FC_BRINGUP_STATE=$FC_TMP/state FC_FAKE_CA=$FC_TMP/ca FC_BRINGUP_ADMIN=1
export FC_BRINGUP_FAKE=$FABCHART_SOURCE_DIR/tests/bringup/fake PYTHONDONTWRITEBYTECODE=1
mkdir -p "$FC_BRINGUP_STATE" "$FC_FAKE_CA" "$FC_TMP/bin"
echo '{}' >"$FC_BRINGUP_STATE/objects.json"
# the real tools, each call of the client recorded (subcommand, CA, id)
cp "$BIN/fabric-ca-server" "$FC_TMP/bin/"
cat >"$FC_TMP/bin/fabric-ca-client" <<EOS
#!/bin/sh
echo "\$*" | sed 's#://[^:@/]*:[^@/]*@#://#' >>"$FC_FAKE_CA/client.calls"
exec "$BIN/fabric-ca-client" "\$@"
EOS
chmod +x "$FC_TMP/bin/fabric-ca-client"
ln -s "$HERE/fake/kubectl" "$FC_TMP/bin/kubectl"
export PATH=$FC_TMP/bin:$PATH
version=$("$BIN/fabric-ca-server" version 2>&1 | sed -n 's/^ *Version: *//p')
echo "fabric-ca-server and fabric-ca-client $version ($BIN)"

# the chart, lifetimes apart so that each is seen (the topology's certificates)
sed -e 's/^  lifetimes: .*/  lifetimes: {node: 100h, admin: 200h, tls: 300h, ca: 1000h}/' \
  -e 's/^  renewal: {window: [^,]*,/  renewal: {window: 50h,/' \
  "$FABCHART_SOURCE_DIR/samples/consortium-ca.yaml" >"$FC_TMP/consortium-ca.yaml"
fc_build "$FC_TMP/consortium-ca.yaml" "$FC_TMP/out" || fc_die "fabchart build failed"
chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart") || fc_die "unpack failed"
grep -q 'node: "100h"' "$chart/values.yaml" || fc_die "the lifetimes are not in the chart's values"
"$FC_HELM3" template fc "$chart" --set operations.tls.enabled=true >"$FC_TMP/rendered.yaml" \
  || fc_die "helm template failed"
NS=shipper-consortium D=shipper.consortium.example
"$FC_PYTHON" "$HERE/ca_server.py" "$FC_TMP/rendered.yaml" $NS "$FC_TMP/srv" "$FC_TMP/job" || fc_die "no CA or Job rendered"
"$FC_PYTHON" "$HERE/state.py" namespaces "$FC_TMP/rendered.yaml"
"$FC_PYTHON" "$HERE/state.py" seed "$FC_TMP/rendered.yaml"
mkdir -p "$FC_TMP/sa"
echo "system:serviceaccount:$NS:fabchart-enroll" >"$FC_TMP/sa/token"
echo "$NS" >"$FC_TMP/sa/namespace"
export FC_FAKE_SA=$FC_TMP/sa
JOBLIST=$FC_TMP/job/config/enroll.list
O=crypto-config/peerOrganizations/$D
A=Admin@$D P=peer0.$D C=ca.$D
hosts_of() { grep " [^ ]*/$1 " "$JOBLIST" | awk '{ print $4 }'; }
port=$(fc_free_port)
ops=$(fc_free_port)
boot=$(fc_free_port)
SERVER_PID=
# shellcheck disable=SC2016  # the pid when the test ends
fc_on_exit 'kill $SERVER_PID'

# start_ca: the CA's container: the ca-roots and ca-admin Secrets as the pod sees them
start_ca() {
  local s k path
  while read -r _ _ s k path; do
    "$FC_PYTHON" "$HERE/state.py" secret $NS "$s" "$k" >"$FC_TMP/srv/$path"
  done < <(grep '^# key ' "$FC_TMP/srv/run.sh")
  (
    export CA_ADMIN CA_ADMIN_PASSWORD
    CA_ADMIN=$("$FC_PYTHON" "$HERE/state.py" secret $NS ca-admin username)
    CA_ADMIN_PASSWORD=$("$FC_PYTHON" "$HERE/state.py" secret $NS ca-admin password)
    sed -e "s/^export FABRIC_CA_SERVER_PORT=.*/export FABRIC_CA_SERVER_PORT=$port/" \
      -e "s/^export FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS=.*/export FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS=127.0.0.1:$ops/" \
      -e 's/^export FABRIC_CA_SERVER_CSR_HOSTS=.*/&,localhost/' "$FC_TMP/srv/run.sh" >"$FC_TMP/srv/run-here.sh"
    # fabric-ca v1.5.15's default (lib/server.go initConfig); v1.5.12's was true
    export FABRIC_CA_SERVER_COMPATIBILITY_MODE_V1_3=false FABRIC_CA_SERVER_ADDRESS=127.0.0.1
    exec sh "$FC_TMP/srv/run-here.sh"
  ) >"$FC_TMP/server.log" 2>&1 &
  SERVER_PID=$!
}

# job: one pod of shipper's enrollment Job; the CA starts once share made its Secrets
RUNS=0
job() {
  local step
  RUNS=$((RUNS + 1))
  RUNDIR=$FC_TMP/work.$RUNS LOG=$FC_TMP/work.$RUNS.log
  mkdir -p "$RUNDIR"
  : >"$FC_FAKE_CA/client.calls"
  for step in restore roots share enroll upload; do
    if [[ $step == enroll && -z "$SERVER_PID" ]]; then start_ca; fi
    # the rendered Job's environment; its /config here, the CA on 127.0.0.1
    # (the paths are set after env.sh, which sets WORK=/work and /config/...)
    # shellcheck disable=SC1091
    if ! (set -a && . "$FC_TMP/job/env.sh" && export WORK=$RUNDIR PLAN=$FC_TMP/job/config/enroll.plan \
      LIST=$JOBLIST IDENTITIES_SH=$FC_TMP/job/config/identities.sh CA_HOST=localhost CA_PORT=$port \
      CA_WAIT=30 OPS_BOOT_PORT=$boot && case $WORK in "$FC_TMP"/*) ;; *) exit 9 ;; esac &&
      sh "$FC_TMP/job/config/enroll.sh" "$step") >>"$LOG" 2>&1; then
      echo "step $step failed" >>"$LOG"
      return 1
    fi
  done
}

if job; then fc_pass "first run against fabric-ca $version"; else
  fc_fail "first run against fabric-ca $version"; tail -n 30 "$LOG" "$FC_TMP/server.log"; fi
W=$RUNDIR
fc_expect_lines "every path of the plan is in the work directory" "" "$("$FC_PYTHON" "$HERE/state.py" paths "$FC_TMP/job/config/enroll.plan" "$W")"
CA=$W/$O/ca/ca.$D-cert.pem TLSCA=$W/$O/tlsca/tlsca.$D-cert.pem
# shellcheck disable=SC2317  # run by fc_check
verify() { openssl verify -x509_strict -CAfile "$1" "$2"; }
# shellcheck disable=SC2317
notverify() { ! openssl verify -CAfile "$1" "$2" >/dev/null 2>&1; }
days() {  # the certificate's lifetime in hours
  local nb na
  nb=$(date -d "$(openssl x509 -in "$1" -noout -startdate | cut -d= -f2)" +%s)
  na=$(date -d "$(openssl x509 -in "$1" -noout -enddate | cut -d= -f2)" +%s)
  echo $(((na - nb) / 3600))
}
subject() { openssl x509 -in "$1" -noout -subject -nameopt RFC2253 | sed 's/^subject=//'; }
sans() { openssl x509 -in "$1" -noout -ext subjectAltName | tail -n +2 | tr -d ' '; }
for id in "peers/$P" "users/$A"; do
  n=${id#*/}
  side=server; [[ $id == users/* ]] && side=client
  fc_check "$n: MSP certificate chains to the signing root" verify "$CA" "$W/$O/$id/msp/signcerts/$n-cert.pem"
  fc_check "$n: MSP certificate does not chain to the TLS root" notverify "$TLSCA" "$W/$O/$id/msp/signcerts/$n-cert.pem"
  fc_check "$n: TLS certificate chains to the TLS root" verify "$TLSCA" "$W/$O/$id/tls/$side.crt"
  fc_check "$n: TLS certificate does not chain to the signing root" notverify "$CA" "$W/$O/$id/tls/$side.crt"
  fc_check "$n: tls/$side.key is the TLS certificate's key" cmp <(openssl x509 -in "$W/$O/$id/tls/$side.crt" -noout -pubkey) \
    <(openssl pkey -in "$W/$O/$id/tls/$side.key" -pubout)
  fc_check "$n: msp/keystore/priv_sk is the MSP certificate's key" cmp <(openssl x509 -in "$W/$O/$id/msp/signcerts/$n-cert.pem" -noout -pubkey) \
    <(openssl pkey -in "$W/$O/$id/msp/keystore/priv_sk" -pubout)
  fc_check "$n: TLS certificate for server and client auth" bash -c "openssl x509 -in '$W/$O/$id/tls/$side.crt' -noout -ext extendedKeyUsage | grep -q 'TLS Web Server Authentication, TLS Web Client Authentication'"
done
fc_expect_lines "peer0: MSP subject: OU peer, CN its host" "CN=$P,OU=peer,L=San Francisco,ST=California,C=US" "$(subject "$W/$O/peers/$P/msp/signcerts/$P-cert.pem")"
fc_expect_lines "Admin: MSP subject: OU admin, CN $A" "CN=$A,OU=admin,L=San Francisco,ST=California,C=US" "$(subject "$W/$O/users/$A/msp/signcerts/$A-cert.pem")"
fc_expect_lines "peer0: TLS SANs: the list's hosts" \
  "$(hosts_of "$P" | sed 's/^/DNS:/; s/,/,DNS:/g')" "$(sans "$W/$O/peers/$P/tls/server.crt")"
fc_expect_lines "CA operations pair: TLS SANs: the list's hosts" "$(hosts_of "$C" | sed 's/^/DNS:/; s/,/,DNS:/g')" \
  "$(sans "$W/crypto-servers/peerOrganizations/$D/peers/$C/tls/server.crt")"
fc_check "CA operations pair chains to the TLS root" verify "$TLSCA" "$W/crypto-servers/peerOrganizations/$D/peers/$C/tls/server.crt"
fc_expect_lines "lifetimes in hours: peer0 MSP (node), Admin MSP (admin), peer0 TLS (tls), Admin TLS (tls), roots (ca)" \
  "100 200 300 300 1000 1000" "$(days "$W/$O/peers/$P/msp/signcerts/$P-cert.pem") $(days "$W/$O/users/$A/msp/signcerts/$A-cert.pem") $(days "$W/$O/peers/$P/tls/server.crt") $(days "$W/$O/users/$A/tls/client.crt") $(days "$CA") $(days "$TLSCA")"
fc_expect_lines "roots: subjects as cryptogen's" \
  "CN=ca.$D,O=$D,L=San Francisco,ST=California,C=US
CN=tlsca.$D,O=$D,L=San Francisco,ST=California,C=US" "$(subject "$CA"; subject "$TLSCA")"
fc_check "the signing root is a CA" bash -c "openssl x509 -in '$CA' -noout -ext basicConstraints | grep -q 'CA:TRUE'"
fc_check "NodeOUs: peer0's MSP config.yaml names its CA certificate, which is there" \
  bash -c "grep -q 'Certificate: cacerts/ca.$D-cert.pem' '$W/$O/peers/$P/msp/config.yaml' && cmp '$CA' '$W/$O/peers/$P/msp/cacerts/ca.$D-cert.pem'"
fc_check "the CA's own TLS certificate (made by the server) chains to the signing root" \
  bash -c "openssl s_client -connect 127.0.0.1:$port -servername localhost -CAfile '$CA' -verify_return_error </dev/null 2>&1 | grep -q 'Verify return code: 0'"
fc_check "the CA's operations endpoint serves Secret ca-operations-tls (issued before the CA started), verified with the TLS root" \
  bash -c "openssl s_client -connect 127.0.0.1:$ops -servername $C -CAfile '$TLSCA' -verify_return_error </dev/null 2>/dev/null | grep -q 'Verify return code: 0'"
fc_expect_lines "the CA's operations pair: issued in the roots step, not enrolled again" \
  "enroll: issued the CA's operations TLS pair ($C) with the TLS CA root
enroll: kept $C" "$(grep "($C)\|kept $C" "$LOG")"
fc_check "no registered password is in a Secret" bash -c "! grep -o 'id.secret [^ ]*' '$FC_FAKE_CA/client.calls' | cut -d' ' -f2 | grep -qF -f - '$FC_BRINGUP_STATE/objects.json'"
secrets1=$("$FC_PYTHON" "$HERE/state.py" secrets $NS)

# a re-run issues nothing (the CA still up)
if job; then fc_pass "re-run"; else fc_fail "re-run"; tail -n 30 "$LOG"; fi
fc_expect_lines "re-run: no fabric-ca-client call" "" "$(cat "$FC_FAKE_CA/client.calls")"
fc_expect_lines "re-run: every Secret unchanged" "$secrets1" "$("$FC_PYTHON" "$HERE/state.py" secrets $NS)"
# the CA restarted (a new pod: configuration written again from the ConfigMap)
# and peer0's TLS Secret lost: registered already, peer0 gets a new secret and
# only its TLS pair
kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null; SERVER_PID=
"$FC_PYTHON" "$HERE/state.py" delete $NS peer0-tls
start_ca
if job; then fc_pass "run with peer0-tls missing, CA restarted"; else fc_fail "run with peer0-tls missing, CA restarted"; tail -n 30 "$LOG" "$FC_TMP/server.log"; fi
fc_expect_lines "only peer0's TLS pair issued (identity modify, enroll at tlsca-shipper)" \
"getcainfo ca-shipper
enroll ca-shipper admin
enroll tlsca-shipper admin
register tlsca-shipper $P
identity tlsca-shipper $P
enroll tlsca-shipper $P" \
  "$(awk '{ id = ""; ca = ""; for (i = 1; i <= NF; i++) { if ($i == "--caname") ca = $(i + 1); if ($i == "--id.name" || $i == "--csr.cn") id = $(i + 1); if ($1 == "identity") id = $3 }
           if ($1 == "enroll" && id == "") id = "admin"; print $1, ca, id }' "$FC_FAKE_CA/client.calls" | sed 's/ *$//' | uniq)"
fc_check "peer0's new TLS certificate chains to the same TLS root" verify "$TLSCA" "$RUNDIR/$O/peers/$P/tls/server.crt"
fc_finish
