#!/bin/sh
# renew.sh STEP: the certificate renewal CronJob of an organization (identities
# from Fabric CA), in steps, each in its own container of one pod sharing the
# work directory $WORK, all in the organization's namespace $NAMESPACE:
#   read      (kubectl)  read the Secrets that hold the certificates and keys of
#                        the identities of $LIST (files/enroll/<org>.list), found
#                        through $PLAN (files/enroll/<org>.plan), and the CA
#                        certificates of Secret org-certs; with BFT, the
#                        renewal requests (below)
#   reenroll  (fabric-ca) each certificate that expires within $WINDOW (a Go
#                        duration, e.g. 720h) is re-enrolled with
#                        `fabric-ca-client reenroll --csr.keyrequest.reusekey`:
#                        the same private key, a new certificate
#   consent   (tools)    BFT only: sign the requests of other organizations;
#                        this organization's renewal request (below)
#   send      (kubectl)  BFT only: the requests made or signed, into ConfigMaps
#   submit    (tools)    BFT only: this organization's request submitted
#                        when signed (below)
#   update    (kubectl)  every Secret holding a renewed certificate is replaced
#                        (same keys, same private keys, the new certificates),
#                        then each pod that uses one of those Secrets is
#                        deleted and waited for, ONE AT A TIME: the next pod is
#                        deleted only when a new pod of the same StatefulSet or
#                        ReplicaSet is Ready, so an orderer quorum and a peer of
#                        each organization stay up
#   await     (tools)    BFT only: a consenter renewed by this run is awaited
#                        until it is an active consenter of every channel
#                        again (config-update.sh await: osnadmin channel
#                        list on its admin endpoint of $ADMINS, NAME=ADDRESS,
#                        with the admin's TLS pair)
# Nothing that does not expire within the window is touched; a run with
# nothing to renew changes nothing.  One line is logged per action.
#
# Keys: `reenroll` with csr.keyrequest.reusekey signs the CSR with the key the
# client loads from msp/keystore (lib/identity.go Reenroll, api/client.go
# KeyRequest.ReuseKey, lib/client/credential/x509/credential.go Load: the
# keystore/key.pem fallback, imported temporary, at fabric-ca v1.5.15), so no
# key file is written; a new file in the keystore means a new key, and the
# step fails before any Secret changes.  The reenroll request authenticates
# with the current certificate: one that has already expired cannot be
# renewed this way (delete the identity's Secrets: the enrollment Job issues
# it anew, with a new key).
# Fabric compares only public keys where it checks a Raft consenter's TLS
# certificate (orderer/consensus/etcdraft/consenter.go detectSelfID and the
# cluster's comparator, orderer/common/cluster/connections.go, at v2.5.12 and
# v3.1.1; docs/source/raft_configuration.md "TLS certificate rotation": no
# channel config update when the public key stays), so Raft orderers and
# peers are renewed in place.
#
# BFT consenters ($BFT "yes": the organization's orderers) are compared byte
# for byte: a SmartBFT orderer finds itself in the channel by its signing
# certificate (orderer/consensus/smartbft/consenter.go detectSelfID) and
# refuses cluster messages addressed to another one (orderer/common/cluster/
# clusterservice.go VerifyAuthRequest), all at v3.1.1.  So each channel of
# $CHANNELS is updated first, one consenter at a time, through
# config-update.sh ($UPDATE; compute, sign, check, submit) with the filter
# renew-consenter.jq ($FILTER), and the orderer is restarted after:
#   1  reenroll: the consenter's signing AND TLS certificates are renewed
#      together (same keys), when either expires within the window and no
#      request of this organization is under way; they are not yet put in
#      any Secret
#   2  consent: per channel, the update from the channel's config to that
#      config with the renewed certificates, unsigned: the request (the
#      renewed certificates, the updates), which send keeps in ConfigMap
#      fabchart-renew-$ORG before anything is submitted; each namespace of
#      $SIGNERS in turn signs it on its own run (its SIGN_FOR) and keeps it
#      signed in its own ConfigMap fabchart-renew-$ORG
#   3  submit, on this run when $SIGNERS is empty (one orderer organization's
#      signature is enough), else on the run that finds the request signed
#      by all in the last namespace of $SIGNERS: the updates checked to be
#      its own, then submitted (`peer channel update` adds this admin's
#      signature: /Channel/Orderer/Admins, MAJORITY of the orderer
#      organizations); when every channel holds the renewed certificates
#      (now, or submitted by an earlier run that stopped), update replaces
#      the Secrets, restarts the orderer and deletes the request; a refused
#      update drops the request (the next run renews anew)
# An organization signs another's request ($SIGN_FOR: ORG=MSPID@NAMESPACE,
# the request of ORG taken from NAMESPACE) only when the updates are exactly
# those it computes itself, from its own orderer's channel config, for that
# organization's MSP ID (never the request's word) and the renewed
# certificates carry the public keys of those they replace (certs.sh key):
# a renewal, never another key or another organization's consenter.  The
# request travels as config-update.sh's exchange (receive, send), a
# ConfigMap per chain in each namespace: certificates and envelopes only.
# The channel's config is fetched from $ORDERERS (NAME=ADDRESS, this
# organization's), not from the orderer being renewed: an organization with
# one orderer submits and awaits through another organization's, whose
# address and TLS root the channel's config names (Endpoints, the MSP's
# tls_root_certs).  A submit not seen in time keeps the request (the next
# run checks again); a request lost after its update went through is
# recovered: the next run finds the channel holding certificates of the
# consenter's keys that its Secrets lack and puts those in the Secrets.
# Certificates are requested as enroll.sh requests them: MSP certificates at
# the CA ca-$ORG with the enrollment ID as csr.hosts (admins' with
# $ADMIN_PROFILE), TLS certificates at tlsca-$ORG with the list line's HOSTS
# and $TLS_PROFILE, both with the subject names $CSR_NAMES.
# RBAC: secrets get/update (only those named in the plan), pods get/list/delete;
# with BFT, configmaps get/delete fabchart-renew-* and create in its
# namespace, get of the one it takes from another namespace.
set -eu

WORK=${WORK:-/work}
T=${TMPDIR:-/tmp}
LIST=${LIST:-/config/org.list}
PLAN=${PLAN:-/config/org.plan}
NAMESPACE=${NAMESPACE:-default}
ORG=${ORG:-org}
CA_URL=${CA_URL:-https://ca:7054}
WINDOW=${WINDOW:-720h}
BFT=${BFT:-}
MSP_ID=${MSP_ID:-}
CHANNELS=${CHANNELS:-}
ORDERERS=${ORDERERS:-}
ADMINS=${ADMINS:-}
SIGNERS=${SIGNERS:-}
SIGN_FOR=${SIGN_FOR:-}
TLS_PROFILE=${TLS_PROFILE:-}
ADMIN_PROFILE=${ADMIN_PROFILE:-}
CSR_NAMES=${CSR_NAMES:-C=US,ST=California,L=San Francisco}
POLL_SECONDS=${POLL_SECONDS:-5}
READY_TIMEOUT=${READY_TIMEOUT:-900}
LABEL=app.kubernetes.io/managed-by=fabchart

log() { echo "renew: $*"; }

# certs.sh (beside this script in the ConfigMap, or $CERTS) reads durations and
# certificates' expiry, with busybox only: no image of the chart has openssl
CERTS=${CERTS:-$(dirname "$0")/certs.sh}
UPDATE=${UPDATE:-$(dirname "$0")/config-update.sh}
FILTER=${FILTER:-$(dirname "$0")/renew-consenter.jq}

# seconds DURATION: a Go duration ("720h", "1h30m") in whole seconds; fails
# when it is none
seconds() { sh "$CERTS" seconds "$1"; }

# expires_within CERT: the PEM certificate CERT expires within $WINDOW from
# now, or has expired (notAfter <= now + window, as openssl x509 -checkend)
expires_within() {
  state=$(WINDOW=$WINDOW sh "$CERTS" list "$1" | cut -f3)
  case "$state" in
    expiring) return 0 ;;
    ok) return 1 ;;
  esac
  log "FAIL no expiry read from $1"
  exit 1
}

# secret_data NAME: the Secret's data, one "key base64value" line per key (as
# identities.sh's); fails when the Secret cannot be read
secret_data() {
  json=$(kubectl get secret "$1" -n "$NAMESPACE" -o 'jsonpath={.data}' 2>/dev/null) || return 1
  printf '%s\n' "$json" | tr ',' '\n' | sed -n 's/^[{]*"\([^"]*\)":"\([^"]*\)"[}]*$/\1 \2/p'
}

# plan_index: "PATH SECRET KEY" for every path of every files item of the plan in
# $NAMESPACE (an item KEY=P1,P2 holds the file at each of its paths).  A
# Secret that holds a CA's private key (<orgdir>/ca/*_sk, tlsca/*_sk: org-ca of
# cryptogen's plan) is left out: the renewal never reads a CA key, so its
# copies of the admin's certificates are not renewed
plan_index() {
  grep -v '^#' "$PLAN" | while read -r ns name kind items; do
    if [ "$ns" != "$NAMESPACE" ] || [ "$kind" != files ]; then continue; fi
    case " $items" in *[=,]*/ca/\*_sk* | *[=,]*/tlsca/\*_sk*) continue ;; esac
    for item in $items; do
      for path in $(echo "${item#*=}" | tr ',' ' '); do
        echo "$path $name ${item%%=*}"
      done
    done
  done
}

# holders DIR WHAT: the "PATH SECRET KEY" lines of the index that hold the
# identity's file WHAT: msp-cert, msp-key, tls-cert, tls-key, or ccaas (a
# peer's ccaas builder configuration, which holds its TLS pair)
holders() {
  d=$(printf '%s' "$1" | sed 's/[.]/\\./g')
  case "$2" in
    msp-cert) pattern="$d/msp/signcerts/[^ ]*" ;;
    msp-key) pattern="$d/msp/keystore/[^ ]*" ;;
    tls-cert) pattern="$d/tls/(server|client)\.crt" ;;
    tls-key) pattern="$d/tls/(server|client)\.key" ;;
    ccaas) pattern="ccaas/${d##*/}\.json" ;;
  esac
  grep -E "^$pattern " index || true
}

# lines: the list's lines, "ROLE NAME DIR HOSTS"
lines() { grep -v '^[[:space:]]*\(#\|$\)' "$LIST"; }

# kinds ROLE: the certificates of an identity (a server has a TLS pair only)
kinds() { if [ "$1" = server ]; then echo tls; else echo "msp tls"; fi; }

# value SECRET KEY OUT: a key of a Secret read by `read`, decoded into OUT
value() {
  sed -n "s/^$(printf '%s' "$2" | sed 's/\./\\./g') //p" "secrets/$1" | base64 -d >"$3"
}

read_step() {
  plan_index >index
  rm -rf secrets ids
  mkdir -p secrets ids
  lines | while read -r role name dir _; do
    for k in $(kinds "$role"); do
      for what in cert key ccaas; do
        if [ "$what" = ccaas ]; then h=ccaas; else h=$k-$what; fi
        holders "$dir" "$h" | while read -r _ secret _; do
          [ -f "secrets/$secret" ] || [ -f "secrets/$secret.absent" ] && continue
          if secret_data "$secret" >"secrets/$secret.tmp"; then
            mv "secrets/$secret.tmp" "secrets/$secret"
            log "read $NAMESPACE/$secret"
          else
            rm -f "secrets/$secret.tmp"
            : >"secrets/$secret.absent"
          fi
        done
      done
    done
  done
  # the identities' current files, from the first Secret that holds each
  lines | while read -r role name dir _; do
    for k in $(kinds "$role"); do
      mkdir -p "ids/$name/$k"
      for what in cert key; do
        holders "$dir" "$k-$what" | head -n 1 >holder
        read -r _ secret key <holder || secret=
        if [ -z "$secret" ] || [ ! -f "secrets/$secret" ]; then
          log "skipped $name $k: no Secret of the plan holds its $what (not enrolled, or not kept in a Secret)"
          rm -rf "ids/${name:?}/$k"
          break
        fi
        value "$secret" "$key" "ids/$name/$k/$what.pem"
      done
    done
  done
  # what the CA serves TLS with chains to one of the organization's CAs
  secret_data org-certs >secrets/org-certs || {
    log "FAIL cannot read Secret org-certs in $NAMESPACE"
    exit 1
  }
  value org-certs ca.crt ca.pem
  value org-certs tlsca.crt tlsca.pem
  cat ca.pem tlsca.pem >ca-tls.pem
  bft_read
}

# exchange DIR NAMESPACE NAME: ConfigMap NAME of NAMESPACE, a renewal request
# as config-update.sh sends it, unpacked into DIR (config-update.sh receive);
# no DIR when there is none
exchange() {
  rm -rf "$1"
  if ! kubectl get configmap "$3" -n "$2" -o name >/dev/null 2>err; then
    grep -q NotFound err || { log "FAIL cannot read ConfigMap $3 in $2: $(cat err)"; exit 1; }
    return 0
  fi
  mkdir -p "$1"
  CHANNEL=renewal FROM=$2 EXCHANGE=$3 WORK=$WORK/$1 sh "$UPDATE" receive >/dev/null
  log "read request $(cat "$1/request" 2>/dev/null || echo '(none)') from $2/$3"
}

# bft_read: this organization's request as it left it (bft/own) and as the
# last signer left it (bft/final); each request it signs as the namespace
# before it left it (bft/sign/ORG/in) and as it left it (bft/sign/ORG/mine)
bft_read() {
  [ "$BFT" = yes ] || return 0
  rm -rf bft
  mkdir -p bft/sign bft/out
  exchange bft/own "$NAMESPACE" "fabchart-renew-$ORG"
  [ -z "$SIGNERS" ] || exchange bft/final "${SIGNERS##* }" "fabchart-renew-$ORG"
  for entry in $SIGN_FOR; do
    req=${entry%%=*}
    exchange "bft/sign/$req/in" "${entry#*@}" "fabchart-renew-$req"
    exchange "bft/sign/$req/mine" "$NAMESPACE" "fabchart-renew-$req"
  done
}

# reenroll_one ROLE NAME KIND HOSTS: the identity's certificate KIND (msp or
# tls) re-enrolled with its own key into ids/NAME/KIND/new.pem
reenroll_one() {
  home=$WORK/home/$2-$3
  rm -rf "$home"
  mkdir -p "$home/msp/signcerts" "$home/msp/keystore"
  cp "ids/$2/$3/cert.pem" "$home/msp/signcerts/cert.pem"
  cp "ids/$2/$3/key.pem" "$home/msp/keystore/key.pem"
  set -- "$@" reenroll -H "$home" -u "$CA_URL" --tls.certfiles "$WORK/ca-tls.pem" \
    --csr.keyrequest.reusekey --csr.names "$CSR_NAMES"
  if [ "$3" = tls ]; then
    set -- "$@" --caname "tlsca-$ORG"
    [ "$4" = - ] || set -- "$@" --csr.hosts "$4"
    [ -z "$TLS_PROFILE" ] || set -- "$@" --enrollment.profile "$TLS_PROFILE"
  else
    set -- "$@" --caname "ca-$ORG" --csr.hosts "$2"
    [ "$1" != admin ] || [ -z "$ADMIN_PROFILE" ] ||
      set -- "$@" --enrollment.profile "$ADMIN_PROFILE"
  fi
  r_name=$2 r_kind=$3
  shift 4
  if ! fabric-ca-client "$@"; then
    log "FAIL $r_name $r_kind: fabric-ca-client reenroll failed"
    exit 1
  fi
  # the key is kept: the client wrote no key file of its own
  if [ "$(ls "$home/msp/keystore")" != key.pem ]; then
    log "FAIL $r_name $r_kind: reenroll made a new key; nothing is replaced"
    exit 1
  fi
  cp "$home/msp/signcerts/cert.pem" "ids/$r_name/$r_kind/new.pem"
  log "reenrolled $r_name $r_kind (same key)"
}

reenroll_step() {
  seconds "$WINDOW" >/dev/null || { log "FAIL WINDOW '$WINDOW' is no Go duration"; exit 1; }
  : >renewed
  : >refused
  : >staged
  lines | while read -r role name dir hosts; do
    due=
    for k in $(kinds "$role"); do
      [ -f "ids/$name/$k/cert.pem" ] && expires_within "ids/$name/$k/cert.pem" && due="$due $k"
    done
    [ -n "$due" ] || continue
    if [ "$role" = orderer ] && [ "$BFT" = yes ]; then
      # a BFT consenter: both certificates, one consenter at a time (consent)
      if [ -f bft/own/request ]; then
        read -r pending _ <bft/own/request
        if [ "$pending" = "$name" ]; then
          log "$name: its renewal is under way (request $(cut -d' ' -f2 bft/own/request))"
        else
          log "$name expires within $WINDOW: waits for the renewal of $pending (one consenter at a time)"
        fi
        continue
      fi
      if [ -s staged ]; then
        log "$name expires within $WINDOW: waits for the renewal of $(cat staged) (one consenter at a time)"
        continue
      fi
      if [ ! -f "ids/$name/msp/cert.pem" ] || [ ! -f "ids/$name/tls/cert.pem" ]; then
        log "FAIL $name: a BFT consenter without both its signing and TLS certificates in Secrets"
        echo "$name" >>refused
        continue
      fi
      due="msp tls"
    fi
    for k in $due; do
      reenroll_one "$role" "$name" "$k" "$hosts"
    done
    if [ "$role" = orderer ] && [ "$BFT" = yes ]; then
      echo "$name" >staged
    else
      for k in $due; do echo "$name $k" >>renewed; done
    fi
  done
}

# ---- BFT consenters (consent) -------------------------------------------------

# b64 FILE: the file in base64 on one line, as configtxlator prints bytes
b64() { base64 <"$1" | tr -d '\n'; }

# definition OUT MSPID OLD-ID OLD-TLS NEW-ID NEW-TLS: the renewal as
# renew-consenter.jq reads it ($org[0])
definition() {
  jq -n --arg msp "$2" --arg oi "$(b64 "$3")" --arg ot "$(b64 "$4")" --arg ni "$(b64 "$5")" \
    --arg nt "$(b64 "$6")" \
    '{msp_id: $msp, old_identity: $oi, old_tls: $ot, identity: $ni, tls_cert: $nt}' >"$1"
}

# via NAME: the address of the first orderer of $ORDERERS other than NAME
# (the one being renewed); none when NAME is the organization's only one
via() {
  for o in $ORDERERS; do
    [ "${o%%=*}" = "$1" ] || { echo "${o#*=}"; return 0; }
  done
}

# note_elsewhere: an orderer of another organization, from the channel config
# config-update.sh fetched last ($T/config.json: the Orderer group's
# organizations, their Endpoints and their MSPs' TLS roots): "MSPID ADDRESS"
# in bft/elsewhere, the TLS root in bft/tls/MSPID/ca.crt (values Endpoints,
# common/channelconfig/orderer.go EndpointsKey, OrdererAddresses.addresses;
# MSP, organization.go MSPKey, FabricMSPConfig.tls_root_certs of
# fabric-protos-go-apiv2 msp/msp_config.pb.go; at v3.1.1)
note_elsewhere() {
  [ ! -s bft/elsewhere ] || return 0
  jq -r --arg m "$MSP_ID" '.channel_group.groups.Orderer.groups // {} | to_entries[]
    | select(.key != $m) | [.key, .value.values.Endpoints.value.addresses[0],
      .value.values.MSP.value.config.tls_root_certs[0]] | select(.[1] and .[2]) | join(" ")' \
    "$T/config.json" 2>/dev/null | head -n 1 >"$T/elsewhere" || true
  read -r e_msp e_addr e_tls <"$T/elsewhere" || return 0
  mkdir -p "bft/tls/$e_msp"
  printf '%s' "$e_tls" | base64 -d >"bft/tls/$e_msp/ca.crt" || return 0
  echo "$e_msp $e_addr" >bft/elsewhere
}

# cu DIR NAME STEP...: config-update.sh's STEPs for the channel named by DIR's
# last component, work directory DIR, through an orderer other than NAME: one
# of this organization's, else one of another's (note_elsewhere), else NAME
# itself (only before anything is submitted: a consenter whose certificates
# the channel no longer holds hears no consensus until it restarts)
cu() {
  cu_dir=$1 cu_via=$(via "$2") cu_tls=${ORDERER_TLS_DIR:-/orderer-tls} cu_org=$ORG
  if [ -z "$cu_via" ] && [ -s bft/elsewhere ]; then
    read -r cu_org cu_via <bft/elsewhere
    cu_tls=$WORK/bft/tls
  fi
  # (no other: NAME is the only orderer, the first of $ORDERERS)
  [ -n "$cu_via" ] || { cu_via=${ORDERERS%% *} && cu_via=${cu_via#*=}; }
  shift 2
  CHANNEL=${cu_dir##*/} WORK=$WORK/$cu_dir CHANGE=$FILTER ORDERER=$cu_via ORDERER_ORG=$cu_org \
    ORDERER_TLS_DIR=$cu_tls sh "$UPDATE" "$@"
}

# cu_state DIR: the state config-update.sh left in DIR
cu_state() { cat "$1/state" 2>/dev/null || echo unknown; }

# update_json ENVELOPE OUT: the config update an envelope carries, as JSON
update_json() {
  configtxlator proto_decode --input "$1" --type common.Envelope --output "$T/envelope.json" \
    >/dev/null 2>&1 && jq -S '.payload.data.config_update' "$T/envelope.json" >"$2"
}

# same_update A B: envelopes A and B carry the same config update
same_update() {
  update_json "$1" "$T/a.json" && update_json "$2" "$T/b.json" && cmp -s "$T/a.json" "$T/b.json"
}

# channels DIR: the channel directories of a request
channels() { for c in "$1"/*/; do [ -d "$c" ] && basename "$c"; done; }

# sign_request ORG MSPID: sign the request of ORG taken from the namespace
# before this one in its chain, when it is new and what it claims
sign_request() {
  in=bft/sign/$1/in mine=bft/sign/$1/mine out=bft/out/fabchart-renew-$1
  if [ ! -f "$in/request" ]; then
    log "no renewal request of $1 to sign"
    return 0
  fi
  read -r s_name s_id <"$in/request"
  if [ -f "$mine/request" ] && [ "$(cat "$mine/request")" = "$s_name $s_id" ]; then
    log "request $s_id of $1 ($s_name): signed already"
    return 0
  fi
  rm -rf "$out" bft/verify
  mkdir -p "$out" bft/verify
  cp -R "$in/." "$out/"
  s_why=
  s_id_key=$(sh "$CERTS" key "$out/identity.pem") s_tls_key=$(sh "$CERTS" key "$out/tls.pem")
  for ch in $(channels "$out"); do
    jq -r .old_identity "$out/$ch/org.json" | base64 -d >"$T/old-id.pem"
    jq -r .old_tls "$out/$ch/org.json" | base64 -d >"$T/old-tls.pem"
    if [ "$s_id_key" != "$(sh "$CERTS" key "$T/old-id.pem")" ] ||
      [ "$s_tls_key" != "$(sh "$CERTS" key "$T/old-tls.pem")" ]; then
      s_why="$ch: the renewed certificates do not carry the keys of those they replace"
      break
    fi
    mkdir -p "bft/verify/$ch"
    definition "bft/verify/$ch/org.json" "$2" "$T/old-id.pem" "$T/old-tls.pem" \
      "$out/identity.pem" "$out/tls.pem"
    cu "bft/verify/$ch" - compute
    if [ "$(cu_state "bft/verify/$ch")" != pending ] ||
      ! same_update "bft/verify/$ch/update.pb" "$out/$ch/update.pb"; then
      s_why="$ch: the update is not the one $MSP_ID computes for $2's consenter $s_name"
      break
    fi
    cu "$out/$ch" - sign
  done
  if [ -n "$s_why" ]; then
    rm -rf "$out"
    log "FAIL request $s_id of $1 ($s_name) not signed: $s_why"
    echo "request $s_id of $1" >>refused
    return 0
  fi
  log "signed request $s_id of $1: $s_name's renewal on $(channels "$out" | tr '\n' ' ')"
}

# applied NAME DIR: the consenter's renewed certificates (of request DIR) go
# into its Secrets (update)
applied() {
  cp "$2/identity.pem" "ids/$1/msp/new.pem"
  cp "$2/tls.pem" "ids/$1/tls/new.pem"
  printf '%s msp\n%s tls\n' "$1" "$1" >>renewed
  echo "$1" >bft/applied
  log "$1: every channel holds its renewed certificates"
}

# request_fails NAME MARK WHY: this run's request for NAME ends here (WHY
# follows the request's id in the log line):
# logged, counted as refused, marked bft/MARK (drop: update deletes it, the
# next run renews anew; wait: kept for the next run)
request_fails() {
  f_name=$1 f_mark=$2
  shift 2
  log "FAIL request $(cut -d' ' -f2 bft/own/request)$*"
  echo "request of $f_name" >>refused
  : >"bft/$f_mark"
}

# submit_request NAME: the request, signed by all of $SIGNERS (bft/final) or
# by none of them, submitted on each channel; fails the request when a
# channel refuses it
submit_request() {
  for ch in $(channels bft/own); do
    if [ -n "$SIGNERS" ]; then
      if ! same_update "bft/final/$ch/update.pb" "bft/own/$ch/update.pb"; then
        request_fails "$1" drop ": the update signed for $ch is not this organization's"
        return 0
      fi
      cp "bft/final/$ch/update.pb" "bft/own/$ch/update.pb"
    fi
    rc=0
    cu "bft/own/$ch" "$1" submit || rc=$?
    if [ "$rc" = 3 ]; then
      request_fails "$1" wait " submitted on $ch, not yet seen: kept, the next run checks again"
      return 0
    elif [ "$rc" != 0 ]; then
      request_fails "$1" drop " refused on $ch: the next run renews $1 anew"
      return 0
    fi
  done
}

# adopt NAME: the channel config config-update.sh fetched last holds, for
# $MSP_ID, a consenter whose signing and TLS certificates carry the keys of
# NAME's but are others (a renewal submitted by a run whose request was then
# lost): those into bft/adopt/; fails when there is none
adopt() {
  a_id=$(sh "$CERTS" key "ids/$1/msp/cert.pem") a_tls=$(sh "$CERTS" key "ids/$1/tls/cert.pem")
  jq -r --arg m "$MSP_ID" '.channel_group.groups.Orderer.values.Orderers.value.consenter_mapping[]?
    | select(.msp_id == $m) | "\(.identity) \(.server_tls_cert)"' "$T/config.json" >"$T/mapping"
  while read -r m_id m_tls; do
    printf '%s' "$m_id" | base64 -d >"$T/m-id.pem" 2>/dev/null || continue
    printf '%s' "$m_tls" | base64 -d >"$T/m-tls.pem" 2>/dev/null || continue
    if [ "$(sh "$CERTS" key "$T/m-id.pem" 2>/dev/null)" = "$a_id" ] &&
      [ "$(sh "$CERTS" key "$T/m-tls.pem" 2>/dev/null)" = "$a_tls" ]; then
      mkdir -p bft/adopt
      cp "$T/m-id.pem" bft/adopt/identity.pem
      cp "$T/m-tls.pem" bft/adopt/tls.pem
      return 0
    fi
  done <"$T/mapping"
  return 1
}

# new_request: this organization's staged consenter (reenroll), when no
# request is under way: per channel the unsigned update, into bft/own and
# bft/out (send keeps it in ConfigMap fabchart-renew-$ORG before anything is
# submitted, so a run that stops later leaves its certificates findable)
new_request() {
  [ ! -f bft/own/request ] && [ -s staged ] || return 0
  read -r o_name <staged
  rm -rf bft/new
  mkdir -p bft/new
  cp "ids/$o_name/msp/new.pem" bft/new/identity.pem
  cp "ids/$o_name/tls/new.pem" bft/new/tls.pem
  for ch in $CHANNELS; do
    mkdir -p "bft/new/$ch"
    definition "bft/new/$ch/org.json" "$MSP_ID" "ids/$o_name/msp/cert.pem" \
      "ids/$o_name/tls/cert.pem" bft/new/identity.pem bft/new/tls.pem
    cu "bft/new/$ch" "$o_name" compute
    note_elsewhere
    if [ "$(cu_state "bft/new/$ch")" != pending ]; then
      log "$o_name is no consenter of $ch with its current certificates: nothing to update there"
      rm -rf "bft/new/${ch:?}"
      [ -f bft/adopt/identity.pem ] || adopt "$o_name" || true
    fi
  done
  o_id=$(cat bft/new/*/update.pb 2>/dev/null | cksum | cut -d' ' -f1)
  echo "$o_name $o_id" >bft/new/request
  if [ -z "$(channels bft/new)" ]; then
    if [ -f bft/adopt/identity.pem ]; then
      log "$o_name: the channel holds certificates of its keys that its Secrets lack (a renewal" \
        "whose request was lost): the Secrets take those"
      applied "$o_name" bft/adopt
    else
      log "$o_name is a consenter of no channel with its current certificates: renewed in place"
      applied "$o_name" bft/new
    fi
    return 0
  fi
  cp -R bft/new bft/own
  cp -R bft/new "bft/out/fabchart-renew-$ORG"
  if [ -n "$SIGNERS" ]; then
    log "request $o_id ($o_name's renewal on $(channels bft/new | tr '\n' ' ')) for the signatures of $SIGNERS"
  else
    log "request $o_id ($o_name's renewal on $(channels bft/new | tr '\n' ' ')): this organization's signature is enough"
  fi
}

consent_step() {
  if [ "$BFT" != yes ]; then
    log "no BFT consenters here: nothing to consent to"
    return 0
  fi
  for entry in $SIGN_FOR; do
    msp=${entry#*=}
    sign_request "${entry%%=*}" "${msp%@*}"
  done
  new_request
}

# submit_step: this organization's request, one step further: applied when
# every channel holds it; else submitted when signed by all of $SIGNERS (the
# last one's copy, bft/final) or when none is needed; else it waits
submit_step() {
  [ "$BFT" = yes ] && [ -f bft/own/request ] && [ ! -f bft/applied ] || return 0
  read -r o_name o_id <bft/own/request
  # (a first fetch, maybe through the orderer being renewed, tells where
  # another organization's orderer is)
  [ -n "$(via "$o_name")" ] || { cu "bft/own/$(channels bft/own | head -n 1)" "$o_name" check && note_elsewhere; }
  for ch in $(channels bft/own); do cu "bft/own/$ch" "$o_name" check; done
  left=$(for ch in $(channels bft/own); do [ "$(cu_state "bft/own/$ch")" = applied ] || echo "$ch"; done)
  if [ -z "$left" ]; then
    applied "$o_name" bft/own
  elif [ -z "$SIGNERS" ] || { [ -f bft/final/request ] && [ "$(cat bft/final/request)" = "$o_name $o_id" ]; }; then
    submit_request "$o_name"
    [ -f bft/drop ] || [ -f bft/wait ] || applied "$o_name" bft/own
  else
    log "request $o_id ($o_name) waits for the signatures of $SIGNERS"
  fi
}

# json_pem FILE: PEM with its line ends escaped for JSON (identities.sh's)
json_pem() { awk '{ printf "%s\\n", $0 }' "$1"; }

# new_files SECRET: the Secret's data as files under new/SECRET/, where the
# renewed certificates then replace the old ones (sh has no local variables:
# its names are its own)
new_files() {
  rm -rf "new/$1"
  mkdir -p "new/$1"
  while read -r nkey _; do
    value "$1" "$nkey" "new/$1/$nkey"
  done <"secrets/$1"
}

# replace SECRET: the Secret replaced by the files of new/SECRET/ (an update:
# its labels kept as identities.sh and the enrollment Job create them)
replace() {
  rname=$1
  set --
  for f in "new/$rname"/*; do
    set -- "$@" "--from-file=${f##*/}=$f"
  done
  kubectl create secret generic "$rname" -n "$NAMESPACE" "$@" --dry-run=client -o yaml |
    kubectl label --local -f - "$LABEL" -o yaml |
    kubectl replace -f - >/dev/null
  log "updated $NAMESPACE/$rname"
}

# POD_FIELDS: one line per pod: name, uid, controller (Kind/name), Ready, being
# deleted, and every Secret it uses (volumes, projected volumes, env, envFrom)
POD_FIELDS='{{range .items}}{{.metadata.name}} {{.metadata.uid}} {{range .metadata.ownerReferences}}{{if .controller}}{{.kind}}/{{.name}}{{end}}{{end}}/ ready={{range .status.conditions}}{{if eq .type "Ready"}}{{.status}}{{end}}{{end}} deleting={{if .metadata.deletionTimestamp}}yes{{end}} ,{{range .spec.volumes}}{{with .secret}}{{.secretName}},{{end}}{{with .projected}}{{range .sources}}{{with .secret}}{{.name}},{{end}}{{end}}{{end}}{{end}}{{range .spec.initContainers}}{{range .env}}{{with .valueFrom}}{{with .secretKeyRef}}{{.name}},{{end}}{{end}}{{end}}{{range .envFrom}}{{with .secretRef}}{{.name}},{{end}}{{end}}{{end}}{{range .spec.containers}}{{range .env}}{{with .valueFrom}}{{with .secretKeyRef}}{{.name}},{{end}}{{end}}{{end}}{{range .envFrom}}{{with .secretRef}}{{.name}},{{end}}{{end}}{{end}}{{"\n"}}{{end}}'
pods() { kubectl get pods -n "$NAMESPACE" -o "go-template=$POD_FIELDS"; }

# restart POD OWNER: delete the pod, then wait until a pod of the same
# controller that did not exist before is Ready
restart() {
  # (a pod's controller field is "Kind/name/")
  pods | awk -v o="$2/" '$3 == o { print $2 }' >old-uids
  kubectl delete pod "$1" -n "$NAMESPACE" --wait=false >/dev/null
  log "deleted pod $1 ($2), waiting until it is Ready again"
  waited=0
  while :; do
    ready=$(pods | awk -v o="$2/" '$3 == o && $4 == "ready=True" && $5 == "deleting=" { print $2 }' |
      grep -vxF -f old-uids | head -n 1 || true)
    [ -z "$ready" ] || break
    if [ "$waited" -ge "$READY_TIMEOUT" ]; then
      log "FAIL no new pod of $2 Ready after ${READY_TIMEOUT}s: no other pod is restarted;" \
        "still on the old certificates (restart them when $2 is back):" \
        "$(sed -n "/^$1 /,\$p" restarts | sed 1d | cut -d' ' -f1 | tr '\n' ' ')"
      exit 1
    fi
    sleep "$POLL_SECONDS"
    waited=$((waited + POLL_SECONDS))
  done
  log "pod of $2 Ready"
}

# bft_send: the requests this run made or signed, each into its ConfigMap in
# this namespace (config-update.sh send); a request applied or dropped is
# deleted (after the restarts: a failed run finds it again)
bft_send() {
  [ "$BFT" = yes ] && [ -d bft/out ] || return 0
  for dir in bft/out/*/; do
    [ -d "$dir" ] || continue
    dir=${dir%/}
    CHANNEL=renewal EXCHANGE=${dir##*/} NAMESPACE=$NAMESPACE WORK=$WORK/$dir sh "$UPDATE" send >/dev/null
    log "sent request $(cat "$dir/request") in $NAMESPACE/${dir##*/}"
  done
}

bft_done() {
  [ "$BFT" = yes ] && { [ -f bft/applied ] || [ -f bft/drop ]; } || return 0
  kubectl delete configmap "fabchart-renew-$ORG" -n "$NAMESPACE" --ignore-not-found >/dev/null
  if [ -f bft/applied ]; then
    log "renewal of $(cat bft/applied) done: request deleted"
  else
    log "request deleted: the next run starts again"
  fi
}

update_step() {
  : >updated
  while read -r name k; do
    dir=$(lines | awk -v n="$name" '$2 == n { print $3; exit }')
    holders "$dir" "$k-cert" | while read -r _ secret key; do
      [ -d "new/$secret" ] || new_files "$secret"
      cp "ids/$name/$k/new.pem" "new/$secret/$key"
      grep -qxF "$secret" updated || echo "$secret" >>updated
    done
    # a peer's ccaas builder configuration holds its TLS pair (identities.sh ccaas_config)
    if [ "$k" = tls ]; then
      holders "$dir" ccaas | while read -r _ secret key; do
        [ -d "new/$secret" ] || new_files "$secret"
        printf '{"root_cert":"%s","client_cert":"%s","client_key":"%s"}\n' \
          "$(json_pem "$WORK/tlsca.pem")" "$(json_pem "ids/$name/tls/new.pem")" \
          "$(json_pem "ids/$name/tls/key.pem")" >"new/$secret/$key"
        grep -qxF "$secret" updated || echo "$secret" >>updated
      done
    fi
  done <renewed
  if [ ! -s updated ]; then
    log "no certificate expires within $WINDOW: nothing renewed"
  else
    while read -r secret; do replace "$secret"; done <updated
    # the pods that use an updated Secret, one at a time (Jobs' pods: their
    # next run reads the new Secrets)
    pods | sort | while read -r pod _ owner _ _ used; do
      case "$owner" in StatefulSet/* | ReplicaSet/*) ;; *) continue ;; esac
      while read -r secret; do
        case "$used" in *",$secret,"*) echo "$pod ${owner%/}"; break ;; esac
      done <updated
    done >restarts
    while read -r pod owner; do restart "$pod" "$owner" </dev/null; done <restarts
    log "renewed $(wc -l <renewed | tr -d ' ') certificates, restarted $(wc -l <restarts | tr -d ' ') pods"
  fi
  bft_done
  if [ -s refused ]; then
    log "FAIL $(wc -l <refused | tr -d ' ') renewals not done: see above"
    exit 1
  fi
}

# await_step: the consenter this run renewed (bft/applied), on each channel
# of $CHANNELS, until osnadmin on its admin endpoint reports it an active
# consenter; after its restart it may first follow the channel until it
# pulls the config block naming its renewed certificates
await_step() {
  if [ "$BFT" != yes ] || [ ! -f bft/applied ]; then
    log "no renewed consenter to await"
    return 0
  fi
  read -r a_name <bft/applied
  a_admin=
  for a in $ADMINS; do [ "${a%%=*}" != "$a_name" ] || a_admin=${a#*=}; done
  if [ -z "$a_admin" ]; then
    log "FAIL no admin endpoint of $a_name in ADMINS"
    exit 1
  fi
  for ch in $CHANNELS; do
    CHANNEL=$ch CONSENTER=$a_name CONSENTER_ADMIN=$a_admin sh "$UPDATE" await
  done
  log "$a_name is an active consenter of every channel with its renewed certificates"
}

case "${1:-}" in
  read) cd "$WORK" && read_step ;;
  reenroll) cd "$WORK" && reenroll_step ;;
  consent) cd "$WORK" && consent_step ;;
  send) cd "$WORK" && bft_send ;;
  submit) cd "$WORK" && submit_step ;;
  await) cd "$WORK" && await_step ;;
  update) cd "$WORK" && update_step ;;
  seconds) seconds "${2:-}" ;;
  *) echo "usage: renew.sh read|reenroll|consent|send|submit|update|await (seconds DURATION)" >&2; exit 2 ;;
esac
