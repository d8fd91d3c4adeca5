#!/bin/sh
# renew.sh STEP: the certificate renewal CronJob of an organization (identities
# from Fabric CA), in three steps, each in its own container of one pod sharing
# the work directory $WORK, all in the organization's namespace $NAMESPACE:
#   read      (kubectl)  read the Secrets that hold the certificates and keys of
#                        the identities of $LIST (files/enroll/<org>.list), found
#                        through $PLAN (files/enroll/<org>.plan), and the CA
#                        certificates of Secret org-certs
#   reenroll  (fabric-ca) each certificate that expires within $WINDOW (a Go
#                        duration, e.g. 720h) is re-enrolled with
#                        `fabric-ca-client reenroll --csr.keyrequest.reusekey`:
#                        the same private key, a new certificate
#   update    (kubectl)  every Secret holding a renewed certificate is replaced
#                        (same keys, same private keys, the new certificates),
#                        then each pod that uses one of those Secrets is
#                        deleted and waited for, ONE AT A TIME: the next pod is
#                        deleted only when a new pod of the same StatefulSet or
#                        ReplicaSet is Ready, so an orderer quorum and a peer of
#                        each organization stay up
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
# peers are renewed in place.  BFT consenters are compared byte for byte
# (orderer/consensus/smartbft/consenter.go, util.go at v3.1.1: identity and
# TLS certificates of the channel config), so a BFT orderer's renewal needs a
# channel config update first: this script does not do it, it refuses those
# certificates with a FAIL line and exits 1 (after renewing the others).
# Certificates are requested as enroll.sh requests them: MSP certificates at
# the CA ca-$ORG with the enrollment ID as csr.hosts (admins' with
# $ADMIN_PROFILE), TLS certificates at tlsca-$ORG with the list line's HOSTS
# and $TLS_PROFILE, both with the subject names $CSR_NAMES.
# RBAC: secrets get/update (only those named in the plan), pods get/list/delete.
set -eu

WORK=${WORK:-/work}
LIST=${LIST:-/config/org.list}
PLAN=${PLAN:-/config/org.plan}
NAMESPACE=${NAMESPACE:-default}
ORG=${ORG:-org}
CA_URL=${CA_URL:-https://ca:7054}
WINDOW=${WINDOW:-720h}
CONSENSUS=${CONSENSUS:-etcdraft}
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
}

reenroll_step() {
  seconds "$WINDOW" >/dev/null || { log "FAIL WINDOW '$WINDOW' is no Go duration"; exit 1; }
  : >renewed
  : >refused
  lines | while read -r role name dir hosts; do
    for k in $(kinds "$role"); do
      id=ids/$name/$k
      [ -f "$id/cert.pem" ] || continue
      expires_within "$id/cert.pem" || continue
      if [ "$role" = orderer ] && [ "$CONSENSUS" = BFT ]; then
        log "FAIL $name $k: expires within $WINDOW, but a BFT consenter's certificates are" \
          "in every channel's config: renew it with a channel config update (not done here)"
        echo "$name $k" >>refused
        continue
      fi
      home=$WORK/home/$name-$k
      rm -rf "$home"
      mkdir -p "$home/msp/signcerts" "$home/msp/keystore"
      cp "$id/cert.pem" "$home/msp/signcerts/cert.pem"
      cp "$id/key.pem" "$home/msp/keystore/key.pem"
      set -- reenroll -H "$home" -u "$CA_URL" --tls.certfiles "$WORK/ca-tls.pem" \
        --csr.keyrequest.reusekey --csr.names "$CSR_NAMES"
      if [ "$k" = tls ]; then
        set -- "$@" --caname "tlsca-$ORG"
        [ "$hosts" = - ] || set -- "$@" --csr.hosts "$hosts"
        [ -z "$TLS_PROFILE" ] || set -- "$@" --enrollment.profile "$TLS_PROFILE"
      else
        set -- "$@" --caname "ca-$ORG" --csr.hosts "$name"
        [ "$role" != admin ] || [ -z "$ADMIN_PROFILE" ] ||
          set -- "$@" --enrollment.profile "$ADMIN_PROFILE"
      fi
      if ! fabric-ca-client "$@"; then
        log "FAIL $name $k: fabric-ca-client reenroll failed"
        exit 1
      fi
      # the key is kept: the client wrote no key file of its own
      if [ "$(ls "$home/msp/keystore")" != key.pem ]; then
        log "FAIL $name $k: reenroll made a new key; nothing is replaced"
        exit 1
      fi
      cp "$home/msp/signcerts/cert.pem" "$id/new.pem"
      echo "$name $k" >>renewed
      log "reenrolled $name $k (same key)"
    done
  done
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
  if [ -s refused ]; then
    log "FAIL $(wc -l <refused | tr -d ' ') certificates not renewed (BFT consenters): see above"
    exit 1
  fi
}

case "${1:-}" in
  read) cd "$WORK" && read_step ;;
  reenroll) cd "$WORK" && reenroll_step ;;
  update) cd "$WORK" && update_step ;;
  seconds) seconds "${2:-}" ;;
  *) echo "usage: renew.sh read|reenroll|update (seconds DURATION)" >&2; exit 2 ;;
esac
