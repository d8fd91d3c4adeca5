#!/usr/bin/env bash
# Golden test of the command line: version and help, usage errors (exit 2),
# I/O errors (exit 3), --chart-version, `schema`, `validate --schema` with a
# schema's words (x-pattern-rule) and $id, the JSON output's fields,
# --Werror, SOURCE_DATE_EPOCH and writing over an existing chart.
# Prints PASS/FAIL per check and "N passed, N failed".
set -u
: "${FABCHART:?FABCHART must name the fabchart binary}"
src=${FABCHART_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
dev=$src/samples/dev-minimal.yaml   # one warning: raft-no-fault-tolerance
seed=$src/samples/seed-kafka.yaml   # no diagnostics
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fabchart-cli.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
unset SOURCE_DATE_EPOCH
export TZ=UTC

passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL $1"; shift
  [[ $# -gt 0 ]] && printf '%s\n' "$@" | head -n 30 | sed 's/^/  /'
  failed=$((failed + 1))
}

# fc ARGS...: runs fabchart; sets rc, and out/err to the files holding stdout/stderr.
n=0
fc() {
  n=$((n + 1)); out=$tmp/out.$n; err=$tmp/err.$n
  "$FABCHART" "$@" >"$out" 2>"$err"; rc=$?
  if grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer' "$err"; then
    fail "sanitizer report from: fabchart $*" "$(cat "$err")"
  fi
}
# expect_rc NAME WANT: checks the last exit status.
expect_rc() {
  if [[ $rc -eq $2 ]]; then pass "$1 (exit $rc)"; else
    fail "$1: exit $rc, expected $2" "stdout: $(head -c 2000 "$out")" "stderr: $(head -c 2000 "$err")"
  fi
}
# empty_dir NAME DIR: DIR absent or empty.
empty_dir() {
  if [[ ! -d $2 ]] || [[ -z $(ls -A "$2") ]]; then pass "$1: nothing written"; else
    fail "$1: wrote $(ls -A "$2" | tr '\n' ' ')"
  fi
}
# json_check NAME FILE PYTHON-EXPR: the JSON in FILE (as j) satisfies the assertions.
json_check() {
  local msg
  if msg=$(python3 - "$2" "$3" 2>&1 <<'PY'
import json, sys
with open(sys.argv[1]) as f:
    j = json.load(f)
exec(sys.argv[2])
PY
  ); then pass "$1"; else fail "$1" "$msg" "output: $(head -c 2000 "$2")"; fi
}

# ---- version, help -----------------------------------------------------------
version=$(sed -n -E 's/^project\(fabchart VERSION ([0-9.]+).*/\1/p' "$src/CMakeLists.txt")
fc --version
expect_rc "--version" 0
if [[ $(cat "$out") == "fabchart $version" ]]; then pass "--version prints 'fabchart $version'"
else fail "--version prints '$(cat "$out")', expected 'fabchart $version'"; fi

fc --help
expect_rc "--help" 0
if grep -q '^usage: fabchart <command>' "$out" && [[ ! -s $err ]]; then pass "--help prints the usage on stdout"
else fail "--help: no usage on stdout" "$(cat "$out" "$err")"; fi
for cmd in build validate schema; do
  fc "$cmd" --help
  expect_rc "$cmd --help" 0
  grep -q "^usage: fabchart $cmd" "$out" || fail "$cmd --help: no 'usage: fabchart $cmd'" "$(cat "$out")"
  fc help "$cmd"
  expect_rc "help $cmd" 0
done

# ---- usage errors: exit 2, nothing written --------------------------------------
fc
expect_rc "no command" 2
fc frobnicate
expect_rc "unknown command" 2
grep -q "unknown command 'frobnicate'" "$err" && pass "unknown command is named" \
  || fail "unknown command not named" "$(cat "$err")"
fc build "$dev" --frobnicate -o "$tmp/usage1"
expect_rc "unknown option" 2
grep -q "unknown option '--frobnicate'" "$err" && pass "unknown option is named" \
  || fail "unknown option not named" "$(cat "$err")"
empty_dir "unknown option" "$tmp/usage1"
fc validate "$dev" --force
expect_rc "option of build given to validate" 2
fc build "$dev" "$seed" -o "$tmp/usage2"
expect_rc "two topology files" 2
fc build "$dev" --format yaml -o "$tmp/usage2"
expect_rc "--format yaml" 2
fc build "$dev" --chart-version 1.2 -o "$tmp/usage2"
expect_rc "--chart-version 1.2 (not SemVer)" 2
grep -q "1.2" "$err" && pass "--chart-version 1.2: the value is named" || fail "--chart-version 1.2: value not named" "$(cat "$err")"
empty_dir "--chart-version 1.2" "$tmp/usage2"

# ---- I/O errors: exit 3 ---------------------------------------------------------------
missing=$tmp/no-such-dir/topology.yaml
fc validate "$missing"
expect_rc "validate a missing file" 3
if grep -qF "$missing" "$err" && grep -q '\[io\]$' "$err"; then pass "missing file: an [io] diagnostic names the path"
else fail "missing file: no [io] diagnostic naming $missing" "$(cat "$err")"; fi
fc validate "$missing" --format json
expect_rc "validate --format json a missing file" 3
json_check "missing file: JSON io diagnostic with the path" "$out" "
d = j['diagnostics']
assert j['ok'] is False and j['errors'] == 1, j
assert len(d) == 1 and d[0]['code'] == 'io' and d[0]['file'] == '$missing', d"
fc build "$missing" -o "$tmp/io1"
expect_rc "build a missing file" 3
empty_dir "build a missing file" "$tmp/io1"
fc validate "$src/samples"
expect_rc "validate a directory" 3

# ---- --chart-version ---------------------------------------------------------------------
fc build "$dev" --chart-version 9.9.9 -o "$tmp/cv"
expect_rc "--chart-version 9.9.9" 0
if [[ $(ls -A "$tmp/cv") == "fabric-9.9.9.tgz" ]]; then pass "--chart-version 9.9.9 writes fabric-9.9.9.tgz"
else fail "--chart-version 9.9.9 wrote: $(ls -A "$tmp/cv" | tr '\n' ' ')"; fi
if tar -xzOf "$tmp/cv/fabric-9.9.9.tgz" fabric/Chart.yaml 2>/dev/null | grep -qE '^version: "?9\.9\.9"?$'; then
  pass "--chart-version 9.9.9: Chart.yaml version 9.9.9"
else fail "--chart-version 9.9.9: Chart.yaml has no version 9.9.9"; fi

# ---- schema ------------------------------------------------------------------------------
fc schema
expect_rc "schema" 0
if python3 -m json.tool "$out" >/dev/null 2>"$tmp/jsontool.err"; then pass "schema prints valid JSON"
else fail "schema output is not JSON" "$(cat "$tmp/jsontool.err")"; fi
json_check "schema is schemas/topology.schema.json" "$out" "
with open('$src/schemas/topology.schema.json') as f:
    assert j == json.load(f), 'differs from schemas/topology.schema.json'"
fc schema extra
expect_rc "schema with an argument" 2

# ---- validate --schema: a schema's words (x-pattern-rule, ...) and $id in notes ---------------
# has_line NAME FILE LINE: FILE holds exactly LINE.
has_line() {
  if grep -qxF -- "$3" "$2"; then pass "$1"; else fail "$1" "expected line: $3" "got: $(cat "$2")"; fi
}
printf '%s\n' '{"$id": "https://example.com/words.json", "properties": {"name":' \
  '{"type": "string", "pattern": "^[a-z]+$", "x-pattern-rule": "a lower-case word"}}}' \
  >"$tmp/words.schema.json"
printf 'name: Peer0\n' >"$tmp/words.yaml"
fc validate --schema "$tmp/words.schema.json" "$tmp/words.yaml"
expect_rc "validate --schema, a worded pattern" 1
has_line "validate --schema says the rule in words" "$err" \
  "$tmp/words.yaml:1:7: error: \"Peer0\" is not a lower-case word [schema-pattern]"
has_line "validate --schema names the keyword by \$id" "$err" \
  "$tmp/words.schema.json:2:20: note: schema: https://example.com/words.json#/properties/name/pattern"
# the exported topology schema is worded as the built-in one
fc schema
cp "$out" "$tmp/topology.schema.json"
fc validate --schema "$tmp/topology.schema.json" "$src/tests/invalid/schema-pattern-org-name.yaml"
expect_rc "validate --schema with the exported topology schema" 1
has_line "the exported topology schema says the rule in words" "$err" \
  "$src/tests/invalid/schema-pattern-org-name.yaml:8:11: error: \"Org_1\" is not a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters [schema-pattern]"

# ---- --format json ------------------------------------------------------------------------
fields_check='
assert isinstance(j["command"], str), "command"
assert isinstance(j["ok"], bool), "ok"
assert isinstance(j["errors"], int) and isinstance(j["warnings"], int), "errors/warnings"
assert isinstance(j["diagnostics"], list), "diagnostics"
for d in j["diagnostics"]:
    assert d["severity"] in ("error", "warning"), d
    for k in ("code", "file", "message"):
        assert isinstance(d[k], str), (k, d)
    assert isinstance(d["line"], int) and isinstance(d["column"], int), d
    assert d["path"] is None or isinstance(d["path"], str), d
    assert isinstance(d["notes"], list), d
    for note in d["notes"]:
        assert isinstance(note["message"], str) and isinstance(note["line"], int), note
assert j["errors"] == sum(d["severity"] == "error" for d in j["diagnostics"]), "error count"
assert j["warnings"] == sum(d["severity"] == "warning" for d in j["diagnostics"]), "warning count"
'
fc validate "$dev" --format json
expect_rc "validate --format json (a warning)" 0
json_check "validate --format json: documented fields" "$out" "$fields_check
assert j['command'] == 'validate' and j['ok'] is True
assert [(d['severity'], d['code'], d['line'], d['column'], d['path']) for d in j['diagnostics']] == \
    [('warning', 'raft-no-fault-tolerance', 21, 9, '/consensus/type')], j['diagnostics']"
[[ -s $err ]] && fail "validate --format json wrote to stderr" "$(cat "$err")"
fc validate "$src/tests/invalid/model-nodeport-collision.yaml" --format json
expect_rc "validate --format json (an error with a note)" 1
json_check "validate --format json: error with a note" "$out" "$fields_check
assert j['ok'] is False and j['errors'] == 1
d = j['diagnostics'][0]
assert d['code'] == 'nodeport-collision' and d['path'] == '/exposure/nodePort/explorer', d
assert len(d['notes']) == 1 and d['notes'][0]['line'] > 0, d"
fc build "$seed" --format json -o "$tmp/json"
expect_rc "build --format json" 0
json_check "build --format json: documented fields and output" "$out" "$fields_check
assert j['command'] == 'build' and j['ok'] is True and j['diagnostics'] == []
assert j['output'].endswith('/fabric-1.0.0.tgz') and j['outputStatus'] == 'wrote', j"

# ---- --Werror ---------------------------------------------------------------------------
fc validate "$dev"
expect_rc "dev-minimal's warning alone" 0
fc validate "$dev" --Werror
expect_rc "validate --Werror with dev-minimal's warning" 1
grep -q 'error: .*\[raft-no-fault-tolerance\]$' "$err" && pass "--Werror reports the warning as an error" \
  || fail "--Werror: no error line for raft-no-fault-tolerance" "$(cat "$err")"
fc build "$dev" --Werror -o "$tmp/werror"
expect_rc "build --Werror with dev-minimal's warning" 1
empty_dir "build --Werror" "$tmp/werror"

# ---- many diagnostics: the first 200 shown, the rest counted ------------------------------
python3 -c 'print("network: x"); [print(f"k{i}: 1\nk{i}: 2") for i in range(250)]' >"$tmp/many.yaml"
fc validate "$tmp/many.yaml"
expect_rc "validate, 250 duplicate keys" 1
shown=$(grep -c '\[duplicate-key\]$' "$err")
if [[ $shown -eq 200 ]] && grep -qx 'fabchart: 50 more diagnostics not shown (the first 200 found are)' "$err" \
   && grep -qx '250 errors, 0 warnings' "$err"; then
  pass "250 errors: 200 shown, 50 counted"
else
  fail "250 errors: $shown shown" "$(tail -n 3 "$err")"
fi
fc validate "$tmp/many.yaml" --format json
json_check "250 errors in JSON: 200 diagnostics, omitted 50" "$out" \
  'assert j["errors"] == 250 and j["omitted"] == 50 and len(j["diagnostics"]) == 200, (j["errors"], j.get("omitted"))'
fc validate "$dev" --format json
json_check "no omitted member when nothing is left out" "$out" 'assert "omitted" not in j'

# ---- SOURCE_DATE_EPOCH --------------------------------------------------------------------
# mtimes MSG TGZ WANT: every entry's time, as tar lists it, is WANT.
mtimes() {
  local listed
  listed=$(tar --full-time -tvzf "$2" | awk '{print $4 " " $5}' | sort -u)
  if [[ $listed == "$3" ]]; then pass "$1: every entry at $3"
  else fail "$1: entry times are not all $3" "$(tar --full-time -tvzf "$2")"; fi
}
fc build "$dev" -o "$tmp/epoch0"
expect_rc "build without SOURCE_DATE_EPOCH" 0
mtimes "no SOURCE_DATE_EPOCH" "$tmp/epoch0/fabric-0.1.0.tgz" "1970-01-01 00:00:00"
SOURCE_DATE_EPOCH=1700000000 fc build "$dev" -o "$tmp/epoch1"
expect_rc "build with SOURCE_DATE_EPOCH=1700000000" 0
mtimes "SOURCE_DATE_EPOCH=1700000000" "$tmp/epoch1/fabric-0.1.0.tgz" "2023-11-14 22:13:20"
for bad in abc -1 12x 99999999999999999999; do
  SOURCE_DATE_EPOCH=$bad fc build "$dev" -o "$tmp/epoch-bad"
  expect_rc "SOURCE_DATE_EPOCH=$bad" 2
done
empty_dir "invalid SOURCE_DATE_EPOCH" "$tmp/epoch-bad"

# ---- writing over an existing chart ---------------------------------------------------------
dir=$tmp/over
fc build "$dev" -o "$dir"
expect_rc "first build" 0
tgz=$dir/fabric-0.1.0.tgz
sum=$(sha256sum "$tgz" | cut -c1-64)
touch -d '2001-02-03 04:05:06' "$tgz"
before=$(stat -c '%i %Y' "$tgz")
fc build "$dev" -o "$dir" --format json
expect_rc "build over an identical chart" 0
json_check "build over an identical chart: outputStatus unchanged" "$out" "
assert j['outputStatus'] == 'unchanged', j.get('outputStatus')"
if [[ $(stat -c '%i %Y' "$tgz") == "$before" && $(ls -A "$dir") == fabric-0.1.0.tgz ]]; then
  pass "build over an identical chart leaves the file untouched"
else fail "build over an identical chart touched the file or left others: $(ls -A "$dir" | tr '\n' ' ')"; fi
echo "not the chart" >"$tgz"
fc build "$dev" -o "$dir"
expect_rc "build over a different file without --force" 1
grep -q '\[output-exists\]$' "$err" && pass "a different file: [output-exists]" \
  || fail "a different file: no [output-exists]" "$(cat "$err")"
if [[ $(cat "$tgz") == "not the chart" && $(ls -A "$dir") == fabric-0.1.0.tgz ]]; then
  pass "the different file is kept and nothing else written"
else fail "the different file was changed or other files written: $(ls -A "$dir" | tr '\n' ' ')"; fi
fc build "$dev" -o "$dir" --force
expect_rc "build over a different file with --force" 0
if [[ $(sha256sum "$tgz" | cut -c1-64) == "$sum" && $(ls -A "$dir") == fabric-0.1.0.tgz ]]; then
  pass "--force replaces it with the chart"
else fail "--force did not replace the file with the chart: $(ls -A "$dir" | tr '\n' ' ')"; fi

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
