#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample: Helm 4 `helm install --dry-run=client` of the built .tgz
# succeeds without a cluster (no kubeconfig; a throwaway Helm home). This runs
# the values.schema.json check and renders hooks and NOTES.txt as an install does.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init helm_install
fc_require_helm

check_sample() {
  local sample=$1 name=$2
  fc_build "$sample" "$FC_TMP/$name" || return 0
  fc_check "$name: Helm 4 install --dry-run=client fc-it $(basename "$FC_TGZ")" \
    "$FC_HELM4" install --dry-run=client fc-it "$FC_TGZ"
}

fc_each_sample check_sample
fc_finish
