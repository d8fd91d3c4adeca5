#!/usr/bin/env bash
# tests/bringup/real/bringup_real.sh NAME: the real-binaries part of the
# bring-up test of issue 13.  NAME is a sample (samples/NAME.yaml) or a
# topology of this directory (NAME.yaml: the 1.4 seed network's solo and
# etcdraft variants).  Builds its chart, renders it with the real Helm and runs
# realnet.py: the chart's Jobs, orderers, peers and CA run with real Fabric
# binaries in sandboxes, each pod in its own network namespace, then helm test
# and the checks (osnadmin channel list, Raft leader / SmartBFT view, peer
# heights, anchors; with chaincodes, invoke and queries through the peers).
# With NAME.new.yaml beside NAME.yaml (upgrade-org): then helm upgrade to
# that network's chart, built --from NAME's, and its checks.
#
# FC_FABRIC_BIN_DIR: a directory with v<version>/bin/{cryptogen,configtxgen,
# configtxlator,peer,orderer[,osnadmin]} and v<version>/config/ (the tag's
# sampleconfig), and fabric-ca-v*/bin/fabric-ca-server; for a topology with
# chaincodes also v<version>/ccaas/bin/{detect,build,release} (Fabric's
# ccaas_builder) and chaincode/bin/fabchart-ccserver (ccserver/build.sh).
# Unset or incomplete:
# exit 77 (Skipped), also under CI=true (CI has no Fabric binaries; issue 13:
# "otherwise that part reports Skipped").  With the binaries, a missing Helm,
# python3-yaml, root (ip netns, unshare) or netcat-openbsd fails under CI=true
# and skips otherwise.  FC_BRINGUP_KEEP=1 keeps the work directory.
set -uo pipefail

name=${1:?usage: bringup_real.sh NAME}
: "${FABCHART:?FABCHART is not set (run this through ctest)}"
: "${FABCHART_SOURCE_DIR:?FABCHART_SOURCE_DIR is not set (run this through ctest)}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
echo "== bringup with real Fabric binaries: $name"

src="$FABCHART_SOURCE_DIR/samples/$name.yaml"
[[ -f "$src" ]] || src="$here/$name.yaml"
[[ -f "$src" ]] || { echo "bringup_real: error: no topology $name" >&2; exit 1; }
python=/usr/bin/python3
version=$(sed -n '/^fabric:/,/^[^ #]/ s/^  version: *\([0-9][0-9.]*\) *$/\1/p' "$src" | head -n 1)
bin=${FC_FABRIC_BIN_DIR:-}
if [[ -z "$bin" ]]; then
  echo "skipped: FC_FABRIC_BIN_DIR is not set (no real Fabric binaries)"
  exit 77
fi
tools="cryptogen configtxgen configtxlator peer orderer"
[[ "$version" == 1.* ]] || tools="$tools osnadmin"
for t in $tools; do
  if [[ ! -x "$bin/v$version/bin/$t" ]]; then
    echo "skipped: no real $t for Fabric $version ($bin/v$version/bin/$t)"
    exit 77
  fi
done
[[ -f "$bin/v$version/config/core.yaml" ]] || { echo "skipped: no sampleconfig in $bin/v$version/config"; exit 77; }
ls "$bin"/fabric-ca-v*/bin/fabric-ca-server >/dev/null 2>&1 \
  || { echo "skipped: no fabric-ca-server in $bin/fabric-ca-v*/bin"; exit 77; }
if grep -q '^chaincodes:' "$src"; then
  # chaincode as a service: the peer image's ccaas builder and our chaincode
  # server (ccserver/, the stand-in for the chaincode images), both local
  for t in "v$version/ccaas/bin/detect" "v$version/ccaas/bin/build" "v$version/ccaas/bin/release" \
    chaincode/bin/fabchart-ccserver; do
    [[ -x "$bin/$t" ]] || { echo "skipped: no $bin/$t (see tests/bringup/real/README.md)"; exit 77; }
  done
fi

not_run() {
  if [[ "${CI:-}" == true ]]; then
    echo "bringup_real: error: $1 missing (required under CI=true when Fabric binaries are given)" >&2
    exit 1
  fi
  echo "not run: $1 missing"
  exit 77
}
helm=${FC_HELM4:-$FABCHART_SOURCE_DIR/.tools/helm4/helm}
[[ -x "$helm" ]] || not_run "helm (Helm 4 at $helm)"
"$python" -c 'import yaml' 2>/dev/null || not_run "python3-yaml"
[[ -x /bin/nc.openbsd ]] || not_run "netcat-openbsd (the busybox test pods' nc -z)"
command -v jq >/dev/null 2>&1 || not_run "jq (the fabric-tools image's)"
[[ $(id -u) == 0 ]] && ip netns list >/dev/null 2>&1 && unshare -m --propagation private true 2>/dev/null \
  || not_run "root with ip netns and unshare -m"

work=$(mktemp -d "${TMPDIR:-/tmp}/fc-bringup-real-$name.XXXXXX") || exit 1
chmod 755 "$work"
if [[ "${FC_BRINGUP_KEEP:-}" == 1 ]]; then
  echo "work directory kept: $work"
else
  trap 'rm -rf "$work"' EXIT
fi
export HELM_CONFIG_HOME="$work/helm/config" HELM_CACHE_HOME="$work/helm/cache"
export HELM_DATA_HOME="$work/helm/data" KUBECONFIG="$work/helm/no-kubeconfig"
unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_KUBETOKEN HELM_KUBEAPISERVER HELM_DRIVER
mkdir -p "$work/chart"
if ! "$FABCHART" build "$src" -o "$work/chart" >"$work/build.log" 2>&1; then
  echo "FAIL  fabchart build"; sed 's/^/      /' "$work/build.log"; exit 1
fi
if ! "$helm" template fc-it "$work/chart"/*.tgz >"$work/rendered.yaml" 2>"$work/helm.err"; then
  echo "FAIL  helm template"; sed 's/^/      /' "$work/helm.err"; exit 1
fi
echo "ok    chart built and rendered ($(basename "$src"), Fabric $version)"
# the chaincode upgrade (issue 16): the topology with transfers at version
# 1.3.0, sequence 2 (the edit tests/chaincode/lifecycle.sh makes), rendered;
# realnet.py runs it as helm upgrade after the install and its checks
upgrade=()
if grep -q '^  - name: transfers$' "$src"; then
  sed -e '/^  - name: transfers$/,/^  - name:/ { s/^    version: 1.2.0$/    version: 1.3.0/; s/^    sequence: 1$/    sequence: 2/; }' \
    "$src" >"$work/upgrade.yaml"
  if [[ $(diff "$src" "$work/upgrade.yaml" | grep -c '^>') != 2 ]]; then
    echo "FAIL  upgrade topology: transfers' version 1.2.0 and sequence 1 not found"; exit 1
  fi
  mkdir -p "$work/chart-upgrade"
  if ! "$FABCHART" build "$work/upgrade.yaml" -o "$work/chart-upgrade" >"$work/build-upgrade.log" 2>&1 ||
    ! "$helm" template fc-it "$work/chart-upgrade"/*.tgz >"$work/rendered-upgrade.yaml" 2>"$work/helm.err"; then
    echo "FAIL  upgrade chart"; sed 's/^/      /' "$work/build-upgrade.log" "$work/helm.err"; exit 1
  fi
  echo "ok    upgrade chart built and rendered (transfers 1.3.0, sequence 2)"
  upgrade=(--cc-upgrade "$work/rendered-upgrade.yaml")
fi
# an upgrade (issue 17): NAME.new.yaml beside NAME.yaml is the network after
# it, built with --from the chart above (its config-update Jobs) and run as
# helm upgrade runs it (realnet.py --upgrade)
if [[ -f "$here/$name.new.yaml" ]]; then
  mkdir -p "$work/chart-new"
  if ! "$FABCHART" build "$here/$name.new.yaml" --from "$(ls "$work/chart"/*.tgz)" -o "$work/chart-new" \
      >"$work/build-new.log" 2>&1; then
    echo "FAIL  fabchart build --from"; sed 's/^/      /' "$work/build-new.log"; exit 1
  fi
  if ! "$helm" template fc-it "$work/chart-new"/*.tgz --is-upgrade >"$work/rendered-new.yaml" 2>"$work/helm.err"; then
    echo "FAIL  helm template (upgrade)"; sed 's/^/      /' "$work/helm.err"; exit 1
  fi
  echo "ok    upgrade chart built with --from and rendered ($name.new.yaml)"
  upgrade+=(--upgrade "$work/rendered-new.yaml")
fi
"$python" -u "$here/realnet.py" --work "$work/cluster" --rendered "$work/rendered.yaml" --fabric-bin "$bin" \
  "${upgrade[@]}"
