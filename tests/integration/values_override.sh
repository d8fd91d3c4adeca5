#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# Honest values (issue 14 point 5): for every sample, every key of the chart's
# values.yaml either works when overridden (a distinctive value is rendered
# where it belongs and the render passes the strict Kubernetes schemas) or is
# pinned by values.schema.json (Helm rejects a change, naming the key); knobs
# also reject values of the wrong grammar.  The checks are in
# values_override.py; Helm 4 renders, Helm 3 confirms the pinned verdict.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init values_override
fc_require_helm
fc_require_python
fc_require_k8s_schemas

check_sample() {
  local sample=$1 name=$2 chart
  fc_build "$sample" "$FC_TMP/$name" || return 0
  chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/$name/unpacked") || { fc_fail "$name: unpack"; return 0; }
  local log="$FC_TMP/$name/override.log" rc=0
  "$FC_PYTHON" "$FC_HERE/values_override.py" --helm "$FC_HELM4" --helm3 "$FC_HELM3" \
    --schemas "$FC_K8S_SCHEMAS" --work "$FC_TMP/$name/work" --name "$name" \
    "$FC_TGZ" "$chart/values.yaml" "$chart/values.schema.json" >"$log" 2>&1 || rc=$?
  grep -E '^(ok|FAIL|      )|keys:' "$log" | sed 's/^/  /'
  local summary
  summary=$(tail -n 1 "$log")
  if ((rc == 0)) && [[ $summary =~ ^([0-9]+)\ passed,\ 0\ failed$ ]] && ((BASH_REMATCH[1] > 0)); then
    fc_pass "$name: $summary"
  else
    fc_fail "$name: values_override.py exit $rc: $summary"
    ((rc == 0 || rc == 1)) || tail -n 20 "$log" | sed 's/^/      /'
  fi
}

fc_each_sample check_sample
fc_finish
