#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# The monitoring namespace reaches the operations ports only (issue 19), on
# every sample with isolation.monitoringNamespace: monitoring added:
#  1. the chart Helm 4 renders, with a Namespace "monitoring" and a Deployment
#     in it added, through `fabchart netpol`: monitoring/prometheus reaches each
#     peer on TCP 9443, each orderer on TCP 8443, each CA on TCP 9443 (their
#     operations containerPorts) and nothing else of the chart
#     (tests/monitoring/netpol_monitoring.py);
#  2. every other connection is what `fabchart netpol --topology` gives, and
#     the talk's isolation rules hold on it (netpol_rules.py).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init netpol_monitoring
fc_require_helm
fc_require_python
MON="$FABCHART_SOURCE_DIR/tests/monitoring"
"$FC_PYTHON" "$MON/netpol_monitoring.py" prometheus "$FC_TMP/prometheus.yaml" \
  || fc_die "could not write the monitoring namespace's manifests"

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2"
  mkdir -p "$dir"
  "$FC_PYTHON" "$MON/netpol_monitoring.py" with-monitoring "$sample" "$dir/$name.yaml" \
    || { fc_fail "$name: topology with a monitoring namespace"; return 0; }
  fc_build "$dir/$name.yaml" "$dir/out" || return 0
  if ! fc_render "$FC_HELM4" "$FC_TGZ" "$dir/rendered.yaml"; then
    fc_fail "$name: helm template"; return 0
  fi
  if ! "$FABCHART" netpol "$dir/rendered.yaml" "$FC_TMP/prometheus.yaml" >"$dir/conns.txt" 2>"$dir/netpol.err"; then
    fc_fail "$name: fabchart netpol"; sed 's/^/      /' "$dir/netpol.err"; return 0
  fi
  fc_check "$name: the monitoring namespace reaches exactly the operations ports" \
    "$FC_PYTHON" "$MON/netpol_monitoring.py" check "$dir/rendered.yaml" "$dir/conns.txt" "$dir/rest.txt"
  "$FABCHART" netpol --topology "$dir/$name.yaml" >"$dir/topology.txt" 2>"$dir/topology.err" \
    || { fc_fail "$name: fabchart netpol --topology"; return 0; }
  fc_check "$name: every other connection is what netpol --topology gives" \
    diff "$dir/topology.txt" "$dir/rest.txt"
  fc_check "$name: the talk's isolation rules hold" "$FC_PYTHON" "$FC_HERE/netpol_rules.py" "$dir/rest.txt"
}

fc_each_sample check_sample
fc_finish
