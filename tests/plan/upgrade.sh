#!/usr/bin/env bash
# tests/plan/upgrade.sh: `fabchart build NEW --from OLD-CHART.tgz` renders the
# channel config update Jobs of the move, and only those (issue 17).  For
# plan cases (tests/plan/cases/NAME: old.yaml built first, then new.yaml
# --from its chart), the Jobs in values.yaml (configUpdates: organization and
# steps of each, in order) are exactly the expected chain: the signers are
# what Fabric's MAJORITY needs (fabrules.h: 2 of 2, 3 of 4, 3 of 5), the
# anchor-peer update is its organization's alone, batch settings the orderer
# organization's; a move without a config update (identical, peers added)
# has none.  Then with real Helm 3 and 4: `helm template` of the add-org
# chart renders those Jobs as post-upgrade hooks in order, carrying the plan
# (files/upgrade-plan.txt in the ConfigMap they mount) and the envelope's
# cross-namespace Role; the chart adding a BFT orderer renders its chain
# (notary2 follow, notary1 compute sign, notary2 submit await), only
# notary2's Jobs mounting orderer2's public certificates; the identical
# move's chart renders no config-update object.  A refused move builds nothing.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init plan_upgrade
cases=$FABCHART_SOURCE_DIR/tests/plan/cases

# upgrade CASE: builds old.yaml, then new.yaml --from it; the new chart's dir in $chart
upgrade() {
  local w=$FC_TMP/$1
  mkdir -p "$w/old" "$w/new"
  "$FABCHART" build "$cases/$1/old.yaml" -o "$w/old" >"$w/old.log" 2>&1 || return 1
  "$FABCHART" build "$cases/$1/new.yaml" -o "$w/new" --from "$(echo "$w"/old/*.tgz)" >"$w/new.log" 2>&1 || return 1
  chart=$(fc_unpack "$(echo "$w"/new/*.tgz)" "$w/chart")
}
# jobs: "organization steps" of each config update Job in values.yaml, in order
jobs() {
  awk '/^configUpdates:/{f=1; next} /^[a-zA-Z#]/{f=0}
       f && /^ *organization:/{o=$2} f && /^ *steps:/{sub(/^ *steps: /, ""); print o, $0}' \
    "$chart/values.yaml" | tr -d '"'
}
expect() {  # expect CASE EXPECTED-LINES
  if ! upgrade "$1"; then fc_fail "$1: build failed: $(tail -n 2 "$FC_TMP/$1/new.log")"; return; fi
  fc_expect_lines "$1: ${2:-no config update Job}" "$2" "$(jobs)"
}

expect auto-add-org-to-channels "org3 printorg
org1 compute sign
org2 submit"
expect auto-majority-4 "org5 printorg
org1 compute sign
org2 sign
org3 submit"
expect auto-majority-5 "org6 printorg
org1 compute sign
org2 sign
org3 submit"
expect auto-anchor-peers "org1 compute submit"
expect auto-batch-raise "ordering compute submit
ordering compute submit"
expect auto-add-orderer-raft "ordering follow compute submit await
ordering follow compute submit await"
expect auto-add-orderers "ordering follow compute submit await
ordering follow compute submit await
ordering follow compute submit await
ordering follow compute submit await"
expect auto-add-orderer-bft "notary2 follow
notary1 compute sign
notary2 submit await"
expect identical ""
expect auto-add-peers ""
if grep -q 'needed: 3' <(upgrade auto-majority-5 && cat "$chart/values.yaml"); then
  fc_pass "auto-majority-5: 3 signatures needed (MAJORITY of 5)"
else fc_fail "auto-majority-5: needed is not 3"; fi

w=$FC_TMP/refused
mkdir -p "$w/old" "$w/new"
"$FABCHART" build "$cases/refused-rename-org/old.yaml" -o "$w/old" >/dev/null 2>&1
if "$FABCHART" build "$cases/refused-rename-org/new.yaml" -o "$w/new" --from "$(echo "$w"/old/*.tgz)" >"$w/log" 2>&1; then
  fc_fail "a refused move was built"
elif grep -q 'upgrade-refused' "$w/log" && ! compgen -G "$w/new/*.tgz" >/dev/null; then
  fc_pass "a refused move: an upgrade-refused error, nothing written"
else fc_fail "a refused move: $(tail -n 2 "$w/log")"; fi

fc_require_helm
upgrade auto-add-org-to-channels || fc_die "build failed"
add=$chart
upgrade identical || fc_die "build failed"
same=$chart
upgrade auto-add-orderer-bft || fc_die "build failed"
bft=$chart
# consenter_jobs FILE: "<Job> <namespace> <steps of its run container>
# <keys of the consenter's Secrets it mounts>" of each config-update Job in a
# rendered chart
consenter_jobs() {
  awk 'function out() { if (n) print n, ns, st items }
       /^---/{out(); n = ""; ns = ""; st = ""; items = ""; k = ""}
       /^kind: /{k = $2} k == "Job" && /^  name: "r-config-update-/{n = $2}
       k == "Job" && /^  namespace: /{ns = $2}
       k == "Job" && /command: \["sh", "-c"/{st = $0; sub(/.*config-update.sh /, "", st); sub(/"\]$/, "", st)}
       k == "Job" && /- \{key: "(server.crt|signcert.pem)", path: "(server.crt|signcert.pem)"/{items = items " " $3}
       END {out()}' "$1" | tr -d '",'
}
for helm in "$FC_HELM3" "$FC_HELM4"; do
  v=$("$helm" version --short | cut -c1-2)
  "$helm" template r "$add" >"$FC_TMP/add.yaml" 2>"$FC_TMP/err" || { fc_fail "$v: helm template: $(cat "$FC_TMP/err")"; continue; }
  got=$(awk '/^kind: /{k=$2} /^  name: "r-config-update-/{n=$2} /helm.sh\/hook: / && k=="Job" && n{print n, $2; n=""}' "$FC_TMP/add.yaml" | tr -d '"')
  want=$'r-config-update-001 post-upgrade\nr-config-update-002 post-upgrade\nr-config-update-003 post-upgrade'
  if [[ $got == "$want" ]]; then fc_pass "$v: three post-upgrade Jobs, in order"; else fc_fail "$v: Jobs: $got"; fi
  if grep -q 'upgrade-plan.txt: |' "$FC_TMP/add.yaml" && grep -q "automatic  channel: org3 (Org3MSP) joins 'goods'" "$FC_TMP/add.yaml"; then
    fc_pass "$v: the Jobs' ConfigMap carries the plan"
  else fc_fail "$v: no plan text in the rendered ConfigMap"; fi
  if grep -A3 'resourceNames: \["fabchart-cu-goods-add-org3"\]' "$FC_TMP/add.yaml" | grep -q 'verbs: \["get"\]'; then
    fc_pass "$v: the envelope's ConfigMap is readable by the next Job through a get-only Role"
  else fc_fail "$v: no get-only Role on the envelope's ConfigMap"; fi
  if "$helm" lint --strict "$add" >"$FC_TMP/lint" 2>&1; then fc_pass "$v: helm lint --strict of the chart with config updates"
  else fc_fail "$v: helm lint --strict: $(tail -n 3 "$FC_TMP/lint")"; fi
  "$helm" template r "$bft" >"$FC_TMP/bft.yaml" 2>"$FC_TMP/err" || { fc_fail "$v: helm template: $(cat "$FC_TMP/err")"; continue; }
  got=$(consenter_jobs "$FC_TMP/bft.yaml")
  want='r-config-update-001 notary2-bftnet follow server.crt signcert.pem
r-config-update-002 notary1-bftnet compute sign
r-config-update-003 notary2-bftnet submit await server.crt signcert.pem'
  if [[ $got == "$want" ]]; then
    fc_pass "$v: BFT orderer added: notary2 follows, notary1 computes and signs, notary2 submits and awaits; only notary2's Jobs mount orderer2's public certificates"
  else fc_fail "$v: BFT consenter Jobs:" "$got"; fi
  if grep -q 'name: "CONSENTER_ADMIN", value: "orderer2-headless.notary2-bftnet.svc.cluster.local:7053"' "$FC_TMP/bft.yaml" &&
    "$helm" lint --strict "$bft" >"$FC_TMP/lint" 2>&1; then
    fc_pass "$v: the consenter Jobs reach orderer2's osnadmin endpoint; helm lint --strict passes"
  else fc_fail "$v: no CONSENTER_ADMIN or lint failed: $(tail -n 3 "$FC_TMP/lint")"; fi
  "$helm" template r "$same" >"$FC_TMP/same.yaml" 2>"$FC_TMP/err" || { fc_fail "$v: helm template: $(cat "$FC_TMP/err")"; continue; }
  if grep -q 'config-update' "$FC_TMP/same.yaml"; then fc_fail "$v: a no-op upgrade renders config-update objects"
  else fc_pass "$v: a no-op upgrade renders no config-update object"; fi
done
fc_finish
