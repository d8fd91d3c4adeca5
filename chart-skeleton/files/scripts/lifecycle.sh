#!/bin/sh
# lifecycle.sh STEP: the chaincode lifecycle Jobs of a fabchart chart, run in
# an organization's namespace as its admin (fabric-tools image), for one
# chaincode ($CC_NAME, $CC_VERSION, $SEQUENCE and its definition:
# $SIGNATURE_POLICY or $CHANNEL_CONFIG_POLICY, $INIT_REQUIRED, $COLLECTIONS
# as the JSON of --collections-config) on its channels ($CHANNELS).
#   approve  install the package ($PACKAGE_FILE, ID $PACKAGE_ID; empty when
#            the organization does not run the chaincode) on each of its peers
#            ($PEERS, "name=host:port") unless queryinstalled lists it, then
#            approveformyorg on each channel unless the sequence is committed
#            or queryapproved shows the same package and sequence
#   commit   on each channel, unless querycommitted shows the sequence: poll
#            checkcommitreadiness until a majority of the $MEMBERS members
#            approved (the channel's LifecycleEndorsement, MAJORITY; at most
#            $POLLS polls, $POLL_DELAY s apart), commit with one peer of every
#            member ($ENDORSERS, "org=host:port", TLS CA in
#            $PEER_TLS_DIR/<org>/ca.crt), then with $INIT_REQUIRED invoke
#            --isInit through the peers that run it ($INVOKERS)
#   check    helm test: querycommitted shows $SEQUENCE on every channel, and
#            with $TEST_CTOR the query answers (with $TEST_EXPECT_ANSWER
#            exactly $TEST_EXPECT) through the first of $INVOKERS
#   prune    (kubectl image, after every commit) delete the Deployments and
#            Services of release $RELEASE's chaincode servers in $NAMESPACE
#            that are not this chart's ($SERVERS): the old sequences' servers,
#            which served until the new definitions were committed
# approve and commit fail, saying so, when the channel has a higher sequence
# committed than $SEQUENCE, or $SEQUENCE with another version: the chart is
# older than the channel, or changed the definition without a new sequence.
# Every step is idempotent: what is done is queried first, and the errors
# Fabric gives for work already done are taken as success (core/chaincode/
# lifecycle/lifecycle.go: "chaincode already successfully installed",
# "attempted to redefine uncommitted sequence (N) ... with unchanged
# content", "new definition must be sequence"; core/chaincode/
# chaincode_support.go: "already initialized").  Every flag used is in
# internal/peer/lifecycle/chaincode/*.go (flagList of each subcommand and
# chaincode.go), internal/peer/common/ordererenv.go and, for invoke,
# internal/peer/chaincode/chaincode.go, at v2.5.12 and v3.1.1.  The output
# read is what queryinstalled.go, queryapproved.go, querycommitted.go and
# checkcommitreadiness.go print.
set -eu

T=${TMPDIR:-/tmp}
POLLS=${POLLS:-30}
POLL_DELAY=${POLL_DELAY:-10}
PEER_TLS_DIR=${PEER_TLS_DIR:-/peer-tls}
ORDERER_TLS_DIR=${ORDERER_TLS_DIR:-/orderer-tls}

log() { echo "lifecycle: ${CC_NAME:-prune}: $*"; }
fail() { log "FAIL $*: $(tail -n 2 "$T/out" | tr '\n' ' ')"; exit 1; }

# run CMD...: CMD with its output in $T/out
run() { "$@" >"$T/out" 2>&1; }

# done_or MESSAGE CMD...: CMD succeeds, or fails saying MESSAGE (done before)
done_or() {
  msg=$1
  shift
  run "$@" && return 0
  grep -q "$msg" "$T/out"
}

# orderer: the flags that reach $ORDERER over TLS ($ORDERER_ORG's TLS CA)
orderer() {
  echo "-o $ORDERER --tls --cafile $ORDERER_TLS_DIR/$ORDERER_ORG/ca.crt --ordererTLSHostnameOverride ${ORDERER%%:*}"
}

# with_definition CMD...: CMD on channel $ch with the definition's flags
with_definition() {
  set -- "$@" --channelID "$ch" --name "$CC_NAME" --version "$CC_VERSION" --sequence "$SEQUENCE"
  [ -z "${SIGNATURE_POLICY:-}" ] || set -- "$@" --signature-policy "$SIGNATURE_POLICY"
  [ -z "${CHANNEL_CONFIG_POLICY:-}" ] || set -- "$@" --channel-config-policy "$CHANNEL_CONFIG_POLICY"
  [ "${INIT_REQUIRED:-false}" != true ] || set -- "$@" --init-required
  if [ -n "${COLLECTIONS:-}" ] && [ "$COLLECTIONS" != "[]" ]; then
    printf '%s\n' "$COLLECTIONS" >"$T/collections.json"
    set -- "$@" --collections-config "$T/collections.json"
  fi
  "$@"
}

# committed: the sequence committed on $ch, 0 when none
committed() {
  if run peer lifecycle chaincode querycommitted --channelID "$ch" --name "$CC_NAME"; then
    seq=$(sed -n 's/^Version: .*, Sequence: \([0-9][0-9]*\),.*/\1/p' "$T/out" | head -n 1)
    echo "${seq:-0}"
  else
    echo 0
  fi
}

# current: the sequence committed on $ch (0 when none) in $seq; fails when it
# is above $SEQUENCE, or is $SEQUENCE with another version than $CC_VERSION
current() {
  seq=$(committed)
  if [ "$seq" -gt "$SEQUENCE" ]; then
    log "FAIL sequence $seq is committed on $ch, above this chart's $SEQUENCE: build the chart from the topology with sequence $((seq + 1)) or more"
    exit 1
  fi
  ver=$(sed -n 's/^Version: \(.*\), Sequence: [0-9]*,.*/\1/p' "$T/out" | head -n 1)
  if [ "$seq" -eq "$SEQUENCE" ] && [ "$ver" != "$CC_VERSION" ]; then
    log "FAIL sequence $seq is committed on $ch with version $ver, not $CC_VERSION: a new definition needs sequence $((seq + 1))"
    exit 1
  fi
}

install() {
  if [ -z "${PACKAGE_ID:-}" ]; then
    log "$CORE_PEER_LOCALMSPID does not run it: nothing to install"
    return 0
  fi
  for item in $PEERS; do
    name=${item%%=*}
    export CORE_PEER_ADDRESS="${item#*=}"
    run peer lifecycle chaincode queryinstalled || fail "queryinstalled on $name"
    if grep -q "^Package ID: $PACKAGE_ID, " "$T/out"; then
      log "$name already has $PACKAGE_ID"
      continue
    fi
    done_or "chaincode already successfully installed" \
      peer lifecycle chaincode install "$PACKAGE_FILE" || fail "install on $name"
    log "$name installed $PACKAGE_ID"
  done
}

approve() {
  install
  first=${PEERS%% *}
  export CORE_PEER_ADDRESS="${first#*=}"
  for ch in $CHANNELS; do
    current
    if [ "$seq" -eq "$SEQUENCE" ]; then
      log "sequence $seq is committed on $ch: nothing to approve"
      continue
    fi
    if run peer lifecycle chaincode queryapproved --channelID "$ch" --name "$CC_NAME" --sequence "$SEQUENCE" &&
      grep -q "^sequence: $SEQUENCE, version: $CC_VERSION, init-required: ${INIT_REQUIRED:-false}, package-id: ${PACKAGE_ID:-}, " "$T/out"; then
      log "$CORE_PEER_LOCALMSPID already approved sequence $SEQUENCE on $ch"
      continue
    fi
    set -- peer lifecycle chaincode approveformyorg
    [ -z "${PACKAGE_ID:-}" ] || set -- "$@" --package-id "$PACKAGE_ID"
    # shellcheck disable=SC2046
    done_or "with unchanged content" with_definition "$@" $(orderer) || fail "approveformyorg on $ch"
    log "$CORE_PEER_LOCALMSPID approved sequence $SEQUENCE on $ch"
  done
}

# peers_flags LIST: --peerAddresses and --tlsRootCertFiles of each "org=host:port"
peers_flags() {
  for e in $1; do
    echo "--peerAddresses ${e#*=} --tlsRootCertFiles $PEER_TLS_DIR/${e%%=*}/ca.crt"
  done
}

commit() {
  first=${ENDORSERS%% *}
  export CORE_PEER_ADDRESS="${first#*=}"
  need=$((MEMBERS / 2 + 1))
  for ch in $CHANNELS; do
    current
    if [ "$seq" -eq "$SEQUENCE" ]; then
      log "sequence $seq already committed on $ch"
    else
      polls=0
      while :; do
        polls=$((polls + 1))
        with_definition run peer lifecycle chaincode checkcommitreadiness || true
        yes=$(grep -c ': true$' "$T/out" || true)
        [ "$yes" -lt "$need" ] || break
        [ "$polls" -lt "$POLLS" ] || fail "$yes of the $need approvals needed on $ch after $polls polls"
        log "waiting: $yes of the $need approvals needed on $ch"
        sleep "$POLL_DELAY"
      done
      # shellcheck disable=SC2046
      done_or "new definition must be sequence" with_definition peer lifecycle chaincode commit \
        $(orderer) $(peers_flags "$ENDORSERS") || fail "commit on $ch"
      log "committed sequence $SEQUENCE on $ch ($yes approvals)"
    fi
    # init after a commit, and again on a re-run in case the last one ended before it
    if [ "${INIT_REQUIRED:-false}" = true ]; then
      # shellcheck disable=SC2046
      done_or "already initialized" peer chaincode invoke --channelID "$ch" --name "$CC_NAME" \
        --isInit --ctor '{"Args":[]}' --waitForEvent $(orderer) $(peers_flags "$INVOKERS") ||
        fail "init on $ch"
      log "initialized on $ch"
    fi
  done
}

check() {
  # querycommitted through the Job's organization's own peer, as commit does
  first=${ENDORSERS%% *}
  export CORE_PEER_ADDRESS="${first#*=}"
  failed=0
  for ch in $CHANNELS; do
    seq=$(committed)
    if [ "$seq" = "$SEQUENCE" ]; then
      log "ok sequence $seq committed on $ch"
    else
      log "FAIL sequence $SEQUENCE is not committed on $ch (committed: $seq)"
      failed=1
    fi
    [ -n "${TEST_CTOR:-}" ] || continue
    # the topology's test: a query through the first peer that runs it, its
    # answer (what query.go prints: the payload and a newline) compared exactly
    if [ -z "${INVOKERS:-}" ]; then
      log "no member of $ch runs $CC_NAME: nothing to query there"
      continue
    fi
    # shellcheck disable=SC2046
    if ! peer chaincode query --channelID "$ch" --name "$CC_NAME" --ctor "$TEST_CTOR" \
      $(peers_flags "${INVOKERS%% *}") >"$T/answer" 2>"$T/out"; then
      log "FAIL query $TEST_CTOR on $ch: $(tail -n 2 "$T/out" | tr '\n' ' ')"
      failed=1
    elif [ "${TEST_EXPECT_ANSWER:-false}" = true ] && [ "$(cat "$T/answer")" != "$TEST_EXPECT" ]; then
      log "FAIL query $TEST_CTOR on $ch answered '$(cat "$T/answer")', expected '$TEST_EXPECT'"
      failed=1
    else
      log "ok query $TEST_CTOR on $ch answered '$(cat "$T/answer")'"
    fi
  done
  exit "$failed"
}

prune() {
  keep=$(echo "$SERVERS" | tr ' ' ',')
  sel="app.kubernetes.io/instance=$RELEASE,app.kubernetes.io/component=chaincode,fabchart.dev/node notin ($keep)"
  kubectl delete deployment,service -n "$NAMESPACE" -l "$sel" --ignore-not-found
  log "$NAMESPACE: the servers left are $SERVERS"
}

case "${1:-}" in
  approve) approve ;;
  commit) commit ;;
  check) check ;;
  prune) prune ;;
  *) echo "usage: lifecycle.sh approve|commit|check|prune" >&2; exit 2 ;;
esac
