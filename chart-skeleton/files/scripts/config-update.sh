#!/bin/sh
# config-update.sh STEP...: one channel config update of a fabchart chart
# (post-upgrade), run in an organization's namespace as its admin
# (fabric-tools image, which ships jq: images/tools/Dockerfile at v2.5.12 and
# v3.1.1).  The update moves channel $CHANNEL from the configuration its
# orderer serves to that configuration with the jq filter $CHANGE applied
# (written by fabchart: add an organization with its anchor peers, make an
# orderer a consenter, change anchor peers, change batch settings); the
# signed envelope is the one file that travels between the organizations'
# Jobs ($WORK/update.pb, $WORK/state; no key leaves its namespace).  An
# orderer made a consenter is joined first and awaited last by its own
# organization (follow, await).  Steps, given in order to one Job:
#   receive   (kubectl image) what the Job before left in its namespace
#             $FROM (ConfigMap $EXCHANGE: the work directory, tar'd and
#             base64'd) into $WORK; nothing for the first Job
#   printorg  the definition of organization $MSP_ID (configtxgen -printOrg,
#             configtx.yaml in $CONFIG_PATH; with $ADMIN_MSP, that MSP copied
#             to $CONFIG_PATH/$MSP_DIR first) into $WORK/org.json, read by the
#             filter as $org[0]
#   follow    orderer $CONSENTER (osnadmin at $CONSENTER_ADMIN) joins the
#             channel as a follower with its latest config block, fetched from
#             $ORDERER (a member's; a genesis block would make it replicate
#             the chain from block 0), unless it is in the channel already;
#             its definition (base64 TLS certificate and signing certificate,
#             public files of its Secrets in $CONSENTER_DIR) into
#             $WORK/org.json, read by the filter as $org[0]
#   compute   fetch the channel's config block, decode it, apply $CHANGE,
#             compute the update; none left ("no differences detected",
#             internal/configtxlator/update/update.go) writes state "none",
#             else the update wrapped in an envelope and state "pending"
#   sign      add this admin's signature (peer channel signconfigtx -f)
#   submit    unless the channel already holds the change: peer channel update
#             (which adds the submitter's signature), then wait until the
#             channel's config holds it ($POLLS polls, $POLL_DELAY s apart);
#             writes state "applied"; exit 3 when the update was accepted but
#             the config did not show it in time (a re-run checks again)
#   check     state "applied" when the channel's config holds the change
#             now (renew.sh: a request submitted by an earlier run)
#   await     until $CONSENTER reports itself an active consenter of the
#             channel (osnadmin channel list --channelID: consensusRelation
#             "consenter", status "active", orderer/common/types/
#             channelinfo.go), $POLLS polls $POLL_DELAY s apart; also when
#             there was nothing to update
#   send      (kubectl image) $WORK into ConfigMap $EXCHANGE of $NAMESPACE,
#             for the next Job (its files, tar -T: not the directory)
# Every step does nothing when the state is "none" or "applied", so a re-run
# after the change was made, or of a Job that failed half way, changes
# nothing twice.  Commands and flags: `peer channel fetch config` (fetch.go),
# `signconfigtx -f` (signconfigtx.go, which rewrites the file), `update -f
# -c` (update.go), common flags of channel.go and internal/peer/common/
# ordererenv.go; `configtxlator proto_decode|proto_encode --input --type
# --output` and `compute_update --channel_id --original --updated --output`
# (cmd/configtxlator/main.go); `configtxgen -printOrg -configPath`
# (cmd/configtxgen/main.go); `osnadmin channel list|join -o --channelID
# --config-block --ca-file --client-cert --client-key`, which prints "Status:
# NNN" and exits 0 on any HTTP reply (cmd/osnadmin/main.go); 200 a member,
# 404 not (channelparticipation/restapi.go), 201 joined, 405 "cannot join:
# channel already exists" (restapi.go sendJoinError, types/errors.go); all at
# v2.5.12 and v3.1.1.
set -eu

WORK=${WORK:-/work}
T=${TMPDIR:-/tmp}
POLLS=${POLLS:-30}
POLL_DELAY=${POLL_DELAY:-10}
ORDERER_TLS_DIR=${ORDERER_TLS_DIR:-/orderer-tls}
ADMIN_TLS=${ADMIN_TLS:-/admin/tls}
CONSENTER_DIR=${CONSENTER_DIR:-/consenter}

log() { echo "config-update: $CHANNEL: $*"; }
fail() { log "FAIL $*: $(tail -n 2 "$T/out" | tr '\n' ' ')"; exit 1; }
state() { cat "$WORK/state" 2>/dev/null || echo unknown; }

# orderer_flags: peer CLI flags to reach $ORDERER over TLS ($ORDERER_ORG's CA)
orderer_flags() {
  echo "-o $ORDERER --tls --cafile $ORDERER_TLS_DIR/$ORDERER_ORG/ca.crt --ordererTLSHostnameOverride ${ORDERER%%:*}"
}

# current: the channel's config as JSON in $T/config.json
current() {
  # shellcheck disable=SC2046
  peer channel fetch config "$T/config.block" -c "$CHANNEL" $(orderer_flags) >"$T/out" 2>&1 ||
    fail "fetch config"
  configtxlator proto_decode --input "$T/config.block" --type common.Block \
    --output "$T/block.json" >"$T/out" 2>&1 || fail "proto_decode"
  jq '.data.data[0].payload.data.config' "$T/block.json" >"$T/config.json"
}

# desired: $T/config.json with $CHANGE applied, in $T/modified.json
desired() {
  if [ -f "$WORK/org.json" ]; then
    jq --slurpfile org "$WORK/org.json" -f "$CHANGE" "$T/config.json" >"$T/modified.json"
  else
    jq --argjson org null -f "$CHANGE" "$T/config.json" >"$T/modified.json"
  fi
}

# update_of: the update from $T/config.json to $T/modified.json in
# $T/update.pb; returns 1 when there is none
update_of() {
  configtxlator proto_encode --input "$T/config.json" --type common.Config \
    --output "$T/config.pb" >"$T/out" 2>&1 || fail "proto_encode"
  configtxlator proto_encode --input "$T/modified.json" --type common.Config \
    --output "$T/modified.pb" >"$T/out" 2>&1 || fail "proto_encode"
  if ! configtxlator compute_update --channel_id "$CHANNEL" --original "$T/config.pb" \
    --updated "$T/modified.pb" --output "$T/update.pb" >"$T/out" 2>&1; then
    grep -q "no differences detected between original and updated config" "$T/out" && return 1
    fail "compute_update"
  fi
  return 0
}

receive() {
  if [ -z "${FROM:-}" ]; then
    log "the first Job: nothing to receive"
    return 0
  fi
  kubectl get configmap "$EXCHANGE" -n "$FROM" -o 'jsonpath={.data.exchange}' >"$T/exchange.b64" 2>"$T/out" ||
    fail "get configmap $EXCHANGE in $FROM"
  base64 -d "$T/exchange.b64" | tar -C "$WORK" -xf - || fail "unpack $EXCHANGE"
  log "received $(state) from $FROM"
}

send() {
  # the entries of $WORK, not "." itself: unpacking "./" makes tar set the
  # mode and time of the receiving Job's emptyDir, which a non-root user does
  # not own (GNU tar: "Cannot utime: Operation not permitted", exit 2)
  (cd "$WORK" && find . -mindepth 1 -maxdepth 1 | tar -cf - -T -) | base64 >"$T/exchange.b64"
  kubectl delete configmap "$EXCHANGE" -n "$NAMESPACE" --ignore-not-found >"$T/out" 2>&1 ||
    fail "delete configmap $EXCHANGE"
  kubectl create configmap "$EXCHANGE" -n "$NAMESPACE" --from-file=exchange="$T/exchange.b64" \
    >"$T/out" 2>&1 || fail "create configmap $EXCHANGE"
  log "sent $(state) for the next Job"
}

# osn ARGS...: osnadmin on $CONSENTER_ADMIN with the admin's TLS pair; $code
# is the HTTP status it printed, empty when no reply came
osn() {
  osnadmin channel "$@" -o "$CONSENTER_ADMIN" --channelID "$CHANNEL" --ca-file "$ADMIN_TLS/ca.crt" \
    --client-cert "$ADMIN_TLS/client.crt" --client-key "$ADMIN_TLS/client.key" >"$T/out" 2>&1 || true
  code=$(sed -n 's/^Status: \([0-9][0-9]*\)$/\1/p' "$T/out" | head -n 1)
}

# field NAME: the string value of "NAME" in osnadmin's reply
field() { sed -n "s/.*\"$1\": *\"\([^\"]*\)\".*/\1/p" "$T/out" | head -n 1; }

# b64 FILE: the file in base64 on one line, as configtxlator prints bytes
b64() { base64 <"$1" | tr -d '\n'; }

follow() {
  polls=0
  while osn list; [ "$code" != 200 ] && [ "$code" != 404 ]; do
    polls=$((polls + 1))
    [ "$polls" -lt "$POLLS" ] || fail "$CONSENTER does not answer (${code:-no reply})"
    sleep "$POLL_DELAY"
  done
  if [ "$code" = 200 ]; then
    log "$CONSENTER is in the channel already ($(field consensusRelation))"
  else
    current
    osn join --config-block "$T/config.block"
    case "$code" in
      201) log "$CONSENTER joined as a follower" ;;
      405) grep -q "channel already exists" "$T/out" || fail "join $CONSENTER"
        log "$CONSENTER is in the channel already" ;;
      *) fail "join $CONSENTER (${code:-no reply})" ;;
    esac
  fi
  for f in server.crt signcert.pem; do
    [ -s "$CONSENTER_DIR/$f" ] || { echo "no $CONSENTER_DIR/$f" >"$T/out"; fail "definition of $CONSENTER"; }
  done
  jq -n --arg tls "$(b64 "$CONSENTER_DIR/server.crt")" --arg id "$(b64 "$CONSENTER_DIR/signcert.pem")" \
    '{tls_cert: $tls, identity: $id}' >"$WORK/org.json" || fail "definition of $CONSENTER"
}

await() {
  polls=0
  until osn list; [ "$code" = 200 ] && [ "$(field consensusRelation)" = consenter ] &&
    [ "$(field status)" = active ]; do
    polls=$((polls + 1))
    [ "$polls" -lt "$POLLS" ] ||
      fail "$CONSENTER is not an active consenter after $polls polls (${code:-no reply}, $(field consensusRelation), $(field status))"
    sleep "$POLL_DELAY"
  done
  log "$CONSENTER is an active consenter"
}

printorg() {
  if [ -n "${ADMIN_MSP:-}" ]; then
    mkdir -p "$T/config/$MSP_DIR"
    cp "$CONFIG_PATH/configtx.yaml" "$T/config/"
    cp -R "$ADMIN_MSP/." "$T/config/$MSP_DIR/"
    CONFIG_PATH=$T/config
  fi
  configtxgen -printOrg "$MSP_ID" -configPath "$CONFIG_PATH" >"$WORK/org.json" 2>"$T/out" ||
    fail "printOrg $MSP_ID"
  log "definition of $MSP_ID printed"
}

compute() {
  current
  desired
  if ! update_of; then
    echo none >"$WORK/state"
    log "the channel already holds the change: nothing to update"
    return 0
  fi
  configtxlator proto_decode --input "$T/update.pb" --type common.ConfigUpdate \
    --output "$T/update.json" >"$T/out" 2>&1 || fail "proto_decode"
  jq --arg ch "$CHANNEL" '{payload: {header: {channel_header: {channel_id: $ch, type: 2}},
    data: {config_update: .}}}' "$T/update.json" >"$T/envelope.json"
  configtxlator proto_encode --input "$T/envelope.json" --type common.Envelope \
    --output "$WORK/update.pb" >"$T/out" 2>&1 || fail "proto_encode"
  echo pending >"$WORK/state"
  log "update computed"
}

sign() {
  case "$(state)" in
    none | applied) log "nothing to sign ($(state))"; return 0 ;;
  esac
  peer channel signconfigtx -f "$WORK/update.pb" >"$T/out" 2>&1 || fail "signconfigtx"
  log "signed by $CORE_PEER_LOCALMSPID"
}

# holds: does the channel's config hold the change now?
holds() {
  current
  desired
  ! update_of
}

submit() {
  case "$(state)" in
    none | applied) log "nothing to submit ($(state))"; return 0 ;;
  esac
  if holds; then
    echo applied >"$WORK/state"
    log "the channel already holds the change (submitted before)"
    return 0
  fi
  # shellcheck disable=SC2046
  peer channel update -f "$WORK/update.pb" -c "$CHANNEL" $(orderer_flags) >"$T/out" 2>&1 ||
    fail "update"
  polls=0
  until holds; do
    polls=$((polls + 1))
    if [ "$polls" -ge "$POLLS" ]; then
      log "FAIL the new config block did not come after $polls polls (submitted)"
      exit 3
    fi
    sleep "$POLL_DELAY"
  done
  echo applied >"$WORK/state"
  log "updated by $CORE_PEER_LOCALMSPID: the new config block holds the change"
}

check() {
  case "$(state)" in
    none | applied) return 0 ;;
  esac
  if holds; then
    echo applied >"$WORK/state"
    log "the channel holds the change"
  fi
}

[ $# -gt 0 ] || set -- usage
for step in "$@"; do
  case "$step" in
    receive) receive ;;
    send) send ;;
    printorg) printorg ;;
    follow) follow ;;
    await) await ;;
    compute) compute ;;
    sign) sign ;;
    submit) submit ;;
    check) check ;;
    *) echo "usage: config-update.sh receive|printorg|follow|compute|sign|submit|check|await|send..." >&2; exit 2 ;;
  esac
done
