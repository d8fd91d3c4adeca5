#!/usr/bin/env bash
# tests/external/rbac.sh: who may read or make which Secret (issue 18), on the
# rendered charts of samples/consortium-ca.yaml (identities: fabric-ca; every
# rule of rbac_check.py must hold, with Helm 3 and Helm 4) and
# samples/stock-cluster.yaml (cryptogen: the same rules must find the identity
# Job reading every namespace's Secrets, so the check can fail).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init external_rbac
fc_require_helm
fc_require_python
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

for pair in consortium-ca:fabric-ca stock-cluster:cryptogen; do
  name=${pair%%:*}
  mode=${pair#*:}
  out=$FC_TMP/$name
  mkdir -p "$out/chart"
  fc_build "$FABCHART_SOURCE_DIR/samples/$name.yaml" "$out" || continue
  tar -xzf "$FC_TGZ" -C "$out/chart" || { fc_fail "$name: unpack"; continue; }
  chart=$(echo "$out"/chart/*)
  for helm in "$FC_HELM3" "$FC_HELM4"; do
    v=$("$helm" version --template '{{.Version}}' 2>/dev/null)
    if ! "$helm" template demo "$chart" -n fabnet >"$out/rendered.yaml" 2>"$out/helm.log"; then
      fc_fail "$name: helm $v template"; sed 's/^/      /' "$out/helm.log"; continue
    fi
    if "$FC_PYTHON" "$here/rbac_check.py" "$chart" "$out/rendered.yaml" "$mode" >"$out/check.log"; then
      fc_pass "$name ($mode, helm $v): $(grep -c '^ok' "$out/check.log") rules hold"
    else
      fc_fail "$name ($mode, helm $v)"
    fi
    sed 's/^/      /' "$out/check.log"
  done
done
fc_finish
