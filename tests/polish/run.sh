#!/usr/bin/env bash
# tests/polish/run.sh: the small things of issue 20, item 6, run by ctest (tests/polish.cmake):
#   - `fabchart help help` shows help's usage (exit 0)
#   - plural agreement: "1 peer", "1 orderer" (dev-minimal) and "2 peers" (seed) in the build
#     summary and the chart README's organization table
#   - long organization names and MSP IDs keep the build summary's and the portmap table's
#     columns aligned (every row of the table as long as its header; the summary's columns
#     start at the same offset on every organization line)
#   - `netpol` with no argument on a terminal (a pty) says on stderr that it reads stdin,
#     and says nothing when stdin is not a terminal
# shellcheck source=SCRIPTDIR/../integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init polish
S=$FABCHART_SOURCE_DIR/samples

out=$("$FABCHART" help help 2>&1); rc=$?
if [[ $rc == 0 && $out == "usage: fabchart help [COMMAND]"* ]]; then fc_pass "help help: help's usage"
else fc_fail "help help: exit $rc: $out"; fi

readme() { tar -xzOf "$1"/*.tgz --wildcards '*/README.md'; }
"$FABCHART" build "$S/dev-minimal.yaml" -o "$FC_TMP/dev" >"$FC_TMP/dev.txt" 2>/dev/null || fc_fail "build dev-minimal"
"$FABCHART" build "$S/seed-kafka.yaml" -o "$FC_TMP/seed" >"$FC_TMP/seed.txt" 2>/dev/null || fc_fail "build seed-kafka"
check_grep() {  # check_grep WHAT PATTERN FILE|-
  if grep -qE -- "$2" "$3"; then fc_pass "$1"; else fc_fail "$1: no /$2/ in $3"; fi
}
check_grep "summary: '1 peer,' for one peer" ' 1 peer, LevelDB' "$FC_TMP/dev.txt"
check_grep "summary: '1 orderer' for one orderer" ' 1 orderer(, CA)?$' "$FC_TMP/dev.txt"
check_grep "summary: '2 peers,' for two" ' 2 peers, CouchDB' "$FC_TMP/seed.txt"
readme "$FC_TMP/dev" >"$FC_TMP/dev.md"; readme "$FC_TMP/seed" >"$FC_TMP/seed.md"
check_grep "README: '1 peer (LevelDB)'" '\| 1 peer \(LevelDB\) \|' "$FC_TMP/dev.md"
check_grep "README: '1 orderer'" '\| 1 orderer \|' "$FC_TMP/dev.md"
check_grep "README: '2 peers (CouchDB)'" '\| 2 peers \(CouchDB\) \|' "$FC_TMP/seed.md"
if grep -qE '\b1 (peers|orderers|CAs|NodePorts|channels)\b' "$FC_TMP/dev.txt" "$FC_TMP/dev.md"; then
  fc_fail "a plural after 1: $(grep -hE '\b1 (peers|orderers|CAs|NodePorts|channels)\b' "$FC_TMP/dev.txt" "$FC_TMP/dev.md")"
else fc_pass "no '1 peers', '1 orderers', ... in the summary and README"; fi

# long names: an organization name of 40 characters and an MSP ID of 48
long=$FC_TMP/long.yaml
sed -e 's/^  - name: devorg$/  - name: devorganization-with-a-rather-long-name-x/' \
    -e 's/mspId: DevMSP$/mspId: DevelopmentOrganizationWithAVeryLongMembershipMSP/' \
    -e 's/organizations: \[devorg\]/organizations: [devorganization-with-a-rather-long-name-x]/' \
    -e 's/type: ClusterIP/type: NodePort/' "$S/dev-minimal.yaml" >"$long"
if "$FABCHART" build "$long" -o "$FC_TMP/long" >"$FC_TMP/long.txt" 2>"$FC_TMP/long.err"; then
  # organization lines: "  NAME MSP NAMESPACE N peer..."; the third column starts at one offset
  offsets=$(sed -n '/^organizations:/,/^nodes:/p' "$FC_TMP/long.txt" | sed '1d;$d' \
            | awk '{ match($0, / [a-z0-9-]+-dev /); print RSTART }' | sort -u | wc -l)
  rows=$(sed -n '/^organizations:/,/^nodes:/p' "$FC_TMP/long.txt" | sed '1d;$d' | wc -l)
  if [[ $rows == 2 && $offsets == 1 ]]; then fc_pass "summary: namespace column aligned with a 48-character MSP ID"
  else fc_fail "summary columns ($rows rows, $offsets offsets):"; cat "$FC_TMP/long.txt"; fi
  "$FABCHART" portmap "$long" >"$FC_TMP/pm.txt" 2>/dev/null
  lens=$(awk '{ print length($0) }' "$FC_TMP/pm.txt" | sort -u | wc -l)
  if [[ $lens == 1 && $(wc -l <"$FC_TMP/pm.txt") -gt 2 ]]; then fc_pass "portmap table: every row as wide as the header with long names"
  else fc_fail "portmap table rows of $lens widths:"; cat "$FC_TMP/pm.txt"; fi
else
  fc_fail "build of the long-name topology: $(cat "$FC_TMP/long.err")"
fi

# netpol with no argument on a terminal
msg='reading manifests from stdin (Ctrl-D to end)'
got=$(python3 - "$FABCHART" <<'PY'
import os, pty, subprocess, sys, time
m, s = pty.openpty()
p = subprocess.Popen([sys.argv[1], 'netpol'], stdin=s, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
os.close(s)
time.sleep(1)
os.write(m, b'\x04')  # Ctrl-D: end of input
out, err = p.communicate(timeout=60)
sys.stdout.write(err.decode())
PY
)
if [[ $got == *"$msg"* ]]; then fc_pass "netpol on a terminal: '$msg' on stderr"
else fc_fail "netpol on a terminal said: $got"; fi
got=$("$FABCHART" netpol </dev/null 2>&1)
if [[ $got != *"$msg"* ]]; then fc_pass "netpol with stdin not a terminal: no prompt"
else fc_fail "netpol </dev/null prompted"; fi
fc_finish
