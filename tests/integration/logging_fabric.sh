#!/usr/bin/env bash
# tests/integration/logging_fabric.sh: the logging spec grammar of the chart's
# values.schema.json (src/values_schema.c, after flogging's ActivateSpec) is
# Fabric's own.  For every spec of logging/specs.txt, real Helm 3 and 4
# (`helm template -f` a values file setting logging.spec and
# logging.peer.spec) accept it exactly when the real peers of Fabric 1.4.12,
# 2.5.12 and 3.1.1 start their logging with it (`peer version` with
# FABRIC_LOGGING_SPEC: flogging.Init panics on a spec ActivateSpec refuses);
# and an accepted spec is the FABRIC_LOGGING_SPEC of the rendered peer.
#
# FC_FABRIC_BIN_DIR: v<version>/bin/peer and v<version>/config/, as for
# tests/bringup/real.  Without it (or Helm): exit 77 (Skipped), also under
# CI=true (CI has no Fabric binaries, as bringup_real).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init logging_fabric
bin=${FC_FABRIC_BIN_DIR:-}
if [[ -z "$bin" ]]; then
  echo "skipped: FC_FABRIC_BIN_DIR is not set (no real Fabric binaries)" >&2
  exit 77
fi
versions=()
for v in 1.4.12 2.5.12 3.1.1; do
  [[ -x "$bin/v$v/bin/peer" && -d "$bin/v$v/config" ]] && versions+=("$v")
done
((${#versions[@]})) || { echo "skipped: no peer under $bin/v<version>/bin" >&2; exit 77; }
fc_require_helm

fc_build "$FABCHART_SOURCE_DIR/samples/stock-cluster.yaml" "$FC_TMP/chart" || fc_finish
n=0
while IFS= read -r spec; do
  [[ -z "$spec" || $spec == \#* ]] && continue
  n=$((n + 1))
  fabric=""
  for v in "${versions[@]}"; do
    if FABRIC_LOGGING_SPEC=$spec FABRIC_CFG_PATH="$bin/v$v/config" timeout 20 \
        "$bin/v$v/bin/peer" version >/dev/null 2>"$FC_TMP/peer.err"; then
      verdict=valid
    elif grep -q 'invalid logging specification' "$FC_TMP/peer.err"; then
      verdict=invalid
    else
      fc_fail "peer $v on '$spec': neither starts nor refuses the spec"; sed 's/^/      /' "$FC_TMP/peer.err" | head -n 3
      continue
    fi
    [[ -z "$fabric" || $fabric == "$verdict" ]] || fc_fail "Fabric versions disagree on '$spec'"
    fabric=$verdict
  done
  # the spec as a YAML double-quoted string (specs hold no '"' or '\')
  printf 'logging:\n  spec: "%s"\n  peer:\n    spec: "%s"\n' "$spec" "$spec" >"$FC_TMP/values$n.yaml"
  for h in 3 4; do
    helm=FC_HELM$h
    if "${!helm}" template fc-it "$FC_TGZ" -f "$FC_TMP/values$n.yaml" --show-only templates/peer.yaml \
        >"$FC_TMP/r$n-$h.yaml" 2>"$FC_TMP/r$n-$h.err"; then
      chart=valid
    else
      chart=invalid
    fi
    if [[ $chart != "$fabric" ]]; then
      fc_fail "'$spec': Fabric ${versions[*]} say $fabric, Helm $h's schema check says $chart"
      sed 's/^/      /' "$FC_TMP/r$n-$h.err" | head -n 3
    elif [[ $chart == valid ]] && ! grep -qF -- "- {name: \"FABRIC_LOGGING_SPEC\", value: \"$spec\"}" "$FC_TMP/r$n-$h.yaml"; then
      fc_fail "'$spec': Helm $h accepts it, but the peers' FABRIC_LOGGING_SPEC is not it"
    else
      fc_pass "'$spec': $fabric for Fabric ${versions[*]} and Helm $h"
    fi
  done
done <"$FC_HERE/logging/specs.txt"
((n > 20)) || fc_fail "only $n specs read from logging/specs.txt"
fc_finish
