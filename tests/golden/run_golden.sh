#!/usr/bin/env bash
# Golden test of the rendered chart tree: every samples/NAME.yaml is built into
# a temporary directory and its .tgz unpacked.  Every file of chart-skeleton/
# must be in the chart unchanged; the files fabchart generates are compared
# (diff -ru) with tests/golden/charts/NAME/, which holds them as unpacked (the
# <chart>/ directory included; skeleton files are not repeated there).
#
# FABCHART_UPDATE_GOLDEN=1 rewrites the expected trees from the current
# output instead (review the change with git diff before committing).
# Arguments: optional sample names to run only those.
set -u
: "${FABCHART:?FABCHART must name the fabchart binary}"
src=${FABCHART_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
golden=$src/tests/golden/charts
update=${FABCHART_UPDATE_GOLDEN:-0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fabchart-golden.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
# The archive's bytes may depend on it; the unpacked tree must not.
unset SOURCE_DATE_EPOCH

passed=0 failed=0
fail() { echo "FAIL $1"; shift; [[ $# -gt 0 ]] && printf '%s\n' "$@" | sed 's/^/  /'; failed=$((failed + 1)); }

for sample in "$src"/samples/*.yaml; do
  name=$(basename "$sample" .yaml)
  if [[ $# -gt 0 ]] && ! printf '%s\n' "$@" | grep -qxF "$name"; then continue; fi
  out=$tmp/$name/out tree=$tmp/$name/tree
  mkdir -p "$out" "$tree"
  if ! "$FABCHART" build "$sample" -o "$out" >"$tmp/$name/build.log" 2>&1; then
    fail "$name" "fabchart build failed:" "$(head -n 20 "$tmp/$name/build.log")"
    continue
  fi
  tgz=("$out"/*.tgz)
  if [[ ${#tgz[@]} -ne 1 || ! -f ${tgz[0]} ]]; then
    fail "$name" "expected one .tgz in the output directory, found: $(ls -A "$out" | tr '\n' ' ')"
    continue
  fi
  if ! tar -xzf "${tgz[0]}" -C "$tree" --no-same-owner 2>"$tmp/$name/tar.log"; then
    fail "$name" "cannot unpack $(basename "${tgz[0]}"):" "$(cat "$tmp/$name/tar.log")"
    continue
  fi
  # the skeleton's files, unchanged, then out of the comparison
  chart_dir=$(find "$tree" -mindepth 1 -maxdepth 1 -type d | head -n 1)
  missing=$(cd "$src/chart-skeleton" && find . -type f | sort | while read -r f; do
    if cmp -s "$f" "$chart_dir/$f"; then rm -f "$chart_dir/$f"; else echo "${f#./}"; fi
  done)
  if [[ -n $missing ]]; then
    fail "$name" "skeleton files missing or changed in the chart:" "$missing"
    continue
  fi
  find "$chart_dir" -type d -empty -delete
  if [[ $update == 1 ]]; then
    rm -rf "${golden:?}/$name"
    mkdir -p "$golden/$name"
    cp -R "$tree"/. "$golden/$name"/
    echo "UPDATED $name ($(find "$golden/$name" -type f | wc -l) files from $(basename "${tgz[0]}"))"
    passed=$((passed + 1))
    continue
  fi
  if [[ ! -d $golden/$name ]]; then
    fail "$name" "no expected tree $golden/$name (run with FABCHART_UPDATE_GOLDEN=1 to create it)"
    continue
  fi
  if diff -ru "$golden/$name" "$tree" >"$tmp/$name/diff" 2>&1; then
    echo "PASS $name ($(find "$tree" -type f | wc -l) files)"
    passed=$((passed + 1))
  else
    fail "$name" "the chart differs from $golden/$name (- expected, + built):" \
      "$(sed -e "s|$tree|<built>|g" -e "s|$golden/|tests/golden/charts/|g" "$tmp/$name/diff" | head -n 200)"
  fi
done
# An expected tree whose sample is gone is stale.
if [[ $# -eq 0 && -d $golden ]]; then
  for dir in "$golden"/*/; do
    name=$(basename "$dir")
    [[ -f $src/samples/$name.yaml ]] && continue
    if [[ $update == 1 ]]; then rm -rf "${golden:?}/$name"; echo "REMOVED $name (no samples/$name.yaml)"
    else fail "$name" "tests/golden/charts/$name has no samples/$name.yaml (FABCHART_UPDATE_GOLDEN=1 removes it)"; fi
  done
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
