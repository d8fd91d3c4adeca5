# shellcheck shell=bash disable=SC2034  # variables set here are used by the tests
# tests/integration/lib.sh: what the integration tests share.
#
# Sourced by tests/integration/*.sh, which ctest runs (tests/integration.cmake)
# with FABCHART, FABCHART_SOURCE_DIR, FABCHART_BINARY_DIR and FABCHART_EXT_DIR
# in the environment. Provides:
#   fc_init NAME          start a test: temp dir $FC_TMP (removed on exit), counters
#   fc_skip WHAT [HINT]   a tool or data set is missing: exit 77 (ctest reports
#                         the test Skipped), except under CI=true where it fails
#   fc_require_* ...      find a tool, or fc_skip (fc_require_fabric_ca: Skipped
#                         even under CI, which has no fabric-ca build)
#   fc_samples            the topologies to check: samples/*.yaml (or $FC_SAMPLES)
#   fc_build SAMPLE DIR   run `$FABCHART build SAMPLE -o DIR`; sets FC_TGZ
#   fc_pass / fc_fail     count one check
#   fc_finish             print "N passed, N failed" and exit accordingly
#   fc_require_gpg_key    a temporary GnuPG home with a signing key (see below)
#   fc_free_port          print a free TCP port on 127.0.0.1
#   fc_wait_http URL      wait (bounded) until URL answers
# Variables: FC_HELM3, FC_HELM4, FC_PYTHON, FC_NODE_DIR, FC_K8S_SCHEMAS,
#            FC_GPG_KEY, FC_PUBRING, FC_HERE (this directory).
set -uo pipefail

FC_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
FC_PASSED=0
FC_FAILED=0
FC_TEST=${FC_TEST:-integration}
FC_TMP=

fc_die() {  # a failure of the test itself (not of one check): exit 1 now
  printf '%s: error: %s\n' "$FC_TEST" "$*" >&2
  printf '%d passed, %d failed\n' "$FC_PASSED" "$((FC_FAILED + 1))"
  exit 1
}

FC_CLEANUPS=()  # commands run on exit, newest first (servers, agents)
fc_on_exit() { FC_CLEANUPS=("$*" "${FC_CLEANUPS[@]}"); }
fc_cleanup() {
  local c
  for c in "${FC_CLEANUPS[@]}"; do eval "$c" >/dev/null 2>&1; done
  [[ -z "$FC_TMP" ]] || rm -rf "$FC_TMP"
}

fc_init() {
  FC_TEST=$1
  : "${FABCHART:?FABCHART is not set (run this through ctest)}"
  : "${FABCHART_SOURCE_DIR:?FABCHART_SOURCE_DIR is not set (run this through ctest)}"
  FABCHART_EXT_DIR=${FABCHART_EXT_DIR:-$FABCHART_SOURCE_DIR/../shared/ext}
  FC_TMP=$(mktemp -d "${TMPDIR:-/tmp}/fc-$FC_TEST.XXXXXX") || fc_die "mktemp failed"
  trap fc_cleanup EXIT
  trap 'exit 130' INT TERM
  echo "== $FC_TEST"
}

# fc_skip WHAT [HINT]: a tool or data set is missing.  Outside CI the test is
# skipped: one line on stderr and exit 77, which ctest reports as "Skipped"
# (every test that can skip has SKIP_RETURN_CODE 77, see fc_test_can_skip in
# CMakeLists.txt).  Under CI=true a missing tool is a failure (exit 1).
# Needs no fc_init: the golden, netpol and limits scripts use it too, with
# FC_TEST set to their name.
FC_SKIP_STATUS=77
fc_skip() {
  local hint=${2:-scripts/install-test-tools installs it}
  if [[ "${CI:-}" == true ]]; then
    fc_die "$1 missing (required under CI=true; $hint)"
  fi
  printf '%s: skipped: %s missing (%s)\n' "$FC_TEST" "$1" "$hint" >&2
  exit "$FC_SKIP_STATUS"
}

# fc_require_cmd CMD [WHAT]: CMD on PATH, or fc_skip.
fc_require_cmd() {
  command -v "$1" >/dev/null 2>&1 || fc_skip "${2:-$1}"
}

fc_pass() { FC_PASSED=$((FC_PASSED + 1)); printf 'ok    %s\n' "$*"; }
fc_fail() { FC_FAILED=$((FC_FAILED + 1)); printf 'FAIL  %s\n' "$*"; }

# fc_expect_lines DESCRIPTION EXPECTED GOT [LOG...]: pass when GOT is EXPECTED
# (lines, e.g. the calls a recording fake saw); else fail with the diff and the
# last lines of each LOG
fc_expect_lines() {
  local what=$1 want=$2 got=$3
  shift 3
  if [[ "$got" == "$want" ]]; then
    fc_pass "$what"
  else
    fc_fail "$what"
    diff <(echo "$want") <(echo "$got") | sed 's/^/      /'
    (($# == 0)) || tail -q -n 5 "$@" | sed 's/^/      log: /'
  fi
}

# fc_check DESCRIPTION CMD...: run CMD with its output in $FC_TMP/last.log;
# pass or fail on its exit status (the output is shown on failure).
fc_check() {
  local what=$1; shift
  if "$@" >"$FC_TMP/last.log" 2>&1; then
    fc_pass "$what"
  else
    fc_fail "$what (exit $?): $*"
    sed 's/^/      /' "$FC_TMP/last.log" | head -n 60
  fi
}

fc_finish() {
  printf '%d passed, %d failed\n' "$FC_PASSED" "$FC_FAILED"
  ((FC_FAILED == 0)) || exit 1
  ((FC_PASSED > 0)) || fc_die "nothing was checked"
  exit 0
}

# ---- tools -------------------------------------------------------------------
fc_require_helm() {  # sets FC_HELM3 and FC_HELM4 (overridable from the environment)
  FC_HELM3=${FC_HELM3:-$FABCHART_SOURCE_DIR/.tools/helm3/helm}
  FC_HELM4=${FC_HELM4:-$FABCHART_SOURCE_DIR/.tools/helm4/helm}
  [[ -x "$FC_HELM3" ]] || fc_skip "helm (Helm 3 at $FC_HELM3)"
  [[ -x "$FC_HELM4" ]] || fc_skip "helm (Helm 4 at $FC_HELM4)"
  # A throwaway Helm home and no cluster: nothing from the user's setup leaks in.
  export HELM_CONFIG_HOME="$FC_TMP/helm/config" HELM_CACHE_HOME="$FC_TMP/helm/cache"
  export HELM_DATA_HOME="$FC_TMP/helm/data" KUBECONFIG="$FC_TMP/helm/no-kubeconfig"
  unset HELM_NAMESPACE HELM_KUBECONTEXT HELM_KUBETOKEN HELM_KUBEAPISERVER HELM_DRIVER
  mkdir -p "$HELM_CONFIG_HOME" "$HELM_CACHE_HOME" "$HELM_DATA_HOME"
}

fc_require_python() {  # sets FC_PYTHON: a python3 with jsonschema and yaml
  local p
  for p in ${FC_PYTHON:-} /usr/bin/python3 python3; do
    if command -v "$p" >/dev/null 2>&1 && "$p" -c 'import jsonschema, yaml' 2>/dev/null; then
      FC_PYTHON=$(command -v "$p")
      return 0
    fi
  done
  fc_skip "python3 with jsonschema and yaml (python3-jsonschema, python3-yaml)"
}

fc_require_node_models() {  # sets FC_NODE_DIR
  FC_NODE_DIR=${FC_NODE_DIR:-$FABCHART_SOURCE_DIR/.tools/node}
  fc_require_cmd node
  [[ -f "$FC_NODE_DIR/node_modules/kubernetes-models/package.json" ]] \
    || fc_skip "node module kubernetes-models (in $FC_NODE_DIR)"
}

fc_require_yamllint() {
  fc_require_cmd yamllint
}

FC_EXT_HINT="it comes with the shared folder ../shared/ext; cmake -DFC_EXT_DIR=... points to it"

# fc_require_ext NAME: the external data set $FABCHART_EXT_DIR/NAME, or fc_skip.
fc_require_fabric_ca() {  # sets FC_FABRIC_CA_BIN: fabric-ca-server and -client; else Skipped, also under CI
  FC_FABRIC_CA_BIN=${FC_FABRIC_CA_BIN_DIR:-}
  if [[ -z "$FC_FABRIC_CA_BIN" || ! -x "$FC_FABRIC_CA_BIN/fabric-ca-server" || ! -x "$FC_FABRIC_CA_BIN/fabric-ca-client" ]]; then
    echo "$FC_TEST: skipped: FC_FABRIC_CA_BIN_DIR (fabric-ca-server, fabric-ca-client) not set" >&2
    exit 77
  fi
}

fc_require_ext() {
  [[ -n "${FABCHART_EXT_DIR:-}" && -d "$FABCHART_EXT_DIR/$1" ]] \
    || fc_skip "ext data $1 (at ${FABCHART_EXT_DIR:-FABCHART_EXT_DIR unset}/$1)" "$FC_EXT_HINT"
}

fc_require_k8s_schemas() {  # sets FC_K8S_SCHEMAS
  FC_K8S_SCHEMAS=$FABCHART_EXT_DIR/k8s-schemas
  [[ -f "$FC_K8S_SCHEMAS/SOURCE.md" ]] \
    || fc_skip "ext data k8s-schemas (at $FC_K8S_SCHEMAS)" "$FC_EXT_HINT"
}

# ---- samples and charts ------------------------------------------------------
# fc_samples: print the sample topologies, one a line; none is a failure.
fc_samples() {
  local s found=0
  if [[ -n "${FC_SAMPLES:-}" ]]; then
    for s in $FC_SAMPLES; do echo "$s"; found=1; done
  else
    for s in "$FABCHART_SOURCE_DIR"/samples/*.yaml; do
      [[ -f "$s" ]] || continue
      echo "$s"; found=1
    done
  fi
  ((found)) || { echo "no samples found in $FABCHART_SOURCE_DIR/samples" >&2; return 1; }
}

# fc_each_sample FUNCTION: call FUNCTION SAMPLE NAME for each sample.
fc_each_sample() {
  local list s
  list=$(fc_samples) || fc_die "no sample topologies (samples/*.yaml)"
  while IFS= read -r s; do
    "$1" "$s" "$(basename "$s" .yaml)"
  done <<< "$list"
}

# fc_build SAMPLE DIR: build SAMPLE's chart into DIR (created); on success set
# FC_TGZ to the one .tgz it wrote and return 0; on failure count a failed check.
fc_build() {
  local sample=$1 dir=$2 name
  name=$(basename "$sample" .yaml)
  FC_TGZ=
  mkdir -p "$dir"
  local rc=0
  "$FABCHART" build "$sample" -o "$dir" >"$dir.log" 2>&1 || rc=$?
  if ((rc != 0)); then
    fc_fail "$name: fabchart build failed (exit $rc)"
    sed 's/^/      /' "$dir.log" | head -n 40
    return 1
  fi
  local tgzs=("$dir"/*.tgz)
  if [[ ${#tgzs[@]} -ne 1 || ! -f "${tgzs[0]}" ]]; then
    fc_fail "$name: fabchart build wrote $(find "$dir" -maxdepth 1 -name '*.tgz' | wc -l) .tgz files into the output directory, expected 1"
    return 1
  fi
  FC_TGZ=${tgzs[0]}
}

# fc_render HELM TGZ OUT: `helm template` TGZ into the file OUT.
fc_render() {
  "$1" template fc-it "$2" >"$3" 2>"$3.err"
}

# fc_unpack TGZ DIR: unpack a chart; prints the chart's directory.
fc_unpack() {
  mkdir -p "$2" && tar -xzf "$1" -C "$2" || return 1
  local d=("$2"/*/)
  [[ ${#d[@]} -eq 1 && -d "${d[0]}" ]] || { echo "expected one top-level directory in $1" >&2; return 1; }
  printf '%s\n' "${d[0]%/}"
}

# fc_identities_generate FILES WORK BIN MAJOR: the chart's identity Job's generate
# step (FILES/scripts/identities.sh, FILES its /config) run here in WORK with the
# real tools of BIN (cryptogen...) for Fabric MAJOR, no channel artifacts; its
# output in WORK.log.  1 when it fails.
fc_identities_generate() {
  mkdir -p "$2"
  sed "s#/config/#$1/#g" "$1/scripts/identities.sh" >"$2.sh"
  (cd "$2" && PATH=$3:$PATH WORK=. FABRIC_MAJOR=$4 CHANNELS="" sh "$2.sh" generate) >"$2.log" 2>&1
}

# fc_plan_path FILES NAME KEY [NS]: the path the identity plan (FILES/identities.plan)
# uploads key KEY of the Secret NAME from (in namespace NS, default its first).
fc_plan_path() {
  awk -v n="$2" -v k="$3" -v ns="${4:-}" '$2 == n && $3 == "files" && (ns == "" || $1 == ns) {
    for (i = 4; i <= NF; i++) { split($i, a, "="); if (a[1] == k) { split(a[2], b, ","); print b[1]; exit } }
  }' "$1/identities.plan"
}

# ---- signing and servers -----------------------------------------------------
# fc_require_gpg_key: GNUPGHOME=$FC_TMP/gnupg (its gpg-agent stopped on exit)
# with a passphrase-less RSA key FC_GPG_KEY (an e-mail address) whose
# signatures use SHA512, and FC_PUBRING, the exported public keyring that
# `helm verify --keyring` reads.
fc_require_gpg_key() {
  fc_require_cmd gpg "gpg (gnupg)"
  fc_require_cmd gpgconf "gpgconf (gnupg)"
  export GNUPGHOME="$FC_TMP/gnupg"
  mkdir -m 700 "$GNUPGHOME"
  fc_on_exit "GNUPGHOME='$GNUPGHOME' gpgconf --kill gpg-agent"
  echo 'personal-digest-preferences SHA512' >"$GNUPGHOME/gpg.conf"
  FC_GPG_KEY=signer@fabchart.invalid
  timeout 60 gpg --batch --passphrase '' --quick-gen-key "fabchart test <$FC_GPG_KEY>" rsa2048 \
    sign never >"$FC_TMP/keygen.log" 2>&1 \
    || { cat "$FC_TMP/keygen.log"; fc_die "gpg could not generate a key"; }
  FC_PUBRING="$FC_TMP/pubring.gpg"
  gpg --export >"$FC_PUBRING" || fc_die "gpg --export failed"
}

fc_free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# fc_wait_http URL [SECONDS]: 0 once URL answers (any HTTP status), 1 after SECONDS (10).
fc_wait_http() {
  local i
  for ((i = 0; i < ${2:-10} * 10; i++)); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    sleep 0.1
  done
  return 1
}

# fc_start_registry NAME [CONFIG_YAML]: Debian's docker-registry (distribution)
# on a free port of 127.0.0.1, storing under $FC_TMP/NAME, with CONFIG_YAML
# (e.g. an auth: section) appended to its configuration; stopped on exit.
# Sets REG (host:port).
fc_start_registry() {
  local dir="$FC_TMP/$1" port pid
  port=$(fc_free_port) || fc_die "no free port"
  mkdir -p "$dir/data"
  {
    printf 'version: 0.1\nlog:\n  level: warn\n  accesslog:\n    disabled: true\n'
    printf 'storage:\n  filesystem:\n    rootdirectory: %s\n' "$dir/data"
    printf 'http:\n  addr: 127.0.0.1:%s\n  secret: fabchart-test\n' "$port"
    printf '%s' "${2:-}"
  } >"$dir/config.yml"
  docker-registry serve "$dir/config.yml" >"$dir/registry.log" 2>&1 &
  pid=$!
  fc_on_exit "kill $pid; wait $pid"
  REG="127.0.0.1:$port"
  fc_wait_http "http://$REG/v2/" 15 || { cat "$dir/registry.log"; fc_die "docker-registry did not start"; }
}
