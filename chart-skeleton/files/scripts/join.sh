#!/bin/sh
# join.sh STEP: the channel Jobs of a fabchart chart, run in an
# organization's namespace as its admin (fabric-tools image).
#   orderers  osnadmin: join every orderer of the organization ($ORDERERS,
#             "name=host:adminport" items) to every channel ($CHANNELS) whose
#             block is /channels/<channel>/block (Fabric 2.5 and later)
#   peers     join every peer ($PEERS, "name=host:port") to the organization's
#             channels ($CHANNELS); on 1.4 the first member creates the channel
#             ($CREATE lists the channels this organization creates) and each
#             member sets its anchor peers once
#   check     helm test: every peer reports a height of at least 1 on every
#             channel of the organization
# Every step is idempotent and logs one line; unreachable nodes are retried
# until the Job's activeDeadlineSeconds.
set -eu

log() { echo "join: $*"; }

# retry COMMAND...: until it succeeds, every 10 s
retry() {
  until "$@" >/tmp/out 2>&1; do
    log "waiting: $(tail -n 1 /tmp/out)"
    sleep 10
  done
}

orderers() {
  tls="--ca-file /admin/tls/ca.crt --client-cert /admin/tls/client.crt --client-key /admin/tls/client.key"
  for item in $ORDERERS; do
    name=${item%%=*}
    addr=${item#*=}
    # shellcheck disable=SC2086
    retry osnadmin channel list -o "$addr" $tls
    for ch in $CHANNELS; do
      # shellcheck disable=SC2086
      if osnadmin channel list -o "$addr" $tls --channelID "$ch" >/dev/null 2>&1; then
        log "$name already in $ch"
      else
        # shellcheck disable=SC2086
        osnadmin channel join -o "$addr" $tls --channelID "$ch" --config-block "/channels/$ch/block"
        log "$name joined $ch"
      fi
    done
  done
}

orderer_flags() {
  echo "-o $ORDERER --tls --cafile /orderer-tls/ca.crt --ordererTLSHostnameOverride ${ORDERER%%:*}"
}

# fetch_block CHANNEL FILE: the channel's genesis block (1.4: from the orderer)
fetch_block() {
  if [ -f "/channels/$1/block" ]; then
    cp "/channels/$1/block" "$2"
  else
    # shellcheck disable=SC2046
    peer channel fetch 0 "$2" -c "$1" $(orderer_flags) >/dev/null 2>&1
  fi
}

peers() {
  for ch in $CHANNELS; do
    first=${PEERS%% *}
    export CORE_PEER_ADDRESS="${first#*=}"
    if ! fetch_block "$ch" "/tmp/$ch.block"; then
      case " $CREATE " in
        *" $ch "*)
          # shellcheck disable=SC2046
          retry peer channel create -c "$ch" -f "/channels/$ch/channel.tx" --outputBlock "/tmp/$ch.block" $(orderer_flags)
          log "created channel $ch" ;;
        *)
          retry fetch_block "$ch" "/tmp/$ch.block"
          log "fetched the genesis block of $ch" ;;
      esac
    fi
    for item in $PEERS; do
      name=${item%%=*}
      export CORE_PEER_ADDRESS="${item#*=}"
      retry peer channel list
      if grep -qx "$ch" /tmp/out; then
        log "$name already in $ch"
      else
        retry peer channel join -b "/tmp/$ch.block"
        log "$name joined $ch"
      fi
    done
    if [ -f "/channels/$ch/anchors.tx" ]; then
      # shellcheck disable=SC2046
      if peer channel update -c "$ch" -f "/channels/$ch/anchors.tx" $(orderer_flags) >/tmp/out 2>&1; then
        log "anchor peers set on $ch"
      else
        log "anchor peers of $ch not updated (already set?): $(tail -n 1 /tmp/out)"
      fi
    fi
  done
}

check() {
  failed=0
  for ch in $CHANNELS; do
    for item in $PEERS; do
      name=${item%%=*}
      export CORE_PEER_ADDRESS="${item#*=}"
      info=$(peer channel getinfo -c "$ch" 2>/dev/null | sed -n 's/.*"height":\([0-9]*\).*/\1/p')
      if [ "${info:-0}" -ge 1 ]; then
        log "ok $name height $info on $ch"
      else
        log "FAIL $name has no block of $ch"
        failed=1
      fi
    done
  done
  exit "$failed"
}

case "${1:-}" in
  orderers) orderers ;;
  peers) peers ;;
  check) check ;;
  *) echo "usage: join.sh orderers|peers|check" >&2; exit 2 ;;
esac
