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
#   check-orderers  helm test of an orderer organization (2.5 and later):
#             every orderer lists every channel, as an active consenter
#   check     helm test of a peer organization: every orderer ($ORDERER_ENDPOINTS,
#             "org=host:port", TLS CA in /orderer-tls/<org>/ca.crt) serves the
#             channel's config block, the organization's anchor peers are set in
#             it, and every peer reports a height of at least 1
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

# osn ARGS...: osnadmin with the admin's TLS pair; $code is the HTTP status
# it printed ("Status: NNN"), empty when no reply came.  osnadmin exits 0 on
# any HTTP reply, 404 included (cmd/osnadmin/main.go at v2.5.12 and v3.1.1),
# so the status line, not the exit status, tells what happened.
osn() {
  osnadmin "$@" --ca-file /admin/tls/ca.crt --client-cert /admin/tls/client.crt \
    --client-key /admin/tls/client.key >/tmp/osn 2>&1 || true
  code=$(sed -n 's/^Status: \([0-9][0-9]*\)$/\1/p' /tmp/osn | head -n 1)
}

# json_field NAME: the string value of "NAME" in osnadmin's reply body
json_field() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" /tmp/osn | head -n 1; }

orderers() {
  for item in $ORDERERS; do
    name=${item%%=*}
    addr=${item#*=}
    for ch in $CHANNELS; do
      # 200: a member of the channel; 404: not joined (orderer/common/
      # channelparticipation/restapi.go); anything else: not ready yet
      while :; do
        osn channel list -o "$addr" --channelID "$ch"
        case "$code" in 200 | 404) break ;; esac
        log "waiting for $name: ${code:-no reply}: $(tail -n 1 /tmp/osn)"
        sleep 10
      done
      if [ "$code" = 200 ]; then
        log "$name already in $ch"
        continue
      fi
      osn channel join -o "$addr" --channelID "$ch" --config-block "/channels/$ch/block"
      if [ "$code" != 201 ]; then
        log "FAIL $name did not join $ch: ${code:-no reply}: $(tr '\n' ' ' </tmp/osn)"
        exit 1
      fi
      log "$name joined $ch"
    done
  done
}

# check_orderers: every orderer is an active consenter of every channel
# (consensusRelation and status of orderer/common/types/channelinfo.go);
# an orderer that has just joined may still be onboarding: wait up to 5 min
check_orderers() {
  failed=0
  for item in $ORDERERS; do
    name=${item%%=*}
    addr=${item#*=}
    for ch in $CHANNELS; do
      tries=30
      while :; do
        osn channel list -o "$addr" --channelID "$ch"
        rel=$(json_field consensusRelation)
        st=$(json_field status)
        if [ "$code" = 200 ] && [ "$rel" = consenter ] && [ "$st" = active ]; then
          log "ok $name is an active consenter of $ch"
          break
        fi
        tries=$((tries - 1))
        if [ "$tries" -le 0 ]; then
          log "FAIL $name on $ch: status ${code:-no reply}, ${rel:-no relation}, ${st:-no state}"
          failed=1
          break
        fi
        sleep 10
      done
    done
  done
  exit "$failed"
}

# orderer_flags [ORG=HOST:PORT]: peer CLI flags to reach an orderer over TLS
# (default: $ORDERER, the first orderer, whose organization is $ORDERER_ORG)
orderer_flags() {
  ep=${1:-$ORDERER_ORG=$ORDERER}
  addr=${ep#*=}
  echo "-o $addr --tls --cafile /orderer-tls/${ep%%=*}/ca.crt --ordererTLSHostnameOverride ${addr%%:*}"
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

# anchors BLOCK: "host:port" of each anchor peer of $CORE_PEER_LOCALMSPID in a
# config block (AnchorPeers value of the organization's Application group:
# common/channelconfig/applicationorg.go)
anchors() {
  configtxlator proto_decode --input "$1" --type common.Block |
    jq -r --arg msp "$CORE_PEER_LOCALMSPID" '.data.data[0].payload.data.config.channel_group.groups.Application.groups[$msp].values.AnchorPeers.value.anchor_peers[]? | "\(.host):\(.port)"'
}

check() {
  failed=0
  for ch in $CHANNELS; do
    for ep in $ORDERER_ENDPOINTS; do
      # shellcheck disable=SC2046
      if peer channel fetch config "/tmp/$ch.config.block" -c "$ch" $(orderer_flags "$ep") >/tmp/out 2>&1; then
        log "ok orderer ${ep#*=} serves $ch"
      else
        log "FAIL orderer ${ep#*=} does not serve $ch: $(tail -n 1 /tmp/out)"
        failed=1
      fi
    done
    if [ -f "/tmp/$ch.config.block" ] && list=$(anchors "/tmp/$ch.config.block") && [ -n "$list" ]; then
      for a in $list; do
        case " $PEERS " in
          *"=$a "*) log "ok anchor peer $a on $ch" ;;
          *) log "FAIL anchor peer $a on $ch is not a peer of $CORE_PEER_LOCALMSPID"; failed=1 ;;
        esac
      done
    else
      log "FAIL no anchor peer of $CORE_PEER_LOCALMSPID on $ch"
      failed=1
    fi
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
  check-orderers) check_orderers ;;
  check) check ;;
  *) echo "usage: join.sh orderers|peers|check-orderers|check" >&2; exit 2 ;;
esac
