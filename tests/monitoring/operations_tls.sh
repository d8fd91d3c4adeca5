#!/usr/bin/env bash
# tests/monitoring/operations_tls.sh render|fabric: TLS on the operations
# endpoints (issue 19).
#   1  (render) seed-kafka (1.4), raft-2.5 and bft-3.x rendered by Helm 4 with
#      operations.tls.enabled=true and the monitoring API: env, probes and
#      PodMonitors that verify what they scrape (one per node, the
#      organization's TLS CA from the identity plan, a serverName the node's
#      certificate carries, no insecureSkipVerify:
#      tests/monitoring/check_operations_tls.py); the chart lints (Helm 3 and
#      4) with it on
#   2  (fabric) with real Fabric binaries (FC_FABRIC_BIN_DIR: v<version>/bin and config):
#      an orderer of 2.5.12 and 3.1.1 and a peer of 3.1.1 started with the
#      rendered OPERATIONS_TLS_* variables (the pod's TLS directory mapped to
#      the one real cryptogen makes from the chart's crypto-config.yaml)
#      answer GET /healthz over TLS as Prometheus asks it: for the
#      PodMonitor's serverName, verified against the TLS CA file of the
#      PodMonitor's Secret key in the identity plan, with {"status":"OK"};
#      another node's name is refused; plain HTTP gets no OK (bft-3.x
#      rendered as in 1 gives the variables and the PodMonitors).  Without the
#      binaries: Skipped (77), also under CI=true, as integration_logging_fabric.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
step=${1:-render}
fc_init "operations_tls_$step"
bin=${FC_FABRIC_BIN_DIR:-}
if [[ $step == fabric ]] && [[ -z $bin || ! -x $bin/v3.1.1/bin/orderer || ! -x $bin/v3.1.1/bin/cryptogen ]]; then
  echo "skipped: FC_FABRIC_BIN_DIR without v3.1.1/bin (no real Fabric binaries)" >&2
  exit 77
fi
fc_require_helm
fc_require_python
HERE=$FABCHART_SOURCE_DIR/tests/monitoring
samples=(seed-kafka raft-2.5 bft-3.x)
[[ $step == fabric ]] && samples=(bft-3.x)
for name in "${samples[@]}"; do
  fc_build "$FABCHART_SOURCE_DIR/samples/$name.yaml" "$FC_TMP/$name" || continue
  mkdir -p "$FC_TMP/$name/env"
  if ! "$FC_HELM4" template r "$FC_TGZ" --set operations.tls.enabled=true \
    --api-versions monitoring.coreos.com/v1 >"$FC_TMP/$name/r.yaml" 2>"$FC_TMP/err"; then
    fc_fail "$name: helm template"; sed 's/^/      /' "$FC_TMP/err"; continue
  fi
  chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/$name/chart") || { fc_fail "$name: unpack"; continue; }
  fc_check "$name: env, probes and verified scrapes (PodMonitors) with operations TLS" "$FC_PYTHON" \
    "$HERE/check_operations_tls.py" "$FC_TMP/$name/r.yaml" --chart "$chart" --env-out "$FC_TMP/$name/env"
  [[ $step == render ]] || continue
  for helm in "$FC_HELM3" "$FC_HELM4"; do
    fc_check "$name: $(basename "$(dirname "$helm")") lint --strict with operations TLS" \
      "$helm" lint --strict "$FC_TGZ" --set operations.tls.enabled=true
  done
done
[[ $step == fabric ]] || fc_finish
fc_require_cmd curl curl

# The chart's own crypto material: cryptogen on its files/crypto-config.yaml, as
# the identity Job runs it (the plan's paths are relative to its work
# directory, crypto-config/...).  Each node is then asked as Prometheus asks
# it: for the PodMonitor's serverName (resolved to 127.0.0.1), verified against
# the file the plan puts in the PodMonitor's tlsConfig.ca Secret key
# (env/scrapes.txt: "<namespace> <node> <serverName> <CA file>").
"$bin/v3.1.1/bin/cryptogen" generate --config="$chart/files/crypto-config.yaml" \
  --output="$FC_TMP/crypto-config" >/dev/null || fc_die "cryptogen failed"
scrapes=$FC_TMP/bft-3.x/env/scrapes.txt
# scrape KIND: "<node dir> <serverName> <CA file>" of the first PodMonitor of a
# KIND node; the node's directory is that of its <node>-tls Secret in the plan
scrape() {
  local ns node name ca crt
  read -r ns node name ca < <(grep -m1 "^[^ ]* $1[0-9]* " "$scrapes") || return 1
  crt=$(grep -m1 "^$ns $node-tls files " "$chart/files/identities.plan" | tr ' ' '\n' \
    | sed -n 's/^server\.crt=//p')
  [[ -n $crt ]] || return 1
  echo "$FC_TMP/${crt%/tls/server.crt} $name $FC_TMP/$ca"
}
read -r ORD ORD_NAME ORD_CA < <(scrape orderer) || fc_die "no orderer PodMonitor in $scrapes"
read -r PEER PEER_NAME PEER_CA < <(scrape peer) || fc_die "no peer PodMonitor in $scrapes"

# env_from FILE POD_DIR LOCAL_DIR: the rendered variables, the pod's directory mapped
env_from() { sed "s|$2|$3|" "$1"; }

# healthz KIND VERSION PORT LOG CA [HOST]: /healthz over TLS, verified against CA
# for the name HOST (default localhost, else resolved to 127.0.0.1), is OK;
# over HTTP it is not
healthz() {
  local kind=$1 v=$2 port=$3 log=$4 host=${6:-localhost} body="" i
  local resolve=(--resolve "$host:$port:127.0.0.1")
  for i in $(seq 1 50); do
    body=$(curl -sS --cacert "$5" "${resolve[@]}" "https://$host:$port/healthz" 2>/dev/null) && break
    sleep 0.2
  done
  # {"status":"OK","time":"..."} (core/operations: healthz.HealthStatus; fabric-ca
  # lib/server/operations the same)
  fc_check "$kind $v: GET https://$host:$port/healthz verified against its TLS CA is OK" \
    grep -q '^{"status":"OK",' <<<"$body"
  local code
  code=$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$port/healthz" || true)
  fc_check "$kind $v: plain HTTP gets no OK ($code)" test "$code" != 200
  [[ -n $body ]] || tail -n 5 "$log" | sed 's/^/      /'
}

# wrong_name KIND VERSION PORT CA HOST: the same request for a name the node's
# certificate does not carry fails verification (curl 60, or 51 before 7.62)
wrong_name() {
  local rc=0
  curl -sS -o /dev/null --cacert "$4" --resolve "$5:$3:127.0.0.1" "https://$5:$3/healthz" \
    2>/dev/null || rc=$?
  fc_check "$1 $2: for the name $5 the certificate is refused (curl exit $rc)" \
    test "$rc" = 60 -o "$rc" = 51
}

start_orderer() {
  local v=$1 p1 p2 p3 envs=()
  local dir=$FC_TMP/orderer-$v
  mkdir -p "$dir"
  p1=$(fc_free_port) p2=$(fc_free_port) p3=$(fc_free_port)
  mapfile -t envs < <(env_from "$FC_TMP/bft-3.x/env/orderer.env" /var/hyperledger/orderer/tls "$ORD/tls")
  [[ $v == 2.5.12 ]] && envs+=(ORDERER_GENERAL_BOOTSTRAPMETHOD=none ORDERER_CHANNELPARTICIPATION_ENABLED=true)
  env FABRIC_CFG_PATH="$bin/v$v/config" ORDERER_GENERAL_LISTENADDRESS=127.0.0.1 \
    ORDERER_GENERAL_LISTENPORT="$p1" ORDERER_GENERAL_LOCALMSPID=OrdererMSP \
    ORDERER_GENERAL_LOCALMSPDIR="$ORD/msp" ORDERER_GENERAL_TLS_ENABLED=true \
    ORDERER_GENERAL_TLS_CERTIFICATE="$ORD/tls/server.crt" ORDERER_GENERAL_TLS_PRIVATEKEY="$ORD/tls/server.key" \
    ORDERER_GENERAL_TLS_ROOTCAS="[$ORD/tls/ca.crt]" ORDERER_ADMIN_LISTENADDRESS="127.0.0.1:$p2" \
    ORDERER_ADMIN_TLS_ENABLED=true ORDERER_ADMIN_TLS_CERTIFICATE="$ORD/tls/server.crt" \
    ORDERER_ADMIN_TLS_PRIVATEKEY="$ORD/tls/server.key" ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED=true \
    ORDERER_ADMIN_TLS_CLIENTROOTCAS="[$ORD/tls/ca.crt]" ORDERER_OPERATIONS_LISTENADDRESS="127.0.0.1:$p3" \
    ORDERER_FILELEDGER_LOCATION="$dir/ledger" ORDERER_CONSENSUS_WALDIR="$dir/wal" \
    ORDERER_CONSENSUS_SNAPDIR="$dir/snap" "${envs[@]}" \
    "$bin/v$v/bin/orderer" >"$dir/log" 2>&1 &
  fc_on_exit "kill $! 2>/dev/null"
  started+=("orderer $v $p3 $dir/log $ORD_CA $ORD_NAME")
}

start_peer() {
  local v=$1 p1 p2 p3 envs=()
  local dir=$FC_TMP/peer-$v
  mkdir -p "$dir"
  p1=$(fc_free_port) p2=$(fc_free_port) p3=$(fc_free_port)
  mapfile -t envs < <(env_from "$FC_TMP/bft-3.x/env/peer.env" /var/hyperledger/peer/tls "$PEER/tls")
  env FABRIC_CFG_PATH="$bin/v$v/config" CORE_PEER_ID=peer0.org1.example.com \
    CORE_PEER_LISTENADDRESS="127.0.0.1:$p1" CORE_PEER_ADDRESS="127.0.0.1:$p1" \
    CORE_PEER_CHAINCODELISTENADDRESS="127.0.0.1:$p2" CORE_PEER_LOCALMSPID=Org1MSP \
    CORE_PEER_MSPCONFIGPATH="$PEER/msp" CORE_PEER_TLS_ENABLED=true \
    CORE_PEER_TLS_CERT_FILE="$PEER/tls/server.crt" CORE_PEER_TLS_KEY_FILE="$PEER/tls/server.key" \
    CORE_PEER_TLS_ROOTCERT_FILE="$PEER/tls/ca.crt" CORE_PEER_FILESYSTEMPATH="$dir/production" \
    CORE_LEDGER_SNAPSHOTS_ROOTDIR="$dir/production/snapshots" CORE_VM_ENDPOINT="" \
    CORE_OPERATIONS_LISTENADDRESS="127.0.0.1:$p3" "${envs[@]}" \
    "$bin/v$v/bin/peer" node start >"$dir/log" 2>&1 &
  fc_on_exit "kill $! 2>/dev/null"
  started+=("peer $v $p3 $dir/log $PEER_CA $PEER_NAME")
}

# start_ca: a real fabric-ca-server with the rendered operations TLS variables, its
# pair the one the chart's identity Job issues: identities.sh generate (real
# cryptogen) on the chart's files, then the files of Secret ca-operations-tls as
# files/identities.plan names them (first CA); the name checked is the CA
# Service's full name, a SAN of that pair
start_ca() {
  local cabin p1 p3 envs=() files ids line ns ca_dir tlsca
  cabin=$(echo "$bin"/fabric-ca-v*/bin)
  if [[ ! -x $cabin/fabric-ca-server ]]; then
    echo "note  no fabric-ca-server under $bin/fabric-ca-v*/bin: the CA is not started"
    return 0
  fi
  files=$(fc_unpack "$FC_TMP/bft-3.x"/*.tgz "$FC_TMP/chart")/files
  ids=$FC_TMP/ids
  if ! fc_identities_generate "$files" "$ids" "$bin/v3.1.1/bin" 3; then
    fc_fail "identities.sh generate with the real cryptogen"; tail -n 5 "$ids.log" | sed 's/^/      /'
    return 0
  fi
  line=$(grep -m1 '^[^ ]* ca-operations-tls files ' "$files/identities.plan") ||
    { fc_fail "the identity plan has no Secret ca-operations-tls"; return 0; }
  ns=${line%% *}
  ca_dir=$ids/$(dirname "$(fc_plan_path "$files" ca-operations-tls server.crt)")
  tlsca=$ids/$(fc_plan_path "$files" org-certs tlsca.crt "$ns")
  fc_check "ca-operations-tls of $ns: issued by its organization's TLS CA" \
    openssl verify -CAfile "$tlsca" "$ca_dir/server.crt"
  p1=$(fc_free_port) p3=$(fc_free_port)
  mapfile -t envs < <(env_from "$FC_TMP/bft-3.x/env/ca.env" /var/hyperledger/ca-operations "$ca_dir")
  mkdir -p "$FC_TMP/ca-home"
  env FABRIC_CA_HOME="$FC_TMP/ca-home" FABRIC_CA_SERVER_ADDRESS=127.0.0.1 \
    FABRIC_CA_SERVER_PORT="$p1" FABRIC_CA_SERVER_OPERATIONS_LISTENADDRESS="127.0.0.1:$p3" \
    "${envs[@]}" "$cabin/fabric-ca-server" start -b admin:adminpw >"$FC_TMP/ca-home/log" 2>&1 &
  fc_on_exit "kill $! 2>/dev/null"
  started+=("ca ${cabin#"$bin"/} $p3 $FC_TMP/ca-home/log $tlsca ca.$ns.svc.cluster.local")
}

# all started at once, then asked one by one
started=()
for v in 2.5.12 3.1.1; do
  [[ -x $bin/v$v/bin/orderer ]] && start_orderer "$v"
done
start_peer 3.1.1
fc_require_cmd openssl openssl
start_ca
for node in "${started[@]}"; do
  # shellcheck disable=SC2086  # "kind version port log ca host": no spaces in the parts
  healthz $node
  read -r kind v port _ ca host <<<"$node"
  # the other kind's name: a SAN of another node's certificate, not of this one's
  other=$PEER_NAME
  [[ $kind == peer ]] && other=$ORD_NAME
  wrong_name "$kind" "$v" "$port" "$ca" "$other"
done
fc_finish
