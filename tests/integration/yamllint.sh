#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample: the built chart's Chart.yaml and values.yaml pass yamllint
# --strict with chart-testing's rules (lintconf.yaml).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init yamllint
fc_require_yamllint

check_sample() {
  local sample=$1 name=$2 chart f
  fc_build "$sample" "$FC_TMP/$name" || return 0
  if ! chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/$name/unpacked" 2>&1); then
    fc_fail "$name: cannot unpack $(basename "$FC_TGZ"): $chart"
    return 0
  fi
  for f in Chart.yaml values.yaml; do
    if [[ -f "$chart/$f" ]]; then
      fc_check "$name: yamllint --strict (chart-testing rules) $(basename "$chart")/$f" \
        yamllint --strict -c "$FC_HERE/lintconf.yaml" "$chart/$f"
    else
      fc_fail "$name: $(basename "$FC_TGZ") has no $f"
    fi
  done
}

fc_each_sample check_sample
fc_finish
