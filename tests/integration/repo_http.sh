#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2317  # bash -c scripts; functions called through fc_check
# HTTP chart repository (issue 9): `fabchart repo index` of signed sample
# charts equals `helm repo index` of the same directory (but for the times),
# is reproducible under SOURCE_DATE_EPOCH and skips a .tgz that is not a chart;
# Debian's nginx serves the directory on 127.0.0.1 and Helm 3 and 4 `repo add`,
# `search repo`, `pull --verify` (byte-identical) and Helm 4
# `install --dry-run=client` from it all work; `--merge` adds a new version
# and keeps the old entries verbatim.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init repo_http
fc_require_helm
fc_require_python
fc_require_cmd curl
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
[[ -x "$NGINX" ]] || fc_skip "nginx (nginx-light)"
fc_require_gpg_key

REPO="$FC_TMP/repo"
mkdir -p "$REPO/more"
export SOURCE_DATE_EPOCH=1700000000
# Every sample, signed; the first one also in a subdirectory as another version.
samples=$(fc_samples) || fc_die "no samples"
first=$(head -n1 <<<"$samples")
while IFS= read -r s; do
  "$FABCHART" build "$s" -o "$REPO" --sign --key "$FC_GPG_KEY" --chart-version "1.0.0-$(basename "$s" .yaml)" \
    >"$FC_TMP/build.log" 2>&1 || { cat "$FC_TMP/build.log"; fc_die "build --sign of $s failed"; }
done <<<"$samples"
"$FABCHART" build "$first" -o "$REPO/more" --sign --key "$FC_GPG_KEY" --chart-version 1.1.0 \
  >"$FC_TMP/build.log" 2>&1 || fc_die "build of 1.1.0 failed"

# The same directory indexed by Helm: same entries but for created/generated.
cp -r "$REPO" "$FC_TMP/helm-repo"
"$FC_HELM4" repo index "$FC_TMP/helm-repo" >/dev/null 2>&1 || fc_die "helm repo index failed"
fc_check "repo index: exit 0 on signed sample charts" "$FABCHART" repo index "$REPO"
compare_with_helm() {
  "$FC_PYTHON" - "$REPO/index.yaml" "$FC_TMP/helm-repo/index.yaml" <<'PY'
import sys, yaml
ours, helm = (yaml.safe_load(open(p)) for p in sys.argv[1:])
def strip(ix):
    for vs in ix["entries"].values():
        for v in vs:
            v.pop("created")
    ix.pop("generated")
    return ix
if strip(ours) != strip(helm):
    print("ours:", yaml.safe_dump(ours)); print("helm:", yaml.safe_dump(helm)); sys.exit(1)
PY
}
fc_check "repo index: the entries equal helm repo index's (urls, digests, fields, order)" compare_with_helm
cp "$REPO/index.yaml" "$FC_TMP/index.first"
fc_check "repo index: reproducible under SOURCE_DATE_EPOCH" \
  bash -c '"$1" repo index "$2" >/dev/null && cmp "$2/index.yaml" "$3" && grep -q "^generated: \"2023-11-14T22:13:20Z\"$" "$3"' \
  _ "$FABCHART" "$REPO" "$FC_TMP/index.first"

# A .tgz that is not a chart: reported, skipped, the index still written.
mkdir -p "$FC_TMP/badrepo"
cp "$REPO/more/"*.tgz "$FC_TMP/badrepo/"
echo 'not a chart' >"$FC_TMP/badrepo/broken-1.0.0.tgz"
rc=0
"$FABCHART" repo index "$FC_TMP/badrepo" >"$FC_TMP/bad.log" 2>&1 || rc=$?
if ((rc == 0)) && grep -q 'broken-1.0.0.tgz: warning: .*not indexed \[chart-invalid\]' "$FC_TMP/bad.log" \
   && ! grep -q broken "$FC_TMP/badrepo/index.yaml" && grep -q 'version: "1.1.0"' "$FC_TMP/badrepo/index.yaml"; then
  fc_pass "repo index: a .tgz that is not a chart is reported and skipped"
else
  fc_fail "repo index: bad .tgz (exit $rc)"; sed 's/^/      /' "$FC_TMP/bad.log"
fi

# ---- nginx on 127.0.0.1 ------------------------------------------------------
PORT=$(fc_free_port) || fc_die "no free port"
URL="http://127.0.0.1:$PORT"
mkdir -p "$FC_TMP/nginx/tmp"
cat >"$FC_TMP/nginx/nginx.conf" <<EOF2
daemon off;
master_process off;
worker_processes 1;
pid $FC_TMP/nginx/nginx.pid;
error_log $FC_TMP/nginx/error.log;
events { worker_connections 64; }
http {
  access_log $FC_TMP/nginx/access.log;
  client_body_temp_path $FC_TMP/nginx/tmp/body;
  proxy_temp_path $FC_TMP/nginx/tmp/proxy;
  fastcgi_temp_path $FC_TMP/nginx/tmp/fastcgi;
  uwsgi_temp_path $FC_TMP/nginx/tmp/uwsgi;
  scgi_temp_path $FC_TMP/nginx/tmp/scgi;
  types { application/yaml yaml; application/gzip tgz; application/octet-stream prov; }
  server { listen 127.0.0.1:$PORT; root $REPO; }
}
EOF2
"$NGINX" -p "$FC_TMP/nginx" -e "$FC_TMP/nginx/error.log" -c "$FC_TMP/nginx/nginx.conf" \
  >"$FC_TMP/nginx/stdout.log" 2>&1 &
NGINX_PID=$!
fc_on_exit "kill $NGINX_PID; wait $NGINX_PID"
fc_wait_http "$URL/index.yaml" 10 || { cat "$FC_TMP/nginx/error.log"; fc_die "nginx did not start on $URL"; }
# The index served with absolute URLs.
fc_check "repo index --url $URL" "$FABCHART" repo index "$REPO" --url "$URL"

for h in "$FC_HELM3" "$FC_HELM4"; do
  v=$("$h" version --template '{{.Version}}')
  fc_check "helm $v repo add fc $URL" "$h" repo add fc "$URL" --force-update
  if "$h" search repo fc/fabric --versions --devel >"$FC_TMP/search.log" 2>&1 \
     && (( $(grep -c '^fc/fabric' "$FC_TMP/search.log") == $(wc -l <<<"$samples") + 1 )) \
     && [[ "$(sed -n 2p "$FC_TMP/search.log" | awk '{print $2}')" == 1.1.0 ]]; then
    fc_pass "helm $v search repo --devel: every version, 1.1.0 first"
  else
    fc_fail "helm $v search repo"; sed 's/^/      /' "$FC_TMP/search.log"
  fi
  rm -rf "$FC_TMP/pull" && mkdir -p "$FC_TMP/pull"
  fc_check "helm $v pull fc/fabric --version 1.1.0 --verify" \
    "$h" pull fc/fabric --version 1.1.0 --verify --keyring "$FC_PUBRING" -d "$FC_TMP/pull"
  fc_check "helm $v pull: the same bytes as the built .tgz" cmp "$FC_TMP/pull/fabric-1.1.0.tgz" "$REPO/more/fabric-1.1.0.tgz"
done
fc_check "Helm 4 install --dry-run=client from the repository" \
  "$FC_HELM4" install --dry-run=client fc-it fc/fabric --version 1.1.0 --verify --keyring "$FC_PUBRING"

# ---- --merge: a new version published next to the old index -----------------
STAGE="$FC_TMP/stage"
mkdir -p "$STAGE"
"$FABCHART" build "$first" -o "$STAGE" --sign --key "$FC_GPG_KEY" --chart-version 2.0.0 \
  >"$FC_TMP/build.log" 2>&1 || fc_die "build of 2.0.0 failed"
cp "$REPO/index.yaml" "$FC_TMP/index.old"
fc_check "repo index --merge" env SOURCE_DATE_EPOCH=1800000000 \
  "$FABCHART" repo index "$STAGE" --url "$URL" --merge "$FC_TMP/index.old"
check_merge() {
  "$FC_PYTHON" - "$FC_TMP/index.old" "$STAGE/index.yaml" <<'PY'
import sys, yaml
old, new = (yaml.safe_load(open(p)) for p in sys.argv[1:])
vs = new["entries"]["fabric"]
assert [v["version"] for v in vs][:2] == ["2.0.0", "1.1.0"], [v["version"] for v in vs]
assert vs[1:] == old["entries"]["fabric"], "old entries not kept verbatim"
assert vs[0]["created"] == "2027-01-15T08:00:00Z", vs[0]["created"]
assert vs[0]["urls"][0].startswith("http://127.0.0.1:") and vs[0]["urls"][0].endswith("/fabric-2.0.0.tgz"), vs[0]["urls"]
PY
}
fc_check "repo index --merge: 2.0.0 first, the old entries kept verbatim" check_merge
cp "$STAGE"/* "$REPO/"
for h in "$FC_HELM3" "$FC_HELM4"; do
  v=$("$h" version --template '{{.Version}}')
  rm -rf "$FC_TMP/pull" && mkdir -p "$FC_TMP/pull"
  if "$h" repo update fc >/dev/null 2>&1 \
     && "$h" search repo fc/fabric --versions | sed -n 2,3p | awk '{print $2}' | tr '\n' ' ' | grep -qx '2.0.0 1.1.0 ' \
     && "$h" pull fc/fabric --version 2.0.0 --verify --keyring "$FC_PUBRING" -d "$FC_TMP/pull" >/dev/null 2>&1 \
     && "$h" pull fc/fabric --version 1.1.0 --verify --keyring "$FC_PUBRING" -d "$FC_TMP/pull" >/dev/null 2>&1; then
    fc_pass "helm $v after the merge: 2.0.0 and 1.1.0 listed and pulled with --verify"
  else
    fc_fail "helm $v after the merge"
  fi
done
fc_finish
