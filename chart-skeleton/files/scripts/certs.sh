#!/bin/sh
# certs.sh list|check: every certificate of a fabchart network with its expiry.
# Reads lines "NAME BASE64" on stdin, NAME a label (namespace/secret/key) and
# BASE64 the key's value as a Secret holds it, which is what
#   kubectl get secrets -A -l app.kubernetes.io/managed-by=fabchart -o go-template='{{range .items}}{{$s := printf "%s/%s" .metadata.namespace .metadata.name}}{{range $k, $v := .data}}{{$s}}/{{$k}} {{$v}}{{"\n"}}{{end}}{{end}}'
# prints; values that are no PEM certificate (keys, passwords, blocks) are
# skipped.  Each certificate is one line of tab-separated columns, soonest
# expiry first:
#   NOT-AFTER (as openssl prints it)  DAYS-LEFT  ok|expiring  NAME  SUBJECT
#   list   print them all
#   check  print them all, then fail (exit 1) when one expires within
#          $WINDOW_DAYS days (default 30) or has expired, naming each
# Needs openssl (x509 -enddate, -checkend, -subject) and base64.
set -eu

WINDOW_DAYS=${WINDOW_DAYS:-30}
NOW=${NOW:-$(date -u +%s)}

log() { echo "certs: $*"; }

# rows: one "EPOCH DAYS NAME NOT-AFTER|SUBJECT" line per certificate
rows() {
  tmp=${TMPDIR:-/tmp}/certs.$$
  trap 'rm -f "$tmp"' EXIT
  while read -r name value; do
    [ -n "$value" ] || continue
    printf '%s' "$value" | base64 -d >"$tmp" 2>/dev/null || continue
    grep -q -- '-----BEGIN CERTIFICATE-----' "$tmp" || continue
    end=$(openssl x509 -in "$tmp" -noout -enddate | sed 's/^notAfter=//')
    subject=$(openssl x509 -in "$tmp" -noout -subject | sed 's/^subject= *//')
    epoch=$(date -u -d "$end" +%s)
    days=$(((epoch - NOW) / 86400))
    # the window decides with openssl's own comparison
    state=ok
    openssl x509 -in "$tmp" -noout -checkend $((WINDOW_DAYS * 86400)) >/dev/null || state=expiring
    printf '%s %s %s %s %s|%s\n' "$epoch" "$days" "$state" "$name" "$end" "$subject"
  done
}

report() {
  rows | sort -n | while read -r _ days state name rest; do
    printf '%s\t%s\t%s\t%s\t%s\n' "${rest%%|*}" "$days" "$state" "$name" "${rest#*|}"
  done
}

case "${1:-}" in
  list) report ;;
  check)
    out=$(report)
    printf '%s\n' "$out"
    n=$(printf '%s\n' "$out" | cut -f3 | grep -c '^expiring$' || true)
    total=$(printf '%s\n' "$out" | grep -c . || true)
    if [ "$total" -eq 0 ]; then
      log "FAIL no certificate read"
      exit 1
    fi
    if [ "$n" -gt 0 ]; then
      log "FAIL $n of $total certificates expire within $WINDOW_DAYS days"
      exit 1
    fi
    log "all $total certificates valid for more than $WINDOW_DAYS days" ;;
  *) echo "usage: certs.sh list|check (lines NAME BASE64 on stdin)" >&2; exit 2 ;;
esac
