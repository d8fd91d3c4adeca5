#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions run through check and job (indirectly)
# tests/plan/config_update.sh: chart-skeleton/files/scripts/config-update.sh
# against scripted fakes of `peer`, `configtxlator` and `configtxgen`
# (tests/plan/fake/, first on PATH) that record their calls and answer as
# Fabric does; the fake orderer refuses an update with fewer admin signatures
# than the channel's policy needs (FAKE_NEEDED).  Each organization's Job has
# its own work directory and runs as the chart's Jobs do: receive (from the
# previous Job's namespace), its steps, send (to its own namespace), the
# ConfigMaps of a fake `kubectl` (tests/plan/fake/kubectl).
#   1  org3 joins channel goods (MAJORITY Admins of Org1MSP, Org2MSP: 2):
#      org3 prints its definition, Org1MSP computes and signs, Org2MSP
#      submits: the exact calls in order, 2 signatures, the channel holds org3
#      with its anchor peer
#   2  the same Jobs again: the computed update is empty, nothing is signed
#      or submitted
#   3  the submitter alone (1 signature of the 2 needed): refused, the channel
#      unchanged
#   4  the orderer fails the first update: the submit Job fails, its retry
#      submits once more and succeeds; a retry after the update went through
#      submits nothing
#   5  batch settings raised (/Channel/Orderer/Admins of one orderer
#      organization: 1): compute and submit in one Job, no signconfigtx
#   6  Raft: orderer3 added to the one orderer organization (the change
#      fabchart writes for plan case auto-add-orderer-raft): one Job follows
#      (osnadmin join with the channel's latest config block, after waiting
#      for the orderer to answer), computes, submits and awaits: the exact
#      calls, orderer3 a consenter with its TLS certificate and endpoint
#   7  the same Job again: osnadmin finds it joined, nothing to update, the
#      await sees it a consenter; no join, no update
#   8  BFT (auto-add-orderer-bft, MAJORITY of 2 orderer organizations):
#      notary2 follows, notary1 computes and signs, notary2 submits and
#      awaits (the Jobs fabchart renders, tests/plan/upgrade.sh):
#      the next id (5), the BlockValidation policy rebuilt (4 of 5, the
#      identities in mapping order)
#   real (`config_update.sh real`, the test plan_config_update_real): with
#      FC_FABRIC_BIN_DIR (v2.5.12/bin and v3.1.1/bin: cryptogen, configtxgen,
#      configtxlator)
#      the real configtxlator on a real config block: the dev sample's chart,
#      cryptogen and configtxgen give the channel's genesis block; compute
#      adds an anchor peer through configtxlator and wraps it in a real
#      Envelope; Skipped (77) without the binaries, also under CI=true
# Needs bash, jq.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init plan_config_update
fc_require_cmd jq
script=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/config-update.sh
fake=$FABCHART_SOURCE_DIR/tests/plan/fake
export ORDERER=orderer0.ordering-trade.svc.cluster.local:7050 ORDERER_ORG=ordering
export POLL_DELAY=0 POLLS=3 CONFIG_PATH=/config
part=${1:-fakes}

# the jq filters fabchart writes (the change of each update)
cat >"$FC_TMP/add-org3.jq" <<'EOF'
.channel_group.groups.Application.groups["Org3MSP"] = ($org[0] | .values.AnchorPeers = {mod_policy: "Admins", value: {anchor_peers: [{host: "peer0.org3-trade.svc.cluster.local", port: 7051}]}, version: "0"})
EOF
cat >"$FC_TMP/batch.jq" <<'EOF'
.channel_group.groups.Orderer.values.BatchSize.value.max_message_count = 20
EOF

# change_of CASE UPDATE: the jq change fabchart writes for update UPDATE of
# plan case CASE (old.yaml built, then new.yaml --from it) in $FC_TMP/UPDATE.jq
change_of() {
  local w=$FC_TMP/build-$1 c=$FABCHART_SOURCE_DIR/tests/plan/cases/$1
  mkdir -p "$w/old" "$w/new"
  if ! "$FABCHART" build "$c/old.yaml" -o "$w/old" >"$w/log" 2>&1 ||
    ! "$FABCHART" build "$c/new.yaml" -o "$w/new" --from "$(echo "$w"/old/*.tgz)" >>"$w/log" 2>&1; then
    fc_die "$1: build failed: $(tail -n 2 "$w/log")"
  fi
  local chart
  chart=$(fc_unpack "$(echo "$w"/new/*.tgz)" "$w/chart") || fc_die "cannot unpack $1"
  awk -v n="  name: \"$2\"" '$0 == "- " substr(n, 3) {f = 1} f && /^  change: /{sub(/^  change: /, ""); print; exit}' \
    "$chart/values.yaml" | jq -r . >"$FC_TMP/$2.jq"
  [[ -s $FC_TMP/$2.jq ]] || fc_die "$1: no update $2 in values.yaml"
}

fresh() {
  export FAKE_DIR=$FC_TMP/$1
  mkdir -p "$FAKE_DIR/ledger" "$FAKE_DIR/tmp"
  : >"$FAKE_DIR/calls"
  jq -n '{channel_group: {groups: {
      Application: {groups: {Org1MSP: {values: {}}, Org2MSP: {values: {}}}},
      Orderer: {values: {BatchSize: {value: {max_message_count: 10}}}}}}}' >"$FAKE_DIR/ledger/goods.json"
  prev=
}
# job ORG MSP STEP...: one organization's Job in namespace ORG-trade, with a
# new work directory: receive what the previous Job sent, STEP..., send
job() {
  local org=$1 msp=$2
  shift 2
  rm -rf "$FC_TMP/work-$org"
  mkdir -p "$FC_TMP/work-$org"
  PATH="$fake:$PATH" CORE_PEER_LOCALMSPID=$msp WORK=$FC_TMP/work-$org TMPDIR=$FAKE_DIR/tmp \
    NAMESPACE=$org-trade FROM=$prev EXCHANGE=fabchart-cu-$CHANNEL \
    sh "$script" receive "$@" send >>"$FAKE_DIR/log.$org" 2>&1 || return 1
  prev=$org-trade
}
add_org3() {
  export CHANNEL=goods CHANGE=$FC_TMP/add-org3.jq MSP_ID=Org3MSP FAKE_NEEDED=2
  job org3 Org3MSP printorg && job org1 Org1MSP compute sign && job org2 Org2MSP submit
}
# summary FROM: "<who> <tool> <command>" of each call since line FROM
summary() {
  tail -n +"$1" "$FAKE_DIR/calls" | awk '{ c = ($2 == "peer" || $2 == "osnadmin") ? $4 : $3; print $1, $2, c }'
}
expect() {  # expect WHAT FROM-LINE EXPECTED-LINES
  fc_expect_lines "$1" "$3" "$(summary "$2")" "$FAKE_DIR"/log.*
}
check() {  # check WHAT COMMAND...
  if "${@:2}"; then fc_pass "$1"; else fc_fail "$1"; fi
}
holds_org3() {
  [[ $(jq -r '.channel_group.groups.Application.groups.Org3MSP.values.AnchorPeers.value.anchor_peers[0].host' \
    "$FAKE_DIR/ledger/goods.json") == peer0.org3-trade.svc.cluster.local ]]
}
decode_compute='- configtxlator proto_decode
- configtxlator proto_encode
- configtxlator proto_encode
- configtxlator compute_update'

# the orderer organization computes and submits: fetch and compute, the
# envelope, the check before update, update, the wait for the block
compute_submit="OrderingMSP peer fetch
$decode_compute
- configtxlator proto_decode
- configtxlator proto_encode
OrderingMSP peer fetch
$decode_compute
OrderingMSP peer update
OrderingMSP peer fetch
$decode_compute"

fakes() {
# 1: the first run
fresh first
check "first run: the three Jobs succeed" add_org3
expect "first run: printOrg, compute and sign by Org1MSP, submit by Org2MSP, wait for the block" 1 "\
- configtxgen -printOrg
org3-trade kubectl delete
org3-trade kubectl create
org1-trade kubectl get
Org1MSP peer fetch
$decode_compute
- configtxlator proto_decode
- configtxlator proto_encode
Org1MSP peer signconfigtx
org1-trade kubectl delete
org1-trade kubectl create
org2-trade kubectl get
Org2MSP peer fetch
$decode_compute
Org2MSP peer update
Org2MSP peer fetch
$decode_compute
org2-trade kubectl delete
org2-trade kubectl create"
check "first run: channel goods holds Org3MSP and its anchor peer" holds_org3
sigs=$(jq -c '.payload.data.signatures' "$FC_TMP/work-org2/update.pb")
check "first run: the envelope carries Org1MSP's signature, update adds Org2MSP's: 2 of the 2 needed" \
  test "$sigs" = '["Org1MSP"]' -a "$(grep -c 'peer channel update' "$FAKE_DIR/calls")" = 1
update=$(grep 'peer channel update' "$FAKE_DIR/calls")
check "update names the channel, the envelope and the orderer over TLS" \
  test "$update" = "Org2MSP peer channel update -f $FC_TMP/work-org2/update.pb -c goods -o $ORDERER --tls --cafile /orderer-tls/ordering/ca.crt --ordererTLSHostnameOverride ${ORDERER%%:*}"
check "the envelope is a config update of channel goods (HeaderType CONFIG_UPDATE = 2)" \
  test "$(jq -c '.payload.header.channel_header' "$FC_TMP/work-org2/update.pb")" = '{"channel_id":"goods","type":2}'

# 2: the same Jobs again
prev=
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
check "second run: the Jobs succeed" add_org3
expect "second run: the update is empty, nothing signed or submitted" "$from" "\
- configtxgen -printOrg
org3-trade kubectl delete
org3-trade kubectl create
org1-trade kubectl get
Org1MSP peer fetch
$decode_compute
org1-trade kubectl delete
org1-trade kubectl create
org2-trade kubectl get
org2-trade kubectl delete
org2-trade kubectl create"
check "second run: the state says none" test "$(cat "$FC_TMP/work-org2/state")" = none

# 3: one signature short
fresh short
export CHANNEL=goods CHANGE=$FC_TMP/add-org3.jq MSP_ID=Org3MSP FAKE_NEEDED=2
job org3 Org3MSP printorg && job org2 Org2MSP compute
if job org2 Org2MSP submit; then fc_fail "1 of 2 signatures: the update went through"
elif grep -q "requires 2 of the 'Admins' sub-policies" "$FAKE_DIR/log.org2" && ! holds_org3; then
  fc_pass "1 of 2 signatures: the orderer refuses, the Job fails, the channel is unchanged"
else fc_fail "1 of 2 signatures: $(tail -n 1 "$FAKE_DIR/log.org2")"; fi

# 4: the orderer fails the first update; the Job is retried
fresh retry
export CHANNEL=goods CHANGE=$FC_TMP/add-org3.jq MSP_ID=Org3MSP FAKE_NEEDED=2
touch "$FAKE_DIR/fail-update"
job org3 Org3MSP printorg && job org1 Org1MSP compute sign
if job org2 Org2MSP submit; then fc_fail "the failed update did not fail the Job"
else fc_pass "an update the orderer fails fails the Job"; fi
check "the retried submit Job succeeds" job org2 Org2MSP submit
check "after the retry: 2 updates sent, the channel holds Org3MSP" \
  test "$(grep -c 'peer channel update' "$FAKE_DIR/calls")" = 2 -a -n "$(holds_org3 && echo y)"
prev=org1-trade  # the Job died after its update, before its send: retried from org1's envelope
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
check "a retry after the update went through succeeds" job org2 Org2MSP submit
expect "a retry after the update went through: it finds the change, submits nothing" "$from" "\
org2-trade kubectl get
Org2MSP peer fetch
$decode_compute
org2-trade kubectl delete
org2-trade kubectl create"

# 5: batch settings, one orderer organization signs and submits
fresh batch
export CHANNEL=goods CHANGE=$FC_TMP/batch.jq FAKE_NEEDED=1
check "batch: compute and submit in one Job" job ordering OrderingMSP compute submit
expect "batch: no signconfigtx, one update" 1 "\
$compute_submit
ordering-trade kubectl delete
ordering-trade kubectl create"
check "batch: maxMessageCount is 20" \
  test "$(jq '.channel_group.groups.Orderer.values.BatchSize.value.max_message_count' "$FAKE_DIR/ledger/goods.json")" = 20

# 6: Raft, orderer3 added: follow, compute, submit, await in one Job
change_of auto-add-orderer-raft goods-consenter-ordering-orderer3
consenters() {  # consenters HOST...: the etcdraft consenters, each TLS cert "old"
  local h
  for h in "$@"; do printf '{"host": "%s.ordering-trade.svc.cluster.local", "port": 7050, "client_tls_cert": "old", "server_tls_cert": "old"}\n' "$h"; done | jq -s .
}
raft_ledger() {
  jq -n --argjson c "$(consenters orderer0 orderer1 orderer2)" '{channel_group: {groups: {Orderer: {
      values: {ConsensusType: {value: {type: "etcdraft", metadata: {consenters: $c}}}},
      groups: {OrderingMSP: {values: {Endpoints: {value: {addresses: [$c[].host + ":7050"]}}}}}}}}}' \
    >"$FAKE_DIR/ledger/goods.json"
}
mkdir -p "$FC_TMP/consenter"
printf 'TLS CERT\n' >"$FC_TMP/consenter/server.crt"
printf 'SIGN CERT\n' >"$FC_TMP/consenter/signcert.pem"
fresh raft
raft_ledger
echo 2 >"$FAKE_DIR/osn-down"
export CHANNEL=goods CHANGE=$FC_TMP/goods-consenter-ordering-orderer3.jq FAKE_NEEDED=1 CONSENTER=orderer3 \
  CONSENTER_ADMIN=orderer3-headless.ordering-trade.svc.cluster.local:7053 CONSENTER_DIR=$FC_TMP/consenter ADMIN_TLS=/admin/tls
check "raft: one Job follows, computes, submits and awaits" job ordering OrderingMSP follow compute submit await
expect "raft: waits for orderer3, joins it with the latest config block, one update, awaits it" 1 "\
OrderingMSP osnadmin list
OrderingMSP osnadmin list
OrderingMSP osnadmin list
OrderingMSP peer fetch
- configtxlator proto_decode
OrderingMSP osnadmin join
$compute_submit
OrderingMSP osnadmin list
ordering-trade kubectl delete
ordering-trade kubectl create"
join=$(grep 'osnadmin channel join' "$FAKE_DIR/calls")
check "raft: osnadmin joins orderer3 at its admin endpoint with the fetched config block and the admin's TLS pair" \
  test "$join" = "OrderingMSP osnadmin channel join --config-block $FAKE_DIR/tmp/config.block -o $CONSENTER_ADMIN --channelID goods --ca-file /admin/tls/ca.crt --client-cert /admin/tls/client.crt --client-key /admin/tls/client.key"
tls=$(printf 'TLS CERT\n' | base64 | tr -d '\n')
check "raft: orderer3 is the 4th consenter with its TLS certificate (base64) as client and server cert" \
  test "$(jq -c '.channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters[3]' "$FAKE_DIR/ledger/goods.json")" \
  = "{\"host\":\"orderer3.ordering-trade.svc.cluster.local\",\"port\":7050,\"client_tls_cert\":\"$tls\",\"server_tls_cert\":\"$tls\"}"
check "raft: orderer3's endpoint added to OrderingMSP's, the others kept" \
  test "$(jq -c '.channel_group.groups.Orderer.groups.OrderingMSP.values.Endpoints.value.addresses' "$FAKE_DIR/ledger/goods.json")" \
  = '["orderer0.ordering-trade.svc.cluster.local:7050","orderer1.ordering-trade.svc.cluster.local:7050","orderer2.ordering-trade.svc.cluster.local:7050","orderer3.ordering-trade.svc.cluster.local:7050"]'

# 7: the same Job again
prev=
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
check "raft, second run: the Job succeeds" job ordering OrderingMSP follow compute submit await
expect "raft, second run: orderer3 joined already, no update, it is a consenter" "$from" "\
OrderingMSP osnadmin list
OrderingMSP peer fetch
$decode_compute
OrderingMSP osnadmin list
ordering-trade kubectl delete
ordering-trade kubectl create"
check "raft, second run: 1 join and 1 update in all, 4 consenters" \
  test "$(grep -c 'osnadmin channel join' "$FAKE_DIR/calls") $(grep -c 'peer channel update' "$FAKE_DIR/calls") $(jq '.channel_group.groups.Orderer.values.ConsensusType.value.metadata.consenters | length' "$FAKE_DIR/ledger/goods.json")" = "1 1 4"

# 8: BFT, two orderer organizations sign
change_of auto-add-orderer-bft settlement-consenter-notary2-orderer2
fresh bft
jq -n '[{id: 1, host: "orderer0.notary1-bftnet", msp_id: "Notary1MSP"}, {id: 2, host: "orderer1.notary1-bftnet", msp_id: "Notary1MSP"},
        {id: 3, host: "orderer0.notary2-bftnet", msp_id: "Notary2MSP"}, {id: 4, host: "orderer1.notary2-bftnet", msp_id: "Notary2MSP"}]
  | map(.host += ".svc.cluster.local" | .port = 7050 | .identity = "id\(.id)" | .client_tls_cert = "tls\(.id)" | .server_tls_cert = "tls\(.id)") as $m
  | {channel_group: {groups: {Orderer: {values: {Orderers: {value: {consenter_mapping: $m}}},
      policies: {BlockValidation: {mod_policy: "Admins", policy: {type: 1, value: {}}}},
      groups: {Notary2MSP: {values: {Endpoints: {value: {addresses: ["orderer0.notary2-bftnet.svc.cluster.local:7050"]}}}}}}}}}' \
  >"$FAKE_DIR/ledger/settlement.json"
export CHANNEL=settlement CHANGE=$FC_TMP/settlement-consenter-notary2-orderer2.jq FAKE_NEEDED=2 CONSENTER=orderer2 \
  CONSENTER_ADMIN=orderer2-headless.notary2-bftnet.svc.cluster.local:7053
check "bft: notary2 follows, notary1 computes and signs, notary2 submits and awaits" \
  eval 'job notary2 Notary2MSP follow && job notary1 Notary1MSP compute sign && job notary2 Notary2MSP submit await'
bv=$(jq -c '.channel_group.groups.Orderer | [(.values.Orderers.value.consenter_mapping[4] | .id, .msp_id, .identity == "U0lHTiBDRVJUCg=="),
  (.policies.BlockValidation.policy.value | .rule.n_out_of.n, [.rule.n_out_of.rules[].signed_by], [.identities[].principal.id_bytes])]' "$FAKE_DIR/ledger/settlement.json")
check "bft: orderer2 is consenter 5 of Notary2MSP with its identity; BlockValidation 4 of the 5 identities in order ($bv)" \
  test "$bv" = '[5,"Notary2MSP",true,4,[0,1,2,3,4],["id1","id2","id3","id4","U0lHTiBDRVJUCg=="]]'
check "bft: the envelope carries Notary1MSP's signature, update adds Notary2MSP's" \
  test "$(jq -c '.payload.data.signatures' "$FC_TMP/work-notary2/update.pb")" = '["Notary1MSP"]'

check "an unknown step fails with the usage" bash -c "! sh '$script' nope 2>&1 | grep -q usage || ! sh '$script' nope >/dev/null 2>&1"

}
if [[ $part == fakes ]]; then
  fakes
  fc_finish
fi

# real: the real configtxlator on a real config block
# the tags whose binaries are there (v2.5.12, v3.1.1)
tags=()
for tag in v2.5.12 v3.1.1; do
  b=${FC_FABRIC_BIN_DIR:-}/$tag/bin
  [[ -n ${FC_FABRIC_BIN_DIR:-} && -x $b/configtxlator && -x $b/configtxgen && -x $b/cryptogen ]] && tags+=("$tag")
done
if ((${#tags[@]} == 0)); then
  echo "skipped: FC_FABRIC_BIN_DIR has no v2.5.12/bin or v3.1.1/bin with cryptogen, configtxgen, configtxlator"
  exit 77
fi
# real_update CASE CHANNEL UPDATE [DOMAIN ORDERER]: the change fabchart writes
# for UPDATE (to make ORDERER, of the orderer organization of DOMAIN, a
# consenter: run by follow, the fake osnadmin joining it, then compute; else
# compute alone) on the channel's real genesis block per old.yaml: the real
# configtxlator encodes the result and computes a real envelope; the
# channel's Orderer group after the update, encoded and decoded again, is
# exactly the one configtxgen writes for new.yaml (consenters, BFT ids and
# BlockValidation policy, endpoints, batch sizes in bytes); on new.yaml's
# block the update is empty
real_update() {
  local case=$1 ch=$2 upd=$3 domain=${4:-} od=${5:-} r=$real/$1
  change_of "$case" "$upd"
  mkdir -p "$r/work" "$r/tmp" "$r/consenter"
  for v in old new; do
    fc_unpack "$(echo "$FC_TMP/build-$case/$v"/*.tgz)" "$r/chart-$v" >/dev/null || fc_die "cannot unpack $case"
    mkdir -p "$r/$v" && cp "$r/chart-$v"/*/files/configtx.yaml "$r/chart-$v"/*/files/crypto-config.yaml "$r/$v/"
  done
  (cd "$r/new" && "$bin/cryptogen" generate --config=crypto-config.yaml --output=crypto-config &&
    ln -s ../new/crypto-config ../old/crypto-config &&
    "$bin/configtxgen" -configPath ../old -profile "$ch" -channelID "$ch" -outputBlock ../old.block &&
    "$bin/configtxgen" -configPath . -profile "$ch" -channelID "$ch" -outputBlock ../new.block) \
    >"$r/gen.log" 2>&1 || { tail -n 5 "$r/gen.log" | sed 's/^/      /'; fc_fail "$tag $case: cryptogen/configtxgen failed"; return; }
  local dir=$r/new/crypto-config/ordererOrganizations/$domain/orderers/$od.$domain steps=(compute)
  if [[ -n $od ]]; then
    cp "$dir/tls/server.crt" "$r/consenter/server.crt"
    cp "$dir/msp/signcerts/$od.$domain-cert.pem" "$r/consenter/signcert.pem"
    steps=(follow compute)
  fi
  cp "$r/old.block" "$real/served.block"
  ln -sf "$fake/osnadmin" "$real/bin/osnadmin"
  local run=(env "PATH=$real/bin:$PATH" CORE_PEER_LOCALMSPID=OrdererMSP "WORK=$r/work" "TMPDIR=$r/tmp" "CHANNEL=$ch"
    "CHANGE=$FC_TMP/$upd.jq" "CONSENTER=$od" "CONSENTER_DIR=$r/consenter" "CONSENTER_ADMIN=$od-headless:7053" sh "$script")
  local grp='.channel_group.groups.Orderer'
  if "${run[@]}" "${steps[@]}" >>"$r/log" 2>&1 &&
    "$bin/configtxlator" proto_decode --input "$r/work/update.pb" --type common.Envelope --output "$r/env.json" &&
    [[ $(jq -r '.payload.header.channel_header.channel_id' "$r/env.json") == "$ch" ]] &&
    "$bin/configtxlator" proto_encode --input "$r/tmp/modified.json" --type common.Config --output "$r/mod.pb" &&
    "$bin/configtxlator" proto_decode --input "$r/mod.pb" --type common.Config --output "$r/mod.json" &&
    "$bin/configtxlator" proto_decode --input "$r/new.block" --type common.Block --output "$r/new.json" &&
    [[ $(jq -S "$grp" "$r/mod.json") == "$(jq -S ".data.data[0].payload.data.config$grp" "$r/new.json")" ]]; then
    fc_pass "real configtxgen/configtxlator $tag, $case: $ch's Orderer group after $upd is exactly the one configtxgen writes for new.yaml, a real Envelope"
  else
    fc_fail "$tag $case: $(tail -n 2 "$r/log" | tr '\n' ' ') $(diff <(jq -S "$grp" "$r/mod.json" 2>/dev/null) <(jq -S ".data.data[0].payload.data.config$grp" "$r/new.json" 2>/dev/null) | head -n 8)"
  fi
  cp "$r/new.block" "$real/served.block"
  if "${run[@]}" compute >>"$r/log" 2>&1 && [[ $(cat "$r/work/state") == none ]]; then
    fc_pass "real configtxlator $tag, $case: on new.yaml's block, which holds the change, no update (state none)"
  else
    fc_fail "$tag $case: no-op: $(tail -n 2 "$r/log" | tr '\n' ' ')"
  fi
}
for tag in "${tags[@]}"; do
  bin=$FC_FABRIC_BIN_DIR/$tag/bin
  real=$FC_TMP/real-$tag
  mkdir -p "$real/bin" "$real/tmp" "$real/work" "$real/old" "$real/new"
  for t in configtxlator configtxgen; do ln -s "$bin/$t" "$real/bin/$t"; done
  # a real network: the plan case auto-add-org-to-channels, org3 joining goods:
  # OLD's configtx.yaml gives goods' genesis block, NEW's org3's definition
  cases=$FABCHART_SOURCE_DIR/tests/plan/cases/auto-add-org-to-channels
  for v in old new; do
    fc_build "$cases/$v.yaml" "$real/build-$v" || fc_finish
    chart=$(fc_unpack "$FC_TGZ" "$real/chart-$v") || fc_die "cannot unpack $FC_TGZ"
    cp "$chart/files/configtx.yaml" "$chart/files/crypto-config.yaml" "$real/$v/"
  done
  (cd "$real/new" && "$bin/cryptogen" generate --config=crypto-config.yaml --output=crypto-config &&
    ln -s ../new/crypto-config ../old/crypto-config &&
    "$bin/configtxgen" -configPath ../old -profile goods -channelID goods -outputBlock ../goods.block) \
    >"$real/gen.log" 2>&1 || { tail -n 5 "$real/gen.log" | sed 's/^/      /'; fc_die "cryptogen/configtxgen failed"; }
  # peer: serves the real block (fetch config), records the rest
  printf '%s\n' '#!/bin/sh' \
    "echo \"\$CORE_PEER_LOCALMSPID peer \$*\" >>'$real/calls'" \
    "[ \"\$2\" != fetch ] || cp '$real/served.block' \"\$4\"" >"$real/bin/peer"
  chmod +x "$real/bin/peer"
  : >"$real/calls"
  cp "$real/goods.block" "$real/served.block"
  export FAKE_DIR=$real CHANNEL=goods CHANGE=$FC_TMP/add-org3.jq MSP_ID=Org3MSP CONFIG_PATH=$real/new
  realjob() { PATH="$real/bin:$PATH" CORE_PEER_LOCALMSPID=Org1MSP WORK=$real/work TMPDIR=$real/tmp sh "$script" "$@" >>"$real/log" 2>&1; }
  group='.payload.data.config_update.write_set.groups.Application.groups.Org3MSP'
  if realjob printorg compute &&
    "$bin/configtxlator" proto_decode --input "$real/work/update.pb" --type common.Envelope --output "$real/env.json" &&
    [[ $(jq -r "$group.values.MSP.value.config.name" "$real/env.json") == Org3MSP &&
       $(jq -r "$group.values.AnchorPeers.value.anchor_peers[0].host" "$real/env.json") == peer0.org3-trade.svc.cluster.local &&
       $(jq -r '.payload.header.channel_header.channel_id' "$real/env.json") == goods ]]; then
    fc_pass "real configtxgen/configtxlator $tag: org3's definition (printOrg) added to goods' real block, a real Envelope of its ConfigUpdate"
  else
    fc_fail "$tag: real add-org update: $(tail -n 3 "$real/log" | tr '\n' ' ')"
  fi
  # a change the block already holds: configtxlator finds no difference
  echo '.channel_group.groups.Application.groups.Org1MSP.mod_policy = "Admins"' >"$real/same.jq"
  rm -f "$real/work/org.json"
  if CHANGE=$real/same.jq realjob compute && [[ $(cat "$real/work/state") == none ]]; then
    fc_pass "real configtxlator $tag: a change the block holds gives no update (state none)"
  else
    fc_fail "$tag: real no-op: $(tail -n 2 "$real/log" | tr '\n' ' ')"
  fi
  real_update auto-add-orderer-raft goods goods-consenter-ordering-orderer3 ordering.trade.example orderer3
  real_update auto-batch-raise goods goods-batch
  [[ $tag == v2.5.12 ]] ||
    real_update auto-add-orderer-bft settlement settlement-consenter-notary2-orderer2 notary2.example.org orderer2
done
fc_finish
