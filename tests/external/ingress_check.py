#!/usr/bin/env python3
"""tests/external/ingress_check.py MODE CHART RENDERED PORTMAP [CONNS]: what a
chart built from tests/external/ipv6.yaml (MODE ipv6) or
tests/external/ingress.yaml (MODE ingress) carries (tests/external/ingress.sh
runs it).  CHART is the unpacked chart, RENDERED its `helm template`,
PORTMAP `fabchart portmap --format json` of the topology, CONNS (ingress)
the output of `fabchart netpol RENDERED controller.yaml`.

ipv6: each advertised address brackets an IPv6 host in canonical form
([2001:db8::10]:30001; orderer0's 2001:DB8:0:0:0:0:0:20 as [2001:db8::20])
and splits as Go's net.SplitHostPort would (one ']:' before the port): the
values' externalAddress, the peer's CORE_PEER_GOSSIP_EXTERNALENDPOINT, the
orderer organization's OrdererEndpoints in configtx.yaml, the connection
profile's URLs (CA included), the port map; the SANs of crypto-config.yaml
and the CA's FABRIC_CA_SERVER_CSR_HOSTS carry the host raw, as written.

ingress: one networking.k8s.io/v1 Ingress "fabric-passthrough" per
organization namespace, class nginx, ssl-passthrough "true" and
backend-protocol "GRPCS", a rule per externalHost to exactly its Service and
port (the CA's too); every Service ClusterIP; addresses <host>:443 in values,
gossip endpoints, OrdererEndpoints, profile URLs and the port map; the
profile's name overrides are the external hosts (the SNI the controller
routes by); the SANs carry the hosts; the controller's namespace reaches
exactly the routed ports (CONNS) and nothing else.
Prints ok/FAIL lines; exits 1 on any failure.
"""
import ipaddress
import json
import os
import re
import sys

import yaml

failed = 0


def check(cond, what):
    global failed
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        failed += 1


def split_host_port(addr):
    """net.SplitHostPort: '[v6]:port' or 'host:port' with one ':'."""
    m = re.fullmatch(r"\[([^\]]+)\]:(\d+)", addr)
    if m:
        ipaddress.IPv6Address(m.group(1))
        return m.group(1), int(m.group(2))
    host, sep, port = addr.rpartition(":")
    if not sep or ":" in host or not port.isdigit():
        raise ValueError(f"'{addr}' does not split into host and port")
    return host, int(port)


def main():
    mode, chart, rendered, portmap = sys.argv[1:5]
    values = yaml.safe_load(open(os.path.join(chart, "values.yaml")))
    docs = [d for d in yaml.safe_load_all(open(rendered)) if d]
    files = os.path.join(chart, "files")
    ports = json.load(open(portmap))
    ports = ports.get("ports", ports) if isinstance(ports, dict) else ports
    if isinstance(ports, dict):
        ports = ports["network"]["ports"]
    crypto = yaml.safe_load(open(os.path.join(files, "crypto-config.yaml")))
    configtx = yaml.safe_load(open(os.path.join(files, "configtx.yaml")))

    # the addresses the values give, by (namespace, service)
    want = {}
    by_host = {}  # a node's host name (in the profile) -> (namespace, name)
    for kind, key in (("peerOrganizations", "peers"), ("ordererOrganizations", "orderers")):
        for org in values[kind].values():
            for name, node in org[key].items():
                want[(org["namespace"], name)] = node["externalAddress"]
                by_host[node["host"]] = (org["namespace"], name)
    if mode == "ipv6":
        expected = {("org1-six", "peer0"): "[2001:db8::10]:30001",
                    ("org1-six", "peer1"): "203.0.113.11:30003",
                    ("ord-six", "orderer0"): "[2001:db8::20]:32701",
                    ("ord-six", "orderer1"): "orderer1.example.net:32702",
                    ("ord-six", "orderer2"): ""}
        hosts = {"peer0.org1.example.com": "2001:db8::10", "peer1.org1.example.com": "203.0.113.11",
                 "orderer0.ord.example.com": "2001:DB8:0:0:0:0:0:20",
                 "orderer1.ord.example.com": "orderer1.example.net"}
        ca = ("org1-six", "[2001:db8::10]:30000", "2001:db8::10")
    else:
        expected = {("org1-sni", "peer0"): "peer0.org1.example.net:443",
                    ("org1-sni", "peer1"): "peer1.org1.example.net:443",
                    ("org2-sni", "peer0"): "peer0.org2.example.net:443",
                    ("ord-sni", "orderer0"): "orderer0.example.net:443",
                    ("ord-sni", "orderer1"): "orderer1.example.net:443",
                    ("ord-sni", "orderer2"): "orderer2.example.net:443"}
        hosts = {"peer0.org1.example.com": "peer0.org1.example.net",
                 "peer1.org1.example.com": "peer1.org1.example.net",
                 "peer0.org2.example.com": "peer0.org2.example.net",
                 "orderer0.ord.example.com": "orderer0.example.net",
                 "orderer1.ord.example.com": "orderer1.example.net",
                 "orderer2.ord.example.com": "orderer2.example.net"}
        ca = ("org1-sni", "ca.org1.example.net:443", "ca.org1.example.net")
    check(want == expected, f"values' externalAddress: {want}")
    for addr in filter(None, want.values()):
        try:
            split_host_port(addr)
            check(True, f"{addr} splits into host and port (net.SplitHostPort)")
        except ValueError as e:
            check(False, str(e))

    # the port map agrees
    pm = {(p["namespace"], p["service"]): p.get("address", "") for p in ports if p["name"] == "grpc"}
    check(pm == want, "the port map's grpc addresses are the values'")
    pm_ca = [p.get("address") for p in ports if p["service"] == "ca" and p["namespace"] == ca[0]]
    check(pm_ca == [ca[1]], f"the port map's CA address is {ca[1]}: {pm_ca}")
    if mode == "ingress":
        cc = [p for p in ports if p["name"] == "chaincode"]
        check(cc and not any(p["external"] for p in cc),
              "behind the ingress the peers' chaincode ports are not external")

    # gossip external endpoints of the peers
    for d in docs:
        if d["kind"] != "StatefulSet" or d["metadata"]["labels"].get("app.kubernetes.io/component") != "peer":
            continue
        env = {e["name"]: e.get("value") for c in d["spec"]["template"]["spec"]["containers"]
               for e in c.get("env", [])}
        key = (d["metadata"]["namespace"], d["metadata"]["name"])
        got = env.get("CORE_PEER_GOSSIP_EXTERNALENDPOINT")
        check(got == (want[key] or env.get("CORE_PEER_ADDRESS")),
              f"{key[0]}/{key[1]}: gossip external endpoint {got}")

    # OrdererEndpoints of the orderer organization in configtx.yaml
    orgs = {o["Name"]: o for o in configtx["Organizations"]}
    eps = orgs["OrdererMSP"].get("OrdererEndpoints", [])
    for (ns, name), addr in want.items():
        if name.startswith("orderer") and addr:
            check(addr in eps, f"configtx.yaml OrdererEndpoints hold {addr}: {eps}")

    # SANs: raw, as written
    sans = {}
    for kind in ("PeerOrgs", "OrdererOrgs"):
        for org in crypto.get(kind) or []:
            for spec in org.get("Specs") or []:
                sans[f"{spec['Hostname']}.{org['Domain']}"] = spec.get("SANS") or []
    for host, ext in hosts.items():
        check(ext in sans.get(host, []), f"{host}: SANS carry {ext} as written")
    check(not any("[" in s for v in sans.values() for s in v), "no SAN has a bracket")
    for d in docs:
        if d["kind"] == "StatefulSet" and d["metadata"]["namespace"] == ca[0] and d["metadata"]["name"] == "ca":
            env = {e["name"]: e.get("value") for c in d["spec"]["template"]["spec"]["containers"]
                   for e in c.get("env", [])}
            got = env.get("FABRIC_CA_SERVER_CSR_HOSTS", "")
            check(ca[2] in got.split(","), f"the CA's csr.hosts carry {ca[2]}: {got}")

    # the connection profile of org1
    prof = json.load(open(os.path.join(files, "profiles", "org1.json")))
    for name, node in list(prof["peers"].items()) + list(prof["orderers"].items()):
        addr = want[by_host[name]]
        if addr:
            check(node["url"] == f"grpcs://{addr}", f"profile: {name} at {node['url']}")
            override = node["grpcOptions"]["ssl-target-name-override"]
            if mode == "ingress":
                check(override == hosts[name] == node["grpcOptions"]["hostnameOverride"],
                      f"profile: {name} verifies and sends SNI {override}")
    cas = list(prof["certificateAuthorities"].values())
    check(len(cas) == 1 and cas[0]["url"] == f"https://{ca[1]}", f"profile: the CA at {cas[0]['url']}")

    services = [d for d in docs if d["kind"] == "Service"]
    ingresses = [d for d in docs if d["kind"] == "Ingress"]
    if mode == "ipv6":
        check(not ingresses, "no Ingress with NodePort exposure")
    else:
        types = {d["spec"].get("type", "ClusterIP") for d in services if d["spec"].get("clusterIP") != "None"}
        check(types == {"ClusterIP"}, f"every Service ClusterIP behind the ingress: {types}")
        routes = {}
        for d in ingresses:
            md, spec = d["metadata"], d["spec"]
            ns = md["namespace"]
            check(d["apiVersion"] == "networking.k8s.io/v1" and md["name"] == "fabric-passthrough",
                  f"{ns}: Ingress fabric-passthrough (networking.k8s.io/v1)")
            check(spec.get("ingressClassName") == "nginx", f"{ns}: ingressClassName nginx")
            a = md.get("annotations", {})
            check(a.get("nginx.ingress.kubernetes.io/ssl-passthrough") == "true" and
                  a.get("nginx.ingress.kubernetes.io/backend-protocol") == "GRPCS",
                  f"{ns}: ssl-passthrough true, backend-protocol GRPCS")
            check("tls" not in spec, f"{ns}: no tls section (the controller terminates nothing)")
            for r in spec["rules"]:
                for p in r["http"]["paths"]:
                    b = p["backend"]["service"]
                    routes[r["host"]] = (ns, b["name"], b["port"]["number"], p["path"], p["pathType"])
        exp = {h.split(":")[0]: (ns, svc, 7050 if svc.startswith("orderer") else 7051, "/", "Prefix")
               for (ns, svc), h in expected.items()}
        exp["ca.org1.example.net"] = ("org1-sni", "ca", 7054, "/", "Prefix")
        check(routes == exp, f"the rules route each host to its Service: {routes}")
        check(len(ingresses) == 3, f"one Ingress per organization: {len(ingresses)}")
        if len(sys.argv) > 5:
            # from the controller to the chart's workloads (not its own egress outside)
            conns = [l for l in open(sys.argv[5]).read().splitlines()
                     if l.startswith("ingress-nginx/") and "[External]" not in l]
            exp_conns = sorted(
                f"ingress-nginx/controller[Deployment] => {ns}/{svc}[StatefulSet] : TCP {port}"
                for ns, svc, port, _, _ in exp.values())
            check(sorted(conns) == exp_conns,
                  "the controller's namespace reaches exactly the routed ports:\n      "
                  + "\n      ".join(conns))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
