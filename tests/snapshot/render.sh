#!/usr/bin/env bash
# tests/snapshot/render.sh: the snapshot CronJob as Helm renders it (issue 19).
#   1  raft-2.5 (2.5, NFS) and bft-3.x (3.x): with snapshots.enabled, keep 5
#      and a schedule, tests/snapshot/check_render.py (the CronJob of each peer
#      organization, its lists, the sidecars on the peers' data volumes); the
#      CronJobs, ConfigMaps and peer StatefulSets valid against the strict
#      Kubernetes schemas; without: nothing of it
#   2  fabchart netpol --run-once: of the network's pods the CronJob's reach
#      exactly their own organization's peers on TCP 7051, and no pod reaches
#      them; the long-running workloads' connections are the same with and
#      without snapshots
#   3  seed-kafka (1.4): Helm 3 and 4 refuse snapshots.enabled=true, naming it
#   4  the schedule's grammar: fabchart's validator, with the chart's schema of
#      snapshots.schedule, takes the valid cron schedules and refuses the
#      invalid ones; Helm 4 agrees on two, through the whole chart
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init snapshot_render
fc_require_helm
fc_require_python
fc_require_k8s_schemas
HERE=$FABCHART_SOURCE_DIR/tests/snapshot
SCRIPT=$FABCHART_SOURCE_DIR/chart-skeleton/files/scripts/snapshot.sh
SCHEDULE="*/30 2-4 * * MON-fri"

for name in raft-2.5 bft-3.x; do
  fc_build "$FABCHART_SOURCE_DIR/samples/$name.yaml" "$FC_TMP/$name" || continue
  chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/$name/chart") || { fc_fail "$name: unpack"; continue; }
  [[ $name == raft-2.5 ]] && raft_chart=$chart
  on=$FC_TMP/$name/on.yaml off=$FC_TMP/$name/off.yaml
  if ! "$FC_HELM4" template r "$FC_TGZ" --set snapshots.enabled=true --set snapshots.keep=5 \
    --set-string "snapshots.schedule=$SCHEDULE" >"$on" 2>"$FC_TMP/err" ||
    ! "$FC_HELM4" template r "$FC_TGZ" >"$off" 2>>"$FC_TMP/err"; then
    fc_fail "$name: helm template"; sed 's/^/      /' "$FC_TMP/err"; continue
  fi
  fc_check "$name: snapshots on: CronJobs, ConfigMaps, sidecars" "$FC_PYTHON" "$HERE/check_render.py" \
    "$on" "$chart/values.yaml" "$SCRIPT" --keep 5 --schedule "$SCHEDULE" \
    --objects-out "$FC_TMP/$name/objects.yaml"
  fc_check "$name: snapshots off: none of it" "$FC_PYTHON" "$HERE/check_render.py" \
    "$off" "$chart/values.yaml" "$SCRIPT" --keep 5 --schedule "$SCHEDULE" --off
  fc_check "$name: snapshots on: the CronJobs, ConfigMaps and peers match the strict Kubernetes schemas" \
    "$FC_PYTHON" "$FABCHART_SOURCE_DIR/tests/integration/k8s_validate.py" --schemas "$FC_K8S_SCHEMAS" \
    "$FC_TMP/$name/objects.yaml"
  # 2
  "$FABCHART" netpol --run-once "$on" >"$FC_TMP/$name/netpol" || fc_fail "$name: netpol"
  ns_list=$(sed -n 's/^ *namespace: "\{0,1\}\([a-z0-9-]*\)"\{0,1\}$/\1/p' "$chart/values.yaml" | sort -u | paste -sd'|')
  got=$(grep -E "^[^ ]*/r-snapshots\[CronJob\] => ($ns_list)/" "$FC_TMP/$name/netpol" | sort)
  want=$("$FC_PYTHON" - "$chart/values.yaml" <<'PY' | sort
import sys, yaml
v = yaml.safe_load(open(sys.argv[1]))
for org in v["peerOrganizations"].values():
    if org["join"]["channels"]:
        for p in org["join"]["peers"]:
            print(f"{org['namespace']}/r-snapshots[CronJob] => {org['namespace']}/{p.split('=')[0]}[StatefulSet] : TCP 7051")
PY
  )
  fc_check "$name: netpol: the CronJob reaches exactly its organization's peers on TCP 7051" \
    test -n "$want" -a "$got" = "$want"
  fc_check "$name: netpol: nothing reaches the CronJob's pods" \
    test -z "$(grep -E '=> [^ ]*/r-snapshots\[CronJob\]' "$FC_TMP/$name/netpol")"
  fc_check "$name: netpol: the long-running workloads' connections do not change" \
    diff <("$FABCHART" netpol "$on") <("$FABCHART" netpol "$off")
done

# 3
fc_build "$FABCHART_SOURCE_DIR/samples/seed-kafka.yaml" "$FC_TMP/seed" && seed=$FC_TGZ
for helm in "$FC_HELM3" "$FC_HELM4"; do
  if "$helm" template r "$seed" --set snapshots.enabled=true >/dev/null 2>"$FC_TMP/seed.err"; then
    fc_fail "1.4: $helm accepts snapshots.enabled=true"
  else
    fc_check "1.4: $(basename "$(dirname "$helm")") refuses snapshots.enabled=true, naming it" \
      grep -qE "snapshots(/|\.)enabled" "$FC_TMP/seed.err"
  fi
done

# 4: every case in one run of fabchart's validator, against the schema of
# snapshots.schedule taken from the chart's values.schema.json
tgz=$(ls "$FC_TMP"/raft-2.5/*.tgz)
mkdir -p "$FC_TMP/cron"
"$FC_PYTHON" - "${raft_chart:-none}/values.schema.json" "$FC_TMP/cron" <<'PY' >"$FC_TMP/cron/cases" || fc_fail "cron cases"
import json, sys
schema = json.load(open(sys.argv[1]))["properties"]["snapshots"]["properties"]["schedule"]
json.dump(schema, open(f"{sys.argv[2]}/schema.json", "w"))
cases = [line.split("|", 1) for line in """
# robfig/cron/v3 ParseStandard as Kubernetes validates spec.schedule
valid|0 3 * * *
valid|*/15 * * * *
valid|0 0 1 JAN,jul *
valid|5 4 * * sun-sat
valid|0 0-23/2 ? * 1,3,5
valid|@daily
valid|@every 6h30m
invalid|60 * * * *
invalid|0 24 * * *
invalid|* * * *
invalid|0 3 * * 7
invalid|*/0 * * * *
invalid|0 3 0 * *
invalid|@often
invalid|TZ=UTC 0 3 * * *
""".strip().splitlines() if not line.startswith("#")]
for n, (verdict, schedule) in enumerate(cases):
    json.dump(schedule, open(f"{sys.argv[2]}/case{n}.json", "w"))
    print(f"{n}|{verdict}|{schedule}")
PY
"$FABCHART" validate --schema "$FC_TMP/cron/schema.json" "$FC_TMP"/cron/case*.json >"$FC_TMP/cron/out" 2>&1
while IFS='|' read -r n verdict schedule; do
  got=valid
  grep -q "case$n.json:.*error" "$FC_TMP/cron/out" && got=invalid
  fc_check "schedule '$schedule' is $verdict" test "$got" = "$verdict"
done <"$FC_TMP/cron/cases"
fc_check "15 schedules checked" test "$(wc -l <"$FC_TMP/cron/cases")" -eq 15
fc_check "Helm 4 takes @hourly" "$FC_HELM4" template r "$tgz" --set-string 'snapshots.schedule=@hourly'
if "$FC_HELM4" template r "$tgz" --set-string 'snapshots.schedule=0 3 * *' >/dev/null 2>"$FC_TMP/h.err"; then
  fc_fail "Helm 4 refuses '0 3 * *'"
else
  fc_check "Helm 4 refuses '0 3 * *', naming snapshots.schedule" grep -q "snapshots/schedule" "$FC_TMP/h.err"
fi
fc_finish
