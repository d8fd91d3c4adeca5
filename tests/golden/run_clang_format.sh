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
passed=0 failed=0
while IFS= read -r -d '' f; do
  if out=$(clang-format --style=file --dry-run -Werror "$f" 2>&1); then
    passed=$((passed + 1))
  else
    echo "FAIL  ${f#"$root"/}: not clang-formatted"; echo "$out" | head -20 | sed 's/^/      /'
    failed=$((failed + 1))
  fi
done < <(find "$root/src" "$root/tests" -name '*.[ch]' -type f -print0 | sort -z)
echo "$passed passed, $failed failed ($(clang-format --version))"
((failed == 0 && passed > 0))
