#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2317  # bash -c scripts; functions called indirectly
# OCI push (issue 9): Debian's docker-registry on 127.0.0.1, once without
# authentication and once with htpasswd (basic) authentication. `fabchart push`
# of a signed sample chart, then `helm pull oci://...` (Helm 3 and 4) returns a
# byte-identical .tgz and .prov and `helm template oci://...` renders; pushing
# the same chart again changes nothing; pushing another chart under the same
# version fails with [oci-tag-exists]; refused credentials fail with
# [oci-auth]; an unreachable registry fails with [oci-network] (exit 3); '+' in
# a version becomes '_' in the tag. https:// to the plain-HTTP registry suggests
# --plain-http; without --username, the credentials `helm registry login` (Helm 4,
# HELM_REGISTRY_CONFIG and the XDG default) and docker's config.json saved are used.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init oci_push
fc_require_helm
fc_require_cmd curl
fc_require_cmd docker-registry
fc_require_cmd htpasswd "htpasswd (apache2-utils)"
fc_require_gpg_key

sample=$(fc_samples | head -n1) || fc_die "no samples"
CHARTS="$FC_TMP/charts"
mkdir -p "$CHARTS/other"
"$FABCHART" build "$sample" -o "$CHARTS" --sign --key "$FC_GPG_KEY" --chart-version 1.0.0+build.7 \
  >"$FC_TMP/build.log" 2>&1 || { cat "$FC_TMP/build.log"; fc_die "build failed"; }
TGZ="$CHARTS/fabric-1.0.0+build.7.tgz"
# Another chart with the same name and version (other skeleton input: another topology).
other=$(fc_samples | sed -n 2p)
"$FABCHART" build "${other:-$sample}" -o "$CHARTS/other" --chart-version 1.0.0+build.7 \
  >"$FC_TMP/build.log" 2>&1 || fc_die "build of the other chart failed"
cmp -s "$TGZ" "$CHARTS/other/fabric-1.0.0+build.7.tgz" && fc_die "the two charts are identical"

# round_trip LABEL HELM_LOGIN_ARGS...: pull and template with both Helms.
round_trip() {
  local label=$1 h v; shift
  for h in "$FC_HELM3" "$FC_HELM4"; do
    v=$("$h" version --template '{{.Version}}')
    rm -rf "$FC_TMP/pull" && mkdir -p "$FC_TMP/pull"
    if "$h" pull "oci://$REG/charts/fabric" --version 1.0.0+build.7 --plain-http --prov "$@" \
         -d "$FC_TMP/pull" >"$FC_TMP/pull.log" 2>&1 \
       && cmp "$FC_TMP/pull/fabric-1.0.0+build.7.tgz" "$TGZ" \
       && cmp "$FC_TMP/pull/fabric-1.0.0+build.7.tgz.prov" "$TGZ.prov"; then
      fc_pass "$label: helm $v pull oci:// gives the same .tgz and .prov bytes"
    else
      fc_fail "$label: helm $v pull oci://"; sed 's/^/      /' "$FC_TMP/pull.log"
    fi
    fc_check "$label: helm $v template oci://" \
      "$h" template fc-it "oci://$REG/charts/fabric" --version 1.0.0+build.7 --plain-http "$@"
  done
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

# ---- without authentication ----------------------------------------------------
fc_start_registry open
fc_check "open: fabchart push (tag 1.0.0_build.7)" \
  bash -c '"$1" push "$2" "oci://$3/charts" --plain-http | grep -q "^pushed $3/charts/fabric:1.0.0_build.7 with its provenance$"' \
  _ "$FABCHART" "$TGZ" "$REG"
round_trip open
fc_check "open: pushing the same chart again leaves the tag unchanged" \
  bash -c '"$1" push "$2" "oci://$3/charts" --plain-http | grep -q "^unchanged "' _ "$FABCHART" "$TGZ" "$REG"
expect_fail "open: another chart under the same version" 1 oci-tag-exists \
  "$FABCHART" push "$CHARTS/other/fabric-1.0.0+build.7.tgz" "oci://$REG/charts" --plain-http
expect_fail "open: a registry that is not there" 3 oci-network \
  "$FABCHART" push "$TGZ" "oci://127.0.0.1:$(fc_free_port)/charts" --plain-http
expect_fail "open: https:// to the plain-HTTP registry" 3 oci-network \
  "$FABCHART" push "$TGZ" "oci://$REG/charts"
if grep -q "note: the TLS handshake failed: if the registry speaks plain HTTP.*add --plain-http" "$FC_TMP/fail.log"; then
  fc_pass "open: https:// to the plain-HTTP registry suggests --plain-http"
else fc_fail "open: no --plain-http hint:"; sed 's/^/      /' "$FC_TMP/fail.log"; fi

# ---- htpasswd (basic) authentication --------------------------------------------
htpasswd -Bbn fcuser fcpass >"$FC_TMP/htpasswd" 2>/dev/null || fc_die "htpasswd failed"
fc_start_registry auth "$(printf 'auth:\n  htpasswd:\n    realm: fabchart-test\n    path: %s\n' "$FC_TMP/htpasswd")"
expect_fail "auth: no credentials" 1 oci-auth "$FABCHART" push "$TGZ" "oci://$REG/charts" --plain-http
expect_fail "auth: a wrong password" 1 oci-auth \
  bash -c 'echo wrong | "$1" push "$2" "oci://$3/charts" --plain-http --username fcuser --password-stdin' \
  _ "$FABCHART" "$TGZ" "$REG"
fc_check "auth: fabchart push --username --password-stdin" \
  bash -c 'echo fcpass | "$1" push "$2" "oci://$3/charts" --plain-http --username fcuser --password-stdin' \
  _ "$FABCHART" "$TGZ" "$REG"
round_trip auth --username fcuser --password fcpass
# saved credentials, used without --username (HOME and XDG_CONFIG_HOME point at nothing)
NOWHERE=$FC_TMP/nohome
export HOME=$NOWHERE XDG_CONFIG_HOME=$NOWHERE/xdg
unset HELM_CONFIG_HOME DOCKER_CONFIG
mkdir -p "$FC_TMP/docker"
# saved_push LABEL WANT_EXIT ENV...: push without --username under ENV; what it prints in $FC_TMP/saved.log
saved_push() {
  local label=$1 want=$2 rc=0; shift 2
  env "$@" "$FABCHART" push "$TGZ" "oci://$REG/charts" --plain-http >"$FC_TMP/saved.log" 2>&1 || rc=$?
  if ((rc == want)); then fc_pass "$label: exit $want ($(grep -m1 -E 'using the|unchanged|oci-auth' "$FC_TMP/saved.log"))"
  else fc_fail "$label: exit $rc, want $want"; sed 's/^/      /' "$FC_TMP/saved.log"; fi
}
if HELM_REGISTRY_CONFIG=$FC_TMP/helm-registry.json "$FC_HELM4" registry login "$REG" --plain-http \
     --username fcuser --password fcpass >"$FC_TMP/login.log" 2>&1; then
  saved_push "auth: credentials of helm registry login (Helm 4, HELM_REGISTRY_CONFIG)" 0 \
    HELM_REGISTRY_CONFIG="$FC_TMP/helm-registry.json"
  grep -q "using the credentials for $REG saved in $FC_TMP/helm-registry.json" "$FC_TMP/saved.log" \
    || fc_fail "auth: push did not say where the credentials came from"
  mkdir -p "$NOWHERE/xdg/helm/registry"
  cp "$FC_TMP/helm-registry.json" "$NOWHERE/xdg/helm/registry/config.json"
  saved_push "auth: Helm's default registry config (\$XDG_CONFIG_HOME/helm/registry/config.json)" 0
  rm -r "$NOWHERE/xdg/helm"
else
  fc_fail "helm registry login failed: $(cat "$FC_TMP/login.log")"
fi
printf '{"auths":{"https://%s/v1/":{"auth":"%s"}}}\n' "$REG" "$(printf fcuser:fcpass | base64)" >"$FC_TMP/docker/config.json"
saved_push "auth: docker's config (\$DOCKER_CONFIG/config.json, auths.auth)" 0 DOCKER_CONFIG="$FC_TMP/docker"
printf '{"auths":{"%s":{"auth":"%s"}}}\n' "$REG" "$(printf fcuser:wrong | base64)" >"$FC_TMP/docker/config.json"
saved_push "auth: wrong saved credentials are refused" 1 DOCKER_CONFIG="$FC_TMP/docker"
grep -q "\[oci-auth\]" "$FC_TMP/saved.log" || fc_fail "auth: wrong saved credentials: no [oci-auth]"
saved_push "auth: no saved credentials" 1 DOCKER_CONFIG="$FC_TMP/nothing"
expect_fail "auth: another chart under the same version" 1 oci-tag-exists \
  bash -c 'echo fcpass | "$1" push "$2" "oci://$3/charts" --plain-http --username fcuser --password-stdin' \
  _ "$FABCHART" "$CHARTS/other/fabric-1.0.0+build.7.tgz" "$REG"
fc_finish
