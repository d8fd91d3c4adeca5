#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample: `helm lint --strict` on the built .tgz passes with Helm 3 and Helm 4.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init helm_lint
fc_require_helm

check_sample() {
  local sample=$1 name=$2
  fc_build "$sample" "$FC_TMP/$name" || return 0
  fc_check "$name: Helm 3 lint --strict $(basename "$FC_TGZ")" "$FC_HELM3" lint --strict "$FC_TGZ"
  fc_check "$name: Helm 4 lint --strict $(basename "$FC_TGZ")" "$FC_HELM4" lint --strict "$FC_TGZ"
}

fc_each_sample check_sample
fc_finish
