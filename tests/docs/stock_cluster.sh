#!/usr/bin/env bash
# tests/docs/stock_cluster.sh: samples/stock-cluster.yaml, the sample the
# README names as the first thing to try (issue 20, item 3), installs on a
# stock kind, minikube or k3s cluster:
#   - it builds with --Werror (no warning) and passes helm lint --strict
#     with Helm 3 and Helm 4, and Helm 4 install --dry-run=client;
#   - its chart rendered by Helm 3 and by Helm 4 uses no value outside
#     Kubernetes' defaults (stock_cluster.py: node ports, default
#     StorageClass, no NFS/hostPath/host network/privilege, public images, GA
#     APIs, requests that fit a 2-CPU cluster);
#   - its Fabric version is the newest of all samples;
#   - the same checker rejects the seed (NFS and the widened node-port range)
#     and raft-2.5 (a named storageClass): it can fail.
# shellcheck source=SCRIPTDIR/../integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init stock_cluster
fc_require_helm
fc_require_python
S=$FABCHART_SOURCE_DIR/samples
sample=$S/stock-cluster.yaml
[[ -f $sample ]] || fc_die "no $sample"

fc_check "builds with --Werror (no warning)" "$FABCHART" build "$sample" -o "$FC_TMP/werror" --Werror
fc_build "$sample" "$FC_TMP/out" || fc_finish
tgz=$FC_TGZ
chart=$(fc_unpack "$tgz" "$FC_TMP/unpacked") || fc_die "cannot unpack $tgz"
fc_check "Helm 3 lint --strict" "$FC_HELM3" lint --strict "$tgz"
fc_check "Helm 4 lint --strict" "$FC_HELM4" lint --strict "$tgz"
fc_check "Helm 4 install --dry-run=client" "$FC_HELM4" install --dry-run=client first "$tgz"
for h in 3 4; do
  helm=FC_HELM$h
  if ! fc_render "${!helm}" "$tgz" "$FC_TMP/r$h.yaml"; then
    fc_fail "Helm $h template"; cat "$FC_TMP/r$h.yaml.err"; continue
  fi
  if "$FC_PYTHON" "$FABCHART_SOURCE_DIR/tests/docs/stock_cluster.py" "$FC_TMP/r$h.yaml" "$chart/values.yaml" \
       >"$FC_TMP/c$h.log" 2>&1; then
    fc_pass "Helm $h: no value outside Kubernetes' defaults ($(tail -n 1 "$FC_TMP/c$h.log"))"
  else
    fc_fail "Helm $h: values outside Kubernetes' defaults ($(tail -n 1 "$FC_TMP/c$h.log"))"
    grep -v '^ok ' "$FC_TMP/c$h.log" | sed 's/^/      /' | head -n 60
  fi
done

# the newest Fabric of the samples (sort -V: 3.1.1 after 2.5.12 after 1.4.12)
version_of() { sed -n '/^fabric:/,/^[^ #]/ s/^  version: *\([0-9][0-9.]*\) *$/\1/p' "$1" | head -n 1; }
mine=$(version_of "$sample")
newest=$(for s in "$S"/*.yaml; do version_of "$s"; done | sort -V | tail -n 1)
if [[ -n $mine && $mine == "$newest" ]]; then fc_pass "Fabric $mine, the newest of the samples"
else fc_fail "Fabric '$mine' is not the newest of the samples ($newest)"; fi

# the checker rejects what a stock cluster cannot take
reject() {  # reject SAMPLE PATTERN...: the checker fails on SAMPLE with every PATTERN among its findings
  local name=$1 dir="$FC_TMP/$1" p missing=()
  shift
  fc_build "$S/$name.yaml" "$dir/out" || return 0
  local c
  c=$(fc_unpack "$FC_TGZ" "$dir/unpacked") || { fc_fail "$name: unpack"; return 0; }
  fc_render "$FC_HELM4" "$FC_TGZ" "$dir/r.yaml" || { fc_fail "$name: helm template"; return 0; }
  if "$FC_PYTHON" "$FABCHART_SOURCE_DIR/tests/docs/stock_cluster.py" "$dir/r.yaml" "$c/values.yaml" >"$dir/c.log" 2>&1; then
    fc_fail "$name: the checker accepts it"; return 0
  fi
  for p in "$@"; do grep -qE "^FAIL .*$p" "$dir/c.log" || missing+=("$p"); done
  if ((${#missing[@]} == 0)); then fc_pass "$name: rejected ($*)"
  else fc_fail "$name: rejected, but not for: ${missing[*]}"; grep '^FAIL' "$dir/c.log" | head -n 20 | sed 's/^/      /'; fi
}
reject seed-kafka "nodePort 33701 inside the default range" "not a PersistentVolume" "storage.kind is default"
reject raft-2.5 "no storageClassName" "no nodeCidrs"
fc_finish
