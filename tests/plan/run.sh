#!/usr/bin/env bash
# Golden tests of `fabchart plan` (issue 17): every tests/plan/cases/NAME/ holds
# old.yaml, new.yaml (its first line says what the case shows), optional args
# (more options, e.g. --allow-removal or --format json) and expected: the exit
# status, stdout and stderr of `fabchart plan old.yaml new.yaml ARGS` run in
# that directory.  A case may replace `old.yaml new.yaml` by the words of its
# file `files` (e.g. `--from fabric-0.1.0.tgz new.yaml`); a case with a
# `setup.sh` script runs in a copy of its directory, after `bash setup.sh` there
# (FABCHART set: it builds the chart that --from reads, or tampers with it).  JSON output is also validated against
# schemas/plan.schema.json by fabchart's own validator and by python3's json.
# Checks that the cases cover each class and each exit status.
#
# FABCHART_UPDATE_GOLDEN=1 rewrites the expected files from the current
# output instead (review the change with git diff before committing).
# Arguments: optional case names to run only those.
set -u
: "${FABCHART:?FABCHART must name the fabchart binary}"
src=${FABCHART_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cases=$src/tests/plan/cases
schema=$src/schemas/plan.schema.json
update=${FABCHART_UPDATE_GOLDEN:-0}
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fabchart-plan.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
fail() { echo "FAIL $1"; shift; [[ $# -gt 0 ]] && printf '%s\n' "$@" | sed 's/^/  /'; failed=$((failed + 1)); }
declare -A seen_exit=() seen_class=()

for dir in "$cases"/*/; do
  name=$(basename "$dir")
  if [[ $# -gt 0 ]] && ! printf '%s\n' "$@" | grep -qxF "$name"; then continue; fi
  args=() files=(old.yaml new.yaml) run=$dir
  if [[ -f $dir/args ]]; then read -ra args <"$dir/args"; fi
  if [[ -f $dir/files ]]; then read -ra files <"$dir/files"; fi
  if [[ -f $dir/setup.sh ]]; then
    run=$tmp/case-$name
    cp -r "$dir" "$run"
    if ! (cd "$run" && FABCHART=$FABCHART bash setup.sh >"$tmp/setup" 2>&1); then
      fail "$name" "setup failed:" "$(cat "$tmp/setup")"; continue
    fi
  fi
  (cd "$run" && "$FABCHART" plan "${files[@]}" "${args[@]}" >"$tmp/out" 2>"$tmp/err"); rc=$?
  { echo "exit: $rc"; echo "--- stdout"; cat "$tmp/out"; echo "--- stderr"; cat "$tmp/err"; } >"$tmp/got"
  seen_exit[$rc]=1
  for cls in automatic step refused; do
    if grep -qE "^$cls +[a-z]|\"class\":\"$cls\"" "$tmp/out"; then seen_class[$cls]=1; fi
  done
  if [[ " ${args[*]} " == *" json "* ]]; then
    if ! python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$tmp/out" 2>"$tmp/py"; then
      fail "$name" "stdout is not JSON (python3):" "$(cat "$tmp/py")"; continue
    fi
    cp "$tmp/out" "$tmp/out.json"
    if ! "$FABCHART" validate --schema "$schema" "$tmp/out.json" >"$tmp/val" 2>&1; then
      fail "$name" "stdout does not match schemas/plan.schema.json:" "$(cat "$tmp/val")"; continue
    fi
  fi
  if [[ $update == 1 ]]; then
    cp "$tmp/got" "$dir/expected"
    echo "UPDATED $name (exit $rc)"; passed=$((passed + 1)); continue
  fi
  if [[ ! -f $dir/expected ]]; then
    fail "$name" "no $dir/expected (run with FABCHART_UPDATE_GOLDEN=1 to create it)"; continue
  fi
  if diff -u "$dir/expected" "$tmp/got" >"$tmp/diff"; then
    echo "PASS $name (exit $rc)"; passed=$((passed + 1))
  else
    fail "$name" "the plan differs (- expected, + got):" "$(head -n 80 "$tmp/diff")"
  fi
done
if [[ $# -eq 0 ]]; then
  count=$(find "$cases" -mindepth 1 -maxdepth 1 -type d | wc -l)
  if ((count >= 25)); then echo "PASS $count cases (at least 25)"; passed=$((passed + 1))
  else fail "coverage" "only $count cases, the issue asks for 25"; fi
  for cls in automatic step refused; do
    if [[ -n ${seen_class[$cls]:-} ]]; then passed=$((passed + 1)); else fail "coverage" "no case shows a '$cls' change"; fi
  done
  # every plan-* code is listed in docs/diagnostics.md and shown by a case, and no other
  listed=$(grep -oE "\`plan-[a-z-]+\`" "$src/docs/diagnostics.md" | tr -d '`' | sort -u)
  shown=$(cat "$cases"/*/expected | grep -oE '\[plan-[a-z-]+\]' | tr -d '[]' | sort -u)
  emitted=$(grep -ohE '"plan-[a-z-]+"' "$src"/src/plan*.c | tr -d '"' | sort -u)
  if [[ -n $emitted && $listed == "$emitted" && $shown == "$emitted" ]]; then
    echo "PASS $(wc -w <<<"$emitted") plan-* codes: each in docs/diagnostics.md and in a case"; passed=$((passed + 1))
  else
    fail "codes" "emitted by src/plan*.c: ${emitted//$'\n'/ }" "listed in docs/diagnostics.md: ${listed//$'\n'/ }" \
      "shown by a case: ${shown//$'\n'/ }"
  fi
  # the README's walk-through shows a case's output as it is
  readme=$(sed -n '/^\$ cd tests\/plan\/cases\/auto-add-org-to-channels && fabchart plan old.yaml new.yaml$/,/^\$ echo/p' \
           "$src/README.md" | sed '1d;$d')
  want=$(sed -n '/^--- stdout$/,/^--- stderr$/p' "$cases/auto-add-org-to-channels/expected" | sed '1d;$d')
  if [[ -n $readme && $readme == "$want" ]]; then echo "PASS README: the walk-through's output is the case's"; passed=$((passed + 1))
  else fail "README" "the 'Evolving a network' walk-through differs from cases/auto-add-org-to-channels/expected"; fi
  for rc in 0 1 5; do
    if [[ -n ${seen_exit[$rc]:-} ]]; then passed=$((passed + 1)); else fail "coverage" "no case exits $rc"; fi
  done
fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 && $passed -gt 0 ]]
