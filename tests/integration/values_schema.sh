#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# values.yaml against values.schema.json, by fabchart and by Helm (compiled
# facts are pinned by const, install-time knobs typed: src/values_schema.c).
# For every sample: the generated values.yaml validates against the generated
# values.schema.json with `fabchart validate --schema`; then each override
# below is merged into the values as Helm merges them, validated by fabchart,
# and given to `helm template -f` (Helm 3 and Helm 4): all three verdicts must
# be the same, and each override's expected one.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init values_schema
fc_require_helm
fc_require_python

# name|expected verdict|override YAML (one line)
OVERRIDES=(
  "tls-false|invalid|tls: false"
  "memory-quantity|valid|resources: {peer: {limits: {memory: 3Gi}}}"
  "memory-lots|invalid|resources: {peer: {limits: {memory: lots}}}"
  "consensus-pinned|invalid|consensus: {type: solo}"
  "pull-always|valid|imagePullPolicy: Always"
  "tls-string|invalid|tls: \"yes\""
  "unknown-top-key|invalid|peerOrganisations: {}"
  "unknown-nested-key|invalid|images: {peer: {digest: \"sha256:00\"}}"
  "port-string|invalid|exposure: {nodePort: {peerBase: \"30000\"}}"
  "port-too-big|invalid|exposure: {nodePort: {rangeEnd: 70000}}"
  "exposure-enum|invalid|exposure: {type: Ingress}"
  "consensus-enum|invalid|consensus: {type: raft}"
  "cidrs-not-strings|invalid|networkPolicies: {nodeCidrs: [10]}"
)

merge() {  # merge BASE OVERRIDE OUT: Helm's coalescing (maps merge, the rest replaces)
  "$FC_PYTHON" - "$1" "$2" "$3" <<'PY'
import json, sys, yaml
def merge(base, over):
    if isinstance(base, dict) and isinstance(over, dict):
        out = dict(base)
        for k, v in over.items():
            out[k] = merge(base[k], v) if k in base else v
        return out
    return over
base = yaml.safe_load(open(sys.argv[1]))
over = yaml.safe_load(open(sys.argv[2]))
json.dump(merge(base, over), open(sys.argv[3], "w"))
PY
}

check_sample() {
  local sample=$1 name=$2 dir chart
  fc_build "$sample" "$FC_TMP/$name" || return 0
  chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/$name/unpacked") || { fc_fail "$name: unpack"; return 0; }
  if "$FABCHART" validate --schema "$chart/values.schema.json" "$chart/values.yaml" \
       >"$FC_TMP/$name/v.log" 2>&1; then
    fc_pass "$name: values.yaml validates against values.schema.json"
  else
    fc_fail "$name: values.yaml does not validate against values.schema.json"
    sed 's/^/      /' "$FC_TMP/$name/v.log" | head -n 20
  fi
  local entry oname expected override verdict helm h
  for entry in "${OVERRIDES[@]}"; do
    IFS='|' read -r oname expected override <<<"$entry"
    dir="$FC_TMP/$name/$oname"
    mkdir -p "$dir"
    printf '%s\n' "$override" >"$dir/override.yaml"
    merge "$chart/values.yaml" "$dir/override.yaml" "$dir/merged.json"
    if "$FABCHART" validate --schema "$chart/values.schema.json" "$dir/merged.json" \
         >"$dir/fabchart.log" 2>&1; then verdict=valid; else verdict=invalid; fi
    local verdicts="fabchart=$verdict"
    local same=1
    [[ $verdict == "$expected" ]] || same=0
    for h in 3 4; do
      helm=FC_HELM$h
      if "${!helm}" template fc-it "$FC_TGZ" -f "$dir/override.yaml" >/dev/null 2>"$dir/helm$h.log"
      then verdict=valid; else verdict=invalid; fi
      verdicts+=" helm$h=$verdict"
      [[ $verdict == "$expected" ]] || same=0
    done
    if ((same)); then
      fc_pass "$name: override $oname: $verdicts (expected $expected)"
    else
      fc_fail "$name: override $oname: $verdicts (expected $expected)"
      sed 's/^/      fabchart: /' "$dir/fabchart.log" | head -n 5
      sed 's/^/      helm4: /' "$dir/helm4.log" | head -n 5
    fi
  done
}

fc_each_sample check_sample
fc_finish
