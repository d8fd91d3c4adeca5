#!/usr/bin/env bash
# The chart's Job scripts (chart-skeleton/files/scripts/*.sh) are POSIX sh
# that shellcheck finds nothing in, and each rejects an unknown step.
# Without shellcheck: skipped (exit 77), a failure under CI=true.
set -u
dir="${FABCHART_SOURCE_DIR:?run through ctest}/chart-skeleton/files/scripts"
# shellcheck source=tests/integration/lib.sh
source "$FABCHART_SOURCE_DIR/tests/integration/lib.sh"
FC_TEST=golden_shellcheck
set +o pipefail  # lib.sh sets it; this script checks pipelines by their last command
fc_require_cmd shellcheck
passed=0 failed=0
for f in "$dir"/*.sh; do
  name=$(basename "$f")
  if out=$(shellcheck -s sh "$f" 2>&1); then
    echo "ok    $name: shellcheck -s sh"; passed=$((passed + 1))
  else
    echo "FAIL  $name: shellcheck -s sh"; echo "$out" | sed 's/^/      /'; failed=$((failed + 1))
  fi
  if ! sh "$f" no-such-step >/dev/null 2>&1 && sh "$f" no-such-step 2>&1 | grep -q usage; then
    echo "ok    $name: an unknown step gives its usage and fails"; passed=$((passed + 1))
  else
    echo "FAIL  $name: an unknown step does not fail with its usage"; failed=$((failed + 1))
  fi
done
echo "$passed passed, $failed failed"
((failed == 0 && passed > 0))
