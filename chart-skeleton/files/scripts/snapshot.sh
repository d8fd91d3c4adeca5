#!/bin/sh
# snapshot.sh STEP: ledger snapshots of a peer organization (Fabric 2.5 and
# later; templates/snapshots.yaml, values snapshots.*).
#   request  the organization's CronJob, as its admin (fabric-tools image):
#            every peer ($PEERS, "name=host:port") is asked for a snapshot of
#            every channel of the organization ($CHANNELS) at its last
#            committed block: `peer snapshot submitrequest -b 0`
#            (internal/peer/snapshot/submitrequest.go at v2.5.12 and v3.1.1;
#            the peer's Snapshot service on its gRPC port, policy Admins:
#            core/aclmgmt/defaultaclprovider.go), then `listpending` logs what
#            is still being written.  A peer answering "snapshot already
#            generated for block number N" (no block since the last one) or
#            "duplicate snapshot request for block number N" (one is pending)
#            has what was asked: a rerun is harmless
#            (core/ledger/kvledger/snapshot_mgmt.go at v2.5.12 and v3.1.1).
#            Any other error is reported and the step fails once every peer
#            and channel was tried.
#   prune    the sidecar "snapshots" of each peer, on the peer's data volume:
#            in $SNAPSHOT_ROOT/completed/<channel>/ (ledger.snapshots.rootDir;
#            a snapshot is <channel>/<block number>, renamed there from
#            temp/ once complete: core/ledger/kvledger/ledger_filepath.go and
#            snapshot.go) only the $KEEP snapshots of the highest block
#            numbers stay; every $PRUNE_INTERVAL seconds when given, else once.
#            temp/ (a snapshot being written) is never touched.
set -eu

log() { echo "snapshot: $*"; }
out=${TMPDIR:-/tmp}/snapshot.out

request() {
  failed=0
  for peer in $PEERS; do
    name=${peer%%=*}
    address=${peer#*=}
    for channel in $CHANNELS; do
      if peer snapshot submitrequest -c "$channel" -b 0 --peerAddress "$address" \
        --tlsRootCertFile "$CORE_PEER_TLS_ROOTCERT_FILE" >"$out" 2>&1; then
        log "$name $channel: requested"
      elif grep -q -e 'snapshot already generated for block number' \
        -e 'duplicate snapshot request for block number' "$out"; then
        log "$name $channel: already there ($(grep -o 'block number [0-9]*' "$out" | head -n 1))"
      else
        log "$name $channel: failed: $(tail -n 1 "$out")"
        failed=1
        continue
      fi
      if peer snapshot listpending -c "$channel" --peerAddress "$address" \
        --tlsRootCertFile "$CORE_PEER_TLS_ROOTCERT_FILE" >"$out" 2>&1; then
        log "$name $channel: $(tail -n 1 "$out")"
      fi
    done
  done
  return "$failed"
}

# blocks DIR: the block numbers of DIR's snapshots, highest first (anything
# else in DIR is not the peer's)
blocks() {
  for path in "$1"*; do
    block=${path##*/}
    case $block in '' | *[!0-9]*) continue ;; esac
    echo "$block"
  done | sort -rn
}

# prune_once: keep the $KEEP highest block numbers of every channel
prune_once() {
  for dir in "$SNAPSHOT_ROOT"/completed/*/; do
    [ -d "$dir" ] || continue
    blocks "$dir" | tail -n +"$((KEEP + 1))" | while read -r block; do
      rm -rf "${dir}${block}"
      channel=${dir%/}
      log "removed ${channel##*/} $block (keeping $KEEP)"
    done
  done
}

prune() {
  case $KEEP in '' | *[!0-9]* | 0) log "KEEP must be a positive number"; exit 2 ;; esac
  prune_once
  [ -n "${PRUNE_INTERVAL:-}" ] || return 0
  trap 'exit 0' TERM
  while true; do
    sleep "$PRUNE_INTERVAL" &
    wait $!
    prune_once
  done
}

case ${1:-} in
  request) request ;;
  prune) prune ;;
  *) echo "usage: snapshot.sh request|prune" >&2; exit 2 ;;
esac
