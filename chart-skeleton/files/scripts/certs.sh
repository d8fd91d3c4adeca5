#!/bin/sh
# certs.sh list|check [FILE...]: every certificate of a fabchart network with
# its expiry.  Without FILEs, reads lines "NAME BASE64" on stdin, NAME a label
# (namespace/secret/key) and BASE64 the key's value as a Secret holds it,
# which is what
#   kubectl get secrets -A -l app.kubernetes.io/managed-by=fabchart -o go-template='{{range .items}}{{$s := printf "%s/%s" .metadata.namespace .metadata.name}}{{range $k, $v := .data}}{{$s}}/{{$k}} {{$v}}{{"\n"}}{{end}}{{end}}'
# prints; with FILEs (PEM files, e.g. Secret items mounted in a pod), each
# FILE is read and named by its path.  Values that are no PEM certificate
# (keys, passwords, blocks) are skipped; of a bundle, the first certificate
# counts.  Each certificate is one line of tab-separated columns, soonest
# expiry first:
#   NOT-AFTER (as openssl prints it)  DAYS-LEFT  ok|expiring  NAME  SUBJECT
#   list   print them all
#   check  print them all, then fail (exit 1) when one expires within the
#          window or has expired, naming each; the window is $WINDOW, a Go
#          duration ("720h", "1h30m", as identities.renewal.window), else
#          $WINDOW_DAYS days (default 30).  A certificate expires within the
#          window when notAfter <= now + window (openssl x509 -checkend).
#   seconds DURATION  the Go duration in whole seconds (renew.sh's window)
#   key FILE  the public key of FILE's first certificate: its DER
#          SubjectPublicKeyInfo in hex (renew.sh: a renewed BFT consenter
#          certificate keeps the key of the one it replaces)
# Needs only what busybox has (sh, sed, base64 -d, od, awk, sort, date): the
# certificate's DER is read by the awk program below (der_fields), no
# openssl; tests/external/certs.sh checks it against openssl on RSA and
# ECDSA certificates, UTCTime and GeneralizedTime, and cryptogen's.
set -eu

WINDOW_DAYS=${WINDOW_DAYS:-30}
NOW=${NOW:-$(date -u +%s)}

log() { echo "certs: $*"; }

# der_fields: on stdin the bytes of a DER certificate as `od -An -v -tu1`
# prints them; prints "EPOCH|NOT-AFTER|SUBJECT" (NOT-AFTER as openssl prints
# it, SUBJECT as openssl x509 -subject does), or with want=key the
# subjectPublicKeyInfo that follows the subject in hex, or exits 1 when it
# is no certificate.  RFC 5280 4.1: Certificate ::= SEQUENCE { tbsCertificate
# SEQUENCE { [0] version OPTIONAL, serialNumber INTEGER, signature SEQUENCE,
# issuer Name, validity SEQUENCE { notBefore, notAfter }, subject Name, ...
# } ... }; a Time is UTCTime (tag 0x17, YYMMDDHHMMSSZ, YY >= 50 meaning 19YY,
# else 20YY: 4.1.2.5.1) or GeneralizedTime (0x18, YYYYMMDDHHMMSSZ: 4.1.2.5.2);
# lengths short or long form (X.690 8.1.3).
# shellcheck disable=SC2016  # an awk program
DER_AWK='
function hdr(p,   l, k, v, j) {
  # the length of the element at p; HL: its header length
  l = b[p + 1]
  if (l < 128) { HL = 2; return l }
  k = l - 128; v = 0
  for (j = 1; j <= k; j++) v = v * 256 + b[p + 1 + j]
  HL = 2 + k
  return v
}
function skip(p,   l) { l = hdr(p); return p + HL + l }
function inner(p) { hdr(p); return p + HL }
function text(p,   l, s, j, c, step) {
  l = hdr(p); s = ""; step = (b[p] == 30) ? 2 : 1
  for (j = (step == 2) ? 1 : 0; j < l; j += step) { c = b[p + HL + j]; s = s sprintf("%c", c) }
  return s
}
function oid(p,   l, s, j, v, c, first) {
  l = hdr(p); p += HL; c = b[p]
  first = (c < 80) ? int(c / 40) : 2
  s = first "." (c - 40 * first); v = 0
  for (j = 1; j < l; j++) {
    c = b[p + j]; v = v * 128 + (c % 128)
    if (c < 128) { s = s "." v; v = 0 }
  }
  return s
}
function quote(v) {
  # openssl oneline: a value with a special character is quoted
  if (v ~ /[,+"\\<>;]/ || v ~ /^[ #]/ || v ~ / $/) { gsub(/\\/, "\\\\", v); gsub(/"/, "\\\"", v); return "\"" v "\"" }
  return v
}
function name(p,   end, q, setend, r, a, s, sep, plus, o) {
  end = skip(p); q = p + HL; s = ""; sep = ""
  while (q < end) {
    setend = skip(q); r = q + HL; plus = ""
    while (r < setend) {
      a = inner(r); o = oid(a); a = skip(a)
      s = s sep plus ((o in SN) ? SN[o] : o) " = " quote(text(a))
      sep = ""; plus = " + "
      r = skip(r)
    }
    sep = ", "; q = setend
  }
  return s
}
function days(y, m, d,   era, yoe, doy, doe) {
  y -= (m <= 2)
  era = int((y >= 0 ? y : y - 399) / 400); yoe = y - era * 400
  doy = int((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1
  doe = yoe * 365 + int(yoe / 4) - int(yoe / 100) + doy
  return era * 146097 + doe - 719468
}
{ for (i = 1; i <= NF; i++) b[++n] = $i + 0 }
END {
  split("2.5.4.3 CN 2.5.4.6 C 2.5.4.7 L 2.5.4.8 ST 2.5.4.10 O 2.5.4.11 OU 2.5.4.5 serialNumber 2.5.4.9 street 2.5.4.12 title 2.5.4.4 SN 2.5.4.42 GN 2.5.4.43 initials 2.5.4.44 generationQualifier 2.5.4.46 dnQualifier 2.5.4.65 pseudonym 2.5.4.17 postalCode 2.5.4.15 businessCategory 1.2.840.113549.1.9.1 emailAddress 0.9.2342.19200300.100.1.25 DC 0.9.2342.19200300.100.1.1 UID", t, " ")
  for (i = 1; i in t; i += 2) SN[t[i]] = t[i + 1]
  split("Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec", MON, " ")
  if (n < 16 || b[1] != 48) exit 1
  p = 1; hdr(p); p += HL
  if (b[p] != 48) exit 1
  hdr(p); p += HL
  if (b[p] == 160) p = skip(p)
  p = skip(p); p = skip(p); p = skip(p)
  if (b[p] != 48) exit 1
  hdr(p); p += HL
  p = skip(p)
  tag = b[p]; v = text(p); p = skip(p)
  if (tag == 23 && v ~ /^[0-9]+Z$/) { y = substr(v, 1, 2) + 0; y += (y >= 50) ? 1900 : 2000; r = substr(v, 3) }
  else if (tag == 24 && v ~ /^[0-9]+(\.[0-9]+)?Z$/) { y = substr(v, 1, 4) + 0; r = substr(v, 5) }
  else exit 1
  mo = substr(r, 1, 2) + 0; d = substr(r, 3, 2) + 0; h = substr(r, 5, 2) + 0; mi = substr(r, 7, 2) + 0
  s = (substr(r, 9, 1) ~ /[0-9]/) ? substr(r, 9, 2) + 0 : 0
  if (mo < 1 || mo > 12 || d < 1 || d > 31) exit 1
  epoch = days(y, mo, d) * 86400 + h * 3600 + mi * 60 + s
  if (want == "key") {
    if (b[p] != 48) exit 1
    q = skip(p); e = skip(q); s = ""
    if (b[q] != 48 || e > n + 1) exit 1
    for (j = q; j < e; j++) s = s sprintf("%02x", b[j])
    print s
    exit
  }
  subject = (b[p] == 48) ? name(p) : ""
  printf "%.0f|%s %2d %02d:%02d:%02d %d GMT|%s\n", epoch, MON[mo], d, h, mi, s, y, subject
}'

# cert_fields FILE [key]: "EPOCH|NOT-AFTER|SUBJECT" of the first certificate
# in the PEM file FILE, or with "key" its public key (der_fields); fails when
# there is none
cert_fields() {
  grep -q -- '-----BEGIN CERTIFICATE-----' "$1" || return 1
  sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/{/-----/!p;/-----END CERTIFICATE-----/q;}' "$1" |
    base64 -d 2>/dev/null | od -An -v -tu1 | awk -v want="${2:-fields}" "$DER_AWK"
}

# window_seconds DURATION: a Go duration (time.ParseDuration: [0-9.]+ with
# h, m, s, ms, us, ns, summed) in whole seconds; fails when it is none
window_seconds() {
  awk -v d="$1" 'BEGIN {
    s = d; tot = 0
    if (s == "0") { print 0; exit }
    if (s == "") exit 1
    while (s != "") {
      if (!match(s, /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|ms|s|m|h)/)) exit 1
      tok = substr(s, 1, RLENGTH); s = substr(s, RLENGTH + 1)
      match(tok, /[a-z]+$/); unit = substr(tok, RSTART); num = substr(tok, 1, RSTART - 1) + 0
      tot += num * (unit == "h" ? 3600 : unit == "m" ? 60 : unit == "s" ? 1 : unit == "ms" ? 0.001 : unit == "us" ? 0.000001 : 0.000000001)
    }
    printf "%d\n", tot
  }'
}

if [ -n "${WINDOW:-}" ]; then
  window=$(window_seconds "$WINDOW") || { echo "certs: WINDOW=$WINDOW is no duration (e.g. 720h)" >&2; exit 2; }
  window_text=$WINDOW
else
  window=$((WINDOW_DAYS * 86400))
  window_text="$WINDOW_DAYS days"
fi

# row NAME FILE [STRICT]: one "EPOCH DAYS STATE NAME NOT-AFTER|SUBJECT" line
# when FILE holds a certificate; else nothing, or with STRICT a row of state
# "unreadable" (check fails on it)
row() {
  if ! f=$(cert_fields "$2"); then
    [ -z "${3:-}" ] || printf '0 - unreadable %s -|-\n' "$1"
    return 0
  fi
  epoch=${f%%|*}
  rest=${f#*|}
  days=$(((epoch - NOW) / 86400))
  state=ok
  [ "$epoch" -gt $((NOW + window)) ] || state=expiring
  printf '%s %s %s %s %s\n' "$epoch" "$days" "$state" "$1" "$rest"
}

# rows [FILE...]: row for every FILE (each must be a readable certificate),
# or for every "NAME BASE64" line on stdin
rows() {
  if [ $# -gt 0 ]; then
    for file in "$@"; do
      row "$file" "$file" strict
    done
    return 0
  fi
  tmp=${TMPDIR:-/tmp}/certs.$$
  trap 'rm -f "$tmp"' EXIT
  while read -r name value; do
    [ -n "$value" ] || continue
    printf '%s' "$value" | base64 -d >"$tmp" 2>/dev/null || continue
    row "$name" "$tmp"
  done
}

report() {
  rows "$@" | sort -n | while read -r _ days state name rest; do
    printf '%s\t%s\t%s\t%s\t%s\n' "${rest%%|*}" "$days" "$state" "$name" "${rest#*|}"
  done
}

cmd=${1:-}
[ $# -eq 0 ] || shift
case "$cmd" in
  list) report "$@" ;;
  seconds) window_seconds "${1:-}" ;;
  key) cert_fields "${1:-}" key || { log "FAIL no certificate in ${1:-(none)}"; exit 1; } ;;
  check)
    out=$(report "$@")
    printf '%s\n' "$out"
    n=$(printf '%s\n' "$out" | cut -f3 | grep -c '^expiring$' || true)
    bad=$(printf '%s\n' "$out" | cut -f3 | grep -c '^unreadable$' || true)
    total=$(printf '%s\n' "$out" | grep -c . || true)
    if [ "$total" -eq 0 ]; then
      log "FAIL no certificate read"
      exit 1
    fi
    if [ "$bad" -gt 0 ]; then
      log "FAIL $bad of $total files hold no certificate that could be read"
      exit 1
    fi
    if [ "$n" -gt 0 ]; then
      log "FAIL $n of $total certificates expire within $window_text"
      exit 1
    fi
    log "all $total certificates valid for more than $window_text" ;;
  *) echo "usage: certs.sh list|check [FILE...] (without FILEs: lines NAME BASE64 on stdin) | seconds DURATION | key FILE" >&2; exit 2 ;;
esac
