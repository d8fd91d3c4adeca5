#!/usr/bin/env python3
"""Who reaches the chaincode servers, by `fabchart netpol --topology` (issue 16).

usage: netpol_check.py FABCHART TOPOLOGY VALUES.yaml
VALUES.yaml is the chart's values (built from TOPOLOGY).  The connections
into each chaincode server's Deployment must be exactly: from every peer of
the organization that runs it (peerOrganizations.<org>.peers), TCP on the
chaincode's port, and nothing else (no CA, Job, other organization, outside).
The NetworkPolicies in the values: one per server, <namespace>/<server>-from-peers,
selecting the chaincode pods whose fabchart.dev/node is that server (and, from
sequence 2, the previous sequence's server, which serves until the upgrade's
commit), from the peers of its namespace, on the chaincode's port only.
Prints one line per check and `N passed, N failed`; exits 1 on any failure.
"""
import re
import subprocess
import sys

import yaml


def main():
    fabchart, topology, values_file = sys.argv[1:4]
    values = yaml.safe_load(open(values_file, encoding="utf-8"))
    r = subprocess.run([fabchart, "netpol", "--topology", topology], capture_output=True, text=True)
    passed = failed = 0

    def check(ok, what):
        nonlocal passed, failed
        print(("ok    " if ok else "FAIL  ") + what)
        passed, failed = passed + ok, failed + (not ok)

    check(r.returncode == 0, "fabchart netpol --topology exits 0")
    lines = r.stdout.splitlines()
    servers = {}
    for cc in (values.get("chaincodes") or {}).values():
        for org, run in cc["organizations"].items():
            servers[f"{run['namespace']}/{run['service']}[Deployment]"] = (org, run["namespace"], cc["port"])
    check(len(servers) > 0, f"{len(servers)} chaincode servers in the values")
    for target, (org, ns, port) in sorted(servers.items()):
        got = sorted(line for line in lines if re.search(r" => " + re.escape(target) + " : ", line))
        peers = values["peerOrganizations"][org]["peers"]
        want = sorted(f"{ns}/{p}[StatefulSet] => {target} : TCP {port}" for p in peers)
        check(got == want, f"{target}: reached only by the {len(peers)} peers of {org}, on TCP {port}")
        if got != want:
            for line in sorted(set(got) - set(want)):
                print("      + " + line)
            for line in sorted(set(want) - set(got)):
                print("      - " + line)
    policies = values["networkPolicies"]["policies"]
    for cc in (values.get("chaincodes") or {}).values():
        for run in cc["organizations"].values():
            key = f"{run['namespace']}/{run['service']}-from-peers"
            spec = (policies.get(key) or {}).get("spec") or {}
            sel = spec.get("podSelector") or {}
            prefix, _, seq = run["service"].rpartition("-s")
            servers = [run["service"]] + ([f"{prefix}-s{int(seq) - 1}"] if int(seq) > 1 else [])
            rules = spec.get("ingress") or []
            check(sel.get("matchLabels") == {"app.kubernetes.io/component": "chaincode"}
                  and sel.get("matchExpressions") == [{"key": "fabchart.dev/node", "operator": "In",
                                                       "values": servers}]
                  and len(rules) == 1
                  and rules[0].get("from") == [{"podSelector": {"matchExpressions": [
                      {"key": "app.kubernetes.io/component", "operator": "In", "values": ["peer"]}]}}]
                  and rules[0].get("ports") == [{"protocol": "TCP", "port": cc["port"]}],
                  f"NetworkPolicy {key}: {servers} from the peers of its namespace on TCP {cc['port']}")
    others = sorted(k for k, pol in policies.items() if k.endswith("-from-peers")
                    and not any(k == f"{r['namespace']}/{r['service']}-from-peers"
                                for cc in (values.get("chaincodes") or {}).values()
                                for r in cc["organizations"].values()))
    check(not others, f"no other -from-peers NetworkPolicy{': ' + str(others) if others else ''}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not passed else 0


if __name__ == "__main__":
    sys.exit(main())
