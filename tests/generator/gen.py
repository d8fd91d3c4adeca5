#!/usr/bin/env python3
"""Random fabchart topologies, deterministic per (seed, index) (issue 14).

usage: gen.py --seed S [--index I] [--count N] [-o DIR]
  writes DIR/topo-S-I.yaml for I in [index, index+count) (stdout when no -o
  and count 1).  The same (seed, index) always gives the same file, on any
  machine and Python 3 version (random.Random seeded with a string).

Every feature of schemas/topology.schema.json is drawn: chart metadata,
Fabric 1.4.x / 2.5.x / 3.x (and a few unsupported versions), caVersion, tls,
every image override, solo / kafka (valid and invalid broker, ZooKeeper and
replica counts) / etcdraft / BFT with 1..9 orderers, batch settings, peer and
orderer organizations (counts or name lists, CouchDB / LevelDB, ca, cli),
channels (names with '.', '-', up to 249 characters, members, anchor peers),
NFS / storageClass / default storage with sizes, exposure (ClusterIP /
NodePort / LoadBalancer, NodePort bases, strides, ranges, explorer port,
open CAs (caExternal), LoadBalancer client CIDRs,
cluster domain), isolation (policies on/off, node CIDRs, explorer
exposure, monitoring namespace), the explorer and resources.

About 80 % of the topologies are kept schema-valid on purpose (the question
is which charts build but do not install); HOSTILE tricks (see HOSTILE) add
schema-valid names that collide or overflow after derivation.  Each file
starts with a comment naming its seed, index and the tricks applied.
"""

import argparse
import os
import random
import string
import sys

import yaml

VERSIONS_14 = ["1.4.%d" % p for p in range(0, 13)]
VERSIONS_25 = ["2.5.%d" % p for p in range(0, 13)]
VERSIONS_3 = ["3.0.0", "3.1.0", "3.1.1"]
VERSIONS_ODD = ["1.3.0", "2.2.5", "2.4.9", "4.0.0", "0.1.0", "2.0.0"]
QUANTITIES = ["1", "2", "500m", "100m", "0.5", "1.5", "256Mi", "512Mi", "1Gi", "2Gi",
              "10Gi", "1Ti", "1000", "0", "1k", "1M", "1G", "123456789", "1.25Gi", "3Ei"]
HOSTILE = [
    "max-length-names", "digit-names", "headless-collision", "channel-dot-dash",
    "same-domain", "kube-namespace", "orderer-named-kafka", "system-channel-name",
    "long-namespace", "many-nodes", "duplicate-names", "same-msp", "domain-suffix",
    "peer-org-equals-orderer-org", "long-channel", "nodeport-overflow",
    "reserved-node-names", "monitoring-is-org", "cluster-domain-odd", "long-chart-name",
]


class Gen:
    def __init__(self, seed, index):
        self.r = random.Random("fabchart-gen:%s:%s" % (seed, index))
        self.tricks = []

    # -- names ------------------------------------------------------------
    def label(self, lo=1, hi=12, first=string.ascii_lowercase):
        r = self.r
        n = r.randint(lo, hi)
        body = string.ascii_lowercase + string.digits
        s = r.choice(first)
        for i in range(1, n):
            last = i == n - 1
            s += r.choice(body if last else body + "--")
        return s

    def dns_label(self):
        return self.label(1, 10)

    def domain(self):
        r = self.r
        return ".".join(self.label(2, 8) for _ in range(r.randint(1, 3))) + r.choice(
            [".com", ".org", ".example.com", ".local", ""])

    def msp(self, base):
        r = self.r
        s = "".join(c for c in base.title() if c.isalnum()) or "X"
        if not s[0].isalpha():
            s = "M" + s
        return s + r.choice(["MSP", "Msp", ".msp", "-MSP", "_msp", ""])

    def quantity(self):
        return self.r.choice(QUANTITIES)

    # -- parts ------------------------------------------------------------
    def image(self):
        r = self.r
        out = {}
        if r.random() < 0.6:
            out["repository"] = r.choice(["hyperledger/fabric-peer", "mirror/fab", "a",
                                          "x.y/z_w", "repo-1/sub.dir/img"])
        if r.random() < 0.6:
            out["tag"] = r.choice(["latest", "2.5", "v1.0.0-rc.1", "_x", "A" * 128, "1.4.12"])
        return out

    def fabric(self):
        r = self.r
        x = r.random()
        if x < 0.3:
            v = r.choice(VERSIONS_14)
        elif x < 0.65:
            v = r.choice(VERSIONS_25)
        elif x < 0.95:
            v = r.choice(VERSIONS_3)
        else:
            v = r.choice(VERSIONS_ODD)
        f = {"version": v}
        if r.random() < 0.15:
            f["caVersion"] = r.choice(["1.4.9", "1.5.15", "1.5.7", "2.0.0", "1.3.0"])
        if r.random() < 0.15:
            f["tls"] = r.random() < 0.5
        if r.random() < 0.25:
            imgs = {}
            if r.random() < 0.5:
                imgs["registry"] = r.choice(["registry.example.com/mirror", "localhost:5000",
                                             "r", "a.b.c:443/x/y_z"])
            if r.random() < 0.5:
                imgs["pullPolicy"] = r.choice(["Always", "IfNotPresent", "Never"])
            for k in ("peer", "orderer", "tools", "ca", "couchdb", "kafka", "zookeeper",
                      "explorer", "explorerDb", "test"):
                if r.random() < 0.3:
                    imgs[k] = self.image()
            f["images"] = imgs
        return f, v

    def nodes(self, prefix, lo, hi):
        r = self.r
        if r.random() < 0.6:
            return r.randint(lo, hi)
        names = []
        for i in range(r.randint(lo, hi)):
            names.append(r.choice([prefix + str(i), self.dns_label(), "n%d" % i]))
        names = list(dict.fromkeys(names))
        return [{"name": n} for n in names]

    def names_of(self, nodes, prefix):
        if isinstance(nodes, int):
            return [prefix + str(i) for i in range(nodes)]
        return [n["name"] for n in nodes]

    def consensus(self, v):
        r = self.r
        major = v.split(".")[0]
        if r.random() < 0.9:
            if v.startswith("1.4."):
                t = r.choice(["solo", "kafka", "kafka", "etcdraft"])
            elif major == "3":
                t = r.choice(["etcdraft", "BFT", "BFT"])
            else:
                t = "etcdraft"
        else:
            t = r.choice(["solo", "kafka", "etcdraft", "BFT"])
        c = {"type": t}
        if t == "kafka" and r.random() < 0.8:
            k = {}
            if r.random() < 0.85:  # mostly valid: 1 < min < rf < brokers, zk odd
                b = r.randint(4, 9)
                rf = r.randint(3, b - 1)
                k = {"brokers": b, "zookeepers": r.choice([3, 5, 7]),
                     "minInsyncReplicas": r.randint(2, rf - 1), "replicationFactor": rf}
                for key in list(k):
                    if r.random() < 0.2:
                        del k[key]
            else:
                k = {"brokers": r.randint(1, 32), "zookeepers": r.randint(1, 15),
                     "minInsyncReplicas": r.randint(1, 32), "replicationFactor": r.randint(1, 32)}
            c["kafka"] = k
        if r.random() < 0.4:
            b = {}
            if r.random() < 0.7:
                b["timeout"] = r.choice(["2s", "500ms", "1m", "10s", "1ms", "99m"])
            if r.random() < 0.7:
                b["maxMessageCount"] = r.choice([1, 10, 500, 100000])
            if r.random() < 0.5:
                b["absoluteMaxBytes"] = r.choice(["99 MB", "10 MB", "1 KB", "100 MB"])
            if r.random() < 0.5:
                b["preferredMaxBytes"] = r.choice(["512 KB", "2 MB", "1 KB", "200 MB"])
            c["batch"] = b
        return c

    def orderer_count_for(self, t):
        r = self.r
        if t == "solo":
            return 1 if r.random() < 0.9 else r.randint(2, 3)
        if t == "BFT":
            return r.choice([4, 4, 5, 7, 3, 1]) if r.random() < 0.9 else r.randint(1, 9)
        if t == "etcdraft":
            return r.choice([1, 3, 3, 5, 2])
        return r.choice([1, 1, 2, 3])

    def generate(self):
        r = self.r
        t = {}
        t["network"] = self.dns_label()
        if r.random() < 0.5:
            ch = {}
            if r.random() < 0.5:
                ch["name"] = self.label(1, 20)
            if r.random() < 0.6:
                ch["version"] = r.choice(["0.1.0", "1.0.0", "3.1.0", "1.2.3-rc.1+build.5",
                                          "0.0.0-0", "10.20.30", "1.0.0+x"])
            if r.random() < 0.3:
                ch["description"] = r.choice(["A network", "x", "quote: \"here\" # not a comment",
                                              "é ünicode ☃", "{{ .Values }}", "D" * 200])
            if r.random() < 0.2:
                ch["home"] = "https://example.com/" + self.dns_label()
            if r.random() < 0.2:
                ch["sources"] = ["https://example.com/src", "http://x/y?z=1"]
            if r.random() < 0.2:
                ch["maintainers"] = [{"name": "Ann"}, {"name": "Bo", "email": "bo@x.y",
                                                       "url": "https://x.y"}][: r.randint(1, 2)]
            t["chart"] = ch
        fabric, v = self.fabric()
        t["fabric"] = fabric
        cons = self.consensus(v)

        npo = r.choice([1, 1, 2, 2, 2, 3, 4, 5]) if r.random() < 0.95 else r.randint(6, 12)
        porgs, used = [], set()
        for _ in range(npo):
            name = self.dns_label()
            while name in used:
                name += "x"
            used.add(name)
            o = {"name": name, "mspId": self.msp(name), "domain": name + "." + self.domain(),
                 "peers": self.nodes("peer", 1, 4)}
            if r.random() < 0.4:
                o["stateDatabase"] = r.choice(["CouchDB", "LevelDB"])
            if r.random() < 0.3:
                o["ca"] = r.random() < 0.6
            if r.random() < 0.3:
                o["cli"] = r.random() < 0.6
            porgs.append(o)
        total = self.orderer_count_for(cons["type"])
        noo = 1 if total == 1 else r.randint(1, min(3, total))
        oorgs = []
        left = total
        for i in range(noo):
            name = self.dns_label()
            while name in used:
                name += "y"
            used.add(name)
            cnt = left if i == noo - 1 else r.randint(1, left - (noo - 1 - i))
            left -= cnt
            nodes = cnt
            if r.random() < 0.4:
                nodes = [{"name": n} for n in dict.fromkeys(
                    r.choice(["orderer%d" % j, "o%d" % j, self.dns_label()]) for j in range(cnt))]
            o = {"name": name, "mspId": self.msp(name), "domain": name + "." + self.domain(),
                 "orderers": nodes}
            if r.random() < 0.3:
                o["ca"] = r.random() < 0.5
            oorgs.append(o)
        t["peerOrganizations"] = porgs
        t["ordererOrganizations"] = oorgs
        t["consensus"] = cons

        if r.random() < 0.85:
            chans = []
            for _ in range(r.choice([0, 1, 1, 2, 3, 5])):
                cname = self.label(1, 12) + r.choice(["", "", "", ".x", "-y", ".a.b", "-1"])
                if r.random() < 0.04:  # Fabric's channel regex allows a trailing '-' / '.'
                    cname += r.choice(["-", "."])
                members = r.sample([o["name"] for o in porgs], r.randint(1, len(porgs)))
                c = {"name": cname, "organizations": members}
                if r.random() < 0.3:
                    anchors = []
                    for m in members:
                        org = next(o for o in porgs if o["name"] == m)
                        anchors.append({"organization": m,
                                        "peer": r.choice(self.names_of(org["peers"], "peer"))})
                    c["anchorPeers"] = anchors
                chans.append(c)
            t["channels"] = chans

        if r.random() < 0.6:
            s = {}
            x = r.random()
            if x < 0.4:
                s["nfs"] = {"server": r.choice(["nfs.example.com", "10.0.0.5", "fe80::1", "n"]),
                            "path": r.choice(["/", "/opt/share", "/a/b/", "/x.y_z-1"])}
            elif x < 0.8:
                s["storageClass"] = r.choice(["standard", "fast.ssd", "gp2", "a" * 253,
                                              "managed-nfs-storage"])
            if r.random() < 0.4:
                s["sizes"] = {k: self.quantity() for k in
                              ("organization", "peer", "couchdb", "orderer", "ca", "kafka",
                               "zookeeper") if r.random() < 0.5}
            t["storage"] = s

        if r.random() < 0.8:
            e = {}
            if r.random() < 0.9:
                e["type"] = r.choice(["NodePort", "NodePort", "ClusterIP", "LoadBalancer"])
            if r.random() < 0.5:
                np_ = {}
                if r.random() < 0.5:
                    np_["peerBase"] = r.choice([30000, 31000, 30500, 32000, 1, 65535])
                if r.random() < 0.5:
                    np_["stride"] = r.choice([3, 10, 100, 50, 1000, 10000])
                if r.random() < 0.5:
                    np_["ordererBase"] = r.choice([32700, 32000, 33700, 30999, 65535])
                if r.random() < 0.3:
                    np_["explorer"] = r.choice([30880, 32767, 30000, 8080])
                if r.random() < 0.3:
                    np_["rangeStart"] = r.choice([30000, 20000, 32767])
                if r.random() < 0.3:
                    np_["rangeEnd"] = r.choice([32767, 33799, 40000, 29999])
                e["nodePort"] = np_
            if r.random() < 0.2:
                e["clusterDomain"] = r.choice(["cluster.local", "k8s.example.org", "c", "a.b.c.d"])
            if r.random() < 0.3:
                e["caExternal"] = r.random() < 0.6
            if r.random() < 0.25:
                e["clientCidrs"] = list(dict.fromkeys(
                    r.choice(["203.0.113.0/24", "198.51.100.7/32", "0.0.0.0/0", "10.0.0.0/8"])
                    for _ in range(r.randint(1, 3))))
            t["exposure"] = e

        if r.random() < 0.7:
            iso = {}
            if r.random() < 0.6:
                iso["networkPolicies"] = r.random() < 0.7
            if r.random() < 0.6:
                iso["nodeCidrs"] = list(dict.fromkeys(
                    r.choice(["10.0.0.0/8", "192.168.0.0/24", "0.0.0.0/0", "10.112.122.0/24",
                              "172.16.5.4/32", "1.2.3.4/0"]) for _ in range(r.randint(0, 3))))
            if r.random() < 0.4:
                iso["explorerExternal"] = r.random() < 0.5
            if r.random() < 0.3:
                iso["monitoringNamespace"] = r.choice(["monitoring", "prometheus", "kube-system",
                                                       self.dns_label()])
            t["isolation"] = iso

        if r.random() < 0.4:
            t["explorer"] = {"enabled": r.random() < 0.6}
        if r.random() < 0.35:
            res = {}
            for comp in ("peer", "couchdb", "orderer", "ca", "cli", "kafka", "zookeeper",
                         "explorer"):
                if r.random() < 0.4:
                    rr = {}
                    for side in ("requests", "limits"):
                        if r.random() < 0.6:
                            rr[side] = {k: self.quantity() for k in ("cpu", "memory")
                                        if r.random() < 0.7}
                    res[comp] = rr
            t["resources"] = res

        if r.random() < 0.35:
            for _ in range(r.choice([1, 1, 1, 2, 3])):
                trick = r.choice(HOSTILE)
                self.hostile(t, trick)
                self.tricks.append(trick)
        if r.random() < 0.03:
            self.schema_invalid(t)
        return t

    def schema_invalid(self, t):
        """One schema violation (the build must reject it at a topology line)."""
        r = self.r
        po, oo = r.choice(t["peerOrganizations"]), r.choice(t["ordererOrganizations"])
        how = r.choice(["peers-0", "orderers-0", "peers-101", "upper-name", "unknown-key",
                        "label-64", "empty-orgs", "channel-upper"])
        if how == "peers-0":
            po["peers"] = 0
        elif how == "orderers-0":
            oo["orderers"] = 0
        elif how == "peers-101":
            po["peers"] = 101
        elif how == "upper-name":
            po["name"] = "Org" + po["name"]
        elif how == "unknown-key":
            t["extra"] = {"x": 1}
        elif how == "label-64":
            t["network"] = self.label(64, 64)
        elif how == "empty-orgs":
            t["peerOrganizations"] = []
        else:
            t.setdefault("channels", []).append({"name": "Chan", "organizations": [po["name"]]})
        self.tricks.append("schema-invalid:" + how)

    # -- hostile but schema-valid ------------------------------------------
    def hostile(self, t, trick):
        r = self.r
        porgs, oorgs = t["peerOrganizations"], t["ordererOrganizations"]
        po = r.choice(porgs)
        if trick == "max-length-names":
            which = r.choice(["peer", "org", "network", "orderer"])
            n = r.choice([63, 62, 60, 55, 54, 50, 45])
            name = self.label(n, n)
            if which == "peer":
                po["peers"] = [{"name": name}]
            elif which == "org":
                self.rename_org(t, po, name)
            elif which == "network":
                t["network"] = name
            else:
                oorgs[0]["orderers"] = [{"name": name}] + (
                    [{"name": "o%d" % i} for i in range(1, self.count(oorgs[0]["orderers"]))])
        elif trick == "digit-names":
            which = r.choice(["peer", "org", "network", "orderer"])
            name = self.label(1, 8, first=string.digits)
            if which == "peer":
                po["peers"] = [{"name": name}] + self.as_list(po["peers"], "peer")[1:]
            elif which == "org":
                self.rename_org(t, po, name)
            elif which == "network":
                t["network"] = name
            else:
                lst = self.as_list(oorgs[0]["orderers"], "orderer")
                lst[0] = {"name": name}
                oorgs[0]["orderers"] = lst
        elif trick == "headless-collision":
            base = r.choice(["p0", "peer0", "orderer0"])
            suffix = r.choice(["-headless", "-couchdb", "-ca", "-0", "-svc", "-data"])
            if base.startswith("orderer"):
                lst = self.as_list(oorgs[0]["orderers"], "orderer")
                lst[:2] = [{"name": base}, {"name": base + suffix}]
                oorgs[0]["orderers"] = lst
            else:
                po["peers"] = [{"name": base}, {"name": base + suffix}]
        elif trick == "channel-dot-dash":
            members = [porgs[0]["name"]]
            a = r.choice(["fx.spot", "a.b", "x-y.z"])
            t["channels"] = (t.get("channels") or [])[:2] + [
                {"name": a, "organizations": members},
                {"name": a.replace(".", "-"), "organizations": members}]
        elif trick == "same-domain":
            if len(porgs) > 1 and r.random() < 0.6:
                porgs[1]["domain"] = porgs[0]["domain"]
            else:
                oorgs[0]["domain"] = po["domain"]
        elif trick == "domain-suffix":
            # org B's domain = "peer0." + org A's domain: peer0.A == B's node host?
            if len(porgs) > 1:
                porgs[1]["domain"] = "peer0." + porgs[0]["domain"]
            else:
                oorgs[0]["domain"] = "orderer0." + po["domain"]
        elif trick == "kube-namespace":
            nm = r.choice([("kube", "system"), ("kube", "public"), ("kube", "node-lease"),
                           ("kube", "x")])
            self.rename_org(t, po, nm[0])
            t["network"] = nm[1]
        elif trick == "orderer-named-kafka":
            nm = r.choice(["kafka", "zookeeper", "kafka0", "zookeeper0", "kafka-headless",
                           "zk0", "explorer", "couchdb", "cli"])
            lst = self.as_list(oorgs[0]["orderers"], "orderer")
            lst[0] = {"name": nm}
            oorgs[0]["orderers"] = lst
        elif trick == "reserved-node-names":
            nm = r.choice(["ca", "cli", "explorer", "admin", "peer0-couchdb", "couchdb",
                           "explorer-db", "tools", "nfs"])
            lst = self.as_list(po["peers"], "peer")
            lst[-1] = {"name": nm}
            po["peers"] = list({d["name"]: d for d in lst}.values())
        elif trick == "system-channel-name":
            nm = r.choice(["testchainid", "system-channel", "syschannel", "ordererchannel",
                           "systemchannel", "orderer-system-channel", "mychannel"])
            t.setdefault("channels", []).append(
                {"name": nm, "organizations": [porgs[0]["name"]]})
        elif trick == "long-namespace":
            self.rename_org(t, po, self.label(40, 50))
            t["network"] = self.label(20, 30)
        elif trick == "many-nodes":
            po["peers"] = r.choice([20, 40, 100])
        elif trick == "duplicate-names":
            which = r.choice(["peer", "org", "channel", "orderer"])
            if which == "peer":
                po["peers"] = [{"name": "dup"}, {"name": "dup"}]
            elif which == "org" and len(porgs) > 1:
                self.rename_org(t, porgs[1], porgs[0]["name"])
            elif which == "channel":
                t["channels"] = [{"name": "dupc", "organizations": [po["name"]]}] * 2
            else:
                oorgs[0]["orderers"] = [{"name": "o"}, {"name": "o"}]
        elif trick == "same-msp":
            if len(porgs) > 1:
                porgs[1]["mspId"] = porgs[0]["mspId"]
            else:
                oorgs[0]["mspId"] = po["mspId"]
        elif trick == "peer-org-equals-orderer-org":
            oorgs[0]["name"] = po["name"]
        elif trick == "long-channel":
            n = r.choice([249, 248, 200, 120, 64, 63])
            t.setdefault("channels", []).append(
                {"name": "c" + "".join(r.choice("abc.-09") for _ in range(n - 2)) + "z",
                 "organizations": [po["name"]]})
        elif trick == "nodeport-overflow":
            t["exposure"] = {"type": "NodePort", "nodePort": {
                "peerBase": r.choice([32700, 32760, 65530, 30000]),
                "stride": r.choice([3, 10000]),
                "ordererBase": r.choice([32766, 65535, 30000]),
                "rangeEnd": r.choice([32767, 65535])}}
        elif trick == "monitoring-is-org":
            t.setdefault("isolation", {})["monitoringNamespace"] = "%s-%s" % (
                po["name"], t["network"])
        elif trick == "cluster-domain-odd":
            t.setdefault("exposure", {})["clusterDomain"] = r.choice(
                ["a" * 63 + "." + "b" * 63 + "." + "c" * 63 + "." + "d" * 61, "0", "x.0"])
        elif trick == "long-chart-name":
            t.setdefault("chart", {})["name"] = self.label(53, 53)

    def count(self, nodes):
        return nodes if isinstance(nodes, int) else len(nodes)

    def as_list(self, nodes, prefix):
        return [{"name": n} for n in self.names_of(nodes, prefix)]

    def rename_org(self, t, org, new):
        old = org["name"]
        org["name"] = new
        for c in t.get("channels") or []:
            c["organizations"] = [new if m == old else m for m in c["organizations"]]
            for a in c.get("anchorPeers") or []:
                if a["organization"] == old:
                    a["organization"] = new


class _Dumper(yaml.SafeDumper):
    """Plain YAML: no anchors/aliases for objects the generator reuses."""

    def ignore_aliases(self, data):
        return True


def _str(dumper, data):
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str)


def topology(seed, index):
    """(text, tricks) of topology number `index` of `seed`."""
    g = Gen(seed, index)
    t = g.generate()
    head = "# fabchart generator: seed %s index %s tricks %s\n" % (
        seed, index, ",".join(g.tricks) or "-")
    return head + yaml.dump(t, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                            width=4096), g.tricks


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--seed", required=True)
    ap.add_argument("--index", type=int, default=0)
    ap.add_argument("--count", type=int, default=1)
    ap.add_argument("-o", "--output")
    a = ap.parse_args(argv[1:])
    for i in range(a.index, a.index + a.count):
        text, _ = topology(a.seed, i)
        if a.output:
            os.makedirs(a.output, exist_ok=True)
            with open(os.path.join(a.output, "topo-%s-%d.yaml" % (a.seed, i)), "w",
                      encoding="utf-8") as f:
                f.write(text)
        else:
            sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
