#!/usr/bin/env python3
"""tests/external/profile_check.py CHART RENDERED PORTMAP RUNS: the connection
profiles of a chart (tests/external/profile.sh runs it).

CHART is the unpacked chart, RENDERED `helm template -s templates/profile.yaml`
of it, PORTMAP `fabchart portmap --format json` of its topology, RUNS the
directory holding RUNS/<organization>/{fake/applied.yaml, fake/calls,
certs/, connection.json} of each profile.sh run.  Checks, per peer
organization:
- a post-install/post-upgrade hook Job in its namespace, its pod mounting
  exactly the Secrets the profile's placeholders name (SECRET/KEY), each one
  of public material (org-certs, orderer-tlsca-*); a Role granting nothing
  on Secrets, create on ConfigMaps and get/patch on connection-profile only;
- the object applied: ConfigMap connection-profile in that namespace, with
  the label app.kubernetes.io/managed-by=fabchart; kubectl calls: create
  --dry-run=client, label --local, apply (nothing else reaches the server);
- connection.json: client.organization is the organization, its MSP ID, its
  peers and CA are defined, every PEM is the certificate of the Secret the
  placeholder named, and every url is the node's external address when
  values.yaml gives one, else its Service address, with the port the port
  map gives (the NodePort when the address is external on NodePort).
"""
import json
import os
import re
import sys

import yaml

sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "docs"))
from findings import check, summary  # noqa: E402


def main():
    chart, rendered, portmap, runs = sys.argv[1:5]
    values = yaml.safe_load(open(os.path.join(chart, "values.yaml")))
    docs = [d for d in yaml.safe_load_all(open(rendered)) if d]
    ports = json.load(open(portmap))["network"]["ports"]
    exposure = values["exposure"]["type"]
    tls = "grpcs" if values["tls"] else "grpc"

    def port_of(ns, service, name):
        rows = [p for p in ports if p["namespace"] == ns and p["service"] == service and p["name"] == name]
        return rows[0] if len(rows) == 1 else None

    for org, ov in sorted(values["peerOrganizations"].items()):
        ns = ov["namespace"]
        template = open(os.path.join(chart, "files", "profiles", org + ".json")).read()
        refs = sorted(set(re.findall(r'"@pem:([^"/]+)/([^"/]+)@"', template)))
        secrets = sorted({s for s, _ in refs})
        check(all(s == "org-certs" or s.startswith("orderer-tlsca-") for s in secrets),
              "%s: the profile names public Secrets only %s" % (org, secrets))
        mine = [d for d in docs if d["metadata"].get("namespace") == ns]
        jobs = [d for d in mine if d["kind"] == "Job"]
        check(len(jobs) == 1, "%s: one profile Job in %s" % (org, ns))
        if jobs:
            ann = jobs[0]["metadata"].get("annotations", {})
            check(ann.get("helm.sh/hook") == "post-install,post-upgrade",
                  "%s: the Job is a post-install and post-upgrade hook" % org)
            vols = jobs[0]["spec"]["template"]["spec"]["volumes"]
            mounted = sorted(v["secret"]["secretName"] for v in vols if "secret" in v)
            check(mounted == secrets, "%s: the Job mounts exactly %s (it mounts %s)" % (org, secrets, mounted))
            mounts = {m["name"]: m["mountPath"] for m in jobs[0]["spec"]["template"]["spec"]["containers"][0]["volumeMounts"]}
            check(all(mounts.get(v["name"]) == "/certs/" + v["secret"]["secretName"] for v in vols if "secret" in v),
                  "%s: each Secret at /certs/<secret>, where the placeholders point" % org)
        roles = [d for d in mine if d["kind"] == "Role"]
        rules = [r for d in roles for r in d.get("rules", [])]
        check(roles and not any("secrets" in r.get("resources", []) for r in rules),
              "%s: its Role grants nothing on Secrets" % org)
        check(all(r.get("resources") == ["configmaps"] and
                  (r.get("verbs") == ["create"] or
                   (r.get("resourceNames") == ["connection-profile"] and sorted(r.get("verbs")) == ["get", "patch"]))
                  for r in rules),
              "%s: create ConfigMaps, get and patch connection-profile, nothing else" % org)

        run = os.path.join(runs, org)
        applied = yaml.safe_load(open(os.path.join(run, "fake", "applied.yaml")))
        meta = applied.get("metadata", {})
        check(applied.get("kind") == "ConfigMap" and meta.get("name") == "connection-profile"
              and meta.get("namespace") == ns
              and meta.get("labels", {}).get("app.kubernetes.io/managed-by") == "fabchart",
              "%s: applied ConfigMap %s/connection-profile, labelled" % (org, ns))
        calls = [c.split()[:3] for c in open(os.path.join(run, "fake", "calls")).read().splitlines()]
        # one pipeline: its commands log in any order
        check(sorted(calls) == [["kubectl", "apply", "-f"], ["kubectl", "create", "configmap"], ["kubectl", "label", "--local"]],
              "%s: kubectl create (dry run), label (local), apply: %s" % (org, calls))
        prof = json.load(open(os.path.join(run, "connection.json")))
        check(prof["client"]["organization"] == org and prof["organizations"][org]["mspid"] == ov["mspId"],
              "%s: client organization and MSP ID" % org)
        o = prof["organizations"][org]
        check(sorted(o["peers"]) == sorted(prof["peers"]) == sorted(p["host"] for p in ov["peers"].values()),
              "%s: its peers, each defined" % org)
        check(sorted(o.get("certificateAuthorities", [])) == sorted(prof.get("certificateAuthorities", {})),
              "%s: its CA defined" % org)
        pems = {}
        for s, k in refs:
            pems["%s/%s" % (s, k)] = open(os.path.join(run, "certs", s, k)).read()
        used = [v["tlsCACerts"]["pem"] for v in list(prof["peers"].values()) + list(prof.get("orderers", {}).values())
                + list(prof.get("certificateAuthorities", {}).values())]
        check(all(u in pems.values() for u in used) and len(used) > 0,
              "%s: every PEM (%d) is a mounted Secret's certificate" % (org, len(used)))
        # urls against the port map and values
        nodes = [(p, pv, ns, "grpc", "peers") for p, pv in ov["peers"].items()]
        for oname, oo in values["ordererOrganizations"].items():
            nodes += [(n, nv, oo["namespace"], "grpc", "orderers") for n, nv in oo["orderers"].items()]
        for node, nv, nns, pname, section in nodes:
            row = port_of(nns, node, pname)
            url = prof[section][nv["host"]]["url"]
            if nv["externalAddress"]:
                host = nv["externalAddress"].rsplit(":", 1)[0]
                # NodePort: the node port; LoadBalancer: the Service port; Ingress:
                # the controller's (exposure.ingress.port)
                want_port = (row["nodePort"] if exposure == "NodePort"
                             else values["exposure"]["ingress"]["port"] if exposure == "Ingress"
                             else row["port"])
                want = "%s://%s:%d" % (tls, host, want_port)
                check(row["external"], "%s: %s is external in the port map" % (org, node))
                check(row.get("address") == nv["externalAddress"],
                      "%s: %s has the port map's address %s" % (org, node, row.get("address")))
            else:
                want = "%s://%s" % (tls, nv["address"])
                check(nv["address"].endswith(":%d" % row["port"]),
                      "%s: %s's Service address has the port map's port %d" % (org, node, row["port"]))
            check(url == want, "%s: %s url %s is %s" % (org, node, url, want))
    return summary()


if __name__ == "__main__":
    sys.exit(main())
