#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# The scheduling knobs render (issue 15, /work/notes/LAYOUT.md): for every
# sample, `helm template -f tests/integration/scheduling/values.yaml` (Helm 3
# and Helm 4; every knob set in scheduling.default, some replaced per
# component) puts exactly the merged knobs on every pod spec and every
# Service of each component (scheduling.py); and with the chart's own values
# nothing of them renders (no nodeSelector, tolerations, affinity,
# topologySpreadConstraints, imagePullSecrets, priorityClassName, and no
# Service annotations).  The objects rendered with the knobs (Helm 4) match the
# strict Kubernetes schemas (k8s_validate.py).  The values file passes the
# chart's values.schema.json (Helm validates it before rendering).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init scheduling
fc_require_helm
fc_require_python
fc_require_k8s_schemas
values=$FC_HERE/scheduling/values.yaml

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" helm v out
  fc_build "$sample" "$dir" || return 0
  for v in 3 4; do
    helm=FC_HELM$v
    if ! "${!helm}" template fc-it "$FC_TGZ" -f "$values" >"$dir/set$v.yaml" 2>"$dir/set$v.err"; then
      fc_fail "$name: helm $v template -f scheduling/values.yaml"; sed 's/^/      /' "$dir/set$v.err"; continue
    fi
    if out=$("$FC_PYTHON" "$FC_HERE/scheduling.py" "$values" "$dir/set$v.yaml" fabric fc-it); then
      fc_pass "$name: Helm $v: ${out##*$'\n'}"
    else
      fc_fail "$name: Helm $v: the knobs are not where they belong"; printf '%s\n' "$out" | head -n 40 | sed 's/^/      /'
    fi
    if [[ $v == 4 ]]; then
      if "$FC_PYTHON" "$FC_HERE/k8s_validate.py" --schemas "$FC_K8S_SCHEMAS" "$dir/set4.yaml" >"$dir/validate.log" 2>&1; then
        fc_pass "$name: with every knob set, the objects match the strict Kubernetes schemas"
      else
        fc_fail "$name: with every knob set, objects break the strict Kubernetes schemas"; grep -v '^ok' "$dir/validate.log" | head -n 20
      fi
    fi
    if ! fc_render "${!helm}" "$FC_TGZ" "$dir/plain$v.yaml"; then
      fc_fail "$name: helm $v template"; cat "$dir/plain$v.yaml.err"; continue
    fi
    if grep -nE '^ *(nodeSelector|tolerations|affinity|topologySpreadConstraints|imagePullSecrets|priorityClassName):' "$dir/plain$v.yaml" >"$dir/plain$v.hits" \
       || grep -nE '^  annotations:' -B3 "$dir/plain$v.yaml" | grep -q 'kind: Service'; then
      fc_fail "$name: Helm $v: empty knobs rendered something"; head -n 5 "$dir/plain$v.hits"
    else
      fc_pass "$name: Helm $v: the chart's empty knobs render nothing"
    fi
  done
}

fc_each_sample check_sample
fc_finish
