#!/usr/bin/env python3
"""TLS on the operations endpoints in one `helm template` output rendered with
operations.tls.enabled=true and --api-versions monitoring.coreos.com/v1
(tests/monitoring/operations_tls.sh).

usage: check_operations_tls.py RENDERED.yaml --chart DIR [--env-out DIR]

Every peer and orderer container: <P>_OPERATIONS_TLS_ENABLED "true" and the
certificate and key files of its own TLS pair (those of its
CORE_PEER_TLS_CERT_FILE/KEY_FILE or ORDERER_GENERAL_TLS_CERTIFICATE/
PRIVATEKEY), each in a volume mounted in the container; every CA container:
FABRIC_CA_SERVER_OPERATIONS_TLS_ENABLED "true" and its certificate and key
files from the Secret ca-operations-tls; every httpGet probe on the
operations port with scheme HTTPS (1.4 peers probe the gRPC port with
tcpSocket).
The PodMonitors, Prometheus verifying what it scrapes: one per peer, orderer
and CA, selecting that node's pod; scheme https; no insecureSkipVerify
anywhere in the render; tlsConfig.ca from a Secret key that the identity
plan (DIR/files/identities.plan) fills in the PodMonitor's namespace with the
organization's TLS CA certificate (msp/tlscacerts: public, the CA that issues
the nodes' TLS pairs); tlsConfig.serverName a SAN of that node's certificate
as DIR/files/crypto-config.yaml lists it (a CA's: DIR/files/crypto-servers.yaml,
Spec "ca"); all valid against crds/podmonitors.v1.schema.json.
--env-out: writes DIR/<peer|orderer|ca>.env, the operations TLS variables of
the first such container ("NAME=VALUE"), and DIR/scrapes.txt, one line
"<namespace> <node> <serverName> <TLS CA file of the plan>" per PodMonitor.
"""
import argparse
import json
import os
import sys

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from verdicts import Verdicts  # noqa: E402

V = Verdicts()
check = V.check
PAIRS = {"peer": ("CORE", "CORE_PEER_TLS_CERT_FILE", "CORE_PEER_TLS_KEY_FILE",
                  "CORE_OPERATIONS_TLS_CERT_FILE", "CORE_OPERATIONS_TLS_KEY_FILE"),
         "orderer": ("ORDERER", "ORDERER_GENERAL_TLS_CERTIFICATE", "ORDERER_GENERAL_TLS_PRIVATEKEY",
                     "ORDERER_OPERATIONS_TLS_CERTIFICATE", "ORDERER_OPERATIONS_TLS_PRIVATEKEY"),
         # operations.tls.cert.file, .key.file (fabric-ca v1.5.15 cmd/fabric-ca-server/config.go)
         "ca": ("FABRIC_CA_SERVER", "FABRIC_CA_SERVER_OPERATIONS_TLS_CERT_FILE",
                "FABRIC_CA_SERVER_OPERATIONS_TLS_KEY_FILE")}


def identity_plan(chart):
    """{(namespace, secret, key): first source file} of files/identities.plan."""
    items = {}
    for line in open(os.path.join(chart, "files", "identities.plan"), encoding="utf-8"):
        parts = line.split()
        if len(parts) < 3 or line.startswith("#") or parts[2] != "files":
            continue
        for item in parts[3:]:
            key, _, files = item.partition("=")
            items[(parts[0], parts[1], key)] = files.split(",")[0]
    return items


def sans_of(chart, values):
    """{(namespace, hostname): [SANS]} of crypto-config.yaml and crypto-servers.yaml."""
    namespaces = {}
    for kind in ("peerOrganizations", "ordererOrganizations"):
        for org in (values.get(kind) or {}).values():
            namespaces[(org["mspId"], org["domain"])] = org["namespace"]
    sans = {}
    for name in ("crypto-config.yaml", "crypto-servers.yaml"):
        path = os.path.join(chart, "files", name)
        if not os.path.exists(path):
            continue
        config = yaml.safe_load(open(path, encoding="utf-8")) or {}
        for group in ("OrdererOrgs", "PeerOrgs"):
            for org in config.get(group) or []:
                ns = namespaces.get((org["Name"], org["Domain"]))
                for spec in org.get("Specs") or []:
                    sans[(ns, spec["Hostname"])] = spec.get("SANS") or []
    return sans


def check_containers(objs, env_out):
    written = set()
    seen = {"peer": 0, "orderer": 0, "ca": 0}
    for o in objs:
        if o["kind"] != "StatefulSet":
            continue
        for c in o["spec"]["template"]["spec"]["containers"]:
            kind = c["name"]
            if kind not in seen:
                continue
            seen[kind] += 1
            name = f"{o['metadata']['namespace']}/{o['metadata']['name']}:{kind}"
            env = {e["name"]: e.get("value") for e in c.get("env") or []}
            ports = {p["name"]: p["containerPort"] for p in c.get("ports", [])}
            probes = [c.get(p) for p in ("startupProbe", "livenessProbe", "readinessProbe")
                      if c.get(p)]
            gets = [p["httpGet"] for p in probes if "httpGet" in p]
            mounts = [m["mountPath"] for m in c.get("volumeMounts", [])]
            if kind == "ca":
                prefix, ops_cert, ops_key = PAIRS["ca"]
                check(env.get(f"{prefix}_OPERATIONS_TLS_ENABLED") == "true",
                      f"{name}: {prefix}_OPERATIONS_TLS_ENABLED true")
                # the pair the identity Job issued the CA (Secret ca-operations-tls)
                secrets = {v["name"]: v["secret"]["secretName"]
                           for v in o["spec"]["template"]["spec"].get("volumes", [])
                           if "secret" in v}
                vol = {m["mountPath"]: m["name"] for m in c.get("volumeMounts", [])}
                src = {secrets.get(vol.get(os.path.dirname(env.get(f) or "")))
                       for f in (ops_cert, ops_key)}
                check(src == {"ca-operations-tls"}
                      and (env.get(ops_cert) or "").endswith("/server.crt")
                      and (env.get(ops_key) or "").endswith("/server.key"),
                      f"{name}: the operations pair is server.crt/key of Secret "
                      f"ca-operations-tls ({env.get(ops_cert)}, {src})")
            else:
                prefix, cert, key, ops_cert, ops_key = PAIRS[kind]
                check(env.get(f"{prefix}_OPERATIONS_TLS_ENABLED") == "true",
                      f"{name}: {prefix}_OPERATIONS_TLS_ENABLED true")
                check(env.get(ops_cert) == env.get(cert) and env.get(ops_key) == env.get(key)
                      and env.get(cert),
                      f"{name}: the operations pair is the node's TLS pair {env.get(cert)}")
            check(all(any((env.get(f) or "").startswith(m + "/") for m in mounts)
                      for f in (ops_cert, ops_key)),
                  f"{name}: its certificate and key are in mounted volumes")
            check(all(g.get("scheme") == "HTTPS" and g.get("port") == ports.get("operations")
                      for g in gets) and (gets or all("tcpSocket" in p for p in probes)),
                  f"{name}: {len(gets)} httpGet probes on the operations port over HTTPS")
            if env_out and kind not in written:
                written.add(kind)
                with open(os.path.join(env_out, f"{kind}.env"), "w", encoding="utf-8") as f:
                    for k in sorted(env):
                        if k.startswith(f"{prefix}_OPERATIONS_TLS_"):
                            f.write(f"{k}={env[k]}\n")
    check(seen["peer"] and seen["orderer"] and seen["ca"], f"nodes found: {seen}")


def check_monitors(text, objs, chart, env_out):
    """Prometheus verifies every endpoint it scrapes: the organization's TLS CA
    and a name the node's certificate carries."""
    check("insecureSkipVerify" not in text, "no insecureSkipVerify anywhere in the render")
    values = yaml.safe_load(open(os.path.join(chart, "values.yaml"), encoding="utf-8"))
    plan = identity_plan(chart)
    sans = sans_of(chart, values)
    nodes = set()
    for o in objs:
        if o["kind"] == "StatefulSet":
            labels = o["spec"]["template"]["metadata"].get("labels") or {}
            if labels.get("app.kubernetes.io/component") in ("peer", "orderer", "ca"):
                nodes.add((o["metadata"]["namespace"], labels["app.kubernetes.io/component"],
                           labels.get("fabchart.dev/node")))
    schema = json.load(open(os.path.join(HERE, "crds", "podmonitors.v1.schema.json"),
                            encoding="utf-8"))
    monitors = [o for o in objs if o["kind"] == "PodMonitor"]
    got = set()
    scrapes = []
    for m in monitors:
        ns = m["metadata"]["namespace"]
        match = m["spec"]["selector"]["matchLabels"]
        comp, node = match["app.kubernetes.io/component"], match.get("fabchart.dev/node")
        got.add((ns, comp, node))
        where = f"PodMonitor {ns}/{m['metadata']['name']}"
        eps = m["spec"]["podMetricsEndpoints"]
        check(len(eps) == 1 and eps[0].get("scheme") == "https", f"{where}: one endpoint, https")
        tls = eps[0].get("tlsConfig") or {}
        secret = (tls.get("ca") or {}).get("secret") or {}
        source = plan.get((ns, secret.get("name"), secret.get("key")))
        check(source is not None and "/msp/tlscacerts/tlsca." in source,
              f"{where}: CA {secret.get('name')}/{secret.get('key')}, the organization's TLS CA "
              f"in the identity plan ({source})")
        names = sans.get((ns, node))
        check(names is not None and tls.get("serverName") in names,
              f"{where}: serverName {tls.get('serverName')} is a SAN of {node}'s certificate"
              + ("" if names is not None else " (no certificate spec for it)"))
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(m))
        check(not errors, f"{where}: valid against crds/podmonitors.v1.schema.json"
              + "".join(f"\n      {e.message}" for e in errors[:3]))
        scrapes.append(f"{ns} {node} {tls.get('serverName')} {source}")
    check(got == nodes and len(monitors) == len(nodes),
          f"one PodMonitor per peer, orderer and CA: {len(monitors)} for {len(nodes)} nodes"
          + (f"; missing {sorted(nodes - got)}, extra {sorted(got - nodes)}" if got != nodes else ""))
    if env_out:
        with open(os.path.join(env_out, "scrapes.txt"), "w", encoding="utf-8") as f:
            f.write("".join(line + "\n" for line in sorted(scrapes)))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rendered")
    ap.add_argument("--chart", required=True)
    ap.add_argument("--env-out")
    a = ap.parse_args()
    text = open(a.rendered, encoding="utf-8").read()
    objs = [o for o in yaml.safe_load_all(text) if o]
    check_containers(objs, a.env_out)
    check_monitors(text, objs, a.chart, a.env_out)
    V.finish()


main()
