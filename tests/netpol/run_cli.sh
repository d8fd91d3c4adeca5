#!/usr/bin/env bash
# netpol_cli: the `fabchart netpol` command line.  Inputs (a file, a
# directory with subdirectories, stdin, several arguments), the four output
# formats byte for byte, --check (equal, different, unreadable), usage errors
# (exit 2), I/O errors (exit 3), rejected manifests (exit 1, positioned
# diagnostics) and help.  Prints PASS/FAIL per check and "N passed, N failed".
set -u
: "${FABCHART:?FABCHART must name the fabchart binary}"
tmp=$(mktemp -d "${TMPDIR:-/tmp}/fabchart-netpol-cli.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT

passed=0 failed=0
pass() { echo "PASS $1"; passed=$((passed + 1)); }
fail() {
  echo "FAIL $1"; shift
  [[ $# -gt 0 ]] && printf '%s\n' "$@" | head -n 40 | sed 's/^/  /'
  failed=$((failed + 1))
}
n=0
# fc ARGS...: runs fabchart; sets rc, and out/err to the files of stdout/stderr.
fc() {
  n=$((n + 1)); out=$tmp/out.$n; err=$tmp/err.$n
  "$FABCHART" "$@" >"$out" 2>"$err" </dev/null; rc=$?
  if grep -qE 'runtime error:|AddressSanitizer|LeakSanitizer' "$err"; then
    fail "sanitizer report from: fabchart $*" "$(cat "$err")"
  fi
}
expect_rc() {
  if [[ $rc -eq $2 ]]; then pass "$1 (exit $rc)"; else
    fail "$1: exit $rc, expected $2" "stdout: $(head -c 2000 "$out")" "stderr: $(head -c 2000 "$err")"
  fi
}
# expect_out NAME FILE: stdout equals FILE.
expect_out() {
  if cmp -s "$out" "$2"; then pass "$1"; else fail "$1" "$(diff "$2" "$out")"; fi
}

# ---- a small network: a peer that the CLI and 10.0.0.0/8 reach --------------
cat >"$tmp/net.yaml" <<'YAML'
# Source: fabric/templates/namespace.yaml
apiVersion: v1
kind: Namespace
metadata: {name: org1, labels: {fabric/org: org1}}
---
# Source: fabric/templates/peer.yaml
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: peer0, namespace: org1}
spec:
  template:
    metadata: {labels: {app: peer}}
    spec:
      containers:
      - name: peer
        ports: [{name: grpc, containerPort: 7051}, {name: chaincode, containerPort: 7052}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: cli, namespace: org1}
spec:
  template:
    metadata: {labels: {app: cli}}
    spec: {containers: [{name: cli}]}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: peer, namespace: org1}
spec:
  podSelector: {matchLabels: {app: peer}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: cli}}}]
    ports: [{port: grpc}]
  - from: [{ipBlock: {cidr: 10.0.0.0/8}}]
    ports: [{port: 7051}, {port: 9000, endPort: 9010, protocol: UDP}]
---
YAML
cat >"$tmp/net.txt" <<'TXT'
0.0.0.0-9.255.255.255[External] => org1/cli[Deployment] : All Connections
10.0.0.0-10.255.255.255[External] => org1/cli[Deployment] : All Connections
10.0.0.0-10.255.255.255[External] => org1/peer0[StatefulSet] : TCP 7051,UDP 9000-9010
11.0.0.0-255.255.255.255[External] => org1/cli[Deployment] : All Connections
org1/cli[Deployment] => 0.0.0.0-255.255.255.255[External] : All Connections
org1/cli[Deployment] => org1/peer0[StatefulSet] : TCP 7051
org1/peer0[StatefulSet] => 0.0.0.0-255.255.255.255[External] : All Connections
org1/peer0[StatefulSet] => org1/cli[Deployment] : All Connections
TXT

fc netpol "$tmp/net.yaml"
expect_rc "netpol FILE" 0
expect_out "text format" "$tmp/net.txt"
[[ -s $err ]] && fail "netpol FILE: unexpected stderr" "$(cat "$err")"

n=$((n + 1)); out=$tmp/out.$n
"$FABCHART" netpol <"$tmp/net.yaml" >"$out" 2>"$tmp/err.$n"; rc=$?
expect_rc "netpol with no argument reads stdin" 0
expect_out "stdin: same list" "$tmp/net.txt"
n=$((n + 1)); out=$tmp/out.$n
"$FABCHART" netpol - <"$tmp/net.yaml" >"$out" 2>"$tmp/err.$n"; rc=$?
expect_rc "netpol - reads stdin" 0
expect_out "-: same list" "$tmp/net.txt"

# the same objects spread over a directory tree, JSON included; other files ignored
mkdir -p "$tmp/dir/sub" "$tmp/dir/.hidden"
awk -v T="$tmp" 'BEGIN{f=0} /^---$/{f++; next} {print > (T "/part" f)}' "$tmp/net.yaml"
cp "$tmp/part0" "$tmp/dir/a-namespace.yaml"
cp "$tmp/part1" "$tmp/dir/sub/peer.yml"
cat >"$tmp/dir/cli.json" <<'JSON'
{"apiVersion": "v1", "kind": "List", "items": [
  {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "cli", "namespace": "org1"},
   "spec": {"template": {"metadata": {"labels": {"app": "cli"}}, "spec": {"containers": [{"name": "cli"}]}}}}]}
JSON
cp "$tmp/part3" "$tmp/dir/sub/policy.yaml"
echo "not: [a manifest" >"$tmp/dir/notes.txt"
echo "kind: Pod" >"$tmp/dir/.hidden/x.yaml"
fc netpol "$tmp/dir"
expect_rc "netpol DIR" 0
expect_out "DIR: same list" "$tmp/net.txt"
fc netpol "$tmp/dir/a-namespace.yaml" "$tmp/dir/cli.json" "$tmp/dir/sub"
expect_rc "netpol FILE FILE DIR" 0
expect_out "several arguments: one cluster" "$tmp/net.txt"

# ---- formats ------------------------------------------------------------------
fc netpol "$tmp/net.yaml" --format csv
expect_rc "--format csv" 0
cat >"$tmp/want" <<'CSV'
src,dst,conn
0.0.0.0-9.255.255.255[External],org1/cli[Deployment],All Connections
10.0.0.0-10.255.255.255[External],org1/cli[Deployment],All Connections
10.0.0.0-10.255.255.255[External],org1/peer0[StatefulSet],"TCP 7051,UDP 9000-9010"
11.0.0.0-255.255.255.255[External],org1/cli[Deployment],All Connections
org1/cli[Deployment],0.0.0.0-255.255.255.255[External],All Connections
org1/cli[Deployment],org1/peer0[StatefulSet],TCP 7051
org1/peer0[StatefulSet],0.0.0.0-255.255.255.255[External],All Connections
org1/peer0[StatefulSet],org1/cli[Deployment],All Connections
CSV
expect_out "csv: header, quoted lists" "$tmp/want"

fc netpol "$tmp/net.yaml" --format json
expect_rc "--format json" 0
A='"all": true, "ports": {"SCTP": [[1, 65535]], "TCP": [[1, 65535]], "UDP": [[1, 65535]]}}'
cat >"$tmp/want" <<JSON
{
  "peers": [
    {"name": "0.0.0.0-255.255.255.255[External]", "kind": "External", "first": "0.0.0.0", "last": "255.255.255.255"},
    {"name": "0.0.0.0-9.255.255.255[External]", "kind": "External", "first": "0.0.0.0", "last": "9.255.255.255"},
    {"name": "10.0.0.0-10.255.255.255[External]", "kind": "External", "first": "10.0.0.0", "last": "10.255.255.255"},
    {"name": "11.0.0.0-255.255.255.255[External]", "kind": "External", "first": "11.0.0.0", "last": "255.255.255.255"},
    {"name": "org1/cli[Deployment]", "kind": "Deployment", "namespace": "org1", "workload": "cli"},
    {"name": "org1/peer0[StatefulSet]", "kind": "StatefulSet", "namespace": "org1", "workload": "peer0"}
  ],
  "connections": [
    {"src": "0.0.0.0-9.255.255.255[External]", "dst": "org1/cli[Deployment]", "conn": "All Connections", $A,
    {"src": "10.0.0.0-10.255.255.255[External]", "dst": "org1/cli[Deployment]", "conn": "All Connections", $A,
    {"src": "10.0.0.0-10.255.255.255[External]", "dst": "org1/peer0[StatefulSet]", "conn": "TCP 7051,UDP 9000-9010", "all": false, "ports": {"TCP": [[7051, 7051]], "UDP": [[9000, 9010]]}},
    {"src": "11.0.0.0-255.255.255.255[External]", "dst": "org1/cli[Deployment]", "conn": "All Connections", $A,
    {"src": "org1/cli[Deployment]", "dst": "0.0.0.0-255.255.255.255[External]", "conn": "All Connections", $A,
    {"src": "org1/cli[Deployment]", "dst": "org1/peer0[StatefulSet]", "conn": "TCP 7051", "all": false, "ports": {"TCP": [[7051, 7051]]}},
    {"src": "org1/peer0[StatefulSet]", "dst": "0.0.0.0-255.255.255.255[External]", "conn": "All Connections", $A,
    {"src": "org1/peer0[StatefulSet]", "dst": "org1/cli[Deployment]", "conn": "All Connections", $A
  ]
}
JSON
expect_out "json: peers and connections with port ranges" "$tmp/want"
if command -v python3 >/dev/null && ! python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$out"; then
  fail "json: not valid JSON"
fi

fc netpol "$tmp/net.yaml" --format dot
expect_rc "--format dot" 0
cat >"$tmp/want" <<'DOT'
digraph netpol {
	rankdir=LR
	node [shape=box style=rounded fontname="Helvetica" fontsize=11]
	edge [fontname="Helvetica" fontsize=9]
	"0.0.0.0-255.255.255.255[External]" [label="0.0.0.0-255.255.255.255" shape=ellipse]
	"0.0.0.0-9.255.255.255[External]" [label="0.0.0.0-9.255.255.255" shape=ellipse]
	"10.0.0.0-10.255.255.255[External]" [label="10.0.0.0-10.255.255.255" shape=ellipse]
	"11.0.0.0-255.255.255.255[External]" [label="11.0.0.0-255.255.255.255" shape=ellipse]
	subgraph "cluster_org1" {
		label="org1"
		style=dashed
		"org1/cli[Deployment]" [label="cli\n[Deployment]"]
		"org1/peer0[StatefulSet]" [label="peer0\n[StatefulSet]"]
	}
	"0.0.0.0-9.255.255.255[External]" -> "org1/cli[Deployment]" [label="All Connections"]
	"10.0.0.0-10.255.255.255[External]" -> "org1/cli[Deployment]" [label="All Connections"]
	"10.0.0.0-10.255.255.255[External]" -> "org1/peer0[StatefulSet]" [label="TCP 7051,UDP 9000-9010"]
	"11.0.0.0-255.255.255.255[External]" -> "org1/cli[Deployment]" [label="All Connections"]
	"org1/cli[Deployment]" -> "0.0.0.0-255.255.255.255[External]" [label="All Connections"]
	"org1/cli[Deployment]" -> "org1/peer0[StatefulSet]" [label="TCP 7051"]
	"org1/peer0[StatefulSet]" -> "0.0.0.0-255.255.255.255[External]" [label="All Connections"]
	"org1/peer0[StatefulSet]" -> "org1/cli[Deployment]" [label="All Connections"]
}
DOT
expect_out "dot: a cluster per namespace" "$tmp/want"
if command -v dot >/dev/null && ! dot -Tsvg "$out" >/dev/null; then fail "dot: Graphviz rejects the graph"; fi

# ---- --check --------------------------------------------------------------------
sort -r "$tmp/net.txt" | sed 's/$/  /' >"$tmp/expect-any-order"   # order and trailing blanks do not matter
fc netpol "$tmp/net.yaml" --check "$tmp/expect-any-order"
expect_rc "--check equal" 0
echo "8 connections as expected in $tmp/expect-any-order" >"$tmp/want"
expect_out "--check equal: verdict" "$tmp/want"

grep -v 'org1/cli\[Deployment\] => org1/peer0' "$tmp/net.txt" >"$tmp/expect-closed"
echo "org1/peer0[StatefulSet] => org1/cli[Deployment] : TCP 8080" >>"$tmp/expect-closed"
fc netpol "$tmp/net.yaml" --check "$tmp/expect-closed"
expect_rc "--check different" 1
cat >"$tmp/want" <<TXT
connections differ from $tmp/expect-closed: 1 expected but not allowed (-), 1 allowed but not expected (+)
- org1/peer0[StatefulSet] => org1/cli[Deployment] : TCP 8080
+ org1/cli[Deployment] => org1/peer0[StatefulSet] : TCP 7051
TXT
expect_out "--check different: the lines missing and unexpected" "$tmp/want"

fc netpol "$tmp/net.yaml" --check "$tmp/no-such-file"
expect_rc "--check unreadable EXPECT" 3

# ---- usage errors ---------------------------------------------------------------
fc netpol "$tmp/net.yaml" --format yaml
expect_rc "--format yaml" 2
grep -q "text, csv, json or dot, not 'yaml'" "$err" || fail "--format yaml: message" "$(cat "$err")"
fc netpol "$tmp/net.yaml" --format json --check "$tmp/net.txt"
expect_rc "--check with --format json" 2
fc netpol "$tmp/net.yaml" --force
expect_rc "an option of another command" 2
fc validate "$tmp/net.yaml" --format csv
expect_rc "validate --format csv is still a usage error" 2
fc netpol --check
expect_rc "--check without a value" 2

# ---- I/O errors -----------------------------------------------------------------
fc netpol "$tmp/no-such-file.yaml"
expect_rc "missing input" 3
mkdir -p "$tmp/empty"
fc netpol "$tmp/empty"
expect_rc "directory without manifests" 3
grep -q "no .yaml, .yml or .json file" "$err" || fail "empty directory: message" "$(cat "$err")"

# ---- rejected manifests: every error, positioned, nothing on stdout --------------
cat >"$tmp/bad.yaml" <<'YAML'
kind: NetworkPolicy
metadata: {name: p, namespace: org1}
spec:
  ingress:
  - ports: [{port: 70000}, {port: http, protocol: tcp}]
---
kind: Pod
metadata: {name: a}
---
kind: Pod
metadata: {name: a}
YAML
fc netpol "$tmp/bad.yaml"
expect_rc "rejected manifests" 1
cat >"$tmp/want" <<TXT
$tmp/bad.yaml:5:20: error: port 70000 is outside 1-65535 [netpol-port]
$tmp/bad.yaml:5:51: error: protocol 'tcp' is not TCP, UDP or SCTP [netpol-port]
2 errors, 0 warnings
TXT
# (the duplicate Pod is found by the analysis, which does not run after errors)
if cmp -s "$err" "$tmp/want"; then pass "rejected: diagnostics"
else fail "rejected: diagnostics" "$(cat "$err")"; fi
[[ -s $out ]] && fail "rejected: stdout not empty" "$(cat "$out")"
sed -i '1,6d' "$tmp/bad.yaml"
fc netpol "$tmp/bad.yaml"
expect_rc "duplicate pod" 1
grep -q "bad.yaml:5:18: error: Pod 'default/a' is defined twice \[netpol-duplicate\]" "$err" &&
  grep -q "bad.yaml:2:18: note: first defined here" "$err" ||
  fail "duplicate pod: diagnostic and note" "$(cat "$err")"

# warnings do not stop the list
cat >"$tmp/warn.yaml" <<'YAML'
kind: Pod
metadata: {name: a}
---
kind: NetworkPolicy
metadata: {name: p}
spec:
  ingress: [{ports: [{port: metrics}]}]
YAML
fc netpol "$tmp/warn.yaml"
expect_rc "a warning" 0
grep -q "warn.yaml:7:22: warning: named port 'metrics' (TCP) of NetworkPolicy 'default/p' matches no container port of the pods it reaches \[netpol-named-port\]" "$err" ||
  fail "named-port warning" "$(cat "$err")"
echo "default/a[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections" >"$tmp/want"
expect_out "a warning: the list" "$tmp/want"

# ---- run-once objects: hooks, helm test pods, Jobs, CronJobs ----------------------
# left out by default (issue 14 point 7), kept with --run-once; a Pod that a Job
# controls (a live cluster's listing) still counts
cat >"$tmp/hooks.yaml" <<'YAML'
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: app, labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: r-test, namespace: app, annotations: {helm.sh/hook: test}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: migrate, namespace: app, annotations: {"helm.sh/hook": "pre-install,pre-upgrade"}}
spec: {template: {metadata: {labels: {app: m}}}}
---
apiVersion: batch/v1
kind: Job
metadata: {name: seed, namespace: app}
spec: {template: {metadata: {labels: {app: s}}}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: backup, namespace: app}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {app: b}}}}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: seed-x7k2p
  namespace: app
  ownerReferences: [{apiVersion: batch/v1, kind: Job, name: old, controller: true, uid: u}]
YAML
fc netpol "$tmp/hooks.yaml"
expect_rc "hooks, tests and Jobs left out" 0
printf '%s\n' "0.0.0.0-255.255.255.255[External] => app/old[Job] : All Connections" \
  "0.0.0.0-255.255.255.255[External] => app/web[Pod] : All Connections" \
  "app/old[Job] => 0.0.0.0-255.255.255.255[External] : All Connections" \
  "app/old[Job] => app/web[Pod] : All Connections" \
  "app/web[Pod] => 0.0.0.0-255.255.255.255[External] : All Connections" \
  "app/web[Pod] => app/old[Job] : All Connections" >"$tmp/want"
expect_out "only long-running workloads (and a Job's live pod)" "$tmp/want"
fc netpol --run-once "$tmp/hooks.yaml"
expect_rc "--run-once" 0
for peer in "app/r-test[Pod]" "app/migrate[Deployment]" "app/seed[Job]" "app/backup[CronJob]"; do
  grep -qF "$peer => app/web[Pod]" "$out" && pass "--run-once keeps $peer" ||
    fail "--run-once lacks $peer" "$(cat "$out")"
done
fc netpol --run-once --topology "$tmp/hooks.yaml"
expect_rc "--run-once with --topology" 2

# ---- help -------------------------------------------------------------------------
fc netpol --help
expect_rc "netpol --help" 0
grep -q '^usage: fabchart netpol' "$out" || fail "netpol --help: usage" "$(cat "$out")"
fc help netpol
expect_rc "help netpol" 0
fc --help
grep -q '^  netpol ' "$out" && pass "--help lists netpol" || fail "--help does not list netpol" "$(cat "$out")"

echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
