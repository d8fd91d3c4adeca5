#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample: every object Helm 4 renders from the built .tgz validates
# against the strict Kubernetes JSON Schemas in $FABCHART_EXT_DIR/k8s-schemas
# (schema picked by kind/apiVersion from its SOURCE.md; an unknown kind fails).
# The validator is python3-jsonschema; FC_K8S_VALIDATOR_CMD replaces it with a
# command, e.g. '$FABCHART validate --schema {schema} {doc}' (see k8s_validate.py).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init k8s_schemas
fc_require_helm
fc_require_python
fc_require_k8s_schemas
validator=()
[[ -z "${FC_K8S_VALIDATOR_CMD:-}" ]] || validator=(--validator-cmd "$FC_K8S_VALIDATOR_CMD")

check_sample() {
  local sample=$1 name=$2 out="$FC_TMP/$2/rendered.yaml"
  fc_build "$sample" "$FC_TMP/$name" || return 0
  if ! fc_render "$FC_HELM4" "$FC_TGZ" "$out"; then
    fc_fail "$name: Helm 4 template $(basename "$FC_TGZ")"
    sed 's/^/      /' "$out.err" | head -n 40
    return 0
  fi
  if "$FC_PYTHON" "$FC_HERE/k8s_validate.py" --schemas "$FC_K8S_SCHEMAS" "${validator[@]}" \
       "$out" >"$FC_TMP/$name/validate.log" 2>&1; then
    fc_pass "$name: rendered objects match the strict Kubernetes schemas"
  else
    fc_fail "$name: rendered objects do not match the strict Kubernetes schemas"
  fi
  sed 's/^/      /' "$FC_TMP/$name/validate.log"
}

fc_each_sample check_sample
fc_finish
