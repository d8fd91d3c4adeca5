#!/usr/bin/env bash
# `fabchart values` gives Helm's verdict.  For every case of
# tests/integration/values_cases.txt (override files, --set and --set-string,
# alone and together), on the dev-minimal and raft-2.5 charts: real Helm 3 and
# real Helm 4 (`helm template`) decide whether the values are accepted, and
# `fabchart values` must decide the same.  A rejected case must be reported
# at a position in the user's input (a file:line:col of the override file, or
# --set:N:COL), not only in the chart.  Both verdicts must occur (at least 10
# of each), so the cases cannot all be trivially accepted or rejected.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init values_helm
fc_require_helm

CASES="$FABCHART_SOURCE_DIR/tests/integration/values_cases.txt"
DIR="$FABCHART_SOURCE_DIR/tests/integration/values"
accepted=0
rejected=0

check_case() {  # check_case CHART SAMPLE LABEL ARGS...
  local chart=$1 sample=$2 label=$3 h helm verdict fab
  shift 3
  local out="$FC_TMP/$sample-$label"
  mkdir -p "$out"
  local verdicts=() helms=()
  for h in 3 4; do
    helm=FC_HELM$h
    if (cd "$DIR" && "${!helm}" template fc-it "$chart" "$@") >/dev/null 2>"$out/helm$h.log"
    then verdict=accepted; else verdict=rejected; fi
    helms+=("$verdict")
    verdicts+=("helm$h=$verdict")
  done
  if (cd "$DIR" && "$FABCHART" values "$chart" "$@") >"$out/fabchart.out" 2>"$out/fabchart.log"
  then fab=accepted; else fab=rejected; fi
  verdicts+=("fabchart=$fab")
  if [[ ${helms[0]} != "${helms[1]}" ]]; then
    fc_fail "$sample $label: Helm 3 and 4 disagree (${verdicts[*]}): a case must have one answer"
    return
  fi
  if [[ $fab != "${helms[0]}" ]]; then
    fc_fail "$sample $label ($*): ${verdicts[*]}"
    sed 's/^/      fabchart: /' "$out/fabchart.log" | head -n 5
    sed 's/^/      helm4: /' "$out/helm4.log" | head -n 3
    return
  fi
  if [[ $fab == accepted ]]; then
    accepted=$((accepted + 1))
    fc_pass "$sample $label: accepted by all three"
    return
  fi
  rejected=$((rejected + 1))
  # the first error must point into the user's input
  local first
  first=$(grep -m 1 ': error: ' "$out/fabchart.log" || true)
  if [[ $first =~ ^(--set:[0-9]+:[0-9]+|[A-Za-z0-9._-]+\.yaml:[0-9]+:[0-9]+):\ error: ]]; then
    fc_pass "$sample $label: rejected by all three, at ${BASH_REMATCH[1]}"
  else
    fc_fail "$sample $label: rejected by all three, but not at a position of the user's input: $first"
  fi
}

for sample in dev-minimal raft-2.5; do
  fc_build "$FABCHART_SOURCE_DIR/samples/$sample.yaml" "$FC_TMP/$sample" || continue
  chart=$FC_TGZ
  while read -r label args; do
    [[ -z $label || $label == \#* ]] && continue
    # shellcheck disable=SC2086  # the arguments are words of the cases file
    check_case "$chart" "$sample" "$label" $args
  done <"$CASES"
done

if ((accepted < 10 || rejected < 10)); then
  fc_fail "the cases must include both verdicts: $accepted accepted, $rejected rejected"
else
  fc_pass "$accepted verdicts 'accepted' and $rejected 'rejected', all as Helm's"
fi
fc_finish
