#!/usr/bin/env bash
# Every C file of the project (src/, tests/) is as clang-format writes it with
# the repository's .clang-format: `clang-format --dry-run -Werror` on each.
# Without clang-format: skipped (exit 77), a failure under CI=true.
set -u
root="${FABCHART_SOURCE_DIR:?run through ctest}"
# shellcheck source=tests/integration/lib.sh
source "$root/tests/integration/lib.sh"
FC_TEST=golden_clang_format
set +o pipefail  # lib.sh sets it; this script checks pipelines by their last command
fc_require_cmd clang-format
files=()
while IFS= read -r -d '' f; do files+=("$f"); done < <(find "$root/src" "$root/tests" -name '*.[ch]' -type f -print0 | sort -z)
passed=0 failed=0
# one clang-format for every file (its start-up is most of the cost); only when
# it finds something is each file checked alone, to name the ones that fail
if ((${#files[@]} > 0)) && clang-format --style=file --dry-run -Werror "${files[@]}" >/dev/null 2>&1; then
  passed=${#files[@]}
else
  for f in "${files[@]}"; do
    if out=$(clang-format --style=file --dry-run -Werror "$f" 2>&1); then
      passed=$((passed + 1))
    else
      echo "FAIL  ${f#"$root"/}: not clang-formatted"; echo "$out" | head -20 | sed 's/^/      /'
      failed=$((failed + 1))
    fi
  done
fi
echo "$passed passed, $failed failed ($(clang-format --version))"
((failed == 0 && passed > 0))
