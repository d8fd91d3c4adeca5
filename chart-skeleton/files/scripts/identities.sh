#!/bin/sh
# identities.sh STEP: the identity Job of a fabchart chart, in three steps,
# each in its own container of one pod sharing the work directory $WORK:
#   restore   (kubectl)  write the Secrets of the plan that exist back to their
#                        paths, so that cryptogen extends instead of replacing
#   generate  (fabric-tools) cryptogen generate or extend, the TLS server
#                        pairs (servers) and the peers' ccaas builder
#                        configurations; configtxgen builds the channel
#                        artifacts of the Fabric version that do not exist yet
#   upload    (kubectl)  create every Secret of the plan that does not exist
# With identities: fabric-ca the genesis Job runs three other steps: collect
# (kubectl: the organizations' published certificates), artifacts
# (fabric-tools: configtxgen only) and upload with files/genesis.plan.
# The plan ($PLAN, files/identities.plan) says which Secret goes to which
# namespace and what it holds; an item "KEY=PATH,PATH2..." is uploaded from
# PATH and restored to every path.  Keys are never regenerated: a Secret that
# exists is never replaced.  One line is logged per step.
#
# Retries and upgrades.  `cryptogen extend` loads an existing organization's
# CA pairs from ca/ and tlsca/ (any *.pem certificate, any *_sk key) and issues
# only the node and user folders that do not exist; it never rebuilds an
# organization's msp/ and, for an organization that exists, issues no Admin
# (cmd/cryptogen/main.go extendPeerOrg/extendOrdererOrg/getCA at v2.5.12 and
# v3.1.1, common/tools/cryptogen/main.go at v1.4.12).  So the Secret org-ca
# holds what only `cryptogen generate` makes: both CA pairs, the organization's
# verifying MSP (msp/cacerts, msp/tlscacerts, msp/config.yaml: what configtxgen
# loads) and the Admin's identity; restore rebuilds all of it.  A node or user
# whose Secrets exist only in part (a run that failed half way) is issued anew
# by the restored CAs and its existing Secrets are then written back over the
# new files, so configtxgen sees what the cluster holds.  Channel artifacts
# that exist are kept: a channel has one genesis block.
# RBAC: get and create on secrets only (no patch): a Secret gets its labels in
# the create itself.
set -eu

WORK=${WORK:-/work}
PLAN=${PLAN:-/config/identities.plan}
LABEL=app.kubernetes.io/managed-by=fabchart

log() { echo "identities: $*"; }

# secret_data NAMESPACE NAME: the Secret's data, one "key base64value" line per key
# (kubectl prints a map as JSON; a Secret's keys are [-._a-zA-Z0-9]+ and its
# values base64, so neither holds a quote or a comma); fails when the Secret
# cannot be read
secret_data() {
  json=$(kubectl get secret "$2" -n "$1" -o 'jsonpath={.data}' 2>/dev/null) || return 1
  printf '%s\n' "$json" | tr ',' '\n' | sed -n 's/^[{]*"\([^"]*\)":"\([^"]*\)"[}]*$/\1 \2/p'
}

# path_of PATH: a plan path (its first one), its "*_sk" glob resolved to the file there.
path_of() {
  p=${1%%,*}
  case "$p" in
    *'*_sk')
      for f in $p; do echo "$f"; return 0; done
      echo "$p" ;;
    *) echo "$p" ;;
  esac
}

# node_of PATH: the node or user folder a path is in (crypto-config/<kind>/<org>/
# peers|orderers|users/<name>), empty for an organization's own files
node_of() {
  case "$(echo "$1" | cut -d/ -f4)" in
    peers | orderers | users) echo "$1" | cut -d/ -f1-5 ;;
  esac
}

restore() {
  : >partial
  : >existing
  grep -v '^#' "$PLAN" | while read -r ns name kind items; do
    # one read per Secret: whether it exists (for upload) and its data
    if ! secret_data "$ns" "$name" >data; then
      [ "$kind" = files ] || continue
      for item in $items; do
        node=$(node_of "${item#*=}")
        [ -z "$node" ] || echo "$node" >>partial
      done
      continue
    fi
    echo "$ns $name" >>existing
    [ "$kind" = files ] || continue
    for item in $items; do
      key=${item%%=*}
      rkey=$(printf '%s' "$key" | sed 's/\./\\./g')
      sed -n "s/^$rkey //p" data | base64 -d >value
      paths=${item#*=}
      for path in $(echo "$paths" | tr ',' ' '); do
        case "$path" in *'*_sk') path="${path%\*_sk}priv_sk" ;; esac
        for top in . saved; do
          mkdir -p "$top/$(dirname "$path")"
          cp value "$top/$path"
        done
      done
    done
    rm -f value data
    log "restored $ns/$name"
  done
  # an organization folder without its CA pairs cannot be extended
  for org in crypto-config/*Organizations/*; do
    [ -d "$org" ] || continue
    if [ ! -d "$org/ca" ]; then
      log "FAIL the Secret org-ca of ${org##*/} is gone while other Secrets of it exist:" \
        "restore org-ca, or delete the organization's Secrets to issue it anew"
      exit 1
    fi
  done
  # nodes whose Secrets exist only in part are issued anew (same CAs)
  sort -u partial | while read -r node; do
    if [ -d "$node" ]; then
      rm -rf "$node"
      log "reissuing ${node##*/}: some of its Secrets are missing"
    fi
  done
  rm -f partial
}

# channel_artifact OUT ARGS...: configtxgen ARGS writing OUT, unless OUT exists
channel_artifact() {
  out=$1
  shift
  if [ -f "$out" ]; then
    log "kept $out"
    return 0
  fi
  configtxgen -configPath . "$@"
  log "configtxgen: $out"
}

# servers: the TLS server pairs of crypto-servers.yaml (fabchart's src/fabcfg.h),
# for each CA's operations endpoint and each chaincode server with TLS.
# cryptogen generates each of those organizations with a throwaway signing
# CA and TLS CA; the organization's own TLS CA (crypto-config/.../tlsca)
# replaces the throwaway one, the pairs restore wrote back are put in place,
# and `cryptogen extend` issues the servers whose folders do not exist with
# the organization's TLS CA (getCA loads any *.pem and *_sk of tlsca/).  Only
# tls/ folders are uploaded: the throwaway CA's signing certificates belong
# to no MSP, and its key dies with the pod.
servers() {
  [ -f /config/crypto-servers.yaml ] || return 0
  rm -rf servers.new
  cryptogen generate --config=/config/crypto-servers.yaml --output=servers.new
  for org in servers.new/*Organizations/*; do
    rel=${org#servers.new/}
    rm -rf "$org/peers" "$org/orderers" "$org/tlsca"
    mkdir "$org/tlsca"
    cp "crypto-config/$rel/tlsca/"* "$org/tlsca/"
    for sub in peers orderers; do
      if [ -d "crypto-servers/$rel/$sub" ]; then
        cp -R "crypto-servers/$rel/$sub" "$org/"
      fi
    done
  done
  cryptogen extend --config=/config/crypto-servers.yaml --input=servers.new
  rm -rf crypto-servers
  mv servers.new crypto-servers
  log "cryptogen: server pairs of the organizations' TLS CAs issued, existing ones kept"
}

# ccaas_config: ccaas/<peer host>.json for each peer, the object the ccaas
# builder fills connection.json's templates from (its build step reads it
# from CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG; src/ccpackage.h): the
# organization's TLS CA certificate, which issued the chaincode servers'
# pairs, and the peer's TLS pair, its client pair towards them.  PEM holds
# no quote or backslash: only its line ends need escaping.
json_pem() { awk '{ printf "%s\\n", $0 }' "$1"; }
ccaas_config() {
  mkdir -p ccaas
  for tls in crypto-config/peerOrganizations/*/peers/*/tls; do
    [ -f "$tls/server.key" ] || continue
    host=${tls%/tls}
    printf '{"root_cert":"%s","client_cert":"%s","client_key":"%s"}\n' \
      "$(json_pem "$tls/ca.crt")" "$(json_pem "$tls/server.crt")" \
      "$(json_pem "$tls/server.key")" >"ccaas/${host##*/}.json"
  done
}

generate() {
  if [ -d crypto-config ]; then
    cryptogen extend --config=/config/crypto-config.yaml --input=crypto-config
    # a reissued node keeps the Secrets it has: put their files back
    if [ -d saved/crypto-config ]; then
      cp -R saved/crypto-config/. crypto-config/
      # and only the restored key in its keystore (1.4 names keys <SKI>_sk)
      find saved/crypto-config -type d -name keystore | while read -r ks; do
        for f in "${ks#saved/}"/*_sk; do
          [ "$f" = "${ks#saved/}/priv_sk" ] || rm -f "$f"
        done
      done
    fi
    log "cryptogen extend: existing identities kept, missing ones added"
  else
    cryptogen generate --config=/config/crypto-config.yaml --output=crypto-config
    log "cryptogen generate: every identity issued"
  fi
  servers
  ccaas_config
  artifacts
}

# artifacts: configtxgen's channel artifacts of the Fabric version that do not
# exist yet, from configtx.yaml and the organizations' MSP folders under
# crypto-config/ (cryptogen's, or what collect unpacked)
artifacts() {
  cp /config/configtx.yaml configtx.yaml
  mkdir -p artifacts
  if [ "$FABRIC_MAJOR" = 1 ]; then
    channel_artifact artifacts/genesis.block -profile SystemChannel -channelID system-channel \
      -outputBlock artifacts/genesis.block
    for ch in $CHANNELS; do
      channel_artifact "artifacts/$ch.tx" -profile "$ch" -channelID "$ch" \
        -outputCreateChannelTx "artifacts/$ch.tx"
    done
    for pair in $ANCHORS; do
      ch=${pair%%:*}
      msp=${pair#*:}
      channel_artifact "artifacts/$ch-$msp-anchors.tx" -profile "$ch" -channelID "$ch" \
        -asOrg "$msp" -outputAnchorPeersUpdate "artifacts/$ch-$msp-anchors.tx"
    done
  else
    for ch in $CHANNELS; do
      channel_artifact "artifacts/$ch.block" -profile "$ch" -channelID "$ch" \
        -outputBlock "artifacts/$ch.block"
    done
  fi
}

# collect (identities: fabric-ca, the genesis Job): each organization's
# public certificates, the tar its enrollment Job published as ConfigMap
# org-public in its namespace ($NAMESPACES), unpacked into cryptogen's layout;
# nothing of it is a key.  Nothing is restored: upload creates only what does
# not exist (a channel has one genesis block).
collect() {
  : >existing
  for ns in $NAMESPACES; do
    kubectl get configmap org-public -n "$ns" -o 'jsonpath={.binaryData.public\.tar}' |
      base64 -d | tar -x -f -
    log "collected the public certificates of $ns"
  done
  if find crypto-config -name '*_sk' | grep -q .; then
    log "FAIL a published tar holds a private key"
    exit 1
  fi
}

upload() {
  grep -v '^#' "$PLAN" | while read -r ns name kind items; do
    # restore listed every Secret that exists (a Secret made since then by
    # another run makes the create below fail, and the Job's next pod keeps it)
    if grep -qxF "$ns $name" existing; then
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
    # one create with the labels in it: the Role allows no patch
    # a Secret made meanwhile (or, for the genesis Job, which may not read
    # Secrets, one that existed) is kept
    if ! out=$(kubectl create secret generic "$name" -n "$ns" "$@" --dry-run=client -o yaml |
      kubectl label --local -f - "$LABEL" -o yaml |
      kubectl create -f - 2>&1); then
      case "$out" in
        *AlreadyExists* | *"already exists"*)
          log "kept $ns/$name"
          continue ;;
      esac
      printf '%s\n' "$out" >&2
      exit 1
    fi
    log "created $ns/$name"
  done
}

case "${1:-}" in
  restore) cd "$WORK" && restore ;;
  generate) cd "$WORK" && generate ;;
  collect) cd "$WORK" && collect ;;
  artifacts) cd "$WORK" && artifacts ;;
  upload) cd "$WORK" && upload ;;
  *) echo "usage: identities.sh restore|generate|upload|collect|artifacts" >&2; exit 2 ;;
esac
