#!/usr/bin/env python3
"""TLS on the operations endpoints in one `helm template` output rendered with
operations.tls.enabled=true and --api-versions monitoring.coreos.com/v1
(tests/monitoring/operations_tls.sh).

usage: check_operations_tls.py RENDERED.yaml [--env-out DIR]

Every peer and orderer container: <P>_OPERATIONS_TLS_ENABLED "true" and the
certificate and key files of its own TLS pair (those of its
CORE_PEER_TLS_CERT_FILE/KEY_FILE or ORDERER_GENERAL_TLS_CERTIFICATE/
PRIVATEKEY), each in a volume mounted in the container; every httpGet probe
on the operations port with scheme HTTPS (1.4 peers probe the gRPC port with
tcpSocket); every CA container: FABRIC_CA_SERVER_OPERATIONS_TLS_ENABLED
"true" and its certificate and key files from the Secret ca-operations-tls,
HTTPS probes; every PodMonitor (peer, orderer, CA) scheme https with a
tlsConfig, valid against crds/podmonitors.v1.schema.json.  --env-out: writes
DIR/<peer|orderer|ca>.env, the operations TLS variables of the first such
container ("NAME=VALUE").
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


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("rendered")
    ap.add_argument("--env-out")
    a = ap.parse_args()
    objs = [o for o in yaml.safe_load_all(open(a.rendered, encoding="utf-8")) if o]
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
                check(src == {"ca-operations-tls"} and env.get(ops_cert, "").endswith("/server.crt")
                      and env.get(ops_key, "").endswith("/server.key"),
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
            if a.env_out and kind not in written:
                written.add(kind)
                with open(os.path.join(a.env_out, f"{kind}.env"), "w", encoding="utf-8") as f:
                    for k in sorted(env):
                        if k.startswith(f"{prefix}_OPERATIONS_TLS_"):
                            f.write(f"{k}={env[k]}\n")
    check(seen["peer"] and seen["orderer"] and seen["ca"], f"nodes found: {seen}")
    schema = json.load(open(os.path.join(HERE, "crds", "podmonitors.v1.schema.json"),
                            encoding="utf-8"))
    monitors = [o for o in objs if o["kind"] == "PodMonitor"]
    check(bool(monitors), f"{len(monitors)} PodMonitors")
    for m in monitors:
        comp = m["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"]
        eps = m["spec"]["podMetricsEndpoints"]
        where = f"PodMonitor {m['metadata']['namespace']}/{m['metadata']['name']}"
        check(all(e.get("scheme") == "https" and e.get("tlsConfig") for e in eps),
              f"{where} ({comp}): scheme https with a tlsConfig")
        errors = list(jsonschema.Draft7Validator(schema).iter_errors(m))
        check(not errors, f"{where}: valid against crds/podmonitors.v1.schema.json"
              + "".join(f"\n      {e.message}" for e in errors[:3]))
    V.finish()


main()
