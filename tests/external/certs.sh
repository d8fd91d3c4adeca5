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
# The reader of certs.sh (DER walked by awk, no openssl): on RSA and ECDSA
# certificates of openssl req -x509 with -days from 1 to 40000 (UTCTime up
# to 2049, GeneralizedTime after; around the 2049/2050 switch), and on
# UTCTimes of 1999 and 1950 (RFC 5280's 50-year rule: a certificate's
# notAfter bytes rewritten), every notAfter and subject is exactly openssl's;
# the same under busybox (sh, awk, sed, base64, od... of busybox alone on
# PATH); `certs.sh key` prints the SubjectPublicKeyInfo openssl gives (pkey
# -pubin -outform DER), equal for two certificates of one key; the certificates of the real cryptogen on the chart's
# crypto-config.yaml when FC_FABRIC_BIN_DIR has one (else that part is
# reported skipped).  The helm test pod (templates/tests/test-certs.yaml) as
# Helm 4 renders it for samples/raft-2.5.yaml: one per organization
# namespace, mounting only certificate items (no *.key, no key.pem) of
# Secrets the plan puts in its own namespace, no ServiceAccount token, one
# argument per mounted item, WINDOW 720h (identities.renewal.window when
# set); its command run here on openssl certificates laid out as its mounts
# (under busybox too) fails on one expiring inside the window and passes
# when all are outside.
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

# ---- the DER reader against openssl ------------------------------------------
fc_require_python
bb=$t/busybox-bin
busybox=$(command -v busybox || true)
if [[ -n "$busybox" ]]; then
  mkdir -p "$bb"
  for tool in sh awk sed base64 od grep sort cut date cat tr rm head; do ln -s "$busybox" "$bb/$tool"; done
elif [[ "${CI:-}" == true ]]; then
  fc_die "busybox missing (required under CI=true; scripts/install-test-tools installs it)"
else
  echo "not run: busybox missing, the reader is checked with this system's tools only"
  bb=
fi
# reader_agrees LABEL FILE...: certs.sh list (and under busybox) prints
# openssl's notAfter and subject for every FILE
reader_agrees() {
  local label=$1 f want got bad=0 n=0 now
  shift
  # one NOW for both runs: the days-left column must not move between them
  now=$(date -u +%s)
  NOW=$now sh "$script" list "$@" >"$t/r.out" 2>&1 || { fc_fail "$label: certs.sh list failed: $(head -3 "$t/r.out")"; return; }
  for f in "$@"; do
    n=$((n + 1))
    want="$(openssl x509 -in "$f" -noout -enddate | sed 's/^notAfter=//')	$(openssl x509 -in "$f" -noout -subject | sed 's/^subject= *//')"
    got=$(awk -F'\t' -v f="$f" '$4 == f { print $1 "\t" $5 }' "$t/r.out")
    if [[ "$got" != "$want" ]]; then
      bad=$((bad + 1))
      ((bad > 3)) || echo "      $f: certs.sh '$got', openssl '$want'"
    fi
  done
  if ((bad == 0)); then
    fc_pass "$label: notAfter and subject of all $n certificates exactly as openssl prints them"
  else
    fc_fail "$label: $bad of $n certificates read differently from openssl"
  fi
  if [[ -n "$bb" ]]; then
    if NOW=$now PATH=$bb "$busybox" sh "$script" list "$@" >"$t/rb.out" 2>&1 && cmp -s "$t/r.out" "$t/rb.out"; then
      fc_pass "$label: the same under busybox alone (sh, awk, sed, base64, od)"
    else
      fc_fail "$label: under busybox: $(diff "$t/r.out" "$t/rb.out" | head -5)"
    fi
  fi
}
mkdir -p "$t/agree"
now=$(date -u +%s)
to2050=$((($(date -u -d 2050-01-01 +%s) - now) / 86400))
files=()
for days in 1 2 30 365 3650 $((to2050 - 2)) $((to2050 + 2)) 9000 20000 40000; do
  for kind in ec rsa; do
    case $kind in
      ec) newkey=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1) ;;
      rsa) newkey=(-newkey rsa:2048) ;;
    esac
    # RSA: the slow key generation only for a few lifetimes
    [[ $kind == rsa && ! " 1 3650 9000 40000 " == *" $days "* ]] && continue
    f=$t/agree/$kind-$days.crt
    openssl req -x509 "${newkey[@]}" -nodes -days "$days" \
      -subj "/C=US/ST=North Carolina/L=Raleigh/O=org1.example.com/OU=peer/CN=peer0.org1.example.com" \
      -keyout "$t/agree/$kind-$days.key" -out "$f" 2>/dev/null || fc_die "openssl req -days $days"
    files+=("$f")
  done
done
reader_agrees "openssl req -x509, ECDSA and RSA, -days 1 to 40000" "${files[@]}"
# certs.sh key (renew.sh's same-key check of a BFT consenter): the
# SubjectPublicKeyInfo openssl gives, on each certificate and under busybox;
# two certificates of one key agree, of two keys differ
keybad=0
for f in "${files[@]}"; do
  want=$(openssl x509 -in "$f" -pubkey -noout | openssl pkey -pubin -outform DER | od -An -v -tx1 | tr -d ' \n')
  got=$(sh "$script" key "$f" 2>&1) || got="failed: $got"
  [[ -z "$bb" ]] || [[ "$(PATH=$bb "$busybox" sh "$script" key "$f" 2>&1)" == "$want" ]] || got="busybox differs"
  [[ "$got" == "$want" ]] || { keybad=$((keybad + 1)); ((keybad > 3)) || echo "      $f: certs.sh key '${got:0:60}', openssl '${want:0:60}'"; }
done
if ((keybad == 0)); then
  fc_pass "key: the public key (SubjectPublicKeyInfo) openssl gives, all ${#files[@]} certificates${bb:+, busybox too}"
else
  fc_fail "key: $keybad of ${#files[@]} public keys differ from openssl's"
fi
openssl req -new -key "$t/agree/ec-30.key" -subj "/CN=renewed" 2>/dev/null |
  openssl x509 -req -signkey "$t/agree/ec-30.key" -days 90 -out "$t/agree/ec-30-renewed.crt" 2>/dev/null ||
  fc_die "openssl x509 -req"
if [[ "$(sh "$script" key "$t/agree/ec-30.crt")" == "$(sh "$script" key "$t/agree/ec-30-renewed.crt")" &&
      "$(sh "$script" key "$t/agree/ec-30.crt")" != "$(sh "$script" key "$t/agree/ec-365.crt")" ]] &&
   ! sh "$script" key "$t/agree/ec-30.key" >/dev/null 2>&1; then
  fc_pass "key: two certificates of one key agree, of two keys differ; a key file is refused"
else
  fc_fail "key: same-key and other-key certificates not told apart"
fi
if openssl x509 -in "$t/agree/ec-40000.crt" -noout -enddate | grep -q ' 2136 GMT$' &&
   openssl asn1parse -in "$t/agree/ec-40000.crt" | grep -q 'GENERALIZEDTIME' &&
   openssl asn1parse -in "$t/agree/ec-3650.crt" | grep -q 'UTCTIME'; then
  fc_pass "the certificates cover UTCTime (-days 3650) and GeneralizedTime (-days 40000, year 2136)"
else
  fc_fail "the certificates do not cover both time types"
fi
# RFC 5280's 50-year rule: UTCTime 99... is 1999, 50... is 1950 (notAfter
# rewritten in place; openssl x509 reads it without checking the signature)
"$FC_PYTHON" - "$t/agree/ec-365.crt" "$t/agree" <<'PY' || fc_die "rewriting notAfter"
import base64, re, sys
pem = open(sys.argv[1]).read()
der = bytearray(base64.b64decode("".join(l for l in pem.splitlines() if "-----" not in l)))
times = [m.start() for m in re.finditer(rb"\x17\x0d[0-9]{12}Z", bytes(der))]
assert len(times) >= 2, times
for name, value in (("utc1999", b"991231235959Z"), ("utc1950", b"500101000000Z"), ("utc2049", b"491231235959Z")):
    d = bytearray(der)
    d[times[1] + 2:times[1] + 15] = value
    b = base64.b64encode(bytes(d)).decode()
    with open("%s/%s.crt" % (sys.argv[2], name), "w") as f:
        f.write("-----BEGIN CERTIFICATE-----\n" + "\n".join(b[i:i + 64] for i in range(0, len(b), 64)) +
                "\n-----END CERTIFICATE-----\n")
PY
reader_agrees "UTCTime 991231235959Z, 500101000000Z, 491231235959Z" \
  "$t/agree/utc1999.crt" "$t/agree/utc1950.crt" "$t/agree/utc2049.crt"
if sh "$script" list "$t/agree/utc1950.crt" | grep -q '^Jan  1 00:00:00 1950 GMT'; then
  fc_pass "UTCTime 50 is 1950, 49 is 2049 (RFC 5280 4.1.2.5.1)"
else
  fc_fail "UTCTime 50: $(sh "$script" list "$t/agree/utc1950.crt")"
fi
# the real cryptogen's certificates, when FC_FABRIC_BIN_DIR has one
cryptogen=
for d in "${FC_FABRIC_BIN_DIR:-/nonexistent}"/v*/bin "${FC_FABRIC_BIN_DIR:-/nonexistent}"/bin; do
  [[ -x "$d/cryptogen" ]] && { cryptogen=$d/cryptogen; break; }
done

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

# ---- cryptogen's certificates -------------------------------------------------
if [[ -n "$cryptogen" ]]; then
  dev=$(fc_unpack "$FC_TGZ" "$t/dev-chart") || fc_die "unpack"
  if "$cryptogen" generate --config="$dev/files/crypto-config.yaml" --output="$t/crypto" >"$t/cryptogen.log" 2>&1; then
    mapfile -t cg < <(find "$t/crypto" -type f \( -name '*.pem' -o -name '*.crt' \) | sort)
    reader_agrees "cryptogen ($cryptogen) on dev-minimal's crypto-config.yaml" "${cg[@]}"
  else
    fc_fail "cryptogen generate: $(tail -3 "$t/cryptogen.log")"
  fi
else
  echo "skip  the real cryptogen's certificates: no cryptogen under FC_FABRIC_BIN_DIR ('${FC_FABRIC_BIN_DIR:-}')"
fi

# ---- the helm test pod --------------------------------------------------------
fc_build "$FABCHART_SOURCE_DIR/samples/raft-2.5.yaml" "$t/raft" || fc_finish
raft=$(fc_unpack "$FC_TGZ" "$t/raft-chart") || fc_die "unpack"
"$FC_HELM4" template fc-it "$FC_TGZ" >"$t/raft.yaml" 2>"$t/raft.err" || fc_die "helm template: $(cat "$t/raft.err")"
# (the values schema may not know identities.renewal.window yet: not validated)
"$FC_HELM4" template fc-it "$FC_TGZ" --skip-schema-validation --set identities.renewal.window=48h >"$t/raft48.yaml" 2>"$t/raft.err" ||
  fc_die "helm template --set identities.renewal.window=48h: $(cat "$t/raft.err")"
# pods.py RENDERED PLAN OUT: checks of the rendered test pods ("ok ..." /
# "FAIL ..." lines), and OUT/<ns>.cmd (NUL-separated command) and
# OUT/<ns>.window for running them here
mkdir -p "$t/pods"
"$FC_PYTHON" - "$t/raft.yaml" "$raft/files/identities.plan" "$t/pods" "$t/raft48.yaml" >"$t/pods.out" 2>&1 <<'PY'
import os, re, sys, yaml
docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
plan = {}
for line in open(sys.argv[2]):
    f = line.split()
    if len(f) < 4 or line.startswith("#") or f[2] != "files":
        continue
    plan[(f[0], f[1])] = {i.split("=", 1)[0]: i.split("=", 1)[1].split(",")[0] for i in f[3:]}
org_ns = sorted({ns for ns, _ in plan})
pods = [d for d in docs if d["kind"] == "Pod" and d["metadata"]["name"] == "fc-it-test-certs"]
def check(ok, msg):
    print(("ok    " if ok else "FAIL  ") + msg)
check(sorted(p["metadata"]["namespace"] for p in pods) == org_ns,
      "one test-certs pod per organization namespace (%s)" % ", ".join(org_ns))
bad_key, foreign, items_total, args_ok, hook_ok, window = [], [], 0, True, True, set()
for p in pods:
    ns = p["metadata"]["namespace"]
    spec = p["spec"]
    ann = p["metadata"].get("annotations") or {}
    hook_ok &= ann.get("helm.sh/hook") == "test" and spec.get("automountServiceAccountToken") is False \
        and not spec.get("serviceAccountName") and spec["securityContext"].get("runAsNonRoot") is True
    c = spec["containers"][0]
    mounted = []
    vols = {v["name"]: v for v in spec["volumes"]}
    for m in c["volumeMounts"]:
        v = vols[m["name"]]
        if set(v) != {"name", "secret"} or not m.get("readOnly"):
            foreign.append("%s: volume %s is no read-only Secret volume" % (ns, m["name"]))
            continue
        sec = v["secret"]["secretName"]
        if (ns, sec) not in plan:
            foreign.append("%s: Secret %s is not one of its namespace's" % (ns, sec))
        items = v["secret"].get("items") or []
        if not items:
            foreign.append("%s: Secret %s mounted whole (no items)" % (ns, sec))
        for it in items:
            items_total += 1
            k = it["key"]
            path = plan.get((ns, sec), {}).get(k, "")
            if k.endswith(".key") or k == "key.pem" or path.endswith("_sk") or not re.search(r"\.(crt|pem)$", path):
                bad_key.append("%s/%s/%s" % (ns, sec, k))
            mounted.append("%s/%s/%s" % (ns, sec, it["path"]))
            if m["mountPath"] != "/certs/%s/%s" % (ns, sec):
                foreign.append("%s: %s mounted at %s" % (ns, sec, m["mountPath"]))
    cmd = c["command"]
    args_ok &= cmd[:2] == ["sh", "-c"] and cmd[3:5] == ["certs.sh", "check"] and sorted(cmd[5:]) == sorted(mounted) \
        and c.get("workingDir") == "/certs"
    # every certificate of the plan in this namespace is checked
    want = sorted("%s/%s/%s" % (n, s, k) for (n, s), keys in plan.items() if n == ns
                  for k, pth in keys.items() if re.search(r"\.(crt|pem)$", pth) and not k.endswith(".key") and k != "key.pem")
    args_ok &= sorted(mounted) == want
    env = {e["name"]: e.get("value") for e in c.get("env") or []}
    window.add(env.get("WINDOW"))
    with open(os.path.join(sys.argv[3], ns + ".cmd"), "wb") as f:
        f.write(b"\0".join(x.encode() for x in cmd[2:]))
check(not bad_key, "the pods mount no private key (no *.key, no key.pem; every item a .crt/.pem path of the plan)"
      + ("" if not bad_key else ": " + " ".join(bad_key[:5])))
check(not foreign, "every volume a read-only Secret of the pod's own namespace, certificate items only, at "
      "/certs/<ns>/<secret>" + ("" if not foreign else ": " + "; ".join(foreign[:5])))
check(items_total > 0 and args_ok, "the command checks exactly the %d mounted certificate items, every "
      "certificate of the plan" % items_total)
check(hook_ok, "helm test hooks, no ServiceAccount token, non-root")
check(window == {"720h"}, "WINDOW 720h without identities.renewal.window (got %s)" % sorted(window, key=str))
docs48 = [d for d in yaml.safe_load_all(open(sys.argv[4])) if d]
w48 = {e["value"] for d in docs48 if d["kind"] == "Pod" and d["metadata"]["name"] == "fc-it-test-certs"
       for e in d["spec"]["containers"][0]["env"] if e["name"] == "WINDOW"}
check(w48 == {"48h"}, "WINDOW 48h with --set identities.renewal.window=48h (got %s)" % sorted(w48))
PY
while IFS= read -r line; do
  case $line in
    "ok    "*) fc_pass "test-certs pod: ${line#ok    }" ;;
    "FAIL  "*) fc_fail "test-certs pod: ${line#FAIL  }" ;;
    *) echo "      $line" ;;
  esac
done <"$t/pods.out"
# run_pod NS DIR [PATH]: the pod's command (sh -c SCRIPT certs.sh check
# FILES...) in DIR as its /certs, with WINDOW=720h
run_pod() {
  local -a cmd
  mapfile -d '' -t cmd <"$t/pods/$1.cmd"
  if [[ -n "${3:-}" ]]; then
    (cd "$2" && WINDOW=720h PATH=$3 "$busybox" sh -c "${cmd[@]}")
  else
    (cd "$2" && WINDOW=720h sh -c "${cmd[@]}")
  fi
}
ns=carrier-supplychain
if [[ -f "$t/pods/$ns.cmd" ]]; then
  mapfile -d '' -t cmd <"$t/pods/$ns.cmd"
  lay=$t/lay
  for f in "${cmd[@]:3}"; do
    mkdir -p "$lay/$(dirname "$f")"
    cp "$t/agree/ec-365.crt" "$lay/$f"
  done
  victim=${cmd[4]}
  if run_pod "$ns" "$lay" >"$t/pod-ok.out" 2>&1 && grep -q "all $((${#cmd[@]} - 3)) certificates valid for more than 720h" "$t/pod-ok.out"; then
    fc_pass "the pod's command passes when every certificate outlives 720h ($((${#cmd[@]} - 3)) files)"
  else
    fc_fail "the pod's command with all certificates outside the window: $(tail -3 "$t/pod-ok.out")"
  fi
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 20 -subj "/CN=soon" \
    -keyout "$t/soon.key" -out "$lay/$victim" 2>/dev/null || fc_die "openssl req"
  for where in "system tools" busybox; do
    p=
    if [[ $where == busybox ]]; then
      [[ -n "$bb" ]] || continue
      p=$bb
    fi
    if run_pod "$ns" "$lay" ${p:+"$p"} >"$t/pod-bad.out" 2>&1; then
      fc_fail "the pod's command ($where) passes with $victim expiring in 20 days"
    elif grep -q 'FAIL 1 of .* certificates expire within 720h' "$t/pod-bad.out" &&
         [[ $(grep -c '	expiring	' "$t/pod-bad.out") == 1 ]] && grep -q "	expiring	$victim	CN = soon" "$t/pod-bad.out"; then
      fc_pass "the pod's command ($where) fails naming $victim only (20 days left, window 720h)"
    else
      fc_fail "the pod's command ($where) with one expiring: $(tail -3 "$t/pod-bad.out")"
    fi
  done
  rm -f "$lay/$victim"
  if run_pod "$ns" "$lay" >"$t/pod-gone.out" 2>&1; then
    fc_fail "the pod's command passes with $victim missing"
  else
    fc_pass "the pod's command fails when a mounted certificate is missing"
  fi
else
  fc_fail "no test-certs pod in $ns"
fi
fc_finish
