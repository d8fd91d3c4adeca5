#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample, the rendered chart's objects, namespaces, NodePorts and
# security settings (tests/integration/chart_checks.py); the expected object
# lists are tests/golden/objects/<sample>.txt (FABCHART_UPDATE_GOLDEN=1
# rewrites them).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init chart_checks
fc_require_helm
fc_require_python
update=()
[[ "${FABCHART_UPDATE_GOLDEN:-}" == 1 ]] && update=(--update)

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" chart
  fc_build "$sample" "$dir" || return 0
  chart=$(fc_unpack "$FC_TGZ" "$dir/unpacked") || { fc_fail "$name: unpack"; return 0; }
  if ! fc_render "$FC_HELM3" "$FC_TGZ" "$dir/r3.yaml" || ! fc_render "$FC_HELM4" "$FC_TGZ" "$dir/r4.yaml"; then
    fc_fail "$name: helm template"
    cat "$dir"/r*.yaml.err
    return 0
  fi
  if "$FC_PYTHON" "$FC_HERE/chart_checks.py" --sample "$sample" --chart "$chart" \
       --rendered3 "$dir/r3.yaml" --rendered4 "$dir/r4.yaml" \
       --objects "$FABCHART_SOURCE_DIR/tests/golden/objects/$name.txt" "${update[@]}" \
       >"$dir/checks.log" 2>&1; then
    fc_pass "$name: rendered chart checks ($(tail -n 1 "$dir/checks.log"))"
  else
    fc_fail "$name: rendered chart checks ($(tail -n 1 "$dir/checks.log"))"
    grep -v '^ok ' "$dir/checks.log" | sed 's/^/      /' | head -n 80
  fi
}

fc_each_sample check_sample
fc_finish
