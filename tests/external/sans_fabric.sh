#!/usr/bin/env bash
# tests/external/sans_fabric.sh: external names reach the certificates and the
# channel config, with the real cryptogen and configtxgen (issue 18).
# Builds tests/external/nodeport.yaml, and for Fabric 2.5.12 and 3.1.1 (each
# present under FC_FABRIC_BIN_DIR) runs `cryptogen generate` on the chart's
# files/crypto-config.yaml and reads every node's TLS certificate with
# `openssl x509 -text`: a node with an externalHost carries it (an IPv4
# address as an "IP Address" SAN, a name as a "DNS" SAN: cryptogen's
# internal/cryptogen/ca/ca.go), one without carries none of the external
# names; then `configtxgen -outputBlock` and `-inspectBlock` on the chart's
# configtx.yaml: the orderer organization's endpoints in the channel config
# hold the external addresses values.yaml gives (host:NodePort).  Then
# tests/external/ipv6.yaml: the IPv6 hosts as IP SANs (written raw into
# SANS), and "[2001:db8::20]:32701" among the block's orderer endpoints.
# FC_FABRIC_BIN_DIR unset or without the tools: exit 77 (Skipped), also under
# CI=true (CI has no Fabric binaries, as integration_ccpackage_fabric).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init external_sans_fabric
bin=${FC_FABRIC_BIN_DIR:-}
versions=()
for v in 2.5.12 3.1.1; do
  [[ -n "$bin" && -x "$bin/v$v/bin/cryptogen" && -x "$bin/v$v/bin/configtxgen" ]] && versions+=("$v")
done
if [[ ${#versions[@]} -eq 0 ]]; then
  echo "skipped: no cryptogen and configtxgen in \$FC_FABRIC_BIN_DIR/v2.5.12 or v3.1.1 ('$bin')"
  exit 77
fi
fc_require_cmd openssl
fc_require_cmd jq
tmp=$FC_TMP
ok() { fc_pass "$@"; }
fail() { fc_fail "$@"; }
# channel_block LABEL: the chart's configtx.yaml ($files) into $work, its
# channel ch1's block from configtxgen ($bin/v$v), inspected as
# $work/ch1.json; a failure is counted under LABEL
channel_block() {
  cp "$files/configtx.yaml" "$work/configtx.yaml"
  if ! (cd "$work" && "$bin/v$v/bin/configtxgen" -configPath . -profile ch1 -channelID ch1 \
        -outputBlock ch1.block && "$bin/v$v/bin/configtxgen" -inspectBlock ch1.block >ch1.json) \
      >"$out/configtxgen.log" 2>&1; then
    fail "$1: configtxgen"; sed 's/^/      /' "$out/configtxgen.log"; return 1
  fi
}
# orderer_addresses: OrdererMSP's endpoints in that block, one a line
orderer_addresses() {
  jq -r '.data.data[0].payload.data.config.channel_group.groups.Orderer.groups.OrdererMSP.values.Endpoints.value.addresses[]' \
    "$work/ch1.json"
}

topo=$FABCHART_SOURCE_DIR/tests/external/nodeport.yaml
for v in "${versions[@]}"; do
  out=$tmp/$v
  mkdir -p "$out/chart"
  sed "s/^  version: 3\.1\.1\$/  version: $v/" "$topo" >"$out/topo.yaml"
  if ! "$FABCHART" build "$out/topo.yaml" -o "$out" >"$out/build.log" 2>&1; then
    fail "$v: fabchart build"; sed 's/^/      /' "$out/build.log"; continue
  fi
  tar -xzf "$out"/*.tgz -C "$out/chart" || { fail "$v: unpack"; continue; }
  files=$(echo "$out"/chart/*/files)
  values=$(echo "$out"/chart/*/values.yaml)
  work=$out/work
  mkdir -p "$work"
  if ! "$bin/v$v/bin/cryptogen" generate --config="$files/crypto-config.yaml" \
      --output="$work/crypto-config" >"$out/cryptogen.log" 2>&1; then
    fail "$v: cryptogen generate"; sed 's/^/      /' "$out/cryptogen.log"; continue
  fi
  # node  its TLS certificate  the SAN it must carry ("" = no external name)
  while read -r node dir want; do
    crt=$work/crypto-config/$dir/tls/server.crt
    text=$(openssl x509 -in "$crt" -noout -text 2>&1) || { fail "$v $node: openssl x509 $crt"; continue; }
    sans=$(grep -A1 'X509v3 Subject Alternative Name' <<<"$text" | tail -1)
    if [[ "$want" == - ]]; then
      if grep -qE '203\.0\.113\.10|example\.net' <<<"$sans"; then
        fail "$v $node: has an external name it was not given: $sans"
      else
        ok "$v $node: no external name in its TLS certificate"
      fi
    elif grep -qF "$want" <<<"$sans"; then
      ok "$v $node: TLS certificate carries $want"
    else
      fail "$v $node: TLS certificate lacks $want: $sans"
    fi
  done <<'NODES'
peer0 peerOrganizations/org1.example.com/peers/peer0.org1.example.com IP Address:203.0.113.10
peer1 peerOrganizations/org1.example.com/peers/peer1.org1.example.com DNS:peer1.org1.example.net
orderer0 ordererOrganizations/ord.example.com/orderers/orderer0.ord.example.com DNS:orderer0.example.net
orderer1 ordererOrganizations/ord.example.com/orderers/orderer1.ord.example.com DNS:orderer1.example.net
orderer2 ordererOrganizations/ord.example.com/orderers/orderer2.ord.example.com -
NODES
  # peer1's certificate must not carry the organization's IP: its own name wins
  if openssl x509 -in "$work/crypto-config/peerOrganizations/org1.example.com/peers/peer1.org1.example.com/tls/server.crt" \
      -noout -text | grep -q '203\.0\.113\.10'; then
    fail "$v peer1: carries the organization's externalHost although it has its own"
  else
    ok "$v peer1: its own externalHost replaces the organization's"
  fi

  # the channel config: configtxgen's block, inspected
  channel_block "$v" || continue
  got=$(orderer_addresses | sort | tr '\n' ' ')
  for name in orderer0 orderer1 orderer2; do
    ext=$(awk -v n="$name" '$0 ~ "^      " n ":$" {f=1} f && /externalAddress:/ {gsub(/"/, "", $2); print $2; exit}' "$values")
    if [[ "$name" == orderer2 ]]; then
      if [[ -z "$ext" ]]; then ok "$v $name: no external address in values"
      else fail "$v $name: external address '$ext'"; fi
      continue
    fi
    if [[ -n "$ext" && " $got" == *" $ext "* ]]; then
      ok "$v $name: the channel config's orderer endpoints hold $ext"
    else
      fail "$v $name: external address '$ext' not among the channel's orderer endpoints: $got"
    fi
  done
  internal=$(grep -c 'svc.cluster.local:7050' <<<"${got// /$'\n'}")
  if [[ "$internal" == 3 ]]; then ok "$v: the Service addresses stay among the endpoints"
  else fail "$v: $internal Service addresses among the endpoints: $got"; fi
done

# IPv6 (tests/external/ipv6.yaml): cryptogen makes an IP SAN of the raw
# address (net.ParseIP), the block's endpoints hold it in brackets
six=$FABCHART_SOURCE_DIR/tests/external/ipv6.yaml
for v in "${versions[@]}"; do
  out=$tmp/six-$v
  mkdir -p "$out/chart" "$out/work"
  sed "s/^  version: 3\.1\.1\$/  version: $v/" "$six" >"$out/topo.yaml"
  if ! "$FABCHART" build "$out/topo.yaml" -o "$out" >"$out/build.log" 2>&1; then
    fail "$v ipv6: fabchart build"; sed 's/^/      /' "$out/build.log"; continue
  fi
  tar -xzf "$out"/*.tgz -C "$out/chart" || { fail "$v ipv6: unpack"; continue; }
  files=$(echo "$out"/chart/*/files)
  work=$out/work
  if ! "$bin/v$v/bin/cryptogen" generate --config="$files/crypto-config.yaml" \
      --output="$work/crypto-config" >"$out/cryptogen.log" 2>&1; then
    fail "$v ipv6: cryptogen generate"; sed 's/^/      /' "$out/cryptogen.log"; continue
  fi
  while read -r node dir want; do
    crt=$work/crypto-config/$dir/tls/server.crt
    # the IP SANs openssl prints, normalised by Python's ipaddress
    ips=$(openssl x509 -in "$crt" -noout -ext subjectAltName 2>/dev/null | grep -o 'IP Address:[0-9A-Fa-f:.]*' |
      sed 's/^IP Address://' | python3 -c 'import ipaddress, sys; print(" ".join(str(ipaddress.ip_address(l.strip())) for l in sys.stdin if l.strip()))')
    if [[ " $ips " == *" $want "* ]]; then ok "$v ipv6 $node: TLS certificate has the IP SAN $want"
    else fail "$v ipv6 $node: no IP SAN $want: $ips"; fi
  done <<'NODES'
peer0 peerOrganizations/org1.example.com/peers/peer0.org1.example.com 2001:db8::10
orderer0 ordererOrganizations/ord.example.com/orderers/orderer0.ord.example.com 2001:db8::20
NODES
  channel_block "$v ipv6" || continue
  got=$(orderer_addresses | tr '\n' ' ')
  if [[ " $got" == *" [2001:db8::20]:32701 "* ]]; then
    ok "$v ipv6: the channel config's orderer endpoints hold [2001:db8::20]:32701"
  else
    fail "$v ipv6: [2001:db8::20]:32701 not among the channel's orderer endpoints: $got"
  fi
done
fc_finish
