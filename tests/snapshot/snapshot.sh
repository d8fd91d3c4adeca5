#!/usr/bin/env bash
# tests/snapshot/snapshot.sh: chart-skeleton/files/scripts/snapshot.sh
# against a scripted fake `peer` (tests/snapshot/fake/peer, first on PATH)
# that records its calls and answers as Fabric's peer does.
#   1  request: one submitrequest (-b 0, the peer's address, the TLS root
#      certificate) and one listpending per peer and channel, in order
#   2  a rerun with no new block: the peers answer "snapshot already
#      generated", the step still succeeds and nothing new is written
#   3  a peer that cannot be reached: its channels are reported, the others
#      still requested, the step fails
#   4  prune: of 12 snapshots of a channel the 3 of the highest block numbers
#      stay (numeric order: 10 and 11 above 9), a channel with 2 keeps both,
#      temp/ and names that are not block numbers are left alone
#   5  a rerun of prune changes nothing; KEEP 0 or not a number is refused
# Needs bash and coreutils only.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init snapshot_script
script=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/snapshot.sh
export PATH="$FABCHART_SOURCE_DIR/tests/snapshot/fake:$PATH"
export FAKE_DIR=$FC_TMP/fake TMPDIR=$FC_TMP/tmp
mkdir -p "$FAKE_DIR" "$TMPDIR"
export CORE_PEER_LOCALMSPID=Org1MSP CORE_PEER_TLS_ROOTCERT_FILE=/admin/tls/ca.crt
export PEERS="peer0=peer0.org1-net.svc.cluster.local:7051 peer1=peer1.org1-net.svc.cluster.local:7051"
export CHANNELS="alpha beta"
# the script writes its scratch file to /tmp, as in the pods (an emptyDir there)
run() { sh "$script" "$@" >>"$FAKE_DIR/log" 2>&1; }
calls() { tail -n +"$1" "$FAKE_DIR/calls"; }

expected_calls() {
  local p c
  for p in peer0 peer1; do
    for c in alpha beta; do
      echo "Org1MSP snapshot submitrequest -c $c -b 0 --peerAddress $p.org1-net.svc.cluster.local:7051 --tlsRootCertFile /admin/tls/ca.crt"
      echo "Org1MSP snapshot listpending -c $c --peerAddress $p.org1-net.svc.cluster.local:7051 --tlsRootCertFile /admin/tls/ca.crt"
    done
  done
}

# 1
: >"$FAKE_DIR/calls"
fc_check "request: succeeds" run request
fc_check "request: a submitrequest and a listpending per peer and channel, in order" \
  diff <(expected_calls) <(calls 1)
snaps=$(find "$FAKE_DIR/root" -mindepth 4 -maxdepth 4 -type d | sort | sed "s|$FAKE_DIR/root/||")
fc_check "request: each peer wrote a snapshot of each channel at its height" \
  test "$snaps" = "$(printf '%s\n' peer0.org1-net.svc.cluster.local:7051/completed/alpha/5 \
    peer0.org1-net.svc.cluster.local:7051/completed/beta/5 \
    peer1.org1-net.svc.cluster.local:7051/completed/alpha/5 \
    peer1.org1-net.svc.cluster.local:7051/completed/beta/5)"

# 2
n=$(($(wc -l <"$FAKE_DIR/calls") + 1))
fc_check "rerun with no new block: still succeeds" run request
fc_check "rerun: the same calls (each answered 'already generated')" diff <(expected_calls) <(calls "$n")
fc_check "rerun: logged as already there, at block 5" \
  test "$(grep -c 'already there (block number 5)' "$FAKE_DIR/log")" -eq 4
fc_check "rerun: no snapshot added" \
  test "$(find "$FAKE_DIR/root" -mindepth 4 -maxdepth 4 -type d | wc -l)" -eq 4
mkdir -p "$FAKE_DIR/height/peer0.org1-net.svc.cluster.local:7051"
echo 9 >"$FAKE_DIR/height/peer0.org1-net.svc.cluster.local:7051/alpha"
run request
fc_check "after new blocks: peer0 alpha gets a snapshot at block 9" \
  test -d "$FAKE_DIR/root/peer0.org1-net.svc.cluster.local:7051/completed/alpha/9"

# 3
mkdir -p "$FAKE_DIR/down"
touch "$FAKE_DIR/down/peer0.org1-net.svc.cluster.local:7051"
n=$(($(wc -l <"$FAKE_DIR/calls") + 1))
: >"$FAKE_DIR/log"
if run request; then fc_fail "a peer down: the step fails"; else fc_pass "a peer down: the step fails"; fi
fc_check "a peer down: both of its channels reported failed" \
  test "$(grep -c '^snapshot: peer0 .*: failed: Error: failed to create new connection' "$FAKE_DIR/log")" -eq 2
fc_check "a peer down: the other peer still asked for both channels" \
  test "$(calls "$n" | grep -c 'submitrequest .*peer1\.')" -eq 2

# 4
root=$FC_TMP/prune
mkdir -p "$root/completed/alpha" "$root/completed/beta" "$root/temp/alpha/12"
for b in 0 1 2 3 4 5 6 7 8 9 10 11; do mkdir -p "$root/completed/alpha/$b" && touch "$root/completed/alpha/$b/x"; done
mkdir -p "$root/completed/alpha/lost+found" "$root/completed/beta/7" "$root/completed/beta/20"
fc_check "prune: succeeds" env SNAPSHOT_ROOT="$root" KEEP=3 sh "$script" prune
left() { (cd "$root" && find . -mindepth 3 -maxdepth 3 -type d | sort | tr '\n' ' '); }
want="./completed/alpha/10 ./completed/alpha/11 ./completed/alpha/9 ./completed/alpha/lost+found ./completed/beta/20 ./completed/beta/7 ./temp/alpha/12 "
fc_check "prune: the 3 highest blocks of alpha, both of beta, temp/ and lost+found stay" \
  test "$(left)" = "$want"

# 5
fc_check "prune again: succeeds" env SNAPSHOT_ROOT="$root" KEEP=3 sh "$script" prune
fc_check "prune again: nothing changes" test "$(left)" = "$want"
for bad in 0 x ""; do
  if env SNAPSHOT_ROOT="$root" KEEP="$bad" sh "$script" prune >/dev/null 2>&1; then
    fc_fail "prune refuses KEEP='$bad'"
  else
    fc_pass "prune refuses KEEP='$bad'"
  fi
done
fc_check "after the refusals: nothing removed" test "$(left)" = "$want"
fc_check "an empty root: prune succeeds" env SNAPSHOT_ROOT="$FC_TMP/none" KEEP=1 sh "$script" prune
fc_finish
