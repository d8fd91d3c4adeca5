#!/usr/bin/env python3
"""Checks of the rendered chart of one sample (issue 4's acceptance).

usage: chart_checks.py --sample TOPO --chart DIR --rendered3 FILE --rendered4 FILE
                       --objects EXPECTED [--update]

- objects: the rendered objects ("Kind namespace/name", sorted) equal the
  expected list (Helm 3 and Helm 4 alike); --update rewrites the list;
- namespaces: every namespaced object is in a namespace of the network, and
  every object of an organization's node is in that organization's namespace;
- NodePorts (when the topology uses NodePort exposure): every Service's node
  port equals the talk's formula, computed here from the topology itself;
- security: no privileged container, hostPath, host namespaces or docker.sock;
  every container has cpu/memory requests and limits, a securityContext with
  allowPrivilegeEscalation false, and liveness and readiness probes (helm
  test pods and Jobs, which run once, need no probes).
Prints one line per check and `N passed, N failed`; exits 1 on any failure.
"""
import argparse
import sys

import yaml

passed = failed = 0


def check(ok, what):
    global passed, failed
    if ok:
        passed += 1
        print(f"ok    {what}")
    else:
        failed += 1
        print(f"FAIL  {what}")


def load_docs(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d]


def object_lines(docs):
    lines = []
    for d in docs:
        meta = d.get("metadata", {})
        ns = meta.get("namespace", "")
        lines.append(f"{d['kind']} {ns + '/' if ns else ''}{meta['name']}")
    return sorted(lines)


def pod_specs(d):
    kind = d["kind"]
    if kind == "Pod":
        return [d["spec"]]
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        return [d["spec"]["template"]["spec"]]
    if kind == "CronJob":
        return [d["spec"]["jobTemplate"]["spec"]["template"]["spec"]]
    return []


def runs_once(d):
    """Jobs and helm test pods run to completion: probes do not apply."""
    hook = (d.get("metadata", {}).get("annotations") or {}).get("helm.sh/hook")
    return d["kind"] in ("Job", "CronJob") or hook == "test"


def check_security(name, docs, text):
    check("docker.sock" not in text, f"{name}: no docker.sock anywhere")
    for d in docs:
        for spec in pod_specs(d):
            where = f"{name}: {d['kind']} {d['metadata'].get('namespace', '')}/{d['metadata']['name']}"
            check(not any(spec.get(k) for k in ("hostNetwork", "hostPID", "hostIPC")),
                  f"{where}: no host namespaces")
            vols = spec.get("volumes") or []
            check(not any("hostPath" in v for v in vols), f"{where}: no hostPath volume")
            for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
                cw = f"{where} container {c['name']}"
                sc = c.get("securityContext") or {}
                check(sc.get("privileged") is not True, f"{cw}: not privileged")
                check(sc.get("allowPrivilegeEscalation") is False,
                      f"{cw}: allowPrivilegeEscalation false")
                res = c.get("resources") or {}
                ok = all((res.get(k) or {}).get(r) for k in ("requests", "limits")
                         for r in ("cpu", "memory"))
                check(ok, f"{cw}: cpu and memory requests and limits")
                # init containers run to completion before the pod starts: Kubernetes
                # allows them no probes
                if not runs_once(d) and c in (spec.get("containers") or []):
                    check(bool(c.get("livenessProbe")) and bool(c.get("readinessProbe")),
                          f"{cw}: liveness and readiness probes")


def secret_refs(spec):
    """Every Secret a pod spec reads: volumes, projected volumes, env."""
    refs = set()
    for v in spec.get("volumes") or []:
        if "secret" in v:
            refs.add(v["secret"]["secretName"])
        for src in (v.get("projected") or {}).get("sources") or []:
            if "secret" in src:
                refs.add(src["secret"]["name"])
    for c in (spec.get("containers") or []) + (spec.get("initContainers") or []):
        for e in c.get("env") or []:
            ref = (e.get("valueFrom") or {}).get("secretKeyRef")
            if ref:
                refs.add(ref["name"])
        for e in c.get("envFrom") or []:
            if "secretRef" in e:
                refs.add(e["secretRef"]["name"])
    return refs


def check_secrets(name, docs, chart):
    """Every Secret a pod reads is one the identity Job makes in the pod's namespace."""
    plan = set()
    with open(f"{chart}/files/identities.plan", encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                ns, secret = line.split()[:2]
                plan.add((ns, secret))
    for d in docs:
        for spec in pod_specs(d):
            ns = d["metadata"].get("namespace")
            for secret in sorted(secret_refs(spec)):
                check((ns, secret) in plan,
                      f"{name}: {d['kind']} {ns}/{d['metadata']['name']} reads Secret {secret}, "
                      "made by the identity Job in that namespace")


def check_storage(name, docs, values):
    """No volume is shared between organizations: each NFS PersistentVolume is
    bound to one organization's namespace, on that organization's own path (the
    explorer's on <path>/explorer); with NFS no pod asks for a dynamically
    provisioned volume, and every share is claimed."""
    org_of = {}
    for kind in ("peerOrganizations", "ordererOrganizations"):
        for org, o in values[kind].items():
            org_of[o["namespace"]] = org
    if values["explorer"]["enabled"]:
        org_of[values["explorer"]["namespace"]] = "explorer"
    nfs = values["storage"]["kind"] == "nfs"
    claims = {(d["metadata"]["namespace"], d["metadata"]["name"]) for d in docs
              if d["kind"] == "PersistentVolumeClaim"}
    for d in docs:
        if d["kind"] != "StatefulSet":
            continue
        templates = d["spec"].get("volumeClaimTemplates") or []
        check(not (nfs and templates),
              f"{name}: StatefulSet {d['metadata']['name']} asks for no volume of its own on NFS")
        for v in d["spec"]["template"]["spec"].get("volumes") or []:
            pvc = v.get("persistentVolumeClaim")
            if pvc:
                check((d["metadata"]["namespace"], pvc["claimName"]) in claims,
                      f"{name}: StatefulSet {d['metadata']['name']} claims "
                      f"{pvc['claimName']}, which the chart makes in its namespace")
    if nfs:
        check(set(org_of) <= {ns for ns, _ in claims},
              f"{name}: every organization (and the explorer) has its share claim")
    paths = []
    for d in docs:
        if d["kind"] != "PersistentVolume":
            continue
        ns = d["spec"]["claimRef"]["namespace"]
        path = d["spec"]["nfs"]["path"]
        paths.append(path)
        check(ns in org_of and path.endswith("/" + org_of[ns]),
              f"{name}: PersistentVolume {d['metadata']['name']} serves only {ns} on {path}")
    check(len(paths) == len(set(paths)), f"{name}: no two organizations share an NFS path")


def check_namespaces(name, docs, values):
    org_ns = {}
    for kind in ("peerOrganizations", "ordererOrganizations"):
        for org, o in values[kind].items():
            nodes = set(o.get("peers", {})) | set(o.get("orderers", {}))
            org_ns[o["namespace"]] = nodes
    for cc in (values.get("chaincodes") or {}).values():  # each organization's chaincode servers
        for run in cc["organizations"].values():
            org_ns[run["namespace"]] = org_ns.get(run["namespace"], set()) | {run["service"]}
    allowed = set(org_ns)
    if values["explorer"]["enabled"]:
        allowed.add(values["explorer"]["namespace"])
    cluster_scoped = {"Namespace", "PersistentVolume"}
    for d in docs:
        meta = d["metadata"]
        ns = meta.get("namespace")
        what = f"{name}: {d['kind']} {ns or ''}/{meta['name']}"
        if d["kind"] in cluster_scoped:
            check(ns is None, f"{what}: cluster-scoped, no namespace")
            continue
        component = (meta.get("labels") or {}).get("app.kubernetes.io/component")
        if ns == "default":  # the release namespace (helm template's): only the identity Job's parts
            check(component == "identities", f"{what}: only the identity Job's objects in the release namespace")
            continue
        check(ns in allowed, f"{what}: in a namespace of the network")
        node = (meta.get("labels") or {}).get("fabchart.dev/node")
        shared = {"ca", "cli"}  # every organization's own CA and CLI
        if ns == values["consensus"]["kafka"]["namespace"]:
            shared |= {"kafka", "zookeeper"}
        if node and ns in org_ns and node not in shared:
            check(node in org_ns[ns], f"{what}: node '{node}' belongs to this namespace's organization")


def expected_node_ports(topo):
    """The talk's formula, from the topology alone."""
    np = (topo.get("exposure") or {}).get("nodePort") or {}
    base = np.get("peerBase", 30000)
    stride = np.get("stride", 100)
    obase = np.get("ordererBase", 32700)
    ns_of = lambda org: f"{org['name']}-{topo['network']}"
    names = lambda spec, prefix: ([f"{prefix}{i}" for i in range(spec)] if isinstance(spec, int)
                                  else [p["name"] for p in spec])
    want = {}
    for n, org in enumerate(topo["peerOrganizations"], start=1):
        org_base = base + (n - 1) * stride
        # CAs get their NodePort only with exposure.caExternal (issue 14 point 4)
        if org.get("ca", True) and (topo.get("exposure") or {}).get("caExternal", False):
            want[(ns_of(org), "ca", 7054)] = org_base
        for m, peer in enumerate(names(org["peers"], "peer")):
            want[(ns_of(org), peer, 7051)] = org_base + 2 * m + 1
            want[(ns_of(org), peer, 7052)] = org_base + 2 * m + 2
    number = 0
    for org in topo["ordererOrganizations"]:
        for o in names(org["orderers"], "orderer"):
            number += 1
            want[(ns_of(org), o, 7050)] = obase + number
    if (topo.get("explorer") or {}).get("enabled") and np.get("explorer"):
        want[(f"explorer-{topo['network']}", "explorer", 8080)] = np["explorer"]
    return want


def check_node_ports(name, docs, topo):
    if ((topo.get("exposure") or {}).get("type", "NodePort")) != "NodePort":
        got = [d for d in docs if d["kind"] == "Service" and d["spec"].get("type") == "NodePort"]
        check(not got, f"{name}: no NodePort Service without NodePort exposure")
        return
    want = expected_node_ports(topo)
    got = {}
    for d in docs:
        if d["kind"] != "Service" or d["spec"].get("type") != "NodePort":
            continue
        for p in d["spec"]["ports"]:
            got[(d["metadata"]["namespace"], d["metadata"]["name"], p["port"])] = p.get("nodePort")
    for key in sorted(want):
        check(got.get(key) == want[key],
              f"{name}: {key[0]}/{key[1]}:{key[2]} NodePort {got.get(key)} (formula: {want[key]})")
    extra = sorted(set(got) - set(want))
    check(not extra, f"{name}: no NodePort beyond the formula's {len(want)} ({extra})")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sample", required=True)
    ap.add_argument("--chart", required=True)
    ap.add_argument("--rendered3", required=True)
    ap.add_argument("--rendered4", required=True)
    ap.add_argument("--objects", required=True)
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args()
    name = a.sample.rsplit("/", 1)[-1].removesuffix(".yaml")
    topo = yaml.safe_load(open(a.sample, encoding="utf-8"))
    values = yaml.safe_load(open(f"{a.chart}/values.yaml", encoding="utf-8"))
    docs3, docs4 = load_docs(a.rendered3), load_docs(a.rendered4)
    text = open(a.rendered4, encoding="utf-8").read()
    lines = object_lines(docs4)
    check(object_lines(docs3) == lines, f"{name}: Helm 3 and Helm 4 render the same objects")
    if a.update:
        with open(a.objects, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        print(f"updated {a.objects}")
    try:
        expected = open(a.objects, encoding="utf-8").read().splitlines()
    except FileNotFoundError:
        expected = []
    check(lines == expected, f"{name}: the {len(lines)} rendered objects are the expected set")
    for line in sorted(set(expected) ^ set(lines)):
        print(f"      {'missing' if line in expected else 'unexpected'}: {line}")
    check_namespaces(name, docs4, values)
    check_secrets(name, docs4, a.chart)
    check_storage(name, docs4, values)
    check_node_ports(name, docs4, topo)
    check_security(name, docs4, text)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
