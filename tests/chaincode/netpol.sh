#!/usr/bin/env bash
# tests/chaincode/netpol.sh: in samples/chaincode-3.x.yaml, each chaincode
# server is reached only by its organization's peers, on its port, as
# `fabchart netpol --topology` analyses the chart's NetworkPolicies
# (tests/chaincode/netpol_check.py).  Needs python3 with yaml.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init chaincode_netpol
fc_require_python
sample=$FABCHART_SOURCE_DIR/samples/chaincode-3.x.yaml
fc_build "$sample" "$FC_TMP/build" || fc_finish
chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart") || fc_die "cannot unpack $FC_TGZ"
if "$FC_PYTHON" "$FABCHART_SOURCE_DIR/tests/chaincode/netpol_check.py" "$FABCHART" "$sample" \
  "$chart/values.yaml" >"$FC_TMP/check.log" 2>&1; then
  fc_pass "chaincode servers reachable only from their organization's peers ($(tail -n 1 "$FC_TMP/check.log"))"
else
  fc_fail "chaincode reachability"
fi
sed 's/^/      /' "$FC_TMP/check.log"
fc_finish
