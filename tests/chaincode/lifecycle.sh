#!/usr/bin/env bash
# tests/chaincode/lifecycle.sh: chart-skeleton/files/scripts/lifecycle.sh
# against a scripted fake `peer` (tests/chaincode/fake/peer, first on PATH)
# that records its calls and answers as Fabric's peer does in each state.
# The package and its ID come from samples/chaincode-3.x.yaml built by
# fabchart: the fake computes the ID of what it installs as Fabric does
# (<label>:<sha256 of the file>), so an ID in values.yaml that is not the
# package's makes install run again on the second pass.
#   1  a first run (approve by each member, one without the chaincode, then
#      commit) makes exactly the expected calls, in order
#   2  approve again before the commit: no install, no approveformyorg
#   3  a second full run: no install, approveformyorg, commit or invoke
#      except the tolerated --isInit (initRequired)
#   4  commit readiness reached at the 2nd poll: 2 polls, then one commit
#   5  readiness never reached within POLLS: the step fails, no commit
#   6  upgrade: with sequence 1 committed, the chart of version 1.3.0 and
#      sequence 2 installs its new packages, approves and commits exactly
#      once; a rerun does nothing; the chart of sequence 1 then fails,
#      saying the channel is ahead; a changed version at a committed
#      sequence fails, saying a new sequence is needed
#   7  prune: kubectl deletes the release's chaincode servers of the
#      namespace but this chart's (a fake kubectl records the call)
# Needs sh, tar, sha256sum (and the fabchart build).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init chaincode_lifecycle
script=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/lifecycle.sh
fc_build "$FABCHART_SOURCE_DIR/samples/chaincode-3.x.yaml" "$FC_TMP/build" || fc_finish
chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart") || fc_die "cannot unpack $FC_TGZ"
# the values of chaincode "transfers", organization bank1
# package_id CHART SERVICE: the packageId of SERVICE's package in CHART's values
package_id() {
  grep -A2 "packageFile: \"files/chaincode/$2.tar.gz\"" "$1/values.yaml" | sed -n 's/^ *packageId: "\(.*\)"$/\1/p'
}
pkgfile=$chart/files/chaincode/transfers-bank1-s1.tar.gz
pkgfile2=$chart/files/chaincode/transfers-bank2-s1.tar.gz
pkgid=$(package_id "$chart" transfers-bank1-s1)
pkgid2=$(package_id "$chart" transfers-bank2-s1)
[[ -f $pkgfile && -f $pkgfile2 && -n $pkgid && -n $pkgid2 ]] || fc_die "no package of transfers in the built chart"
# the upgrade: the same topology with version 1.3.0, sequence 2
sed -e '/^  - name: transfers$/,/^  - name:/ { s/^    version: 1.2.0$/    version: 1.3.0/; s/^    sequence: 1$/    sequence: 2/; }' \
  "$FABCHART_SOURCE_DIR/samples/chaincode-3.x.yaml" >"$FC_TMP/upgrade.yaml"
fc_build "$FC_TMP/upgrade.yaml" "$FC_TMP/build2" || fc_finish
chart2=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart2") || fc_die "cannot unpack $FC_TGZ"
up1=$chart2/files/chaincode/transfers-bank1-s2.tar.gz
up2=$chart2/files/chaincode/transfers-bank2-s2.tar.gz
upid1=$(package_id "$chart2" transfers-bank1-s2)
upid2=$(package_id "$chart2" transfers-bank2-s2)
[[ -f $up1 && -f $up2 && -n $upid1 && -n $upid2 && $upid1 != "$pkgid" ]] || fc_die "no package of sequence 2 in the upgraded chart"

export PATH="$FABCHART_SOURCE_DIR/tests/chaincode/fake:$PATH"
export CC_NAME=transfers CC_VERSION=1.2.0 SEQUENCE=1 CHANNELS=settlement
export SIGNATURE_POLICY="AND(OR('Bank1MSP.peer','Bank2MSP.peer'), 'RegulatorMSP.peer')"
export COLLECTIONS='[{"name":"bank-pair","policy":"OR('\''Bank1MSP.member'\'', '\''Bank2MSP.member'\'')","requiredPeerCount":1,"maxPeerCount":2,"blockToLive":100000,"memberOnlyRead":true,"memberOnlyWrite":true}]'
export ORDERER=orderer0.ordering-payments.svc.cluster.local:7050 ORDERER_ORG=ordering
export FAKE_MEMBERS="Bank1MSP Bank2MSP RegulatorMSP" MEMBERS=3 POLL_DELAY=0
export ENDORSERS="bank1=peer0.bank1:7051 bank2=peer0.bank2:7051 regulator=peer0.regulator:7051"
export INVOKERS="bank1=peer0.bank1:7051 bank2=peer0.bank2:7051"
B1="peer0=peer0.bank1:7051 peer1=peer1.bank1:7051"
B2="peer0=peer0.bank2:7051 peer1=peer1.bank2:7051"

# as MSP PEERS PACKAGE_ID PACKAGE_FILE STEP: run lifecycle.sh as an organization
as() {
  CORE_PEER_LOCALMSPID=$1 PEERS=$2 PACKAGE_ID=$3 PACKAGE_FILE=$4 TMPDIR=$FC_TMP/tmp \
    sh "$script" "$5" >>"$FAKE_DIR/log" 2>&1
}
approve_all() {
  as Bank1MSP "$B1" "$pkgid" "$pkgfile" approve &&
    as Bank2MSP "$B2" "$pkgid2" "$pkgfile2" approve &&
    as RegulatorMSP "peer0=peer0.regulator:7051" "" "" approve
}
commit() { as Bank1MSP "$B1" "" "" commit; }
fresh() {
  export FAKE_DIR=$FC_TMP/$1
  mkdir -p "$FAKE_DIR" "$FC_TMP/tmp"
  : >"$FAKE_DIR/calls"
}
# subcommands: "<MSP> <address> <subcommand>" of each call since line $1
subcommands() {
  tail -n +"$1" "$FAKE_DIR/calls" | awk '{ s = ($3 == "lifecycle") ? $5 : $4; print $1, $2, s }'
}
# idle FROM-LINE WHAT SUBCOMMANDS: no call since FROM-LINE is one of SUBCOMMANDS (a|b)
idle() {
  if subcommands "$1" | grep -Eq " ($3)\$"; then fc_fail "$2"; else fc_pass "$2"; fi
}
expect() {  # expect WHAT FROM-LINE EXPECTED-LINES
  fc_expect_lines "$1" "$3" "$(subcommands "$2")" "$FAKE_DIR/log"
}

# the calls of a run that installs, approves and commits (then inits)
full_run="Bank1MSP peer0.bank1:7051 queryinstalled
Bank1MSP peer0.bank1:7051 install
Bank1MSP peer1.bank1:7051 queryinstalled
Bank1MSP peer1.bank1:7051 install
Bank1MSP peer0.bank1:7051 querycommitted
Bank1MSP peer0.bank1:7051 queryapproved
Bank1MSP peer0.bank1:7051 approveformyorg
Bank2MSP peer0.bank2:7051 queryinstalled
Bank2MSP peer0.bank2:7051 install
Bank2MSP peer1.bank2:7051 queryinstalled
Bank2MSP peer1.bank2:7051 install
Bank2MSP peer0.bank2:7051 querycommitted
Bank2MSP peer0.bank2:7051 queryapproved
Bank2MSP peer0.bank2:7051 approveformyorg
RegulatorMSP peer0.regulator:7051 querycommitted
RegulatorMSP peer0.regulator:7051 queryapproved
RegulatorMSP peer0.regulator:7051 approveformyorg
Bank1MSP peer0.bank1:7051 querycommitted
Bank1MSP peer0.bank1:7051 checkcommitreadiness
Bank1MSP peer0.bank1:7051 commit
Bank1MSP peer0.bank1:7051 invoke"

# 1: the first run
fresh run
export INIT_REQUIRED=true
approve_all || fc_fail "first approve run failed"
commit || fc_fail "first commit run failed"
expect "first run: install on each peer, approve by each member, then commit and init" 1 "$full_run"
approve_line=$(grep -m 1 'Bank1MSP .* approveformyorg' "$FAKE_DIR/calls")
for want in "--package-id $pkgid" "--sequence 1" "--version 1.2.0" "--channelID settlement" \
  "--signature-policy $SIGNATURE_POLICY" "--init-required" "--collections-config" \
  "-o $ORDERER --tls --cafile /orderer-tls/ordering/ca.crt"; do
  if [[ "$approve_line" == *" $want"* ]]; then fc_pass "approveformyorg has $want"; else fc_fail "approveformyorg lacks $want: $approve_line"; fi
done
if grep 'RegulatorMSP .* approveformyorg' "$FAKE_DIR/calls" | grep -q -- '--package-id'; then
  fc_fail "an organization that does not run the chaincode approved with a package"
else
  fc_pass "an organization that does not run the chaincode approves without --package-id"
fi
commit_line=$(grep -m 1 ' commit ' "$FAKE_DIR/calls")
n=$(grep -o -- '--peerAddresses' <<<"$commit_line" | wc -l)
if ((n == 3)) && [[ "$commit_line" == *"--tlsRootCertFiles /peer-tls/regulator/ca.crt"* ]]; then
  fc_pass "commit endorsed by one peer of each of the 3 members, each with its TLS CA"
else
  fc_fail "commit: $n --peerAddresses: $commit_line"
fi
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
if as Bank1MSP "$B1" "" "" check; then fc_pass "check: sequence 1 committed"; else fc_fail "check failed after the commit"; fi
expect "check: querycommitted through the organization's own peer" "$from" "\
Bank1MSP peer0.bank1:7051 querycommitted"
# the topology's test query: through the first peer that runs it, its answer exact
export TEST_CTOR='{"Args":["ReadAsset","a\"1"]}' TEST_EXPECT='{"ID":"a1"}' TEST_EXPECT_ANSWER=true
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
if FAKE_ANSWER='{"ID":"a1"}' as Bank1MSP "$B1" "" "" check; then fc_pass "check: the query answers as expected"; else fc_fail "check failed with the expected answer"; fi
query_line=$(grep -m 1 ' chaincode query ' <(tail -n +"$from" "$FAKE_DIR/calls"))
if [[ $query_line == *"--ctor $TEST_CTOR --peerAddresses peer0.bank1:7051 --tlsRootCertFiles /peer-tls/bank1/ca.crt" ]]; then
  fc_pass "check: query --ctor as given through the first invoker with its TLS CA"
else
  fc_fail "check: the query call is '$query_line'"
fi
if FAKE_ANSWER='{"ID":"a2"}' as Bank1MSP "$B1" "" "" check; then fc_fail "check passed with another answer"; else fc_pass "check fails on another answer"; fi
if grep -q "answered '{\"ID\":\"a2\"}', expected '{\"ID\":\"a1\"}'" "$FAKE_DIR/log"; then fc_pass "check says what was answered and expected"; else fc_fail "no answer/expected message in the log"; fi
if FAKE_ANSWER='anything' TEST_EXPECT_ANSWER=false as Bank1MSP "$B1" "" "" check; then fc_pass "check: without expect, any answer passes"; else fc_fail "check failed without expect"; fi
unset TEST_CTOR TEST_EXPECT TEST_EXPECT_ANSWER

# 3: the second run does no work
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
approve_all || fc_fail "second approve run failed"
commit || fc_fail "second commit run failed"
expect "second run: queries only (and the tolerated init)" "$from" "\
Bank1MSP peer0.bank1:7051 queryinstalled
Bank1MSP peer1.bank1:7051 queryinstalled
Bank1MSP peer0.bank1:7051 querycommitted
Bank2MSP peer0.bank2:7051 queryinstalled
Bank2MSP peer1.bank2:7051 queryinstalled
Bank2MSP peer0.bank2:7051 querycommitted
RegulatorMSP peer0.regulator:7051 querycommitted
Bank1MSP peer0.bank1:7051 querycommitted
Bank1MSP peer0.bank1:7051 invoke"

# 6: the upgrade, on the state of run 1 (sequence 1 committed)
export CC_VERSION=1.3.0 SEQUENCE=2
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
upgrade() {
  as Bank1MSP "$B1" "$upid1" "$up1" approve &&
    as Bank2MSP "$B2" "$upid2" "$up2" approve &&
    as RegulatorMSP "peer0=peer0.regulator:7051" "" "" approve && commit
}
upgrade || fc_fail "the upgrade run failed"
expect "upgrade to sequence 2: install the new packages, approve, commit once (and init)" "$from" "$full_run"
if grep ' commit ' "$FAKE_DIR/calls" | tail -n 1 | grep -q -- '--sequence 2 '; then fc_pass "the upgrade commits sequence 2"; else fc_fail "no commit of sequence 2"; fi
if [[ "$(cat "$FAKE_DIR/committed/settlement")" == "2 1.3.0" ]]; then fc_pass "sequence 2, version 1.3.0 committed"; else fc_fail "committed: $(cat "$FAKE_DIR/committed/settlement")"; fi
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
upgrade || fc_fail "the upgrade rerun failed"
idle "$from" "upgrade rerun: no install, approveformyorg or commit" 'install|approveformyorg|commit'
export CC_VERSION=1.2.0 SEQUENCE=1
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
if as Bank1MSP "$B1" "$pkgid" "$pkgfile" approve; then fc_fail "the chart of sequence 1 approved with sequence 2 committed"
elif grep -q 'FAIL sequence 2 is committed on settlement, above this chart.s 1' "$FAKE_DIR/log" &&
  ! subcommands "$from" | grep -Eq ' (approveformyorg|commit)$'; then fc_pass "a chart behind the channel (sequence 1 < 2) fails, saying so, and approves nothing"
else fc_fail "a chart behind the channel: $(tail -n 1 "$FAKE_DIR/log")"; fi
if commit; then fc_fail "the commit of sequence 1 passed with sequence 2 committed"; else fc_pass "the commit step of a chart behind the channel fails too"; fi
export CC_VERSION=1.4.0 SEQUENCE=2
if as Bank1MSP "$B1" "$upid1" "$up1" approve; then fc_fail "version 1.4.0 at the committed sequence 2 approved"
elif grep -q 'FAIL sequence 2 is committed on settlement with version 1.3.0, not 1.4.0: a new definition needs sequence 3' "$FAKE_DIR/log"; then fc_pass "a new version at the committed sequence fails, asking for sequence 3"
else fc_fail "a new version at the committed sequence: $(tail -n 1 "$FAKE_DIR/log")"; fi
export CC_VERSION=1.2.0 SEQUENCE=1

# 7: prune, with a fake kubectl
mkdir -p "$FC_TMP/kbin"
printf '#!/bin/sh\nprintf "%%s|" "$@" >>"%s"\n' "$FC_TMP/kubectl.calls" >"$FC_TMP/kbin/kubectl"
chmod +x "$FC_TMP/kbin/kubectl"
if PATH="$FC_TMP/kbin:$PATH" NAMESPACE=bank1-payments RELEASE=rel SERVERS="transfers-bank1-s2 other-bank1-s1" \
  TMPDIR=$FC_TMP/tmp sh "$script" prune >>"$FAKE_DIR/log" 2>&1; then
  want="delete|deployment,service|-n|bank1-payments|-l|app.kubernetes.io/instance=rel,app.kubernetes.io/component=chaincode,fabchart.dev/node notin (transfers-bank1-s2,other-bank1-s1)|--ignore-not-found|"
  if [[ "$(cat "$FC_TMP/kubectl.calls")" == "$want" ]]; then fc_pass "prune deletes the release's other chaincode servers of the namespace"; else fc_fail "prune called: $(cat "$FC_TMP/kubectl.calls")"; fi
else
  fc_fail "prune failed"
fi

# 2: approve twice before the commit
fresh twice
export INIT_REQUIRED=false
approve_all || fc_fail "approve failed"
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
approve_all || fc_fail "approve again failed"
idle "$from" "approving again (nothing committed yet): no install, no approveformyorg" 'install|approveformyorg'
if grep -q 'already approved sequence 1' "$FAKE_DIR/log"; then fc_pass "approve again: queryapproved showed the same package and sequence"; else fc_fail "no 'already approved' in the log"; fi

# 4: readiness at the second poll
fresh slow
approve_all || fc_fail "approve failed"
from=$(($(wc -l <"$FAKE_DIR/calls") + 1))
if FAKE_READY_AFTER=2 commit; then fc_pass "commit when readiness comes at the 2nd poll"; else fc_fail "commit failed with readiness at the 2nd poll"; fi
expect "readiness at the 2nd poll: two polls, then one commit" "$from" "\
Bank1MSP peer0.bank1:7051 querycommitted
Bank1MSP peer0.bank1:7051 checkcommitreadiness
Bank1MSP peer0.bank1:7051 checkcommitreadiness
Bank1MSP peer0.bank1:7051 commit"

# 5: never ready within POLLS
fresh never
approve_all || fc_fail "approve failed"
if POLLS=3 FAKE_READY_AFTER=10 commit; then
  fc_fail "commit succeeded without the approvals"
elif [[ $(grep -c checkcommitreadiness "$FAKE_DIR/calls") == 3 ]] && ! grep -q ' commit ' "$FAKE_DIR/calls"; then
  fc_pass "no majority within POLLS=3: 3 polls, no commit, the step fails"
else
  fc_fail "no majority: $(grep -c checkcommitreadiness "$FAKE_DIR/calls") polls, commit: $(grep -c ' commit ' "$FAKE_DIR/calls")"
fi
if FAKE_READY_AFTER=10 as Bank1MSP "$B1" "" "" check; then fc_fail "check passed with nothing committed"; else fc_pass "check fails when nothing is committed"; fi
fc_finish
