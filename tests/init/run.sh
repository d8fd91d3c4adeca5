#!/usr/bin/env bash
# shellcheck disable=SC2016,SC2317  # sh -c scripts take $1; build_one runs under xargs
# `fabchart init` (issue 20, item 2):
#   matrix       every combination of --fabric (1.4.12 2.5.12 3.0.0 3.1.1) x --consensus
#                (etcdraft BFT kafka solo) x --storage x --exposure that Fabric allows,
#                with several --orgs/--peers counts: each output holds its choices, validates
#                against the schema (python3-jsonschema), has a comment above every key
#                (check_outputs.py), builds with --Werror, and passes `helm lint --strict`
#                with Helm 3 and Helm 4 (one lint run per Helm over all the charts); each
#                combination Fabric does not allow is refused, naming what would run
#   options      bad values are usage errors that list the allowed values; nothing written
#   files        topology.yaml by default, `-` is stdout, an existing file is kept without
#                --force and replaced with it; the $schema line names the installed schema
#                next to the binary, else the schema's $id, or --schema
#   interactive  questions on a terminal (interactive.py, through a pseudo-terminal)
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fc_init init
fc_require_helm
fc_require_python
SCHEMA=$FABCHART_SOURCE_DIR/schemas/topology.schema.json
SCHEMA_ID=$("$FC_PYTHON" -c 'import json, sys; print(json.load(open(sys.argv[1]))["$id"])' "$SCHEMA")

# expect_usage WHAT EXPECTED ARGS...: `fabchart init ARGS` exits 2 and says EXPECTED.
expect_usage() {
  local what=$1 expected=$2 rc=0
  shift 2
  (cd "$FC_TMP/usage" && "$FABCHART" init "$@") >"$FC_TMP/out" 2>"$FC_TMP/err" || rc=$?
  if ((rc == 2)) && grep -qF -- "$expected" "$FC_TMP/err"; then
    fc_pass "$what"
  else
    fc_fail "$what: exit $rc, expected 2 and '$expected' on stderr"
    sed 's/^/      /' "$FC_TMP/err" | head -n 5
  fi
}

# ---- the matrix ------------------------------------------------------------------
# What Fabric runs (written here from src/model.c's rules, not from init's):
# solo and kafka on 1.4 only, etcdraft everywhere from 1.4.1, BFT from 3.0.
allowed() {
  case $2 in
    solo|kafka) [[ $1 == 1.* ]] ;;
    BFT) [[ $1 == 3.* ]] ;;
    etcdraft) true ;;
  esac
}

start=$SECONDS
mkdir -p "$FC_TMP/m" "$FC_TMP/charts" "$FC_TMP/usage"
: >"$FC_TMP/list"
counts=("1 1" "2 2" "3 1" "1 3" "2 1")
n=0
for fabric in 1.4.12 2.5.12 3.0.0 3.1.1; do
  for consensus in etcdraft BFT kafka solo; do
    if ! allowed "$fabric" "$consensus"; then
      expect_usage "refuses $consensus on Fabric $fabric" \
        "consensus '$consensus' " --fabric "$fabric" --consensus "$consensus" -
      continue
    fi
    for storage in default storageClass nfs; do
      for exposure in ClusterIP NodePort LoadBalancer; do
        read -r orgs peers <<<"${counts[n % ${#counts[@]}]}"
        n=$((n + 1))
        name=n$n-$consensus-${fabric//./}
        name=${name,,}
        file=$FC_TMP/m/$name.yaml
        if ! "$FABCHART" init --name "$name" --fabric "$fabric" --consensus "$consensus" \
          --storage "$storage" --exposure "$exposure" --orgs "$orgs" --peers "$peers" \
          "$file" >"$FC_TMP/init.log" 2>&1; then
          fc_fail "init $name: $(cat "$FC_TMP/init.log")"
          continue
        fi
        echo "$file $name $fabric $consensus $orgs $peers $storage $exposure" >>"$FC_TMP/list"
      done
    done
  done
done
# the extremes: 20 organizations, 20 peers, the longest name; the defaults
long=$(printf 'n%.0s' {1..53})
"$FABCHART" init --orgs 20 --peers 2 --exposure NodePort "$FC_TMP/m/orgs20.yaml" >/dev/null &&
  echo "$FC_TMP/m/orgs20.yaml mynetwork 3.1.1 etcdraft 20 2 default NodePort" >>"$FC_TMP/list"
"$FABCHART" init --peers 20 --name "$long" "$FC_TMP/m/peers20.yaml" >/dev/null &&
  echo "$FC_TMP/m/peers20.yaml $long 3.1.1 etcdraft 1 20 default ClusterIP" >>"$FC_TMP/list"
(cd "$FC_TMP/usage" && "$FABCHART" init </dev/null >/dev/null && mv topology.yaml "$FC_TMP/m/defaults.yaml") &&
  echo "$FC_TMP/m/defaults.yaml mynetwork 3.1.1 etcdraft 1 1 default ClusterIP" >>"$FC_TMP/list"
# kafka and solo alone pick Fabric 1.4, BFT 3.x
"$FABCHART" init --consensus kafka "$FC_TMP/m/kafka.yaml" >/dev/null &&
  echo "$FC_TMP/m/kafka.yaml mynetwork 1.4.12 kafka 1 1 default ClusterIP" >>"$FC_TMP/list"
"$FABCHART" init --consensus bft --fabric 3.0 "$FC_TMP/m/bft.yaml" >/dev/null &&
  echo "$FC_TMP/m/bft.yaml mynetwork 3.0.0 BFT 1 1 default ClusterIP" >>"$FC_TMP/list"
outputs=$(wc -l <"$FC_TMP/list")
if ((outputs == 72 + 5)); then
  fc_pass "init wrote $outputs topologies (72 combinations, 5 more)"
else
  fc_fail "init wrote $outputs topologies, expected 77"
fi
fc_check "every output holds its choices, validates and is commented" \
  "$FC_PYTHON" "$HERE/check_outputs.py" "$SCHEMA" "$FC_TMP/list"
grep -E '^[0-9]+ outputs checked' "$FC_TMP/last.log"
# every 2.5 and 3.x output with its one word changed, identities: fabric-ca,
# builds and lints as well (README: the one change a consortium needs)
while read -r file name fabric rest; do
  [[ $fabric == 1.* ]] && continue
  sed 's/^identities: cryptogen$/identities: fabric-ca/' "$file" >"${file%.yaml}-ca.yaml"
  grep -qx 'identities: fabric-ca' "${file%.yaml}-ca.yaml" || fc_fail "$(basename "$file") has no identities: cryptogen line"
  echo "${file%.yaml}-ca.yaml $name $fabric $rest"
done <"$FC_TMP/list" >"$FC_TMP/list-ca"
cat "$FC_TMP/list-ca" >>"$FC_TMP/list"
outputs=$(wc -l <"$FC_TMP/list")

# builds and the two Helms' lints run two at a time (the charts are independent)
build_one() {
  local dir
  dir=$FC_TMP/charts/$(basename "$1" .yaml)
  "$FABCHART" build --Werror "$1" -o "$dir" >"$dir.log" 2>&1 || echo "$1" >>"$FC_TMP/unbuilt"
}
export -f build_one
export FABCHART FC_TMP
cut -d' ' -f1 "$FC_TMP/list" | xargs -P 2 -I{} bash -c 'build_one "$1"' _ {}
if [[ -s $FC_TMP/unbuilt ]]; then
  while read -r file; do
    fc_fail "fabchart build --Werror $(basename "$file"): $(tail -n 5 "$FC_TMP/charts/$(basename "$file" .yaml).log")"
  done <"$FC_TMP/unbuilt"
fi
mapfile -t charts < <(find "$FC_TMP/charts" -name '*.tgz' | sort)
if ((${#charts[@]} == outputs)); then
  fc_pass "all $outputs outputs build with --Werror"
else
  fc_fail "${#charts[@]} of $outputs outputs built"
fi
lints=()
for v in 3 4; do
  helm=FC_HELM$v
  "${!helm}" lint --strict "${charts[@]}" >"$FC_TMP/lint$v.log" 2>&1 &
  lints[v]=$!
done
for v in 3 4; do
  if wait "${lints[v]}"; then
    fc_pass "Helm $v lint --strict passes on all ${#charts[@]} charts"
  else
    fc_fail "Helm $v lint --strict: $(grep -E '^==> |\[(ERROR|WARNING)\]|chart\(s\) failed' "$FC_TMP/lint$v.log" | grep -B1 -E 'ERROR|WARNING|failed' | head -n 20)"
  fi
done
echo "matrix: ${#charts[@]} charts in $((SECONDS - start)) s"

# ---- bad option values ---------------------------------------------------------------
expect_usage "--consensus paxos lists the types" "is not one of etcdraft, BFT, kafka, solo" --consensus paxos -
expect_usage "--fabric 2.4.0 lists the versions" "1.4.x (x >= 1 for etcdraft), 2.5.x or 3.x.y" --fabric 2.4.0 -
expect_usage "--fabric 2.5.x is not a version" "Fabric version '2.5.x' is not one" --fabric 2.5.x -
expect_usage "--fabric 1.4.0 has no etcdraft" "consensus 'etcdraft' needs Fabric 1.4.1 or later; Fabric 1.4.0 runs kafka, solo" --fabric 1.4.0 -
expect_usage "--storage ceph lists the kinds" "storage 'ceph' is not one of default, storageClass, nfs" --storage ceph -
expect_usage "--exposure Ingress lists the types" "exposure 'Ingress' is not one of ClusterIP, NodePort, LoadBalancer" --exposure Ingress -
expect_usage "--orgs 0" "--orgs '0' is not a whole number from 1 to 20" --orgs 0 -
expect_usage "--orgs 21" "--orgs '21' is not a whole number from 1 to 20" --orgs 21 -
expect_usage "--peers 01" "--peers '01' is not a whole number from 1 to 20" --peers 01 -
expect_usage "--peers x" "--peers 'x' is not a whole number from 1 to 20" --peers x -
expect_usage "--name Net_1" "network name 'Net_1' is not a DNS-1123 label of at most 53 characters" --name Net_1 -
expect_usage "--name of 54 characters" "is not a DNS-1123 label of at most 53" --name "${long}n" -
expect_usage "--name ending in -" "network name 'net-' is not" --name net- -
expect_usage "two files" "unexpected argument 'b.yaml'" a.yaml b.yaml
expect_usage "an option of another command" "option '--sign' does not apply to this command" --sign
if [[ -z $(ls -A "$FC_TMP/usage") ]]; then
  fc_pass "no usage error wrote a file"
else
  fc_fail "usage errors left files: $(ls -A "$FC_TMP/usage")"
fi

# ---- files ---------------------------------------------------------------------------
mkdir -p "$FC_TMP/files" || fc_die "no directory"
cd "$FC_TMP/files" || fc_die "no directory"
fc_check "init writes topology.yaml by default" "$FABCHART" init --orgs 2
fc_check "which holds the choice" grep -qx '    organizations: \[org1, org2\]' topology.yaml
cp topology.yaml before.yaml
expect_usage "an existing file is kept" "$FC_TMP/files/topology.yaml exists; give --force to overwrite it" \
  --orgs 3 "$FC_TMP/files/topology.yaml"
fc_check "and left as it was" cmp -s topology.yaml before.yaml
fc_check "--force overwrites it" "$FABCHART" init --orgs 3 --force topology.yaml
fc_check "with the new choice" grep -qx '    organizations: \[org1, org2, org3\]' topology.yaml
fc_check "- writes stdout" sh -c '"$1" init --exposure NodePort - >stdout.yaml && grep -qx "  type: NodePort" stdout.yaml' sh "$FABCHART"
if [[ ! -e ./- ]]; then fc_pass "- is no file"; else fc_fail "init - wrote a file named -"; fi
fc_check "init - writes only the topology on stdout" "$FC_PYTHON" -c \
  'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); sys.exit(d["network"] != "mynetwork")' stdout.yaml
fc_check "the \$schema line names the schema's \$id here" \
  grep -qxF "# yaml-language-server: \$schema=$SCHEMA_ID" stdout.yaml
# an installed layout: PREFIX/bin/fabchart next to PREFIX/share/fabchart/topology.schema.json
mkdir -p prefix/bin prefix/share/fabchart
cp "$FABCHART" prefix/bin/fabchart && cp "$SCHEMA" prefix/share/fabchart/
fc_check "installed, the \$schema line names PREFIX/share/fabchart/topology.schema.json" \
  sh -c '"$1" init - | head -n 1 | grep -qxF "# yaml-language-server: \$schema=$2"' sh \
  "$PWD/prefix/bin/fabchart" "$PWD/prefix/share/fabchart/topology.schema.json"
fc_check "--schema names another" \
  sh -c '"$1" init --schema ../schemas/topology.schema.json - | head -n 1 | grep -qxF "# yaml-language-server: \$schema=../schemas/topology.schema.json"' sh "$FABCHART"
fc_check "--schema '' writes no \$schema line" \
  sh -c '"$1" init --schema "" - | head -n 1 | grep -q "^# A Hyperledger Fabric network"' sh "$FABCHART"
fc_check "init --help names every option" sh -c \
  'h=$("$1" init --help) && for o in name fabric consensus orgs peers storage exposure schema force; do case $h in *--$o*) ;; *) exit 1 ;; esac; done' sh "$FABCHART"
cd "$FC_TMP" || fc_die "no directory"

# ---- on a terminal -------------------------------------------------------------------
mkdir -p "$FC_TMP/tty"
fc_check "interactive mode through a pseudo-terminal" "$FC_PYTHON" "$HERE/interactive.py" "$FABCHART" "$FC_TMP/tty"
grep -E 'failures$' "$FC_TMP/last.log"

fc_finish
