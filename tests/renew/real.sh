#!/usr/bin/env bash
# renew_real: the reenroll step of files/scripts/renew.sh with the real
# fabric-ca-client of $FC_FABRIC_CA_BIN_DIR against a real fabric-ca-server
# on 127.0.0.1 (TLS on) serving two CAs as the fabric-ca mode does, ca-org1
# (the server's default CA) and tlsca-org1 (--cafiles, profile tls).  peer0
# is registered and enrolled at both (MSP; TLS with csr.hosts and profile
# tls), then renew.sh reenroll runs with a window longer than every lifetime:
# openssl checks that each new certificate is for the SAME key (and the
# client wrote no key of its own), is new (serial), chains to its own CA and
# not to the other, keeps the CN and the OU, and names the list's hosts (TLS).
# Then renew.sh without --csr.keyrequest.reusekey: the real client makes a new
# key and the step refuses it.  Without $FC_FABRIC_CA_BIN_DIR: Skipped, also
# under CI=true (no such build in CI).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init renew_real
fc_require_fabric_ca
BIN=$FC_FABRIC_CA_BIN
fc_require_cmd openssl
script=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/renew.sh
export CERTS=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/certs.sh  # the mutant copy has none beside it
version=$("$BIN/fabric-ca-server" version 2>&1 | sed -n 's/^ *Version: *//p')
echo "fabric-ca-server and fabric-ca-client $version ($BIN)"
S=$FC_TMP/srv
mkdir -p "$S/tlsca" "$FC_TMP/bin"
ln -s "$BIN/fabric-ca-client" "$FC_TMP/bin/fabric-ca-client"
cat >"$S/tlsca/fabric-ca-server-config.yaml" <<'YAML'
ca:
  name: tlsca-org1
csr:
  cn: tlsca-org1
registry:
  maxenrollments: -1
  identities:
    - name: admin
      pass: adminpw
      type: client
      affiliation: ""
      attrs: {hf.Registrar.Roles: "*", hf.Registrar.DelegateRoles: "*", hf.Revoker: true,
              hf.IntermediateCA: true, hf.GenCRL: true, hf.Registrar.Attributes: "*",
              hf.AffiliationMgr: true}
signing:
  default: {usage: [digital signature], expiry: 8760h}
  profiles:
    tls: {usage: [signing, key encipherment, server auth, client auth, key agreement], expiry: 8760h}
YAML
port=$(fc_free_port) ops=$(fc_free_port)
FABRIC_CA_SERVER_COMPATIBILITY_MODE_V1_3=false "$BIN/fabric-ca-server" start -b admin:adminpw -H "$S" \
  --ca.name ca-org1 --address 127.0.0.1 --port "$port" --tls.enabled --csr.hosts localhost \
  --cafiles tlsca/fabric-ca-server-config.yaml --operations.listenaddress "127.0.0.1:$ops" \
  >"$FC_TMP/server.log" 2>&1 &
SERVER_PID=$!
fc_on_exit "kill $SERVER_PID"
for ((i = 0; i < 300; i++)); do
  grep -q 'Listening on https' "$FC_TMP/server.log" && break
  sleep 0.1
done
grep -q 'Listening on https' "$FC_TMP/server.log" || { tail -n 20 "$FC_TMP/server.log"; fc_die "fabric-ca-server did not start"; }

C=$BIN/fabric-ca-client
U=https://localhost:$port
T=$S/ca-cert.pem  # the server's own TLS certificate is issued by its default CA
N=peer0.org1.example.com
H=peer0,peer0.org1-net,peer0.org1-net.svc.cluster.local
q() { "$C" "$@" --tls.certfiles "$T" >>"$FC_TMP/client.log" 2>&1; }
setup() {
  local ca
  for ca in ca-org1 tlsca-org1; do
    q enroll -u "https://admin:adminpw@localhost:$port" --caname "$ca" -H "$FC_TMP/admin-$ca" &&
      q register -u "$U" --caname "$ca" -H "$FC_TMP/admin-$ca" --id.name "$N" --id.secret pw --id.type peer ||
      return 1
  done
  q enroll -u "https://$N:pw@localhost:$port" --caname ca-org1 -H "$FC_TMP/msp" --csr.cn "$N" --csr.hosts "$N" \
    --csr.names "C=US,ST=California,L=San Francisco" &&
    q enroll -u "https://$N:pw@localhost:$port" --caname tlsca-org1 -H "$FC_TMP/tls" --csr.cn "$N" --csr.hosts "$H" \
      --csr.names "C=US,ST=California,L=San Francisco" --enrollment.profile tls
}
fc_check "peer0 enrolled at ca-org1 and tlsca-org1 (fabric-ca $version)" setup
TLSCA=$S/tlsca/ca-cert.pem

work() {  # a work directory as renew.sh read leaves it: peer0's pairs and the CA bundle
  W=$FC_TMP/work.$1
  mkdir -p "$W/ids/$N/msp" "$W/ids/$N/tls"
  for k in msp tls; do
    cp "$FC_TMP/$k/msp/signcerts/cert.pem" "$W/ids/$N/$k/cert.pem"
    cp "$FC_TMP/$k/msp/keystore/"*_sk "$W/ids/$N/$k/key.pem"
  done
  cat "$T" "$TLSCA" >"$W/ca-tls.pem"
  echo "peer $N crypto-config/peerOrganizations/org1.example.com/peers/$N $H" >"$FC_TMP/list"
}
reenroll() {  # reenroll WORK SCRIPT
  PATH="$FC_TMP/bin:$PATH" WORK=$1 LIST=$FC_TMP/list ORG=org1 CA_URL=$U WINDOW=87600h TLS_PROFILE=tls \
    sh "$2" reenroll >>"$FC_TMP/renew.log" 2>&1
}
work 1
fc_check "renew.sh reenroll: peer0's MSP and TLS certificates (window longer than their lifetime)" reenroll "$W" "$script"
pub() { openssl x509 -in "$1" -noout -pubkey; }
for k in msp tls; do
  id=$W/ids/$N/$k
  if [[ $k == msp ]]; then own=$T other=$TLSCA; else own=$TLSCA other=$T; fi
  fc_check "$k: the new certificate is for the same key" cmp <(pub "$id/new.pem") <(openssl pkey -in "$id/key.pem" -pubout)
  fc_check "$k: the client wrote no key of its own" test "$(ls "$W/home/$N-$k/msp/keystore")" = key.pem
  fc_check "$k: a new certificate (another serial)" test "$(openssl x509 -in "$id/new.pem" -noout -serial)" != \
    "$(openssl x509 -in "$id/cert.pem" -noout -serial)"
  fc_check "$k: chains to its own CA" openssl verify -CAfile "$own" "$id/new.pem"
  fc_check "$k: not to the other" bash -c "! openssl verify -CAfile '$other' '$id/new.pem' >/dev/null 2>&1"
  fc_expect_lines "$k: the subject kept (CN, OU peer, names)" \
    "$(openssl x509 -in "$id/cert.pem" -noout -subject -nameopt RFC2253)" \
    "$(openssl x509 -in "$id/new.pem" -noout -subject -nameopt RFC2253)"
done
fc_expect_lines "tls: SANs are the list's hosts" "DNS:peer0,DNS:peer0.org1-net,DNS:peer0.org1-net.svc.cluster.local" \
  "$(openssl x509 -in "$W/ids/$N/tls/new.pem" -noout -ext subjectAltName | tail -n +2 | tr -d ' ')"
fc_check "tls: for server and client auth" bash -c \
  "openssl x509 -in '$W/ids/$N/tls/new.pem' -noout -ext extendedKeyUsage | grep -q 'TLS Web Server Authentication, TLS Web Client Authentication'"

# without reusekey the real client makes a new key: the step refuses it
sed 's/ --csr.keyrequest.reusekey//' "$script" >"$FC_TMP/mutant.sh"
work 2
: >"$FC_TMP/renew.log"
if reenroll "$W" "$FC_TMP/mutant.sh"; then fc_fail "without reusekey: the step fails"; else fc_pass "without reusekey: the step fails"; fi
fc_check "without reusekey: refused as a new key" grep -q "renew: FAIL $N msp: reenroll made a new key" "$FC_TMP/renew.log"
fc_check "without reusekey: nothing recorded as renewed" test ! -s "$W/renewed"
fc_finish
