#!/bin/sh
# identities.sh STEP: the identity Job of a fabchart chart, in three steps,
# each in its own container of one pod sharing the work directory $WORK:
#   restore   (kubectl)  write the Secrets of the plan that exist back to their
#                        paths, so that cryptogen extends instead of replacing
#   generate  (fabric-tools) cryptogen generate or extend; configtxgen builds
#                        the channel artifacts of the Fabric version
#   upload    (kubectl)  create every Secret of the plan that does not exist
# The plan ($PLAN, files/identities.plan) says which Secret goes to which
# namespace and what it holds.  Keys are never regenerated: a Secret that
# exists is never replaced.  One line is logged per step.
set -eu

WORK=${WORK:-/work}
PLAN=${PLAN:-/config/identities.plan}

log() { echo "identities: $*"; }

# secret_exists NAMESPACE NAME
secret_exists() { kubectl get secret "$2" -n "$1" >/dev/null 2>&1; }

# path_of PATH: a plan path, its "*_sk" glob resolved to the file there.
path_of() {
  case "$1" in
    *'*_sk')
      for f in $1; do echo "$f"; return 0; done
      echo "$1" ;;
    *) echo "$1" ;;
  esac
}

restore() {
  grep -v '^#' "$PLAN" | while read -r ns name kind items; do
    [ "$kind" = files ] || continue
    secret_exists "$ns" "$name" || continue
    for item in $items; do
      key=${item%%=*}
      path=${item#*=}
      case "$path" in *'*_sk') path="${path%\*_sk}priv_sk" ;; esac
      mkdir -p "$(dirname "$path")"
      jkey=$(printf '%s' "$key" | sed 's/\./\\./g')
      kubectl get secret "$name" -n "$ns" -o "jsonpath={.data.$jkey}" | base64 -d >"$path"
    done
    log "restored $ns/$name"
  done
}

generate() {
  if [ -d crypto-config ]; then
    cryptogen extend --config=/config/crypto-config.yaml --input=crypto-config
    log "cryptogen extend: existing identities kept, missing ones added"
  else
    cryptogen generate --config=/config/crypto-config.yaml --output=crypto-config
    log "cryptogen generate: every identity issued"
  fi
  cp /config/configtx.yaml configtx.yaml
  mkdir -p artifacts
  if [ "$FABRIC_MAJOR" = 1 ]; then
    configtxgen -configPath . -profile SystemChannel -channelID system-channel \
      -outputBlock artifacts/genesis.block
    log "configtxgen: system channel genesis block"
    for ch in $CHANNELS; do
      configtxgen -configPath . -profile "$ch" -channelID "$ch" -outputCreateChannelTx "artifacts/$ch.tx"
      log "configtxgen: channel creation transaction of $ch"
    done
    for pair in $ANCHORS; do
      ch=${pair%%:*}
      msp=${pair#*:}
      configtxgen -configPath . -profile "$ch" -channelID "$ch" -asOrg "$msp" \
        -outputAnchorPeersUpdate "artifacts/$ch-$msp-anchors.tx"
      log "configtxgen: anchor peers of $msp on $ch"
    done
  else
    for ch in $CHANNELS; do
      configtxgen -configPath . -profile "$ch" -channelID "$ch" -outputBlock "artifacts/$ch.block"
      log "configtxgen: genesis block of channel $ch"
    done
  fi
}

upload() {
  grep -v '^#' "$PLAN" | while read -r ns name kind items; do
    if secret_exists "$ns" "$name"; then
      log "kept $ns/$name"
      continue
    fi
    set --
    for item in $items; do
      key=${item%%=*}
      if [ "$kind" = files ]; then
        set -- "$@" "--from-file=$key=$(path_of "${item#*=}")"
      elif [ "$key" = "$item" ]; then
        set -- "$@" "--from-literal=$key=$(head -c 24 /dev/urandom | base64 | tr -d '/+=\n')"
      else
        set -- "$@" "--from-literal=$item"
      fi
    done
    kubectl create secret generic "$name" -n "$ns" "$@" >/dev/null
    kubectl label secret "$name" -n "$ns" app.kubernetes.io/managed-by=fabchart >/dev/null
    log "created $ns/$name"
  done
}

case "${1:-}" in
  restore) cd "$WORK" && restore ;;
  generate) cd "$WORK" && generate ;;
  upload) cd "$WORK" && upload ;;
  *) echo "usage: identities.sh restore|generate|upload" >&2; exit 2 ;;
esac
