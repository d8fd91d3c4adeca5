#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2317  # bash -c scripts; functions called indirectly
# OCI push with bearer-token authentication (issue 9): Debian's docker-registry
# on 127.0.0.1 with `auth: token:` trusting a certificate made here with
# openssl, and token_server.py (its realm, also on 127.0.0.1), which checks
# basic credentials and issues RS256 JWTs whose `access` claim grants the
# requested scope. `fabchart push --username --password-stdin` fetches a token
# and pushes; `helm pull oci://...` (Helm 3 and 4) returns a byte-identical
# .tgz; pushing the same chart again changes nothing, another chart under the
# same version is [oci-tag-exists]; no credentials, a wrong password (refused
# by the token service), a user granted pull only (refused by the registry:
# insufficient_scope; one more token is asked for, no more) and a token signed
# by a key the registry does not trust (invalid_token) are [oci-auth]; a realm
# with a query string answering `access_token` (OAuth2 style) works; a token
# service that is down is [oci-network] (exit 3). The token server's log shows
# that each push and pull went through it.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init oci_token
fc_require_helm
fc_require_cmd curl
fc_require_cmd docker-registry
fc_require_cmd openssl
PY=/usr/bin/python3
[[ -x "$PY" ]] || PY=$(command -v python3) || fc_skip "python3"

sample=$(fc_samples | head -n1) || fc_die "no samples"
CHARTS="$FC_TMP/charts"
VERSION=1.0.0+tok.1
TAG=1.0.0_tok.1
mkdir -p "$CHARTS/other"
"$FABCHART" build "$sample" -o "$CHARTS" --chart-version "$VERSION" \
  >"$FC_TMP/build.log" 2>&1 || { cat "$FC_TMP/build.log"; fc_die "build failed"; }
TGZ="$CHARTS/fabric-$VERSION.tgz"
other=$(fc_samples | sed -n 2p)
"$FABCHART" build "${other:-$sample}" -o "$CHARTS/other" --chart-version "$VERSION" \
  >"$FC_TMP/build.log" 2>&1 || fc_die "build of the other chart failed"
OTHER="$CHARTS/other/fabric-$VERSION.tgz"
cmp -s "$TGZ" "$OTHER" && fc_die "the two charts are identical"

# ---- keys: the registry trusts CERT (self-signed, KEY's); KEY2 is a stranger ----
KEYS="$FC_TMP/keys"
mkdir -p "$KEYS"
if ! { openssl req -x509 -newkey rsa:2048 -nodes -keyout "$KEYS/key.pem" -out "$KEYS/cert.pem" \
          -days 2 -subj /CN=fabchart-token-test \
        && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$KEYS/key2.pem"
      } >"$KEYS/openssl.log" 2>&1; then
  cat "$KEYS/openssl.log"; fc_die "openssl could not make the keys"
fi
ISSUER=fabchart-token-issuer
SERVICE=fabchart-test-registry

# ---- the token server -------------------------------------------------------
TOKEN_PID=
TOKEN_LOG="$FC_TMP/token/requests.log"
stop_token_server() {
  [[ -n "$TOKEN_PID" ]] || return 0
  kill "$TOKEN_PID" 2>/dev/null
  wait "$TOKEN_PID" 2>/dev/null
  TOKEN_PID=
}
mkdir -p "$FC_TMP/token"
: >"$TOKEN_LOG"
"$PY" "$FC_HERE/token_server.py" "$FC_TMP/token/port" "$TOKEN_LOG" "$KEYS/key.pem" \
  "$KEYS/key2.pem" "$ISSUER" "$SERVICE" >"$FC_TMP/token/server.log" 2>&1 &
TOKEN_PID=$!
fc_on_exit stop_token_server
for ((i = 0; i < 100; i++)); do
  [[ -s "$FC_TMP/token/port" ]] && break
  kill -0 "$TOKEN_PID" 2>/dev/null || break
  sleep 0.1
done
[[ -s "$FC_TMP/token/port" ]] || { cat "$FC_TMP/token/server.log"; fc_die "the token server did not start"; }
TOKEN_URL="http://127.0.0.1:$(cat "$FC_TMP/token/port")/token"

# start_registry NAME REALM: a registry with token auth on a free port; sets REG.
start_registry() {
  fc_start_registry "$1" "$(printf 'auth:\n  token:\n    realm: "%s"\n    service: %s\n    issuer: %s\n    rootcertbundle: %s\n' \
    "$2" "$SERVICE" "$ISSUER" "$KEYS/cert.pem")"
}

# expect_fail LABEL STATUS CODE CMD...: CMD exits STATUS and reports [CODE].
expect_fail() {
  local label=$1 want=$2 code=$3 rc=0; shift 3
  "$@" >"$FC_TMP/fail.log" 2>&1 || rc=$?
  if ((rc == want)) && grep -q "\[$code\]" "$FC_TMP/fail.log"; then
    fc_pass "$label: exit $want, $(grep -m1 "\[$code\]" "$FC_TMP/fail.log")"
  else
    fc_fail "$label: exit $rc, want $want and [$code]"; sed 's/^/      /' "$FC_TMP/fail.log"
  fi
}

# fail_says LABEL REGEX: the last expect_fail's output matches REGEX (grep -E).
fail_says() {
  if grep -Eq "$2" "$FC_TMP/fail.log"; then
    fc_pass "$1"
  else
    fc_fail "$1: no '$2' in:"; sed 's/^/      /' "$FC_TMP/fail.log"
  fi
}

# push USER PASSWORD TGZ: fabchart push to $REG with the password on stdin.
push() {
  printf '%s\n' "$2" | "$FABCHART" push "$3" "oci://$REG/charts" --plain-http --username "$1" --password-stdin
}

# push_ok LABEL REGEX USER PASSWORD TGZ: push exits 0 and prints a line matching REGEX.
push_ok() {
  local label=$1 want=$2 rc=0; shift 2
  push "$@" >"$FC_TMP/push.log" 2>&1 || rc=$?
  if ((rc == 0)) && grep -Eq "$want" "$FC_TMP/push.log"; then
    fc_pass "$label: $(head -n1 "$FC_TMP/push.log")"
  else
    fc_fail "$label: exit $rc, want 0 and '$want'"; sed 's/^/      /' "$FC_TMP/push.log"
  fi
}

# token_log_has LABEL PATTERN: the token server logged a line matching PATTERN
# (grep -E) since the log was last cleared.
token_log_has() {
  if grep -Eq "$2" "$TOKEN_LOG"; then
    fc_pass "$1: the token server logged '$(grep -Em1 "$2" "$TOKEN_LOG")'"
  else
    fc_fail "$1: no '$2' in the token server's log:"; sed 's/^/      /' "$TOKEN_LOG"
  fi
  : >"$TOKEN_LOG"
}

SCOPE="repository:charts/fabric:pull,push"
start_registry registry "$TOKEN_URL"
fc_check "the registry challenges with a Bearer realm (the token server)" \
  bash -c 'curl -s -D - -o /dev/null "http://$1/v2/" | tr -d "\r" | grep -iq "^www-authenticate: Bearer realm=\"$2\",service=\"$3\""' \
  _ "$REG" "$TOKEN_URL" "$SERVICE"

# ---- refusals -------------------------------------------------------------------
: >"$TOKEN_LOG"
expect_fail "no credentials" 1 oci-auth "$FABCHART" push "$TGZ" "oci://$REG/charts" --plain-http
token_log_has "no credentials" "^GET - $SERVICE 401 $SCOPE\$"
expect_fail "a wrong password" 1 oci-auth push fcuser wrong "$TGZ"
fail_says "a wrong password: the message says the token service refused the credentials" \
  "the token service http://[^ ]+ refused the credentials \(HTTP 401\)"
token_log_has "a wrong password" "^GET fcuser $SERVICE 401 $SCOPE\$"
expect_fail "a user granted pull only" 1 oci-auth push reader readpass "$TGZ"
# (the registry lists the actions of its challenge's scope in either order)
fail_says "a user granted pull only: the registry's insufficient_scope is reported" \
  "refused the token of 'reader' \(HTTP 401, insufficient_scope for repository:charts/fabric:(pull,push|push,pull)\)"
if (($(grep -c "^GET reader $SERVICE 200 repository:charts/fabric:pull\$" "$TOKEN_LOG") == 2)); then
  fc_pass "a user granted pull only: a second token was asked for after the refusal, and no more"
else
  fc_fail "a user granted pull only: want 2 tokens issued:"; sed 's/^/      /' "$TOKEN_LOG"
fi
token_log_has "a user granted pull only" "^GET reader $SERVICE 200 repository:charts/fabric:pull\$"
expect_fail "a token signed by a key the registry does not trust" 1 oci-auth \
  push forger forgepass "$TGZ"
fail_says "an untrusted token: the registry's invalid_token is reported" \
  "refused the token of 'forger' \(HTTP 401, invalid_token"
token_log_has "an untrusted token" "^GET forger $SERVICE 200 $SCOPE\$"

# ---- the push and the round trip -------------------------------------------------
push_ok "fabchart push --username --password-stdin" "^pushed $REG/charts/fabric:$TAG\$" \
  fcuser fcpass "$TGZ"
token_log_has "the push" "^GET fcuser $SERVICE 200 $SCOPE\$"
for h in "$FC_HELM3" "$FC_HELM4"; do
  v=$("$h" version --template '{{.Version}}')
  rm -rf "$FC_TMP/pull" && mkdir -p "$FC_TMP/pull"
  if "$h" pull "oci://$REG/charts/fabric" --version "$VERSION" --plain-http \
       --username fcuser --password fcpass -d "$FC_TMP/pull" >"$FC_TMP/pull.log" 2>&1 \
     && cmp "$FC_TMP/pull/fabric-$VERSION.tgz" "$TGZ"; then
    fc_pass "helm $v pull oci:// (a token from the same server) gives the same .tgz bytes"
  else
    fc_fail "helm $v pull oci://"; sed 's/^/      /' "$FC_TMP/pull.log"
  fi
  token_log_has "helm $v pull" " fcuser $SERVICE 200 repository:charts/fabric:pull"
done
push_ok "pushing the same chart again leaves the tag unchanged" "^unchanged " fcuser fcpass "$TGZ"
token_log_has "the second push" "^GET fcuser $SERVICE 200 $SCOPE\$"
expect_fail "another chart under the same version" 1 oci-tag-exists push fcuser fcpass "$OTHER"

# ---- a realm with a query string, answering access_token only ----------------------
start_registry oauth "$TOKEN_URL?field=access_token"
push_ok "a realm with a query, {\"access_token\": ...}" "^pushed $REG/charts/fabric:$TAG\$" \
  fcuser fcpass "$TGZ"
token_log_has "the access_token push" "^GET fcuser $SERVICE 200 $SCOPE\$"

# ---- the token server down -------------------------------------------------------
stop_token_server
expect_fail "the token server down" 3 oci-network push fcuser fcpass "$OTHER"
fail_says "the token server down: the message names the token service" \
  "cannot reach the registry's token service: GET ${TOKEN_URL//./\\.}\?field=access_token&scope="
fc_finish
