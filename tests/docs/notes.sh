#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# tests/docs/notes.sh [commands]: the chart's NOTES (issue 20, item 7) for
# every sample.  Helm 4 `helm install --dry-run=client demo -n fabnet`
# prints them; notes_check.py checks them against `helm template` of the same
# release (namespaces, Jobs in hook order, selectors, Secrets, CLI pods).
# With "commands", every kubectl and helm command line of NOTES is also run
# against a cluster that does not answer (a kubeconfig pointing at a closed
# port of 127.0.0.1): each must get as far as connecting (kubectl:
# "connection refused"; helm: "cluster unreachable"), so a wrong command
# name, flag or argument count fails before that.  That part needs kubectl.
# shellcheck source=SCRIPTDIR/../integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
mode=${1:-}
fc_init "notes${mode:+_$mode}"
fc_require_helm
fc_require_python
if [[ $mode == commands ]]; then
  # FC_KUBECTL, else .tools/kubectl/kubectl, else kubectl on PATH
  kubectl=${FC_KUBECTL:-$FABCHART_SOURCE_DIR/.tools/kubectl/kubectl}
  if [[ ! -x $kubectl ]]; then
    fc_require_cmd kubectl "kubectl (on PATH, in .tools/kubectl/ or as FC_KUBECTL)"
    kubectl=$(command -v kubectl)
  fi
  port=$(fc_free_port) || fc_die "no free port"
  cat >"$FC_TMP/kubeconfig" <<KC
apiVersion: v1
kind: Config
clusters: [{name: closed, cluster: {server: "https://127.0.0.1:$port", insecure-skip-tls-verify: true}}]
users: [{name: nobody, user: {token: not-a-token}}]
contexts: [{name: closed, context: {cluster: closed, user: nobody}}]
current-context: closed
KC
fi

# run_command DIR LINE: LINE (before any `|`) against the closed cluster
run_command() {
  local dir=$1 line=${2%% | *} out rc=0
  local -a argv
  eval "argv=($line)"  # the shell's own word splitting and quoting of NOTES' line
  case ${argv[0]} in
    kubectl) out=$(cd "$dir" && KUBECONFIG="$FC_TMP/kubeconfig" timeout 60 "$kubectl" "${argv[@]:1}" \
                     --request-timeout=5s </dev/null 2>&1) || rc=$? ;;
    helm) out=$(cd "$dir" && KUBECONFIG="$FC_TMP/kubeconfig" timeout 60 "$FC_HELM4" "${argv[@]:1}" \
                  </dev/null 2>&1) || rc=$? ;;
  esac
  if ((rc != 0)) && grep -qE 'connection refused|cluster unreachable' <<<"$out"; then
    fc_pass "$(basename "$dir"): \`$2\` is a valid command (it connects)"
  else
    fc_fail "$(basename "$dir"): \`$2\` (exit $rc)"; head -n 5 <<<"$out" | sed 's/^/      /'
  fi
}

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" chart
  fc_build "$sample" "$dir/out" || return 0
  chart=$(fc_unpack "$FC_TGZ" "$dir/unpacked") || { fc_fail "$name: unpack"; return 0; }
  if ! "$FC_HELM4" install --dry-run=client demo "$FC_TGZ" -n fabnet >"$dir/install.txt" 2>&1; then
    fc_fail "$name: Helm 4 install --dry-run=client"; head -n 20 "$dir/install.txt"; return 0
  fi
  sed -n '/^NOTES:$/,$p' "$dir/install.txt" | tail -n +2 >"$dir/notes.txt"
  "$FC_HELM4" template demo "$FC_TGZ" -n fabnet >"$dir/rendered.yaml" 2>"$dir/rendered.err" \
    || { fc_fail "$name: helm template"; return 0; }
  if [[ $mode == commands ]]; then
    "$FC_PYTHON" "$FABCHART_SOURCE_DIR/tests/docs/notes_check.py" "$dir/notes.txt" "$dir/rendered.yaml" \
      "$chart" demo fabnet "$dir/commands.txt" >/dev/null 2>&1
    [[ -s $dir/commands.txt ]] || { fc_fail "$name: no command in NOTES"; return 0; }
    cp "$FC_TGZ" "$dir/"  # the chart file NOTES names, where the commands run
    if grep -qF " $(basename "$FC_TGZ") " "$dir/commands.txt"; then
      fc_pass "$name: NOTES name the chart file $(basename "$FC_TGZ")"
    else
      fc_fail "$name: NOTES do not name the chart file $(basename "$FC_TGZ")"
    fi
    local line
    while IFS= read -r line; do run_command "$dir" "$line"; done <"$dir/commands.txt"
    return 0
  fi
  if "$FC_PYTHON" "$FABCHART_SOURCE_DIR/tests/docs/notes_check.py" "$dir/notes.txt" "$dir/rendered.yaml" \
       "$chart" demo fabnet "$dir/commands.txt" >"$dir/check.log" 2>&1; then
    fc_pass "$name: NOTES match the rendered chart ($(tail -n 1 "$dir/check.log"))"
  else
    fc_fail "$name: NOTES ($(tail -n 1 "$dir/check.log"))"
    grep -v '^ok ' "$dir/check.log" | sed 's/^/      /' | head -n 40
  fi
}

fc_each_sample check_sample
fc_finish
