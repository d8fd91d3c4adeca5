#!/usr/bin/env bash
# fabchart's own JSON Schema validator on the Kubernetes schemas: every
# valid sample in $FABCHART_EXT_DIR/k8s-schemas/samples/valid validates, every
# invalid one (one unknown field each) is rejected with exit 1 and a
# schema-additionalProperties diagnostic on the field's line.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init k8s_samples_fabchart
fc_require_k8s_schemas
samples="$FC_K8S_SCHEMAS/samples"

schema_for() {  # samples are named after their schema: <kind>[-<group>]-<version>.yaml
  echo "$FC_K8S_SCHEMAS/$(basename "$1" .yaml).json"
}

for f in "$samples"/valid/*.yaml; do
  schema=$(schema_for "$f")
  if "$FABCHART" validate --schema "$schema" "$f" >"$FC_TMP/out" 2>&1; then
    fc_pass "valid $(basename "$f") against $(basename "$schema")"
  else
    fc_fail "valid $(basename "$f") against $(basename "$schema")"
    sed 's/^/      /' "$FC_TMP/out"
  fi
done
for f in "$samples"/invalid/*.yaml; do
  schema=$(schema_for "$f")
  "$FABCHART" validate --schema "$schema" "$f" >"$FC_TMP/out" 2>&1
  status=$?
  if [[ $status -eq 1 ]] && grep -q 'error: .*\[schema-additionalProperties\]' "$FC_TMP/out"; then
    fc_pass "invalid $(basename "$f") rejected: $(grep -m1 'error:' "$FC_TMP/out" | cut -c1-150)"
  else
    fc_fail "invalid $(basename "$f") not rejected as expected (exit $status)"
    sed 's/^/      /' "$FC_TMP/out"
  fi
done
fc_finish
