#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# Isolation you can prove, on every sample (issue 6):
#  1. `fabchart netpol --topology` equals the reviewed list in
#     tests/netpol/expected/<sample>.txt (a template or policy change that
#     opens or closes a path fails here; FABCHART_UPDATE_GOLDEN=1 rewrites);
#  2. the talk's rules hold on that list (netpol_rules.py);
#  3. the chart as Helm renders it (Helm 4 `helm template`, piped in as it
#     is: netpol leaves hooks, helm test pods and Jobs out by itself) gives
#     exactly the same connections as --topology; --run-once puts them back.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init netpol_samples
fc_require_helm
fc_require_python

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2"
  local expected="$FABCHART_SOURCE_DIR/tests/netpol/expected/$name.txt"
  mkdir -p "$dir"
  "$FABCHART" netpol --topology "$sample" >"$dir/topology.txt" 2>"$dir/topology.err" \
    || { fc_fail "$name: fabchart netpol --topology"; cat "$dir/topology.err"; return 0; }
  [[ "${FABCHART_UPDATE_GOLDEN:-}" == 1 ]] && cp "$dir/topology.txt" "$expected"
  fc_check "$name: connections equal tests/netpol/expected/$name.txt ($(wc -l <"$dir/topology.txt") lines)" \
    "$FABCHART" netpol --topology "$sample" --check "$expected"
  fc_check "$name: the talk's isolation rules hold" "$FC_PYTHON" "$FC_HERE/netpol_rules.py" "$dir/topology.txt"
  fc_build "$sample" "$dir/out" || return 0
  if ! fc_render "$FC_HELM4" "$FC_TGZ" "$dir/rendered.yaml"; then
    fc_fail "$name: helm template"; return 0
  fi
  # hooks, helm test pods and Jobs run once: `fabchart netpol` leaves them out by
  # itself (issue 14 point 7), so Helm's output goes in as it is, through stdin
  fc_check "$name: helm template | fabchart netpol --check gives the connections of --topology" \
    bash -c '"$1" netpol --check "$2" <"$3"' _ "$FABCHART" "$dir/topology.txt" "$dir/rendered.yaml"
  fc_check "$name: with --run-once the hooks and helm test pods are there too" \
    bash -c '"$1" netpol --run-once "$2" | grep -q "\[Job\] =>"' _ "$FABCHART" "$dir/rendered.yaml"
}

fc_each_sample check_sample
fc_finish
