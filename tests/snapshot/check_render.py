#!/usr/bin/env python3
"""The snapshot CronJob and the peers' pruning sidecars in one `helm template`
output (tests/snapshot/render.sh).

usage: check_render.py RENDERED.yaml VALUES.yaml SCRIPT --keep N --schedule S [--off]
                       [--objects-out FILE]

With snapshots.enabled (default): in each peer organization's namespace with
channels, one CronJob on S whose container runs `snapshot.sh request` with
PEERS and CHANNELS equal to the organization's join.peers and join.channels
(values.yaml) as its admin, the ConfigMap fabchart-snapshot holding SCRIPT
byte for byte; each peer's pod a container "snapshots" running
`snapshot.sh prune` with KEEP N, SNAPSHOT_ROOT equal to the peer container's
CORE_LEDGER_SNAPSHOTS_ROOTDIR, which lies on the peer's data volume, mounted
in the sidecar from the same volume and sub-path.  --off: no CronJob, no
ConfigMap, no sidecar, the peers' CORE_LEDGER_SNAPSHOTS_ROOTDIR still set.
--objects-out: writes the CronJobs, their ConfigMaps and the peers'
StatefulSets to FILE (for the strict Kubernetes schemas).
"""
import argparse
import os
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "monitoring"))
from verdicts import Verdicts  # noqa: E402

V = Verdicts()
check = V.check


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env") or []}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rendered")
    ap.add_argument("values")
    ap.add_argument("script")
    ap.add_argument("--keep", required=True)
    ap.add_argument("--schedule", required=True)
    ap.add_argument("--off", action="store_true")
    ap.add_argument("--objects-out")
    a = ap.parse_args()
    objs = [o for o in yaml.safe_load_all(open(a.rendered, encoding="utf-8")) if o]
    values = yaml.safe_load(open(a.values, encoding="utf-8"))
    script = open(a.script, encoding="utf-8").read()
    crons = {o["metadata"]["namespace"]: o for o in objs if o["kind"] == "CronJob"}
    maps = {o["metadata"]["namespace"]: o for o in objs
            if o["kind"] == "ConfigMap" and o["metadata"]["name"] == "fabchart-snapshot"}
    orgs = {org["namespace"]: org for org in values["peerOrganizations"].values()
            if org["join"]["channels"]}
    if a.off:
        check(not crons and not maps, f"snapshots off: no CronJob, no ConfigMap ({len(crons)})")
    else:
        check(sorted(crons) == sorted(orgs) and sorted(maps) == sorted(orgs),
              f"a CronJob and a ConfigMap in each peer organization's namespace: {sorted(crons)}")
    for ns, org in sorted(orgs.items()):
        if a.off:
            break
        cron = crons.get(ns)
        if not cron:
            continue
        spec = cron["spec"]
        pod = spec["jobTemplate"]["spec"]["template"]["spec"]
        c = pod["containers"][0]
        env = env_of(c)
        check(spec["schedule"] == a.schedule and spec.get("concurrencyPolicy") == "Forbid",
              f"{ns}: schedule {spec['schedule']!r}, concurrencyPolicy Forbid")
        check(c["command"] == ["sh", "/scripts/snapshot.sh", "request"],
              f"{ns}: the CronJob runs snapshot.sh request")
        check(env.get("PEERS", "").split() == org["join"]["peers"]
              and env.get("CHANNELS", "").split() == org["join"]["channels"],
              f"{ns}: PEERS and CHANNELS are the organization's join lists")
        check(env.get("CORE_PEER_LOCALMSPID") == org["mspId"]
              and env.get("CORE_PEER_MSPCONFIGPATH") == "/admin/msp"
              and any(v.get("secret", {}).get("secretName") == "admin-tls"
                      for v in pod["volumes"]),
              f"{ns}: as the organization's admin ({org['mspId']}, Secrets admin-msp/admin-tls)")
        check(maps[ns]["data"].get("snapshot.sh") == script,
              f"{ns}: ConfigMap fabchart-snapshot holds files/scripts/snapshot.sh")
    peers = [o for o in objs if o["kind"] == "StatefulSet"
             and o["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/component")
             == "peer"]
    check(bool(peers), f"{len(peers)} peers")
    for o in peers:
        name = f"{o['metadata']['namespace']}/{o['metadata']['name']}"
        cs = {c["name"]: c for c in o["spec"]["template"]["spec"]["containers"]}
        peer = cs["peer"]
        root = env_of(peer).get("CORE_LEDGER_SNAPSHOTS_ROOTDIR")
        data = [m for m in peer["volumeMounts"] if root and root.startswith(m["mountPath"] + "/")]
        check(len(data) == 1 and data[0]["name"] in ("data", "share"),
              f"{name}: CORE_LEDGER_SNAPSHOTS_ROOTDIR {root} on the data volume")
        side = cs.get("snapshots")
        if a.off or o["metadata"]["namespace"] not in orgs:
            check(side is None, f"{name}: no snapshots sidecar")
            continue
        if not side:
            check(False, f"{name}: a snapshots sidecar")
            continue
        senv = env_of(side)
        check(side["command"] == ["sh", "/scripts/snapshot.sh", "prune"]
              and senv.get("KEEP") == a.keep and senv.get("SNAPSHOT_ROOT") == root,
              f"{name}: sidecar prunes {root}, keeping {a.keep}")
        same = [m for m in side.get("volumeMounts", []) if data and m == data[0]]
        check(bool(same) and not same[0].get("readOnly"),
              f"{name}: sidecar mounts the peer's data volume, same sub-path, writable")
        check(side.get("securityContext", {}).get("runAsNonRoot", True) is not False
              and not side.get("securityContext", {}).get("privileged")
              and side.get("securityContext", {}).get("allowPrivilegeEscalation") is False,
              f"{name}: sidecar unprivileged")
    if a.objects_out:
        with open(a.objects_out, "w", encoding="utf-8") as f:
            yaml.safe_dump_all(list(crons.values()) + list(maps.values()) + peers, f)
    V.finish()


main()
