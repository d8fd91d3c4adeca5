#!/usr/bin/env bash
# tests/external/certs.sh: files/scripts/certs.sh, the certificate expiry
# listing (issue 18), on certificates made by openssl with short lifetimes:
# one expiring in 2 days (inside a 30-day window), one in 90 days (outside),
# one in 400 days, fed as the documented kubectl go-template prints Secrets
# ("namespace/secret/key BASE64"), with a private key and a password among
# them.  list: every certificate once, soonest first, with its days left and
# subject, nothing else; check: fails with WINDOW_DAYS=30 naming the 2-day
# certificate only, passes with WINDOW_DAYS=1, fails when no certificate is
# read.  And the go-template of that kubectl command, as the chart's NOTES print
# it (Helm 4 `helm install --dry-run=client` of samples/dev-minimal.yaml), run
# by Go's text/template (Helm's tpl, as kubectl runs it on a Secret list) on
# those Secrets gives exactly the lines above.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init external_certs
fc_require_cmd openssl
script=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/certs.sh
t=$FC_TMP

# cert NAME DAYS: a self-signed certificate of CN NAME valid DAYS days, base64
cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days "$2" \
    -subj "/CN=$1" -keyout "$t/$1.key" -out "$t/$1.crt" 2>/dev/null || fc_die "openssl req"
  base64 -w0 "$t/$1.crt"
}
{
  echo "org1-net/peer0-tls/server.crt $(cert peer0 90)"
  echo "org1-net/peer0-tls/server.key $(base64 -w0 "$t/peer0.key")"
  echo "org1-net/ca-admin/password $(printf 'secret' | base64 -w0)"
  echo "ord-net/orderer0-tls/server.crt $(cert orderer0 2)"
  echo "org1-net/org-certs/ca.crt $(cert ca.org1 400)"
} >"$t/secrets.txt"

if sh "$script" list <"$t/secrets.txt" >"$t/list.out" 2>"$t/list.err"; then
  fc_pass "list exits 0"
else
  fc_fail "list: $(cat "$t/list.err")"
fi
mapfile -t names < <(cut -f4 "$t/list.out")
want=(ord-net/orderer0-tls/server.crt org1-net/peer0-tls/server.crt org1-net/org-certs/ca.crt)
if [[ "${names[*]}" == "${want[*]}" ]]; then
  fc_pass "list: the 3 certificates, soonest expiry first, no key nor password"
else
  fc_fail "list names ${names[*]}, want ${want[*]}"; cat "$t/list.out"
fi
# days left and subjects as openssl sees them
for row in "orderer0-tls 1 2 CN = orderer0" "peer0-tls 89 90 CN = peer0" "org-certs 399 400 CN = ca.org1"; do
  read -r sec lo hi cn <<<"$row"
  line=$(grep "/$sec/" "$t/list.out")
  days=$(cut -f2 <<<"$line")
  if [[ "$days" -ge "$lo" && "$days" -le "$hi" && "$(cut -f5 <<<"$line")" == "$cn" ]]; then
    fc_pass "list: $sec has $days days left and its subject"
  else
    fc_fail "list: $sec: '$line' (want $lo-$hi days, $cn)"
  fi
done
end=$(openssl x509 -in "$t/orderer0.crt" -noout -enddate | sed 's/^notAfter=//')
if [[ "$(head -1 "$t/list.out" | cut -f1)" == "$end" ]]; then fc_pass "list: the notAfter openssl gives ($end)"; else fc_fail "list lacks $end"; fi

if WINDOW_DAYS=30 sh "$script" check <"$t/secrets.txt" >"$t/check.out" 2>&1; then
  fc_fail "check passes with a certificate expiring in 2 days and a 30-day window"
elif grep -q 'FAIL 1 of 3 certificates expire within 30 days' "$t/check.out" &&
     [[ $(cut -f3,4 "$t/check.out" | grep '^expiring') == "$(printf 'expiring\tord-net/orderer0-tls/server.crt')" ]]; then
  fc_pass "check, 30-day window: fails naming orderer0-tls only"
else
  fc_fail "check, 30-day window: $(cat "$t/check.out")"
fi
if WINDOW_DAYS=1 sh "$script" check <"$t/secrets.txt" >"$t/check1.out" 2>&1 &&
   grep -q 'all 3 certificates valid for more than 1 days' "$t/check1.out"; then
  fc_pass "check, 1-day window: passes"
else
  fc_fail "check, 1-day window: $(cat "$t/check1.out")"
fi
if grep -v '\.crt ' "$t/secrets.txt" | sh "$script" check >"$t/none.out" 2>&1; then
  fc_fail "check passes without any certificate"
else
  if grep -q 'FAIL no certificate read' "$t/none.out"; then fc_pass "check: no certificate read fails"
  else fc_fail "check without certificates: $(cat "$t/none.out")"; fi
fi

# the NOTES' go-template, through Go's text/template (Helm's tpl)
fc_require_helm
fc_require_python
fc_build "$FABCHART_SOURCE_DIR/samples/dev-minimal.yaml" "$t/dev" || fc_finish
"$FC_HELM4" install --dry-run=client demo "$FC_TGZ" -n fabnet >"$t/notes.txt" 2>&1 || fc_die "helm install --dry-run"
line=$(grep 'kubectl get secrets -A .* -o go-template=' "$t/notes.txt" | grep 'certs.sh check') ||
  fc_die "no certificate listing line in NOTES"
tmpl=${line#*-o go-template=\'}
tmpl=${tmpl%%\' | *}
mkdir -p "$t/tpl/templates"
printf 'apiVersion: v2\nname: tpl\nversion: 0.1.0\n' >"$t/tpl/Chart.yaml"
printf '%s' "$tmpl" >"$t/tpl/listing.tpl"
# shellcheck disable=SC2016  # a Helm template, not shell
printf '%s\n' 'apiVersion: v1' 'kind: ConfigMap' 'metadata: {name: out}' \
  'data: {out: {{ tpl (.Files.Get "listing.tpl") .Values | quote }}}' >"$t/tpl/templates/out.yaml"
"$FC_PYTHON" - "$t/secrets.txt" "$t/values.yaml" <<'PY'
import sys, yaml
items = {}
for line in open(sys.argv[1]):
    name, value = line.split()
    ns, secret, key = name.split("/")
    items.setdefault((ns, secret), {})[key] = value
yaml.safe_dump({"items": [{"metadata": {"namespace": ns, "name": s}, "data": d}
                          for (ns, s), d in items.items()]}, open(sys.argv[2], "w"))
PY
if "$FC_HELM3" template x "$t/tpl" -f "$t/values.yaml" >"$t/tpl.out" 2>&1; then
  "$FC_PYTHON" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["data"]["out"], end="")' "$t/tpl.out" | sort >"$t/tpl.lines"
  if sort "$t/secrets.txt" | cmp -s - "$t/tpl.lines"; then
    fc_pass "the NOTES' go-template prints NAMESPACE/SECRET/KEY BASE64, a line per key"
  else
    fc_fail "the NOTES' go-template prints: $(head -c 300 "$t/tpl.lines")"
  fi
else
  fc_fail "helm template of the NOTES' go-template: $(cat "$t/tpl.out")"
fi
fc_finish
