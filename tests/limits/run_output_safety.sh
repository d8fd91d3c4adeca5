#!/usr/bin/env bash
# run_output_safety.sh - fabchart build's output is complete or absent
# (issue 7).  Each case runs `fabchart build` on samples/dev-minimal.yaml:
#  - output directory missing: created, chart written, exit 0;
#  - output directory not writable: `-o FILE/out` where FILE is a regular
#    file, so mkdir fails with ENOTDIR for every user, root included (CI
#    runs as root, which ignores permission bits; chattr +i and read-only
#    mounts need privileges or file systems a test cannot count on): exit 3,
#    an [io] error naming the path, nothing created.  Run as another user,
#    a directory without write permission is tested too;
#  - output directory is a symbolic link to another directory: exit 3, [io]
#    naming the link, nothing written through it;
#  - the chart's path is a symbolic link to a file elsewhere: refused
#    without --force ([output-exists]); with --force the link is replaced by
#    the chart and its target is untouched;
#  - disk full, simulated with `ulimit -f` (a file-size limit below the
#    chart's size): exit 3, an [io] error naming the chart's path, no chart,
#    no temporary file left in the directory;
#  - an existing chart of the same name with other bytes: exit 1,
#    [output-exists], left byte for byte as it was; the same bytes: exit 0,
#    unchanged; with --force: replaced.
#
# Environment (set by fc_add_test): FABCHART, FABCHART_SOURCE_DIR,
# FABCHART_BINARY_DIR.
set -uo pipefail

: "${FABCHART:?FABCHART is not set}"
SRC=${FABCHART_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
WORK=$(mktemp -d "${FABCHART_BINARY_DIR:-/tmp}/output-safety.XXXXXX")
trap 'chmod -R u+w "$WORK" 2>/dev/null; rm -rf "$WORK"' EXIT
TOPO="$SRC/samples/dev-minimal.yaml"
CHART=fabric-0.1.0.tgz

passed=0
failed=0
ok() {
	echo "ok   $1"
	passed=$((passed + 1))
}
fail() {
	echo "FAIL $1: $2"
	sed 's/^/    /' "$WORK/err" | head -n 5
	failed=$((failed + 1))
}
build() { # build OUTDIR [ARGS...]: runs fabchart build, sets $status
	local out=$1
	shift
	"$FABCHART" build "$TOPO" -o "$out" "$@" >"$WORK/stdout" 2>"$WORK/err"
	status=$?
}
has_error() { # has_error PATH CODE: stderr has "PATH: error: ... [CODE]"
	grep -F -- "$1: error: " "$WORK/err" | grep -q -- "\[$2\]\$"
}
no_temp_files() { # no_temp_files DIR: no .NAME.XXXXXX left in DIR
	! ls -A "$1" 2>/dev/null | grep -q '^\.'
}

# the chart's name: check the sample still builds to fabric-0.1.0.tgz
build "$WORK/probe"
[ "$status" = 0 ] && [ -f "$WORK/probe/$CHART" ] || {
	fail "setup" "samples/dev-minimal.yaml does not build to $CHART"
	echo "$passed passed, $failed failed"
	exit 1
}

# output directory missing: created
build "$WORK/missing"
if [ "$status" = 0 ] && [ -f "$WORK/missing/$CHART" ] && no_temp_files "$WORK/missing"; then
	ok "missing output directory: created, chart written"
else
	fail "missing output directory" "exit $status"
fi

# not writable, for root too: the parent is a regular file
: >"$WORK/plain-file"
build "$WORK/plain-file/out"
if [ "$status" = 3 ] && has_error "$WORK/plain-file/out" io && [ ! -e "$WORK/plain-file/out" ]; then
	ok "output directory under a regular file: exit 3, [io] naming it, nothing created"
else
	fail "output directory under a regular file" "exit $status"
fi

# not writable by permissions: only meaningful when not root
if [ "$(id -u)" != 0 ]; then
	mkdir "$WORK/read-only" && chmod 555 "$WORK/read-only"
	build "$WORK/read-only"
	if [ "$status" = 3 ] && has_error "$WORK/read-only" io &&
		[ -z "$(ls -A "$WORK/read-only")" ]; then
		ok "read-only output directory: exit 3, [io], nothing written"
	else
		fail "read-only output directory" "exit $status"
	fi
else
	echo "note: running as root, which writes to read-only directories; the regular-file" \
		"parent above covers an unwritable output directory"
fi

# output directory is a symbolic link to elsewhere: refused
mkdir "$WORK/elsewhere"
ln -s "$WORK/elsewhere" "$WORK/link"
build "$WORK/link"
if [ "$status" = 3 ] && has_error "$WORK/link" io && [ -z "$(ls -A "$WORK/elsewhere")" ]; then
	ok "output directory is a symlink: exit 3, [io] naming it, nothing written through it"
else
	fail "output directory is a symlink" "exit $status"
fi

# the chart's own path is a symbolic link to a file elsewhere
mkdir "$WORK/chart-link"
echo "precious" >"$WORK/target-file"
ln -s "$WORK/target-file" "$WORK/chart-link/$CHART"
build "$WORK/chart-link"
if [ "$status" = 1 ] && has_error "$WORK/chart-link/$CHART" output-exists &&
	[ "$(cat "$WORK/target-file")" = precious ] && [ -L "$WORK/chart-link/$CHART" ]; then
	ok "chart path is a symlink: refused without --force, target untouched"
else
	fail "chart path is a symlink" "exit $status"
fi
build "$WORK/chart-link" --force
if [ "$status" = 0 ] && [ ! -L "$WORK/chart-link/$CHART" ] && [ -f "$WORK/chart-link/$CHART" ] &&
	[ "$(cat "$WORK/target-file")" = precious ] && no_temp_files "$WORK/chart-link"; then
	ok "chart path is a symlink, --force: the link is replaced, its target untouched"
else
	fail "chart path is a symlink, --force" "exit $status"
fi

# disk full: a file-size limit (ulimit -f, in 1024-byte blocks) below the chart's size
size=$(stat -c %s "$WORK/probe/$CHART")
limit=$(((size / 1024) / 2))
mkdir "$WORK/full"
(
	ulimit -f "$limit"
	"$FABCHART" build "$TOPO" -o "$WORK/full" >"$WORK/stdout" 2>"$WORK/err"
)
status=$?
if [ "$status" = 3 ] && has_error "$WORK/full/$CHART" io && [ ! -e "$WORK/full/$CHART" ] &&
	[ -z "$(ls -A "$WORK/full")" ]; then
	ok "disk full (ulimit -f $limit, chart $size bytes): exit 3, [io] naming the chart, no file left"
else
	fail "disk full (ulimit -f $limit)" "exit $status; left: $(ls -A "$WORK/full" | tr '\n' ' ')"
fi

# an existing different chart of the same name and version
mkdir "$WORK/existing"
sed 's/^    peers: 1$/    peers: 2/' "$TOPO" >"$WORK/other.yaml"
cmp -s "$TOPO" "$WORK/other.yaml" && fail "setup" "could not derive a different topology"
"$FABCHART" build "$WORK/other.yaml" -o "$WORK/existing" >/dev/null 2>&1
before=$(sha256sum <"$WORK/existing/$CHART")
build "$WORK/existing"
if [ "$status" = 1 ] && has_error "$WORK/existing/$CHART" output-exists &&
	[ "$(sha256sum <"$WORK/existing/$CHART")" = "$before" ] && no_temp_files "$WORK/existing"; then
	ok "existing different chart: exit 1, [output-exists], left as it was"
else
	fail "existing different chart" "exit $status"
fi
build "$WORK/existing" --force
if [ "$status" = 0 ] && cmp -s "$WORK/existing/$CHART" "$WORK/probe/$CHART"; then
	ok "existing different chart, --force: replaced"
else
	fail "existing different chart, --force" "exit $status"
fi
build "$WORK/existing"
if [ "$status" = 0 ] && cmp -s "$WORK/existing/$CHART" "$WORK/probe/$CHART"; then
	ok "existing identical chart: exit 0, unchanged"
else
	fail "existing identical chart" "exit $status"
fi

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
