#!/usr/bin/env bash
# run_with_valgrind.sh COMMAND [ARGS...] - runs a golden test with every
# fabchart it starts under valgrind memcheck (issue 7).
#
# FABCHART (the real binary) is replaced, for COMMAND, by a wrapper that
# runs it as `valgrind --error-exitcode=1 --leak-check=full ...` with one log
# file per process.  COMMAND must pass, and afterwards every log must report
# "ERROR SUMMARY: 0 errors": a memory error or leak on a path where fabchart
# is expected to exit 1 anyway (rejected input) is caught through the logs,
# not only through the exit status.  Prints the number of fabchart processes
# checked.
set -uo pipefail

: "${FABCHART:?FABCHART is not set}"
VALGRIND=${VALGRIND:-valgrind}
WORK=$(mktemp -d "${FABCHART_BINARY_DIR:-/tmp}/valgrind.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir "$WORK/logs"
cat >"$WORK/fabchart" <<WRAPPER
#!/bin/sh
exec "$VALGRIND" -q --error-exitcode=1 --leak-check=full \\
	--errors-for-leak-kinds=definite,indirect,possible --show-leak-kinds=definite,indirect,possible \\
	--log-file="$WORK/logs/%p.log" "$FABCHART" "\$@"
WRAPPER
chmod +x "$WORK/fabchart"

FABCHART="$WORK/fabchart" "$@"
status=$?
bad=0
count=0
for log in "$WORK"/logs/*.log; do
	[ -e "$log" ] || continue
	count=$((count + 1))
	# with -q a clean run writes nothing; anything in the log is a report
	if [ -s "$log" ]; then
		bad=$((bad + 1))
		echo "valgrind report ($log):"
		head -n 60 "$log" | sed 's/^/    /'
	fi
done
echo "valgrind: $count fabchart processes checked, $bad with reports"
if [ "$count" = 0 ]; then
	echo "valgrind: no fabchart process ran"
	exit 1
fi
[ "$status" = 0 ] && [ "$bad" = 0 ]
