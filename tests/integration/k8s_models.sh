#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample: every object Helm 4 renders from the built .tgz validates
# with the npm package kubernetes-models (types, required fields, enums,
# formats; an unknown kind fails). See k8s_models.mjs.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init k8s_models
fc_require_helm
fc_require_python
fc_require_node_models

check_sample() {
  local sample=$1 name=$2
  local out="$FC_TMP/$name/rendered.yaml" objects="$FC_TMP/$name/objects.json"
  fc_build "$sample" "$FC_TMP/$name" || return 0
  if ! fc_render "$FC_HELM4" "$FC_TGZ" "$out"; then
    fc_fail "$name: Helm 4 template $(basename "$FC_TGZ")"
    sed 's/^/      /' "$out.err" | head -n 40
    return 0
  fi
  if ! "$FC_PYTHON" "$FC_HERE/manifests.py" "$out" >"$objects" 2>"$objects.err"; then
    fc_fail "$name: rendered manifests do not parse"
    sed 's/^/      /' "$objects.err"
    return 0
  fi
  if node "$FC_HERE/k8s_models.mjs" --node-dir "$FC_NODE_DIR" "$objects" \
       >"$FC_TMP/$name/models.log" 2>&1; then
    fc_pass "$name: rendered objects validate with kubernetes-models"
  else
    fc_fail "$name: rendered objects do not validate with kubernetes-models"
  fi
  sed 's/^/      /' "$FC_TMP/$name/models.log"
}

fc_each_sample check_sample
fc_finish
