#!/usr/bin/env bash
# The chart's templates follow the rules a Helm user expects (issue 15):
#   - no hard-coded Fabric port (7050-7054, 7443, 8443, 9443): ports come from
#     the values fabchart writes (peerSettings, ordererSettings, caSettings);
#   - no list building (append, prepend, concat): the compiler derives lists
#     into values.yaml and templates range over them;
#   - _helpers.tpl holds small named snippets, no whole object (no "kind:");
#   - one component per file: no services.yaml or bootstrap.yaml catch-all.
# NOTES.txt (text for the user, not objects) is left out of the port rule.
# Each rule is checked against a file that breaks it, so the check can fail.
set -u
src=${FABCHART_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
dir=$src/chart-skeleton/templates
passed=0 failed=0
ok() { echo "ok    $*"; passed=$((passed + 1)); }
bad() { echo "FAIL  $*"; failed=$((failed + 1)); }

ports='\b(705[0-4]|7443|8443|9443)\b'
lists='\b(append|prepend|concat|mustAppend|mustPrepend)\b'
# rule NAME PATTERN FILE...: no FILE matches PATTERN (grep -E)
rule() {
  local name=$1 pattern=$2 hits
  shift 2
  hits=$(grep -nE "$pattern" "$@" 2>/dev/null)
  if [[ -n $hits ]]; then bad "$name"; printf '%s\n' "$hits" | sed 's/^/      /'; else ok "$name"; fi
}
mapfile -t objects < <(find "$dir" -type f \( -name '*.yaml' -o -name '*.tpl' \) | sort)
[[ ${#objects[@]} -gt 5 ]] || { echo "FAIL  no templates under $dir"; exit 1; }
rule "no hard-coded Fabric port in ${#objects[@]} templates" "$ports" "${objects[@]}"
mapfile -t all < <(find "$dir" -type f | sort)
rule "no list building in ${#all[@]} template files" "$lists" "${all[@]}"
rule "_helpers.tpl defines no object (kind:)" '^[[:space:]]*kind:' "$dir/_helpers.tpl"
for f in services.yaml bootstrap.yaml; do
  if [[ -e $dir/$f ]]; then bad "no catch-all $f"; else ok "no catch-all $f"; fi
done

# the checks themselves catch what they look for
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fabchart-rules.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2016  # template text, not shell expansions
{
  printf '    - {name: "grpc", containerPort: 7051}\n' >"$tmp/port.yaml"
  printf '{{- $l = append $l "x" }}\n' >"$tmp/list.yaml"
  printf '{{- define "x" -}}\nkind: Job\n{{- end -}}\n' >"$tmp/helpers.tpl"
  printf '    - {name: "grpc", containerPort: {{ $port }}}  # 170510\n' >"$tmp/clean.yaml"
}
# selftest NAME PATTERN FILE WANT: grep -E finds PATTERN in FILE (WANT 0) or not (1)
selftest() {
  grep -qE "$2" "$3"
  if [[ $? -eq $4 ]]; then ok "$1"; else bad "$1"; fi
}
selftest "the port rule catches 7051" "$ports" "$tmp/port.yaml" 0
selftest "the port rule leaves 170510" "$ports" "$tmp/clean.yaml" 1
selftest "the list rule catches append" "$lists" "$tmp/list.yaml" 0
selftest "the helper rule catches kind: Job" '^[[:space:]]*kind:' "$tmp/helpers.tpl" 0

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
