#!/usr/bin/env bash
# tests/chaincode/tls_fabric.sh: peer-to-chaincode TLS (issue 16) with Fabric's
# own tools, for samples/chaincode-3.x.yaml (its chaincode `transfers` has
# `tls: true`, `reports` none):
#   1  the chart's identity Job step `generate` (files/scripts/identities.sh)
#      with the real cryptogen of 3.1.1: each server's pair (Secret
#      <server>-tls) is issued by its organization's TLS CA and names the
#      server's Service; its signing certificate chains to no MSP CA; a second
#      run keeps every pair and every peer's ccaas configuration byte for byte;
#   2  the real ccaas builder (`build`, Fabric v3.1.1 ccaas_builder) on each TLS
#      package of the chart, with the peer's CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG
#      (Secret <peer>-ccaas): the connection.json it writes has the TLS CA
#      certificate and the peer's own TLS pair, and a package without TLS
#      stays without;
#   3  a mutual TLS handshake on 127.0.0.1 between `openssl s_server` with the
#      server's pair, requiring a client certificate of the organization's TLS
#      CA (as CHAINCODE_CLIENT_CA_CERT), and `openssl s_client` with what the
#      builder wrote, verifying the server for the host of connection.json's
#      address (what the peer dials); and the peer of another organization
#      (its TLS CA) is refused.
# Needs FC_FABRIC_BIN_DIR with v3.1.1/bin/cryptogen and v3.1.1/ccaas/bin/build
# (built from Fabric's ccaas_builder at v3.1.1); without them: Skipped (77),
# also under CI=true, as the other tests of real Fabric tools.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init chaincode_tls_fabric
bin=${FC_FABRIC_BIN_DIR:-}
if [[ -z $bin || ! -x $bin/v3.1.1/bin/cryptogen || ! -x $bin/v3.1.1/ccaas/bin/build ]]; then
  echo "skipped: no v3.1.1/bin/cryptogen and v3.1.1/ccaas/bin/build under FC_FABRIC_BIN_DIR ('$bin')" >&2
  exit 77
fi
fc_require_cmd openssl
fc_require_python

fc_build "$FABCHART_SOURCE_DIR/samples/chaincode-3.x.yaml" "$FC_TMP/out" || fc_finish
files=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart")/files
ids=$FC_TMP/ids
fc_identities_generate "$files" "$ids" "$bin/v3.1.1/bin" 3 ||
  { fc_fail "identities.sh generate"; tail -n 5 "$ids.log"; fc_finish; }

# servers: NAMESPACE SERVICE PORT of every chaincode server with TLS (its Secret <service>-tls)
mapfile -t servers < <(awk '$2 ~ /-tls$/ && $4 ~ /^ca\.crt=crypto-servers\// { print $1, substr($2, 1, length($2) - 4) }' \
  "$files/identities.plan" | grep -v ' ca-operations$')
fc_check "the plan has a pair for each of the 3 servers of transfers" test "${#servers[@]}" -eq 3
snapshot() { find "$ids/crypto-servers" "$ids/ccaas" -type f \( -name 'server.*' -o -name '*.json' \) -exec md5sum {} + | sort; }
first=$(snapshot)

# the first organization of the plan (the orderer organization) has another TLS CA: its admin is refused
other_ns=$(awk '$2 == "org-certs" { print $1; exit }' "$files/identities.plan")
for entry in "${servers[@]}"; do
  read -r ns service <<<"$entry"
  dir=$ids/$(dirname "$(fc_plan_path "$files" "$service-tls" server.crt "$ns")")
  tlsca=$ids/$(fc_plan_path "$files" org-certs tlsca.crt "$ns")
  cacert=$ids/$(fc_plan_path "$files" org-certs ca.crt "$ns")
  fqdn="$service.$ns.svc.cluster.local"
  fc_check "$ns/$service-tls: issued by the organization's TLS CA" \
    openssl verify -CAfile "$tlsca" "$dir/server.crt"
  fc_check "$ns/$service-tls: names $fqdn" \
    openssl x509 -in "$dir/server.crt" -noout -checkhost "$fqdn"
  fc_check "$ns/$service-tls: its ca.crt is the TLS CA" cmp -s "$dir/ca.crt" "$tlsca"
  signcert=$(echo "${dir%/tls}"/msp/signcerts/*.pem)
  if openssl verify -CAfile "$cacert" "$signcert" >/dev/null 2>&1; then
    fc_fail "$ns/$service: its signing certificate chains to the organization's MSP CA"
  else
    fc_pass "$ns/$service: its signing certificate is no identity of the organization's MSP"
  fi

  # the package of this server, built by the real ccaas builder for the org's first peer
  peer=$(awk -v ns="$ns" '$1 == ns && $2 ~ /-ccaas$/ { print substr($2, 1, length($2) - 6); exit }' "$files/identities.plan")
  config=$ids/$(fc_plan_path "$files" "$peer-ccaas" config.json "$ns")
  b=$FC_TMP/build/$service
  mkdir -p "$b/meta" "$b/src" "$b/out"
  tar -xzf "$files/chaincode/$service.tar.gz" -C "$b/meta" && tar -xzf "$b/meta/code.tar.gz" -C "$b/src"
  if ! CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG=$(cat "$config") "$bin/v3.1.1/ccaas/bin/build" \
    "$b/src" "$b/meta" "$b/out" >"$b/log" 2>&1; then
    fc_fail "$service: ccaas build with $ns/$peer-ccaas"; sed 's/^/      /' "$b/log"; continue
  fi
  # connection.json as the peer reads it: the PEMs and the address' host
  "$FC_PYTHON" - "$b/out/connection.json" "$b" <<'PY' || fc_fail "$service: connection.json after the build"
import json, os, sys
c = json.load(open(sys.argv[1]))
assert c["tls_required"] and c["client_auth_required"], c
for k, f in (("root_cert", "root.pem"), ("client_cert", "client.pem"), ("client_key", "client.key")):
    assert c[k].startswith("-----BEGIN "), (k, c[k][:40])
    open(os.path.join(sys.argv[2], f), "w").write(c[k])
open(os.path.join(sys.argv[2], "host"), "w").write(c["address"].rsplit(":", 1)[0])
PY
  fc_check "$service: the builder filled root_cert with the TLS CA" cmp -s "$b/root.pem" "$tlsca"
  peer_tls=$(dirname "$ids/$(fc_plan_path "$files" "$peer-tls" server.crt "$ns")")
  fc_check "$service: client_cert/client_key are $ns/$peer's TLS pair" \
    sh -c "cmp -s '$b/client.pem' '$peer_tls/server.crt' && cmp -s '$b/client.key' '$peer_tls/server.key'"

  # mutual TLS as the peer dials the server
  port=$(fc_free_port)
  openssl s_server -accept "127.0.0.1:$port" -cert "$dir/server.crt" -key "$dir/server.key" \
    -CAfile "$dir/ca.crt" -Verify 1 -verify_return_error -www >"$b/server.log" 2>&1 &
  fc_on_exit "kill $! 2>/dev/null"
  for _ in $(seq 1 50); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
  host=$(cat "$b/host")
  fc_check "$service: $peer's handshake verifies the server as $host and is accepted" \
    sh -c "echo Q | openssl s_client -connect 127.0.0.1:$port -servername '$host' -verify_hostname '$host' \
      -CAfile '$b/root.pem' -cert '$b/client.pem' -key '$b/client.key' -verify_return_error -brief 2>&1 |
      grep -q 'Verification: OK'"
  other_tls=$(dirname "$ids/$(fc_plan_path "$files" admin-tls client.crt "$other_ns")")
  # TLS 1.2, so that the server's verdict on the client certificate ends the
  # handshake itself (in 1.3 the client may finish before the server's alert)
  if echo Q | openssl s_client -tls1_2 -connect "127.0.0.1:$port" -CAfile "$b/root.pem" \
    -cert "$other_tls/client.crt" -key "$other_tls/client.key" -brief >"$b/other.log" 2>&1 &&
    ! grep -qi 'alert\|error' "$b/other.log"; then
    fc_fail "$service: a client of $other_ns (another TLS CA) was accepted"
  else
    fc_pass "$service: a client of $other_ns is refused"
  fi
done

# the package without TLS: the builder leaves it plain
plain=$(find "$files/chaincode" -name 'reports-*.tar.gz' -printf '%f\n' | sort | head -n 1)
plain=${plain%.tar.gz}
b=$FC_TMP/build/$plain
mkdir -p "$b/meta" "$b/src" "$b/out"
tar -xzf "$files/chaincode/$plain.tar.gz" -C "$b/meta" && tar -xzf "$b/meta/code.tar.gz" -C "$b/src"
"$bin/v3.1.1/ccaas/bin/build" "$b/src" "$b/meta" "$b/out" >"$b/log" 2>&1
fc_check "$plain: without tls, connection.json stays plain" \
  grep -q '"tls_required":false' "$b/out/connection.json"

# a rerun of the Job's generate keeps every pair and configuration
fc_identities_generate "$files" "$ids" "$bin/v3.1.1/bin" 3 || fc_fail "identities.sh generate (again)"
second=$(snapshot)
fc_check "a second generate keeps the $(wc -l <<<"$first") server pairs and ccaas configurations" \
  test "$first" = "$second"
fc_finish
