#!/usr/bin/env python3
"""crypto-config.yaml and configtx.yaml of every sample, rule by rule.

usage: fabric_config.py FABCHART SAMPLE|DIR...
Builds each sample, reads files/crypto-config.yaml and files/configtx.yaml
from the .tgz, and checks them against expectations computed here from the
topology itself (FABRIC.md §2-4): sections, organizations and policies,
capabilities by Fabric version, consenters, anchor peers, profiles, SANs;
and that no private key is anywhere in the chart.
Prints one line per check and `N passed, N failed`; exits 1 on any failure.
"""
import subprocess
import sys
import tarfile
import tempfile

import yaml

passed = failed = 0


def check(ok, what):
    global passed, failed
    passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
    print(("ok    " if ok else "FAIL  ") + what)


def names(spec, prefix):
    return [f"{prefix}{i}" for i in range(spec)] if isinstance(spec, int) else [n["name"] for n in spec]


def run(fabchart, sample):
    name = sample.rsplit("/", 1)[-1].removesuffix(".yaml")
    topo = yaml.safe_load(open(sample, encoding="utf-8"))
    net = topo["network"]
    major = int(topo["fabric"]["version"].split(".")[0])
    consensus = topo["consensus"]["type"]
    domain = (topo.get("exposure") or {}).get("clusterDomain", "cluster.local")
    with tempfile.TemporaryDirectory() as out:
        r = subprocess.run([fabchart, "build", sample, "-o", out], capture_output=True, text=True)
        check(r.returncode == 0, f"{name}: fabchart build")
        if r.returncode:
            print(r.stderr)
            return
        tgz = next(iter(__import__("glob").glob(f"{out}/*.tgz")))
        with tarfile.open(tgz) as t:
            files = {m.name.split("/", 1)[1]: t.extractfile(m).read() for m in t.getmembers()}
    crypto = yaml.safe_load(files["files/crypto-config.yaml"])
    ctx = yaml.safe_load(files["files/configtx.yaml"])

    leaked = [f for f, data in files.items() if b"PRIVATE KEY" in data]
    check(not leaked, f"{name}: no private key in the chart ({leaked})")

    # crypto-config.yaml
    for kind, key, node_key, prefix in (("peer", "PeerOrgs", "peers", "peer"),
                                        ("orderer", "OrdererOrgs", "orderers", "orderer")):
        orgs = topo[f"{kind}Organizations"]
        got = {o["Name"]: o for o in crypto.get(key, [])}
        check(sorted(got) == sorted(o["mspId"] for o in orgs), f"{name}: {key} = the topology's {kind} organizations")
        for org in orgs:
            o = got.get(org["mspId"], {})
            ns = f"{org['name']}-{net}"
            check(o.get("Domain") == org["domain"] and o.get("EnableNodeOUs") is True,
                  f"{name}: {org['name']} domain and NodeOUs")
            specs = {s["Hostname"]: s for s in o.get("Specs", [])}
            want = names(org[node_key], prefix)
            check(sorted(specs) == sorted(want), f"{name}: {org['name']} specs are its {node_key}")
            for n in want:
                sans = set(specs.get(n, {}).get("SANS", []))
                need = {n, f"{n}.{ns}", f"{n}.{ns}.svc", f"{n}.{ns}.svc.{domain}"}
                check(need <= sans, f"{name}: {org['name']}/{n} SANs cover its Service names")

    # configtx.yaml: sections
    for section in ("Organizations", "Capabilities", "Application", "Orderer", "Channel", "Profiles"):
        check(section in ctx, f"{name}: configtx has {section}")
    chan_cap = {1: "V1_4_3", 2: "V2_0", 3: "V3_0"}[major]
    check(ctx["Capabilities"]["Channel"] == {chan_cap: True}, f"{name}: Channel capability {chan_cap}")
    check(ctx["Channel"]["Capabilities"] == {chan_cap: True}, f"{name}: Channel section capability")
    app = ctx["Application"]["Policies"]
    check({"Readers", "Writers", "Admins", "LifecycleEndorsement", "Endorsement"} <= set(app),
          f"{name}: Application policies incl. LifecycleEndorsement and Endorsement")
    orderer = ctx["Orderer"]
    check("BlockValidation" in orderer["Policies"], f"{name}: Orderer BlockValidation policy")
    check(orderer["OrdererType"] == consensus, f"{name}: OrdererType {consensus}")

    orgs = {o["Name"]: o for o in ctx["Organizations"]}
    for org in topo["peerOrganizations"]:
        o = orgs.get(org["mspId"], {})
        check(o.get("ID") == org["mspId"] and "Endorsement" in o.get("Policies", {})
              and "AnchorPeers" in o, f"{name}: peer org {org['mspId']}: ID, Endorsement, AnchorPeers")
    all_orderers = []
    for org in topo["ordererOrganizations"]:
        o = orgs.get(org["mspId"], {})
        ns = f"{org['name']}-{net}"
        eps = [f"{n}.{ns}.svc.{domain}:7050" for n in names(org["orderers"], "orderer")]
        all_orderers += [(org, n, ns) for n in names(org["orderers"], "orderer")]
        check(o.get("OrdererEndpoints") == eps, f"{name}: orderer org {org['mspId']} OrdererEndpoints")

    def tls(org, n):
        return (f"crypto-config/ordererOrganizations/{org['domain']}/orderers/"
                f"{n}.{org['domain']}/tls/server.crt")
    if consensus == "etcdraft":
        cons = orderer["EtcdRaft"]["Consenters"]
        want = [(f"{n}.{ns}.svc.{domain}", tls(org, n)) for org, n, ns in all_orderers]
        check([(c["Host"], c["ClientTLSCert"]) for c in cons] == want
              and all(c["ServerTLSCert"] == c["ClientTLSCert"] and c["Port"] == 7050 for c in cons),
              f"{name}: Raft consenters = the topology's {len(want)} orderers with their TLS certs")
    if consensus == "BFT":
        cons = orderer["ConsenterMapping"]
        check(len(cons) == len(all_orderers) >= 4 and len({c["ID"] for c in cons}) == len(cons),
              f"{name}: BFT ConsenterMapping of {len(all_orderers)} orderers, unique IDs")
        check(all({"ID", "Host", "Port", "MSPID", "Identity", "ClientTLSCert", "ServerTLSCert"} <= set(c)
                  for c in cons), f"{name}: ConsenterMapping entries complete")
        check("SmartBFT" in orderer, f"{name}: SmartBFT options")
    # every consensus, BFT included: configtxgen 3.x knows only ImplicitMeta and Signature
    # (internal/configtxgen/encoder/encoder.go at v3.1.1); Fabric's SmartBFT sample profile
    # inherits ImplicitMeta "ANY Writers" (sampleconfig/configtx.yaml at v3.1.1)
    check(orderer["Policies"]["BlockValidation"] == {"Type": "ImplicitMeta", "Rule": "ANY Writers"},
          f"{name}: BlockValidation ImplicitMeta ANY Writers")
    if consensus == "kafka":
        k = topo["consensus"].get("kafka", {})
        check(len(orderer["Kafka"]["Brokers"]) == k.get("brokers", 4), f"{name}: Kafka brokers")

    # profiles
    profiles = ctx["Profiles"]
    channels = topo.get("channels", [])
    want = {c["name"] for c in channels} | ({"SystemChannel"} if major == 1 else set())
    check(set(profiles) == want, f"{name}: a profile per channel{' and the system channel' if major == 1 else ''}")
    if major == 1:
        cons = profiles["SystemChannel"]["Consortiums"]
        members = [o["Name"] for c in cons.values() for o in c["Organizations"]]
        check(sorted(members) == sorted(o["mspId"] for o in topo["peerOrganizations"]),
              f"{name}: the consortium holds every peer organization")
    msp = {o["name"]: o["mspId"] for o in topo["peerOrganizations"]}
    peer_orgs = {o["name"]: o for o in topo["peerOrganizations"]}
    for ch in channels:
        p = profiles.get(ch["name"], {})
        check(p.get("Capabilities") == {chan_cap: True}, f"{name}: profile {ch['name']} has Channel capabilities")
        if major >= 2:
            check("Orderer" in p and "Consortium" not in p, f"{name}: profile {ch['name']} carries the Orderer (no system channel)")
        porgs = {o["Name"]: o for o in p.get("Application", {}).get("Organizations", [])}
        check(sorted(porgs) == sorted(msp[m] for m in ch["organizations"]),
              f"{name}: profile {ch['name']} members")
        anchors = ch.get("anchorPeers") or [{"organization": m, "peer": names(peer_orgs[m]["peers"], "peer")[0]}
                                            for m in ch["organizations"]]
        for a in anchors:
            host = f"{a['peer']}.{a['organization']}-{net}.svc.{domain}"
            got = porgs.get(msp[a["organization"]], {}).get("AnchorPeers", [])
            check({"Host": host, "Port": 7051} in got, f"{name}: channel {ch['name']} anchor peer {host}")


def main():
    fabchart, samples = sys.argv[1], []
    for arg in sys.argv[2:]:  # a directory stands for its *.yaml files
        samples += sorted(__import__("glob").glob(f"{arg}/*.yaml")) if not arg.endswith(".yaml") else [arg]
    for s in samples:
        run(fabchart, s)
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or not samples else 0


if __name__ == "__main__":
    sys.exit(main())
