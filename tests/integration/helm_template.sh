#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample: `helm template` renders the built .tgz with Helm 3 and with
# Helm 4, each gives at least one Kubernetes object, and both give the same text.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init helm_template
fc_require_helm

render_check() {  # render_check LABEL HELM TGZ OUT
  local label=$1 helm=$2 tgz=$3 out=$4
  if ! fc_render "$helm" "$tgz" "$out"; then
    fc_fail "$label template $(basename "$tgz")"
    sed 's/^/      /' "$out.err" | head -n 40
    return 1
  fi
  local n
  n=$(grep -c '^kind:' "$out")
  if ((n > 0)); then
    fc_pass "$label template $(basename "$tgz"): $n objects"
  else
    fc_fail "$label template $(basename "$tgz"): rendered no objects"
    return 1
  fi
}

check_sample() {
  local sample=$1 name=$2 ok=0
  fc_build "$sample" "$FC_TMP/$name" || return 0
  render_check "$name: Helm 3" "$FC_HELM3" "$FC_TGZ" "$FC_TMP/$name/helm3.yaml" && ok=$((ok + 1))
  render_check "$name: Helm 4" "$FC_HELM4" "$FC_TGZ" "$FC_TMP/$name/helm4.yaml" && ok=$((ok + 1))
  ((ok == 2)) || return 0
  if cmp -s "$FC_TMP/$name/helm3.yaml" "$FC_TMP/$name/helm4.yaml"; then
    fc_pass "$name: Helm 3 and Helm 4 render the same manifests"
  else
    fc_fail "$name: Helm 3 and Helm 4 render different manifests"
    diff -u "$FC_TMP/$name/helm3.yaml" "$FC_TMP/$name/helm4.yaml" | head -n 40 | sed 's/^/      /'
  fi
}

fc_each_sample check_sample
fc_finish
