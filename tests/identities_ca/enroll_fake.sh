#!/usr/bin/env bash
# identities_ca_enroll: the enrollment Job's script (chart-skeleton/files/
# scripts/enroll.sh, with identities.sh for restore and upload) against a
# stand-in Fabric CA (fake/sc_ca.py: fabric-ca-client, fabric-ca-server init)
# and the bring-up test's emulated cluster and kubectl (tests/bringup/fake),
# both recording their calls.  The org1 and ordering organizations of
# samples/stock-cluster.yaml (org1.plan/.list, ordering.plan/.list: the
# fabric-ca contract's files/enroll/<org>.plan and .list):
#   1. a first run makes the roots, enrolls every line, writes every plan path,
#      creates every Secret, publishes only certificates, stores no password
#   2. a re-run issues nothing and changes no Secret nor org-public
#   3. Secrets deleted (a half-failed run): only what is missing is issued,
#      the Secrets that exist are unchanged
#   4. an upload that dies half way, then a re-run: it finishes only what the
#      cluster lacks
#   5. a published certificate issued anew: org-public updated
# Every kubectl call is authorized by the rendered Role of templates/enroll.yaml
# (fabric-ca mode), as the Job's ServiceAccount.
set -uo pipefail
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init identities_ca_enroll
fc_require_helm
fc_require_python
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SCRIPTS=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts
export FC_BRINGUP_STATE=$FC_TMP/state FC_FAKE_CA=$FC_TMP/ca
export FC_BRINGUP_FAKE=$FABCHART_SOURCE_DIR/tests/bringup/fake
export PATH=$HERE/fake:$PATH PYTHONDONTWRITEBYTECODE=1
mkdir -p "$FC_BRINGUP_STATE" "$FC_FAKE_CA"
echo '{"Namespace//org1-first": {"kind": "Namespace", "metadata": {"name": "org1-first"}},
  "Namespace//ordering-first": {"kind": "Namespace", "metadata": {"name": "ordering-first"}}}' \
  >"$FC_BRINGUP_STATE/objects.json"
st() { "$FC_PYTHON" "$HERE/state.py" "$@"; }

# ---- 0. the chart: templates/enroll.yaml's RBAC, the Job runs under it ----------
# (stock-cluster is a cryptogen topology: its chart is put in fabric-ca mode
# with the fixtures as files/enroll/, values.schema.json set aside: it fixes
# identities.source)
fc_build "$FABCHART_SOURCE_DIR/samples/stock-cluster.yaml" "$FC_TMP/out" || fc_die "fabchart build failed"
chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart") || fc_die "unpack failed"
if [[ ! -d "$chart/files/enroll" ]]; then
  mkdir -p "$chart/files/enroll"
  for o in org1 ordering; do cp "$HERE/$o.list" "$HERE/$o.plan" "$chart/files/enroll/"; done
  # org2's (templates/renew.yaml wants every organization's): org1's renamed
  for x in list plan; do sed 's/org1/org2/g' "$HERE/org1.$x" >"$chart/files/enroll/org2.$x"; done
fi
"$FC_HELM3" template fc "$chart" >"$FC_TMP/cryptogen.yaml" || fc_die "helm template failed"
rm -f "$chart/values.schema.json"
"$FC_HELM3" template fc "$chart" >"$FC_TMP/cryptogen.yaml" || fc_die "helm template failed"
"$FC_HELM3" template fc "$chart" --set identities.source=fabric-ca >"$FC_TMP/fabric-ca.yaml" \
  || fc_die "helm template (fabric-ca) failed"
fc_check "cryptogen mode: no enrollment Job nor its RBAC" bash -c "! grep -q fabchart-enroll '$FC_TMP/cryptogen.yaml'"
fc_expect_lines "fabric-ca mode: org1's Role: Secrets get/create, ConfigMaps create, org-public get/update" \
'{"apiGroups": [""], "resources": ["secrets"], "verbs": ["get", "create"]}
{"apiGroups": [""], "resources": ["configmaps"], "verbs": ["create"]}
{"apiGroups": [""], "resourceNames": ["org-public"], "resources": ["configmaps"], "verbs": ["get", "update"]}' \
  "$(st rules "$FC_TMP/fabric-ca.yaml" org1-first)"
st seed "$FC_TMP/fabric-ca.yaml"
for ns in org1-first ordering-first; do
  mkdir -p "$FC_TMP/sa-$ns"
  echo "system:serviceaccount:$ns:fabchart-enroll" >"$FC_TMP/sa-$ns/token"
  echo "$ns" >"$FC_TMP/sa-$ns/namespace"
done

# run ORG: one pod of ORG's enrollment Job (a new work directory), its steps
# in order as the Job's containers; the first that fails ends it.  Output in
# $FC_TMP/ORG.N.log, the work directory in $FC_TMP/ORG.N
RUNS=0
ORGS="org1 peer org1-first org1.example.com
ordering orderer ordering-first example.com"
FILES=$HERE
run() {
  local org=$1 ns domain orgdir step kind
  RUNS=$((RUNS + 1))
  read -r _ kind ns domain < <(grep "^$org " <<<"$ORGS")
  orgdir=crypto-config/${kind}Organizations/$domain
  WORK=$FC_TMP/$org.$RUNS
  LOG=$WORK.log
  mkdir -p "$WORK"
  : >"$FC_FAKE_CA/calls"
  : >"$FC_FAKE_CA/kubectl.calls"
  for step in restore roots share enroll upload; do
    if ! FC_FAKE_SA=$FC_TMP/sa-$ns WORK=$WORK PLAN=$FILES/$org.plan LIST=$FILES/$org.list IDENTITIES_SH=$SCRIPTS/identities.sh \
      NAMESPACE=$ns ORG=$org ORGDIR=$orgdir DOMAIN=$domain CA_HOST=ca.$ns.svc.cluster.local \
      CA_PORT=7054 CA_TLS=true sh "$SCRIPTS/enroll.sh" "$step" >>"$LOG" 2>&1; then
      echo "step $step failed" >>"$LOG"
      return 1
    fi
  done
}
calls() { cat "$FC_FAKE_CA/calls"; }
api_writes() { grep -E '^kubectl (create|replace|apply|patch|label [^-]|delete)' "$FC_FAKE_CA/kubectl.calls" | grep -v -e '--dry-run' -e '--local'; }

# ---- 1. first run ------------------------------------------------------------
O=crypto-config/peerOrganizations/org1.example.com
A=Admin@org1.example.com P=peer0.org1.example.com C=ca.org1.example.com
PH=peer0,peer0.org1-first,peer0.org1-first.svc.cluster.local,peer0.org1.example.com
CH=ca,ca.org1-first,ca.org1-first.svc.cluster.local
if run org1; then fc_pass "org1: first run"; else fc_fail "org1: first run"; tail -n 20 "$LOG"; fi
fc_expect_lines "org1: first run: two roots made, every line registered and enrolled (MSP at ca-org1, TLS at tlsca-org1)" \
"server init ca.org1.example.com
server init tlsca.org1.example.com
client enroll ca-org1 admin
client enroll tlsca-org1 admin
client register ca-org1 $A type=admin
client enroll ca-org1 $A profile=tls hosts=$A
client register tlsca-org1 $A type=admin
client enroll tlsca-org1 $A profile=tls hosts=$A
client register ca-org1 $P type=peer
client enroll ca-org1 $P hosts=$P
client register tlsca-org1 $P type=peer
client enroll tlsca-org1 $P profile=tls hosts=$PH
client register tlsca-org1 $C type=client
client enroll tlsca-org1 $C profile=tls hosts=$CH" "$(calls)" "$LOG"
fc_expect_lines "org1: every path of the plan is in the work directory" "" "$(st paths "$HERE/org1.plan" "$WORK")"
want=$( (grep -v '^#' "$HERE/org1.plan" | awk '{ print $2 }'; echo ca-roots) | sort)
fc_expect_lines "org1: every Secret of the plan and ca-roots created" "$want" "$(st secrets org1-first | awk '{ print $1 }')"
fc_check "org1: no registered password is in a Secret" st values org1-first "$FC_FAKE_CA/passwords"
fc_check "org1: the Admin's MSP certificate: ou admin, profile tls (the admins' lifetime)" \
  grep -q 'cn=Admin@org1.example.com issuer=ca-org1 ou=admin profile=tls' "$WORK/$O/users/$A/msp/signcerts/$A-cert.pem"
fc_check "org1: peer0's TLS pair: the TLS CA's, its hosts, in tls/server.*" \
  grep -q "cn=$P issuer=tlsca-org1 ou=peer profile=tls hosts=$PH" "$WORK/$O/peers/$P/tls/server.crt"
fc_check "org1: the Admin's TLS pair in tls/client.*" test -f "$WORK/$O/users/$A/tls/client.key"
fc_check "org1: peer0's tls/ca.crt is the TLS CA root" cmp "$WORK/$O/peers/$P/tls/ca.crt" "$WORK/$O/tlsca/tlsca.org1.example.com-cert.pem"
fc_check "org1: peer0's key in msp/keystore/priv_sk" grep -q 'PRIVATE KEY' "$WORK/$O/peers/$P/msp/keystore/priv_sk"
fc_check "org1: msp/config.yaml has NodeOUs on with the organization's CA certificate" \
  grep -qx '    Certificate: cacerts/ca.org1.example.com-cert.pem' "$WORK/$O/msp/config.yaml"
fc_expect_lines "org1: ca-roots holds the roots the work directory has" \
  "$(cat "$WORK/$O/ca/ca.org1.example.com-cert.pem")" "$(st secret org1-first ca-roots ca.crt)"
fc_expect_lines "org1: org-ca's ca.key is ca-roots' (one signing root)" \
  "$(st secret org1-first ca-roots ca.key)" "$(st secret org1-first org-ca ca.key)"
rv=$(st public org1-first "$FC_TMP/pub1")
fc_expect_lines "org1: org-public's public.tar: the organization's verifying MSP and its TLS CA certificate only" \
"$O/msp/cacerts/ca.org1.example.com-cert.pem
$O/msp/config.yaml
$O/msp/tlscacerts/tlsca.org1.example.com-cert.pem
$O/tlsca/tlsca.org1.example.com-cert.pem" "$(cd "$FC_TMP/pub1" && find . -type f | sed 's#^\./##' | sort)"
secrets1=$(st secrets org1-first)

# ---- 2. re-run ---------------------------------------------------------------
if run org1; then fc_pass "org1: re-run"; else fc_fail "org1: re-run"; tail -n 20 "$LOG"; fi
fc_expect_lines "org1: re-run: nothing issued, no CA call" "" "$(calls)" "$LOG"
fc_expect_lines "org1: re-run: no write to the API" "" "$(api_writes)"
fc_expect_lines "org1: re-run: every Secret unchanged" "$secrets1" "$(st secrets org1-first)"
fc_expect_lines "org1: re-run: org-public unchanged" "$rv" "$(st public org1-first "$FC_TMP/pub2")"
fc_expect_lines "org1: re-run: every path of the plan is in the work directory" "" "$(st paths "$HERE/org1.plan" "$WORK")"

# ---- 3. Secrets missing ------------------------------------------------------
st delete org1-first peer0-tls ca-operations-tls admin-msp
if run org1; then fc_pass "org1: run with 3 Secrets missing"; else fc_fail "org1: run with 3 Secrets missing"; tail -n 20 "$LOG"; fi
fc_expect_lines "org1: only peer0's and the CA's TLS pairs issued (the Admin's MSP is in org-ca), registered already: new secrets" \
"client enroll ca-org1 admin
client enroll tlsca-org1 admin
client modify tlsca-org1 $P
client enroll tlsca-org1 $P profile=tls hosts=$PH
client modify tlsca-org1 $C
client enroll tlsca-org1 $C profile=tls hosts=$CH" "$(calls)" "$LOG"
fc_expect_lines "org1: the Secrets that existed are unchanged" \
  "$(grep -v -e '^peer0-tls ' -e '^ca-operations-tls ' -e '^admin-msp ' <<<"$secrets1")" \
  "$(st secrets org1-first | grep -v -e '^peer0-tls ' -e '^ca-operations-tls ' -e '^admin-msp ')"
fc_expect_lines "org1: admin-msp made again from what org-ca holds" \
  "$(st secret org1-first org-ca admin.crt)" "$(st secret org1-first admin-msp signcert.pem)"
fc_check "org1: peer0-tls created anew" st secret org1-first peer0-tls server.crt
fc_check "org1: no registered password is in a Secret" st values org1-first "$FC_FAKE_CA/passwords"

# ---- 4. an upload that dies half way ----------------------------------------
OO=crypto-config/ordererOrganizations/example.com
# share creates 2 (ca-roots, ca-admin), upload 5 (org-ca admin-msp admin-tls
# org-certs orderer0-msp), then fails at orderer0-tls
echo 7 >"$FC_FAKE_CA/fail-creates"
if run ordering; then fc_fail "ordering: the run whose upload dies fails"; else fc_pass "ordering: the run whose upload dies fails"; fi
if grep -q 'step upload failed' "$LOG"; then fc_pass "ordering: it failed in upload"; else fc_fail "ordering: it failed in upload"; fi
rm -f "$FC_FAKE_CA/fail-creates"
if run ordering; then fc_pass "ordering: re-run"; else fc_fail "ordering: re-run"; tail -n 20 "$LOG"; fi
H() { echo "orderer$1,orderer$1.ordering-first,orderer$1.ordering-first.svc.cluster.local,orderer$1.example.com"; }
fc_expect_lines "ordering: re-run: only orderer0's TLS pair and orderer1's and orderer2's identities issued" \
"client enroll ca-ordering admin
client enroll tlsca-ordering admin
client modify tlsca-ordering orderer0.example.com
client enroll tlsca-ordering orderer0.example.com profile=tls hosts=$(H 0)
client modify ca-ordering orderer1.example.com
client enroll ca-ordering orderer1.example.com hosts=orderer1.example.com
client modify tlsca-ordering orderer1.example.com
client enroll tlsca-ordering orderer1.example.com profile=tls hosts=$(H 1)
client modify ca-ordering orderer2.example.com
client enroll ca-ordering orderer2.example.com hosts=orderer2.example.com
client modify tlsca-ordering orderer2.example.com
client enroll tlsca-ordering orderer2.example.com profile=tls hosts=$(H 2)" "$(calls)" "$LOG"
want=$( (grep -v '^#' "$HERE/ordering.plan" | awk '{ print $2 }'; echo ca-roots) | sort)
fc_expect_lines "ordering: every Secret of the plan and ca-roots exist" "$want" "$(st secrets ordering-first | awk '{ print $1 }')"
fc_expect_lines "ordering: every path of the plan is in the work directory" "" "$(st paths "$HERE/ordering.plan" "$WORK")"
st public ordering-first "$FC_TMP/pubo" >/dev/null
want="$OO/msp/cacerts/ca.example.com-cert.pem
$OO/msp/config.yaml
$OO/msp/tlscacerts/tlsca.example.com-cert.pem"
for i in 0 1 2; do
  want+=$'\n'"$OO/orderers/orderer$i.example.com/msp/signcerts/orderer$i.example.com-cert.pem"
  want+=$'\n'"$OO/orderers/orderer$i.example.com/tls/server.crt"
done
want+=$'\n'"$OO/tlsca/tlsca.example.com-cert.pem"
fc_expect_lines "ordering: org-public's public.tar: the verifying MSP, the TLS CA's and every orderer's certificates" \
  "$want" "$(cd "$FC_TMP/pubo" && find . -type f | sed 's#^\./##' | sort)"
fc_check "ordering: no key in public.tar" bash -c "! grep -r 'PRIVATE KEY' '$FC_TMP/pubo'"
fc_expect_lines "ordering: orderer0's published TLS certificate is its Secret's" \
  "$(st secret ordering-first orderer0-tls server.crt)" "$(cat "$FC_TMP/pubo/$OO/orderers/orderer0.example.com/tls/server.crt")"
fc_check "ordering: no registered password is in a Secret" st values ordering-first "$FC_FAKE_CA/passwords"

# ---- 5. a certificate of org-public issued anew: org-public updated ------------
rv=$(st public ordering-first "$FC_TMP/pubo1")
st delete ordering-first orderer1-tls
if run ordering; then fc_pass "ordering: run with orderer1-tls missing"; else fc_fail "ordering: run with orderer1-tls missing"; tail -n 20 "$LOG"; fi
fc_expect_lines "ordering: orderer1's TLS pair issued, org-public updated (replace, as the Role allows)" \
  "kubectl create -f -
kubectl replace -f public.yaml" "$(api_writes)"
rm -rf "$FC_TMP/pubo"
st public ordering-first "$FC_TMP/pubo" >/dev/null
fc_expect_lines "ordering: org-public has orderer1's new TLS certificate" \
  "$(st secret ordering-first orderer1-tls server.crt)" "$(cat "$FC_TMP/pubo/$OO/orderers/orderer1.example.com/tls/server.crt")"
fc_check "ordering: orderer0's published TLS certificate unchanged" \
  cmp "$FC_TMP/pubo1/$OO/orderers/orderer0.example.com/tls/server.crt" "$FC_TMP/pubo/$OO/orderers/orderer0.example.com/tls/server.crt"

# ---- 6. the consortium-ca sample: fabchart's own lists and plans ---------------
fc_build "$FABCHART_SOURCE_DIR/samples/consortium-ca.yaml" "$FC_TMP/out-ca" || fc_die "fabchart build failed"
cchart=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart-ca") || fc_die "unpack failed"
"$FC_HELM3" template fc "$cchart" >"$FC_TMP/consortium.yaml" || fc_die "helm template (consortium-ca) failed"
st namespaces "$FC_TMP/consortium.yaml"
st seed "$FC_TMP/consortium.yaml"
ORGS=$(st orgs "$cchart/values.yaml")
FILES=$cchart/files/enroll
while read -r org kind ns domain; do
  mkdir -p "$FC_TMP/sa-$ns"
  echo "system:serviceaccount:$ns:fabchart-enroll" >"$FC_TMP/sa-$ns/token"
  echo "$ns" >"$FC_TMP/sa-$ns/namespace"
  if run "$org"; then fc_pass "consortium-ca $org: first run"; else fc_fail "consortium-ca $org: first run"; tail -n 20 "$LOG"; fi
  fc_expect_lines "consortium-ca $org: every path of its plan is in the work directory" "" "$(st paths "$FILES/$org.plan" "$WORK")"
  want=$(grep -v '^#' "$FILES/$org.plan" | awk '{ print $2 }' | sort -u)
  fc_expect_lines "consortium-ca $org: every Secret of its plan created" "$want" "$(st secrets "$ns" | awk '{ print $1 }')"
  n=$(grep -c '^client enroll .* hosts=' "$FC_FAKE_CA/calls")
  # a line no Secret of the plan keeps (User1: cryptogen's, never uploaded) is
  # not enrolled: it would be issued anew on every run
  want=0 skipped=
  while read -r role _ dir _; do
    if grep -q " [^ ]*=\([^ ]*,\)*$dir/" "$FILES/$org.plan"; then
      want=$((want + $([[ $role == server ]] && echo 1 || echo 2)))
    else
      skipped+="enroll: skipped ${dir##*/}: no Secret of the plan keeps it"$'\n'
    fi
  done < <(grep -v '^#' "$FILES/$org.list")
  fc_expect_lines "consortium-ca $org: an MSP and a TLS enrollment per line its plan keeps, TLS only for servers" "$want" "$n"
  fc_expect_lines "consortium-ca $org: the lines no Secret keeps skipped" "${skipped%$'\n'}" "$(grep 'skipped' "$LOG")"
  secrets=$(st secrets "$ns")
  if run "$org"; then fc_pass "consortium-ca $org: re-run"; else fc_fail "consortium-ca $org: re-run"; tail -n 20 "$LOG"; fi
  fc_expect_lines "consortium-ca $org: re-run: nothing issued, Secrets unchanged" "$secrets" "$(calls; st secrets "$ns")"
done <<<"$ORGS"
fc_finish
