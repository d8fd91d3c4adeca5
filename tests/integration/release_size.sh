#!/usr/bin/env bash
# A network of 20 peer organizations x 10 peers (3 Raft orderers, one channel
# over all organizations) fits Kubernetes' 1 MiB release Secret
# (tests/integration/release_size.py computes the record as Helm stores it).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init release_size
fc_require_helm
fc_require_python
topo="$FC_TMP/large-20x10.yaml"
"$FC_PYTHON" - "$topo" <<'PY'
import sys
orgs = [f"org{i}" for i in range(1, 21)]
lines = ["network: large", "fabric:", "  version: 2.5.12", "peerOrganizations:"]
for o in orgs:
    lines += [f"  - name: {o}", f"    mspId: {o.capitalize()}MSP", f"    domain: {o}.example.com",
              "    peers: 10"]
lines += ["ordererOrganizations:", "  - name: ordering", "    mspId: OrderingMSP",
          "    domain: ordering.example.com", "    orderers: 3",
          "consensus:", "  type: etcdraft", "channels:", "  - name: all",
          "    organizations: [" + ", ".join(orgs) + "]",
          "exposure:", "  nodePort:", "    peerBase: 30000", "    stride: 100",
          "    ordererBase: 32700", "isolation:", "  nodeCidrs: [10.0.0.0/16]"]
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
PY
if fc_build "$topo" "$FC_TMP/out"; then
  chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/unpacked")
  if fc_render "$FC_HELM4" "$FC_TGZ" "$FC_TMP/rendered.yaml"; then
    fc_check "20 organizations x 10 peers: $("$FC_PYTHON" "$FC_HERE/release_size.py" "$FC_TGZ" \
      "$FC_TMP/rendered.yaml" "$chart/values.yaml" | tail -n 1)" \
      "$FC_PYTHON" "$FC_HERE/release_size.py" "$FC_TGZ" "$FC_TMP/rendered.yaml" "$chart/values.yaml"
  else
    fc_fail "helm template of the 20 x 10 network"
    sed 's/^/      /' "$FC_TMP/rendered.yaml.err" | head -n 20
  fi
fi
fc_finish
