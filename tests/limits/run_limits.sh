#!/usr/bin/env bash
# run_limits.sh - the verdicts on hostile inputs (issue 7): for every input
# of tests/limits/bombs.py, `fabchart build` exits with the expected status;
# a rejected input gets its expected diagnostic code at its expected
# position ("file:line:col: error: ... [code]" as the first error) and
# nothing is written (the output directory is not even created); an
# accepted one (CRLF, a UTF-8 byte order mark) writes its chart.
# Time and memory are measured by bench/limits/run, not here.
#
# Environment (set by fc_add_test): FABCHART, FABCHART_BINARY_DIR.
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${FABCHART:?FABCHART is not set}"
WORK=$(mktemp -d "${FABCHART_BINARY_DIR:-/tmp}/limits.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

python3 "$HERE/bombs.py" "$WORK/in" || { echo "bombs.py failed"; exit 1; }

passed=0
failed=0
fail() {
	echo "FAIL $name ($what): $*"
	sed 's/^/    /' "$WORK/err" | head -n 5
	failed=$((failed + 1))
}

while IFS=$'\t' read -r name file want_exit want_code want_pos _budget what; do
	out="$WORK/out-$name"
	"$FABCHART" build "$file" -o "$out" >"$WORK/stdout" 2>"$WORK/err"
	status=$?
	if [ "$status" != "$want_exit" ]; then
		fail "exit status $status, expected $want_exit"
		continue
	fi
	if [ "$want_exit" = 0 ]; then
		if ! ls "$out"/*.tgz >/dev/null 2>&1; then
			fail "no chart written"
			continue
		fi
		echo "ok   $name: accepted, chart written"
		passed=$((passed + 1))
		continue
	fi
	first=$(grep -m1 ': error: ' "$WORK/err")
	want_prefix="$file:$want_pos: error: "
	case "$first" in
	"$want_prefix"*"[$want_code]") ;;
	*)
		fail "first error '$first', expected '$want_prefix... [$want_code]'"
		continue
		;;
	esac
	if [ -e "$out" ]; then
		fail "$out was created"
		continue
	fi
	echo "ok   $name: exit $status, [$want_code] at $want_pos, nothing written"
	passed=$((passed + 1))
done <"$WORK/in/MANIFEST"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
