#!/usr/bin/env python3
"""Exposure against isolation (issue 14 point 4): the port map and the
NetworkPolicies agree.

usage: run_exposure.py --fabchart BIN --source DIR [--seed S] [--count N]

For every sample, variants of each (CAs exposed, LoadBalancer, ClusterIP,
policies off) and N topologies of tests/generator/gen.py (seed S, each also
with exposure.caExternal flipped), whenever fabchart accepts the topology:
  - `fabchart portmap --format json` lists which ports are external;
  - `fabchart netpol --topology` lists which connections come from outside
    the cluster ("a.b.c.d-e.f.g.h[External] => ns/name[Kind] : TCP ...");
and, with NetworkPolicies on:
  1. nothing else: every connection from outside goes to a workload with
     external ports, only on those ports, and only from the declared sources
     (isolation.nodeCidrs, and with LoadBalancer exposure.clientCidrs;
     anywhere for the explorer, whose exposure
     isolation.explorerExternal declares);
  2. everything exposed: every external port is admitted from the whole of
     every declared source, or, with no node CIDRs, the topology gets the
     isolation-no-node-cidrs warning;
  3. with ClusterIP exposure nothing is external and nothing comes in.
Prints one FAIL line per broken check, then figures; exits 1 on any failure,
77 without PyYAML (fails under CI=true).
"""
import argparse
import copy
import ipaddress
import json
import os
import re
import subprocess
import sys
import tempfile

try:
    import yaml
except ImportError:  # pragma: no cover
    print("SKIP: PyYAML is missing")
    sys.exit(1 if os.environ.get("CI") == "true" else 77)

CONN = re.compile(r"^(\d+\.\d+\.\d+\.\d+)-(\d+\.\d+\.\d+\.\d+)\[External\] => "
                  r"([^/]+)/([^\[]+)\[([^\]]+)\] : (.+)$")
ALL = (0, 2**32 - 1)


def ip(text):
    return int(ipaddress.IPv4Address(text))


def cidr_range(text):
    net = ipaddress.IPv4Network(text, strict=False)
    return int(net.network_address), int(net.broadcast_address)


def tcp_ports(conn):
    """The set of TCP ports of 'TCP 7051-7052,TCP 9443' ('All Connections': None)."""
    if conn == "All Connections":
        return None
    ports = set()
    for part in conn.split(","):
        proto, _, span = part.partition(" ")
        if proto != "TCP":
            ports.add((proto, span))
            continue
        lo, _, hi = span.partition("-")
        ports.update(range(int(lo), int(hi or lo) + 1))
    return ports


def covered(ranges, lo, hi):
    """Whether the union of ranges covers [lo, hi]."""
    at = lo
    for a, b in sorted(ranges):
        if a > at:
            break
        at = max(at, b + 1)
        if at > hi:
            return True
    return at > hi


def run(cmd):
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120)


class Checker:
    def __init__(self, fabchart):
        self.fabchart = fabchart
        self.failures = 0
        self.checked = self.rejected = self.open = self.connections = self.exposed = 0

    def fail(self, name, what):
        self.failures += 1
        print(f"FAIL {name}: {what}")

    def check(self, name, path):
        with open(path, encoding="utf-8") as f:
            topo = yaml.safe_load(f) or {}
        pm = run([self.fabchart, "portmap", path, "--format", "json"])
        if pm.returncode != 0:
            self.rejected += 1
            return
        iso = topo.get("isolation") or {}
        exposure = (topo.get("exposure") or {}).get("type", "NodePort")
        network = topo.get("network", "")
        external = {}  # (ns, workload) -> set of ports
        for row in json.loads(pm.stdout)["network"]["ports"]:
            if not row["external"]:
                continue
            ns = row["namespace"] or "explorer-" + network
            external.setdefault((ns, row["service"]), set()).add(row["port"])
            self.exposed += 1
        if exposure == "ClusterIP" and external:
            self.fail(name, f"ClusterIP exposure, but the port map has external ports {external}")
        if iso.get("networkPolicies", True) is False:
            self.open += 1  # no policies: everything is open, nothing to compare
            return
        self.checked += 1
        cidrs = [cidr_range(c) for c in iso.get("nodeCidrs") or []]
        if exposure == "LoadBalancer":  # clients a LoadBalancer keeps the address of
            cidrs += [cidr_range(c) for c in (topo.get("exposure") or {}).get("clientCidrs") or []]
        np = run([self.fabchart, "netpol", "--topology", path])
        if np.returncode != 0:
            self.fail(name, f"netpol --topology exit {np.returncode}: {np.stderr.strip()[:300]}")
            return
        admitted = {}  # (ns, workload, port) -> [source ranges]
        for line in np.stdout.splitlines():
            m = CONN.match(line)
            if not m:
                continue
            self.connections += 1
            src = (ip(m[1]), ip(m[2]))
            key = (m[3], m[4])
            ports = tcp_ports(m[6])
            allowed = external.get(key)
            if allowed is None:
                self.fail(name, f"reached from outside but not exposed: {line}")
                continue
            if ports is None or not ports <= allowed:
                self.fail(name, f"more than the exposed ports {sorted(allowed)}: {line}")
            sources = [ALL] if key[1] == "explorer" else cidrs
            if not any(a <= src[0] and src[1] <= b for a, b in sources):
                self.fail(name, f"from a source the topology does not declare: {line}")
            for p in ports or ():
                admitted.setdefault((key[0], key[1], p), []).append(src)
        for (ns, workload), ports in sorted(external.items()):
            sources = [ALL] if workload == "explorer" else cidrs
            if not sources:
                if "[isolation-no-node-cidrs]" not in pm.stderr:
                    self.fail(name, f"{ns}/{workload} exposed, no node or client CIDRs, "
                                    "and no warning")
                continue
            for p in sorted(ports):
                got = admitted.get((ns, workload, p), [])
                for lo, hi in sources:
                    if not covered(got, lo, hi):
                        self.fail(name, f"exposed {ns}/{workload}:{p} is not admitted from "
                                        f"all of {ipaddress.IPv4Address(lo)}-"
                                        f"{ipaddress.IPv4Address(hi)}")


def variants(topo):
    """The sample itself, and its CAs exposed / LoadBalancer / LoadBalancer with client
    CIDRs only / ClusterIP / no policies."""
    yield "", topo
    t = copy.deepcopy(topo)
    t.setdefault("exposure", {})["caExternal"] = True
    yield "+caExternal", t
    t = copy.deepcopy(t)
    t["exposure"]["type"] = "LoadBalancer"
    t["exposure"].pop("nodePort", None)
    yield "+LoadBalancer", t
    t = copy.deepcopy(t)
    t["exposure"]["clientCidrs"] = ["203.0.113.0/24", "198.51.100.7/32"]
    t.setdefault("isolation", {}).pop("nodeCidrs", None)
    yield "+LoadBalancer+clientCidrs", t
    t = copy.deepcopy(topo)
    t.setdefault("exposure", {})["type"] = "ClusterIP"
    yield "+ClusterIP", t
    t = copy.deepcopy(topo)
    t.setdefault("isolation", {})["networkPolicies"] = False
    yield "+no-policies", t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fabchart", required=True)
    ap.add_argument("--source", required=True)
    ap.add_argument("--seed", default="exposure")
    ap.add_argument("--count", type=int, default=60)
    args = ap.parse_args()
    checker = Checker(args.fabchart)
    with tempfile.TemporaryDirectory(prefix="fc-exposure.") as tmp:
        samples = sorted(f for f in os.listdir(os.path.join(args.source, "samples"))
                         if f.endswith(".yaml"))
        for sample in samples:
            with open(os.path.join(args.source, "samples", sample), encoding="utf-8") as f:
                topo = yaml.safe_load(f)
            for suffix, t in variants(topo):
                path = os.path.join(tmp, sample[:-5] + suffix + ".yaml")
                with open(path, "w", encoding="utf-8") as f:
                    yaml.safe_dump(t, f, sort_keys=False)
                checker.check(os.path.basename(path), path)
        gen = os.path.join(args.source, "tests", "generator", "gen.py")
        gdir = os.path.join(tmp, "generated")
        os.mkdir(gdir)
        out = run([sys.executable, gen, "--seed", args.seed, "--count", str(args.count),
                   "-o", gdir])
        if out.returncode != 0:
            checker.fail("gen.py", out.stderr.strip()[:300])
        for i, name in enumerate(sorted(os.listdir(gdir))):
            path = os.path.join(gdir, name)
            checker.check(name, path)
            with open(path, encoding="utf-8") as f:
                topo = yaml.safe_load(f)
            if isinstance(topo, dict) and isinstance(topo.get("exposure", {}), dict):
                topo.setdefault("exposure", {})["caExternal"] = i % 2 == 0
                flipped = path[:-5] + "+ca.yaml"
                with open(flipped, "w", encoding="utf-8") as f:
                    yaml.safe_dump(topo, f, sort_keys=False)
                checker.check(os.path.basename(flipped), flipped)
    print(f"{checker.checked} topologies with policies checked ({checker.exposed} external "
          f"ports, {checker.connections} connections from outside), {checker.open} without "
          f"policies, {checker.rejected} rejected by fabchart; {checker.failures} failures")
    if checker.checked < 20:
        print("FAIL: fewer than 20 topologies checked")
        return 1
    return 1 if checker.failures else 0


if __name__ == "__main__":
    sys.exit(main())
