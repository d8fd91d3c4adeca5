#!/usr/bin/env bash
# netpol_oracle: every case of $FABCHART_EXT_DIR/netpol-oracle (connectivity
# lists computed by np-guard/netpol-analyzer, see its INDEX.md) run through
# `fabchart netpol cases/<case>/` and compared byte for byte with
# expected/<case>_connlist_output.txt.  Prints one line per case, the largest
# case's time, and "N passed, N failed"; exits 1 on any failure.  Without the
# data it is skipped (exit 77), but fails under CI=true.
set -u
: "${FABCHART:?FABCHART must name the fabchart binary}"
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
FC_TEST=netpol_oracle
set +o pipefail  # lib.sh sets it; this script checks pipelines by their last command
fc_require_ext netpol-oracle/cases
oracle=$FABCHART_EXT_DIR/netpol-oracle
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fabchart-netpol.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

now_ms() { local t; t=$(date +%s%N); echo $((t / 1000000)); }
passed=0 failed=0 largest= largest_lines=0 largest_ms=0
for dir in "$oracle"/cases/*/; do
  case=$(basename "$dir")
  expected=$oracle/expected/${case}_connlist_output.txt
  start=$(now_ms)
  "$FABCHART" netpol "$dir" >"$tmp/out" 2>"$tmp/err"; rc=$?
  ms=$(( $(now_ms) - start ))
  if [[ $rc -ne 0 ]] || grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer' "$tmp/err"; then
    echo "FAIL $case: exit $rc"; head -n 20 "$tmp/err" | sed 's/^/  /'
    failed=$((failed + 1)); continue
  fi
  if cmp -s "$tmp/out" "$expected"; then
    lines=$(wc -l <"$expected")
    echo "PASS $case ($lines lines, ${ms} ms)"
    passed=$((passed + 1))
    if (( lines > largest_lines )); then largest=$case largest_lines=$lines largest_ms=$ms; fi
  else
    echo "FAIL $case: output differs from $(basename "$expected") (< expected, > fabchart)"
    diff "$expected" "$tmp/out" | head -n 30 | sed 's/^/  /'
    failed=$((failed + 1))
  fi
done
[[ -n $largest ]] && echo "largest case: $largest, $largest_lines lines in ${largest_ms} ms"
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
