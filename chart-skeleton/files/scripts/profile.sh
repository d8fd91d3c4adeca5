#!/bin/sh
# profile.sh write: the connection profile Job of a fabchart chart, in one
# peer organization's namespace ($NAMESPACE).  It reads the profile fabchart
# compiled ($IN, files/profiles/<organization>.json: see fabchart's
# src/connprofile.h), where each certificate is a placeholder string
# "@pem:SECRET/KEY@"; the pod mounts those Secrets (public material only:
# org-certs, orderer-tlsca-<organization>) under $CERTS/SECRET/, and the
# script puts each PEM in place as a JSON string.  Then it creates or
# updates the ConfigMap $NAME (connection.json) with kubectl apply.
# RBAC: create on configmaps, get and patch on this one ConfigMap; no
# Secret is read through the API.  One line is logged per step.
set -eu

IN=${IN:-/config/profile.json}
CERTS=${CERTS:-/certs}
WORK=${WORK:-/tmp}
NAME=${NAME:-connection-profile}
LABEL=app.kubernetes.io/managed-by=fabchart

log() { echo "profile: $*"; }
# fail MESSAGE: on stderr (fill's stdout is the profile), and stop
fail() { log "FAIL $*" >&2; exit 1; }

# pem_json FILE: FILE as the inside of a JSON string (a PEM: no quote nor
# backslash in it), its lines ended by \n
pem_json() { sed 's/$/\\n/' "$1" | tr -d '\n'; }

# fill: the profile with every placeholder replaced, on stdout
fill() {
  while IFS= read -r line || [ -n "$line" ]; do
    while :; do
      case "$line" in
        *'"@pem:'*'@"'*) ;;
        *) break ;;
      esac
      head=${line%%\"@pem:*}
      rest=${line#*\"@pem:}
      ref=${rest%%@\"*}
      tail=${rest#*@\"}
      case "$ref" in
        */*/* | .* | */.* | /* | */ | "")
          fail "placeholder @pem:$ref@ is not SECRET/KEY" ;;
      esac
      [ -s "$CERTS/$ref" ] || fail "$CERTS/$ref is missing: the Secret ${ref%/*} holds no ${ref#*/}"
      line="$head\"$(pem_json "$CERTS/$ref")\"$tail"
    done
    printf '%s\n' "$line"
  done <"$IN"
}

write() {
  fill >"$WORK/connection.json"
  log "filled $(grep -c 'BEGIN CERTIFICATE' "$WORK/connection.json") certificates into $IN"
  kubectl create configmap "$NAME" -n "$NAMESPACE" \
    --from-file=connection.json="$WORK/connection.json" --dry-run=client -o yaml |
    kubectl label --local -f - "$LABEL" -o yaml |
    kubectl apply -f - >/dev/null
  log "wrote configmap $NAMESPACE/$NAME"
}

case "${1:-}" in
  write) write ;;
  *) echo "usage: profile.sh write" >&2; exit 2 ;;
esac
