#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# For every sample: two `fabchart build`s into two directories write .tgz files
# with the same name and the same sha256; a third build over the first output
# succeeds and changes nothing; the file is named
# <Chart.yaml name>-<Chart.yaml version>.tgz; the archive holds only regular
# files under "<chart>/", mode 0644, owner 0/0 (shared/design/HELM.md).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init reproducible

# chart_field FILE KEY: a top-level scalar of Chart.yaml, quotes removed.
chart_field() {
  sed -n -E "s/^$2:[[:space:]]*[\"']?([^\"'#]*[^\"'#[:space:]])[\"']?[[:space:]]*(#.*)?\$/\\1/p" "$1" | head -n1
}

check_layout() {  # check_layout TGZ: archive entries as Helm writes them
  local listing bad
  listing=$(tar --numeric-owner -tvzf "$1") || { echo "tar cannot list $1"; return 1; }
  [[ -n "$listing" ]] || { echo "empty archive"; return 1; }
  bad=$(awk '
    { mode = $1; owner = $2; path = $6 }
    mode != "-rw-r--r--" { print "mode " mode ": " path; next }
    owner != "0/0"       { print "owner " owner ": " path; next }
    path ~ /^\.?\// || path ~ /(^|\/)\.\.(\/|$)/ { print "bad path: " path; next }
    { split(path, p, "/"); if (first == "") first = p[1]
      if (p[1] != first || length(p) < 2) print "not under " first "/: " path }
  ' <<< "$listing")
  [[ -z "$bad" ]] || { echo "$bad"; return 1; }
}

check_sample() {
  local sample=$1 name=$2 a b
  fc_build "$sample" "$FC_TMP/$name/a" || return 0
  a=$FC_TGZ
  fc_build "$sample" "$FC_TMP/$name/b" || return 0
  b=$FC_TGZ
  if [[ "$(basename "$a")" == "$(basename "$b")" ]] && cmp -s "$a" "$b"; then
    fc_pass "$name: two builds give the same $(basename "$a"), sha256 $(sha256sum "$a" | cut -c1-64)"
  else
    fc_fail "$name: two builds differ: $(sha256sum "$a" "$b" | tr '\n' ' ')"
  fi
  # A third build over the first one's output: same bytes, so no --force needed.
  local before
  before=$(sha256sum "$a" | cut -c1-64)
  if "$FABCHART" build "$sample" -o "$(dirname "$a")" >"$FC_TMP/$name/again.log" 2>&1 \
     && [[ "$(sha256sum "$a" | cut -c1-64)" == "$before" ]]; then
    fc_pass "$name: building again over the same output succeeds and leaves it unchanged"
  else
    fc_fail "$name: building again over the same output failed or changed it"
    sed 's/^/      /' "$FC_TMP/$name/again.log" | head -n 20
  fi
  local chart_yaml="$FC_TMP/$name/Chart.yaml" cname cversion
  if tar -xzOf "$a" --wildcards '*/Chart.yaml' >"$chart_yaml" 2>/dev/null; then
    cname=$(chart_field "$chart_yaml" name)
    cversion=$(chart_field "$chart_yaml" version)
    if [[ "$(basename "$a")" == "$cname-$cversion.tgz" ]]; then
      fc_pass "$name: file name $(basename "$a") = <name>-<version> of Chart.yaml"
    else
      fc_fail "$name: file name $(basename "$a") but Chart.yaml says name '$cname' version '$cversion'"
    fi
  else
    fc_fail "$name: $(basename "$a") has no <chart>/Chart.yaml"
  fi
  fc_check "$name: archive layout (regular files under <chart>/, 0644, owner 0/0)" check_layout "$a"
}

fc_each_sample check_sample
fc_finish
