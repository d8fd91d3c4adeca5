#!/usr/bin/env bash
# tests/chaincode/netpol.sh: in samples/chaincode-3.x.yaml, each chaincode
# server is reached only by its organization's peers, on its port, as
# `fabchart netpol --topology` analyses the chart's NetworkPolicies, and each
# server has its own NetworkPolicy (tests/chaincode/netpol_check.py); again
# with transfers at sequence 2, whose policies also name the sequence-1
# servers (they serve until the upgrade's commit).  Needs python3 with yaml.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init chaincode_netpol
fc_require_python
sample=$FABCHART_SOURCE_DIR/samples/chaincode-3.x.yaml
upgraded=$FC_TMP/chaincode-3.x-s2.yaml
sed -e '/^  - name: transfers$/,/^  - name:/ { s/^    version: 1.2.0$/    version: 1.3.0/; s/^    sequence: 1$/    sequence: 2/; }' \
  "$sample" >"$upgraded"
if cmp -s "$sample" "$upgraded"; then fc_fail "transfers at sequence 2: the sed changed nothing"; fi
for topology in "$sample" "$upgraded"; do
  name=$(basename "$topology" .yaml)
  fc_build "$topology" "$FC_TMP/build-$name" || continue
  chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart-$name") || fc_die "cannot unpack $FC_TGZ"
  if "$FC_PYTHON" "$FABCHART_SOURCE_DIR/tests/chaincode/netpol_check.py" "$FABCHART" "$topology" \
    "$chart/values.yaml" >"$FC_TMP/check-$name.log" 2>&1; then
    fc_pass "$name: chaincode servers reachable only from their organization's peers ($(tail -n 1 "$FC_TMP/check-$name.log"))"
  else
    fc_fail "$name: chaincode reachability"
  fi
  sed 's/^/      /' "$FC_TMP/check-$name.log"
done
fc_finish
