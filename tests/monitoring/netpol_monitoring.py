#!/usr/bin/env python3
"""The monitoring namespace reaches the operations ports only (issue 19).

usage: netpol_monitoring.py with-monitoring TOPOLOGY OUT   (a copy naming isolation.monitoringNamespace)
       netpol_monitoring.py prometheus OUT                 (a Namespace "monitoring" and its Deployment)
       netpol_monitoring.py check RENDERED.yaml CONNS.txt REST.txt
check reads the chart as Helm rendered it and `fabchart netpol` of it with the
monitoring namespace's Deployment added: every connection from
monitoring/prometheus to a workload of the chart goes to a peer on TCP 9443,
an orderer on TCP 8443 or a CA on TCP 9443 (their "operations"
containerPorts), every peer, orderer and CA is reached so, and nothing else of
the chart is.  Writes the connections that do not involve the monitoring
namespace to REST.txt (for netpol_rules.py and the comparison with --topology).
Prints one line per check and "N passed, N failed".
"""
import os
import re
import sys

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)
import manifests  # noqa: E402
from verdicts import Verdicts  # noqa: E402

NS = "monitoring"
SOURCE = f"{NS}/prometheus[Deployment]"
LINE = re.compile(r"^(\S+) => (\S+) : (.+)$")
VERDICTS = Verdicts()
check = VERDICTS.check


def with_monitoring(topology, out):
    doc = yaml.safe_load(open(topology, encoding="utf-8"))
    doc.setdefault("isolation", {})["monitoringNamespace"] = NS
    with open(out, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, sort_keys=False)


def prometheus(out):
    objs = [
        {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": NS}},
        {"apiVersion": "apps/v1", "kind": "Deployment",
         "metadata": {"name": "prometheus", "namespace": NS},
         "spec": {"selector": {"matchLabels": {"app": "prometheus"}},
                  "template": {"metadata": {"labels": {"app": "prometheus"}},
                               "spec": {"containers": [{"name": "prometheus",
                                                        "image": "prom/prometheus"}]}}}},
    ]
    with open(out, "w", encoding="utf-8") as f:
        yaml.safe_dump_all(objs, f, sort_keys=False)


def run_check(rendered, conns, rest_out):
    expected = {}
    for _, _, o in manifests.load_objects(open(rendered, encoding="utf-8").read()):
        if o.get("kind") != "StatefulSet":
            continue
        t = o["spec"]["template"]
        comp = t["metadata"]["labels"].get("app.kubernetes.io/component")
        if comp in ("peer", "orderer", "ca"):
            port = next(p["containerPort"] for c in t["spec"]["containers"]
                        for p in c.get("ports", []) if p["name"] == "operations")
            name = f"{o['metadata']['namespace']}/{o['metadata']['name']}[StatefulSet]"
            expected[name] = f"TCP {port}"
    check(bool(expected), f"{len(expected)} peers, orderers and CAs in the chart")
    got, rest = {}, []
    for line in open(conns, encoding="utf-8").read().splitlines():
        m = LINE.match(line)
        if not m:
            check(False, f"well-formed: {line}")
            continue
        src, dst, conn = m.groups()
        if src == SOURCE and not dst.startswith(f"{NS}/") and "[External]" not in dst:
            got[dst] = conn
        elif not src.startswith(f"{NS}/") and not dst.startswith(f"{NS}/"):
            rest.append(line)
    for dst, conn in sorted(got.items()):
        check(expected.get(dst) == conn,
              f"monitoring reaches {dst} : {conn} (its operations port: {expected.get(dst)})")
    for dst in sorted(set(expected) - set(got)):
        check(False, f"monitoring does not reach {dst} : {expected[dst]}")
    check(set(got) == set(expected), f"monitoring reaches exactly the {len(expected)} "
          "operations endpoints and nothing else of the chart")
    with open(rest_out, "w", encoding="utf-8") as f:
        f.write("".join(line + "\n" for line in rest))


def main():
    if sys.argv[1] == "with-monitoring":
        with_monitoring(sys.argv[2], sys.argv[3])
        return
    if sys.argv[1] == "prometheus":
        prometheus(sys.argv[2])
        return
    run_check(sys.argv[2], sys.argv[3], sys.argv[4])
    VERDICTS.finish()


main()
