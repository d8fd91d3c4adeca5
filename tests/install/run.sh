#!/usr/bin/env bash
# tests/install/run.sh: installing fabchart like a real tool (issue 20, item 1), run by
# ctest (tests/install.cmake). Checks, on `cmake --install BUILD --prefix TMP`:
#   - TMP/bin/fabchart --version runs and says what the build's binary says
#   - `man --warnings -l` finds nothing in TMP/share/man/man1/fabchart.1; every command of
#     `fabchart --help` has its .SS section and every option of `fabchart help CMD` is
#     in that section (the hand-written page cannot drift from the command table)
#   - bash: `complete -p fabchart` after sourcing the file; scripted COMP_WORDS/COMP_CWORD
#     runs: `fabchart bu<TAB>` -> build, `build --fo<TAB>` -> --force --format, `--form` -> --format, `portmap x --format
#     <TAB>` -> table csv json, `graph TOPO --format <TAB>` -> dot svg mermaid, `build
#     <TAB>` -> only *.yaml/*.yml (and directories); `CMD -<TAB>` gives exactly the options
#     of `fabchart help CMD` for every command
#   - zsh -n and fish -n parse the zsh and fish files; fish's own `complete -C` gives the
#     --format values of graph (Skipped parts when a shell is missing, failures under CI)
#   - TMP/share/fabchart/topology.schema.json is byte-identical to `fabchart schema`
#   - `cpack -G DEB` builds the package; `dpkg-deb -x` into a scratch root has the same
#     files, its binary runs, and its control file names the package
# shellcheck source=SCRIPTDIR/../integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init install
: "${FABCHART_BINARY_DIR:?run through ctest}"
P=$FC_TMP/prefix
skipped=()
skip() {
  [[ "${CI:-}" == true ]] && { fc_fail "$1 missing (required under CI=true)"; return; }
  echo "Skipped: $1 missing (scripts/install-test-tools)"; skipped+=("$1")
}

cmake --install "$FABCHART_BINARY_DIR" --prefix "$P" >"$FC_TMP/install.log" 2>&1 \
  || fc_die "cmake --install failed: $(tail -5 "$FC_TMP/install.log")"
want_version=$("$FABCHART" --version)
if [[ "$("$P/bin/fabchart" --version 2>&1)" == "$want_version" ]]; then fc_pass "installed bin/fabchart --version: $want_version"
else fc_fail "installed bin/fabchart --version"; fi

# ---- man page ----------------------------------------------------------------
MAN=$P/share/man/man1/fabchart.1
files=("$MAN" "$P/share/bash-completion/completions/fabchart" "$P/share/zsh/site-functions/_fabchart"
       "$P/share/fish/vendor_completions.d/fabchart.fish" "$P/share/fabchart/topology.schema.json")
for f in "${files[@]}"; do [[ -s $f ]] || fc_fail "not installed: ${f#"$P"/}"; done
if command -v man >/dev/null 2>&1 && command -v groff >/dev/null 2>&1; then
  warnings=$(man --warnings -l "$MAN" 2>&1 >/dev/null)
  if [[ -z $warnings ]]; then fc_pass "man --warnings -l fabchart.1: no warning"
  else fc_fail "man --warnings: $warnings"; fi
  if MANWIDTH=80 man -l "$MAN" 2>/dev/null | grep -q '^NAME'; then fc_pass "man renders fabchart(1)"
  else fc_fail "man -l fabchart.1 renders nothing"; fi
else
  skip "man-db/groff"
fi
commands=$("$FABCHART" --help | sed -n '/^commands:/,/^$/p' | sed -n 's/^  \([a-z][a-z]*\)\b.*/\1/p' | sort -u)
[[ -n $commands ]] || fc_die "no commands in fabchart --help"
# the options a command's help names (-h/--help are in OPTIONS; -Tsvg is dot's)
help_options() { "$FABCHART" help "$1" | grep -oE '(^|[][ ,])--?[A-Za-z][-A-Za-z]*' | sed 's/^[][ ,]//' \
  | grep -vxE -- '-h|--help|-Tsvg' | sort -u; }
# the source of a command's section, with roff's \- as -
section() { sed -n "/^\\.SS $1\$/,/^\\.S[SH] /p" "$MAN" | sed -e 's/\\-/-/g' -e 's/\\f[BIRP]//g'; }
for c in $commands; do
  sec=$(section "$c")
  if [[ $(printf '%s\n' "$sec" | wc -l) -lt 3 ]]; then fc_fail "fabchart.1 has no section for '$c'"; continue; fi
  missing=()
  while IFS= read -r o; do
    [[ -n $o ]] || continue
    grep -qE -- "(^|[^-A-Za-z])$o([^-A-Za-z]|\$)" <<<"$sec" || missing+=("$o")
  done < <(help_options "$c")
  if ((${#missing[@]} == 0)); then fc_pass "fabchart.1 section '$c' has every option of help $c"
  else fc_fail "fabchart.1 section '$c' lacks: ${missing[*]}"; fi
done

# ---- bash completion ------------------------------------------------------------
BASHCOMP=$P/share/bash-completion/completions/fabchart
# complete WORDS...: the completions bash gives for the last word (COMPREPLY, sorted)
complete_words() {
  bash --norc --noprofile -c 'shopt -s extglob; source "$1"; shift
    complete -p fabchart >/dev/null || exit 9
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
    _fabchart fabchart "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf "%s\n" "${COMPREPLY[@]}" | sort' _ "$BASHCOMP" "$@"
}
expect_completion() {  # expect_completion "WANT" WORDS...
  local want=$1; shift
  local got
  got=$(cd "$FC_TMP/files" && complete_words "$@" | tr '\n' ' ' | sed 's/ $//')
  if [[ $got == "$want" ]]; then fc_pass "bash: '$*<TAB>' -> $want"
  else fc_fail "bash: '$*<TAB>' -> '$got', want '$want'"; fi
}
mkdir -p "$FC_TMP/files/sub"
touch "$FC_TMP/files/net.yaml" "$FC_TMP/files/other.yml" "$FC_TMP/files/notes.txt"
if out=$(bash --norc --noprofile -c 'source "$1" && complete -p fabchart' _ "$BASHCOMP" 2>&1) \
   && [[ $out == "complete -F _fabchart fabchart" ]]; then fc_pass "bash: complete -p fabchart: $out"
else fc_fail "bash: complete -p fabchart: $out"; fi
expect_completion "build" fabchart bu
expect_completion "--force --format" fabchart build --fo   # both begin with --fo
expect_completion "--format" fabchart build --form
expect_completion "csv json table" fabchart portmap x --format ""
expect_completion "dot mermaid svg" fabchart graph net.yaml --format ""
expect_completion "net.yaml other.yml sub" fabchart build ""
expect_completion "graph" fabchart help gr
for c in $commands; do
  [[ $c == help ]] && continue
  want=$( (help_options "$c"; echo --help) | sort -u | tr '\n' ' ' | sed 's/ $//')
  expect_completion "$want" fabchart "$c" -
done

# ---- zsh, fish ------------------------------------------------------------------
if command -v zsh >/dev/null 2>&1; then
  fc_check "zsh -n _fabchart" zsh -n "$P/share/zsh/site-functions/_fabchart"
else skip zsh; fi
if command -v fish >/dev/null 2>&1; then
  FISHCOMP=$P/share/fish/vendor_completions.d/fabchart.fish
  fc_check "fish -n fabchart.fish" fish -n "$FISHCOMP"
  got=$(HOME=$FC_TMP fish --no-config -c "source '$FISHCOMP'; complete -C 'fabchart graph x.yaml --format '" 2>&1 \
        | cut -f1 | sort | tr '\n' ' ')
  if [[ $got == "dot mermaid svg " ]]; then fc_pass "fish: graph --format <TAB> -> $got"
  else fc_fail "fish: graph --format <TAB> -> '$got'"; fi
else skip fish; fi

# ---- schema ----------------------------------------------------------------------
"$FABCHART" schema >"$FC_TMP/schema.json"
if cmp -s "$FC_TMP/schema.json" "$P/share/fabchart/topology.schema.json"; then
  fc_pass "share/fabchart/topology.schema.json is fabchart schema"
else fc_fail "share/fabchart/topology.schema.json differs from fabchart schema"; fi

# ---- Debian package ----------------------------------------------------------------
if command -v cpack >/dev/null 2>&1 && command -v dpkg-deb >/dev/null 2>&1; then
  if (cd "$FC_TMP" && cpack -G DEB --config "$FABCHART_BINARY_DIR/CPackConfig.cmake" -B "$FC_TMP/pkg") \
       >"$FC_TMP/cpack.log" 2>&1; then
    deb=$(find "$FC_TMP/pkg" -maxdepth 1 -name 'fabchart_*.deb' -print -quit)
  fi
  if [[ -n ${deb:-} ]]; then
    fc_pass "cpack -G DEB: $(basename "$deb") ($(wc -c <"$deb") bytes)"
    root=$FC_TMP/root
    dpkg-deb -x "$deb" "$root"
    for f in "${files[@]}"; do
      rel=${f#"$P"/}
      if cmp -s "$f" "$root/usr/$rel"; then fc_pass "deb: /usr/$rel"
      else fc_fail "deb: /usr/$rel missing or different"; fi
    done
    if [[ "$("$root/usr/bin/fabchart" --version 2>&1)" == "$want_version" ]]; then fc_pass "deb: /usr/bin/fabchart --version"
    else fc_fail "deb: /usr/bin/fabchart --version"; fi
    if [[ "$(dpkg-deb -f "$deb" Package)" == fabchart ]]; then fc_pass "deb: control Package: fabchart, Depends: $(dpkg-deb -f "$deb" Depends)"
    else fc_fail "deb: control file"; fi
    if command -v man >/dev/null 2>&1 && [[ -z "$(man --warnings -l "$root/usr/share/man/man1/fabchart.1" 2>&1 >/dev/null)" ]]; then
      fc_pass "deb: man --warnings on its fabchart.1"
    else fc_fail "deb: man page"; fi
  else
    fc_fail "cpack -G DEB made no package"; tail -20 "$FC_TMP/cpack.log"
  fi
else skip "cpack/dpkg-deb"; fi

if ((${#skipped[@]} > 0 && FC_FAILED == 0)); then
  printf '%d passed, %d failed; Skipped: %s\n' "$FC_PASSED" "$FC_FAILED" "${skipped[*]}"
  exit 77
fi
fc_finish
