#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# The identity backup command of README.md ("Snapshots and backup", issue 19):
# for every sample, its label selector takes, in each organization's
# namespace, exactly the Secrets the chart's identity Job creates there
# (files/identities.plan, labelled by files/scripts/identities.sh) and no
# object `helm template` renders (identity_backup.py); the README's example
# namespace is the stock-cluster sample's org1 namespace.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init identity_backup
fc_require_helm
fc_require_python

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" out chart
  fc_build "$sample" "$dir" || return 0
  chart=$(fc_unpack "$FC_TGZ" "$dir/chart") || { fc_fail "$name: unpack"; return 0; }
  if ! fc_render "$FC_HELM4" "$FC_TGZ" "$dir/r.yaml"; then
    fc_fail "$name: helm template"; sed 's/^/      /' "$dir/r.yaml.err"; return 0
  fi
  if out=$(cd "$FC_HERE" && "$FC_PYTHON" identity_backup.py "$FABCHART_SOURCE_DIR/README.md" "$chart" "$dir/r.yaml"); then
    fc_pass "$name: ${out##*$'\n'}"
  else
    fc_fail "$name: the documented selector"; printf '%s\n' "$out" | grep -v '^ok' | head -n 10 | sed 's/^/      /'
  fi
  if [[ $name == stock-cluster ]]; then
    fc_check "$name: the README's example namespace org1-first is one of the chart's" \
      grep -q '^org1-first ' "$chart/files/identities.plan"
  fi
}

fc_each_sample check_sample
fc_finish
