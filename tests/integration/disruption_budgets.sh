#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# The PodDisruptionBudgets (issue 19): for every sample, `helm template` (Helm 3
# and Helm 4) gives PDBs that select exactly the pods they protect and keep
# consensus through any set of drains (disruption_budgets.py, from the
# rendered objects); `--set disruptionBudgets.enabled=false` renders none; Helm
# refuses a non-boolean switch and a changed budget (a compiled fact).  The
# strict Kubernetes schemas (policy/v1 PodDisruptionBudget among them) are
# checked on the same renders by integration_k8s_schemas.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init disruption_budgets
fc_require_helm
fc_require_python

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" helm v out chart
  fc_build "$sample" "$dir" || return 0
  chart=$(fc_unpack "$FC_TGZ" "$dir/chart") || { fc_fail "$name: unpack"; return 0; }
  for v in 3 4; do
    helm=FC_HELM$v
    if ! fc_render "${!helm}" "$FC_TGZ" "$dir/r$v.yaml"; then
      fc_fail "$name: helm $v template"; sed 's/^/      /' "$dir/r$v.yaml.err"; continue
    fi
    if out=$(cd "$FC_HERE" && "$FC_PYTHON" disruption_budgets.py "$chart/values.yaml" "$dir/r$v.yaml"); then
      fc_pass "$name: Helm $v: ${out##*$'\n'}"
    else
      fc_fail "$name: Helm $v: budgets"; printf '%s\n' "$out" | grep -v '^ok' | head -n 20 | sed 's/^/      /'
    fi
    if ! "${!helm}" template fc-it "$FC_TGZ" --set disruptionBudgets.enabled=false >"$dir/off$v.yaml" 2>"$dir/off$v.err"; then
      fc_fail "$name: Helm $v: --set disruptionBudgets.enabled=false"; sed 's/^/      /' "$dir/off$v.err"
    elif grep -q '^kind: PodDisruptionBudget' "$dir/off$v.yaml"; then
      fc_fail "$name: Helm $v: disruptionBudgets.enabled=false still renders a PDB"
    else
      fc_pass "$name: Helm $v: disruptionBudgets.enabled=false renders no PDB"
    fi
    if "${!helm}" template fc-it "$FC_TGZ" --set-string disruptionBudgets.enabled=yes >/dev/null 2>"$dir/bad$v.err"; then
      fc_fail "$name: Helm $v took the string disruptionBudgets.enabled=\"yes\""
    elif grep -q 'disruptionBudgets' "$dir/bad$v.err"; then
      fc_pass "$name: Helm $v refuses disruptionBudgets.enabled=\"yes\", naming the key"
    else
      fc_fail "$name: Helm $v refused the string switch without naming it"; sed 's/^/      /' "$dir/bad$v.err"
    fi
    if "${!helm}" template fc-it "$FC_TGZ" --set disruptionBudgets.zookeeper.maxUnavailable=9 >/dev/null 2>"$dir/fact$v.err"; then
      fc_fail "$name: Helm $v took a changed budget (a compiled fact)"
    else
      fc_pass "$name: Helm $v refuses a changed budget (compiled, pinned by the schema)"
    fi
  done
}

fc_each_sample check_sample
fc_finish
