#!/usr/bin/env bash
# tests/bringup/bringup.sh SAMPLE: the bring-up test of issue 13 for one
# sample topology (samples/SAMPLE.yaml).  Builds the sample's chart, the chart
# with one more peer and the chart with one more organization
# (variants.py), renders each with the real Helm (`helm template`), and runs
# the scenario of cluster.py on them: helm install, helm test, the identity
# Job again, an install whose identity Job dies half way, helm upgrade +peer,
# helm upgrade +organization; the chart's own scripts and commands run in
# sandboxes against the emulated API (RBAC enforced) with the stand-ins of
# fake/ for kubectl and the Fabric binaries.
#
# Environment: FABCHART, FABCHART_SOURCE_DIR (set by ctest); FC_HELM4 (Helm,
# default .tools/helm4/helm); FC_FABRIC_BIN_DIR (real Fabric tools: a
# directory with v<version>/bin/, <version>/bin/ or bin/ holding cryptogen and
# configtxgen; absent: that part is reported skipped); FC_BRINGUP_KEEP=1 keeps
# the work directory.  Exit 77 (ctest: skipped) when Helm, python3-yaml or
# mount namespaces are missing, except under CI=true where that fails.
set -uo pipefail

sample=${1:?usage: bringup.sh SAMPLE}
: "${FABCHART:?FABCHART is not set (run this through ctest)}"
: "${FABCHART_SOURCE_DIR:?FABCHART_SOURCE_DIR is not set (run this through ctest)}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
echo "== bringup $sample"

not_run() {
  if [[ "${CI:-}" == true ]]; then
    echo "bringup: error: $1 missing (required under CI=true; run scripts/install-test-tools)" >&2
    exit 1
  fi
  echo "not run: $1 missing (run scripts/install-test-tools)"
  exit 77
}

helm=${FC_HELM4:-$FABCHART_SOURCE_DIR/.tools/helm4/helm}
[[ -x "$helm" ]] || not_run "helm (Helm 4 at $helm)"
python=/usr/bin/python3
"$python" -c 'import yaml' 2>/dev/null || not_run "python3-yaml (/usr/bin/python3 with yaml)"
command -v unshare >/dev/null 2>&1 || not_run "unshare (util-linux)"
unshare -m --propagation private true 2>/dev/null \
  || not_run "mount namespaces (unshare -m needs root or CAP_SYS_ADMIN)"
src="$FABCHART_SOURCE_DIR/samples/$sample.yaml"
[[ -f "$src" ]] || { echo "bringup: error: no sample $src" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/fc-bringup-$sample.XXXXXX") || exit 1
chmod 755 "$work"
if [[ "${FC_BRINGUP_KEEP:-}" == 1 ]]; then
  echo "work directory kept: $work"
else
  trap 'rm -rf "$work"' EXIT
fi
export HELM_CONFIG_HOME="$work/helm/config" HELM_CACHE_HOME="$work/helm/cache"
export HELM_DATA_HOME="$work/helm/data" KUBECONFIG="$work/helm/no-kubeconfig"
unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_KUBETOKEN HELM_KUBEAPISERVER HELM_DRIVER

cp "$src" "$work/base.yaml"
"$python" "$here/variants.py" "$src" "$work" || exit 1
for v in base more-peer more-org; do
  mkdir -p "$work/$v"
  if ! "$FABCHART" build "$work/$v.yaml" -o "$work/$v" >"$work/$v.log" 2>&1; then
    echo "FAIL  fabchart build of the $v topology"; sed 's/^/      /' "$work/$v.log"; exit 1
  fi
  if ! "$helm" template fc-it "$work/$v"/*.tgz >"$work/$v.rendered.yaml" 2>"$work/$v.err"; then
    echo "FAIL  helm template of the $v chart"; sed 's/^/      /' "$work/$v.err"; exit 1
  fi
done
echo "ok    charts built and rendered (base, +peer, +organization)"

real=()
if [[ -n "${FC_FABRIC_BIN_DIR:-}" ]]; then
  version=$("$python" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["fabric"]["version"])' "$src")
  for d in "$FC_FABRIC_BIN_DIR/v$version/bin" "$FC_FABRIC_BIN_DIR/$version/bin" "$FC_FABRIC_BIN_DIR/bin" \
           "$FC_FABRIC_BIN_DIR"; do
    if [[ -x "$d/cryptogen" && -x "$d/configtxgen" ]]; then real=(--real-bin "$d"); break; fi
  done
fi

# not exec: the EXIT trap removes the work directory (~25 MB a sample) afterwards
"$python" "$here/cluster.py" run --work "$work/cluster" --base "$work/base.rendered.yaml" \
  --peer "$work/more-peer.rendered.yaml" --org "$work/more-org.rendered.yaml" "${real[@]}"
exit $?
