#!/usr/bin/env python3
"""The talk's isolation rules, checked on a connection list.

usage: netpol_rules.py CONNLIST
Reads `fabchart netpol` text output and checks, for every line that crosses
namespaces (or comes from outside the cluster):
  - CA and CLI pods are never reached from another namespace or outside;
  - peers are reached from other namespaces only on TCP 7051-7053;
  - orderers are reached from other namespaces only on TCP 7050;
  - Kafka and ZooKeeper are reached only by orderer, Kafka and ZooKeeper pods,
    also inside their namespace: only orderers (and brokers) reach Kafka, on
    9092; ZooKeeper never opens a connection to Kafka;
  - from outside the cluster, peers are reached only on the ports the port
    map exposes (TCP 7051-7052), orderers on TCP 7050;
  - nothing else (CouchDB, operations ports, explorer database) is reached
    from another namespace;
  - the explorer is reached from outside only on TCP 8080.
Prints one line per check and `N passed, N failed`.
"""
import re
import sys

LINE = re.compile(r"^(\S+) => (\S+) : (.+)$")
PEER = re.compile(r"^(?:(?P<ns>[^/]+)/(?P<name>[^\[]+)|[0-9.\-]+)\[(?P<kind>[^\]]+)\]$")

passed = failed = 0


def check(ok, what):
    global passed, failed
    passed, failed = (passed + 1, failed) if ok else (passed, failed + 1)
    print(("ok    " if ok else "FAIL  ") + what)


def parse(peer):
    m = PEER.match(peer)
    return (m["ns"], m["name"], m["kind"]) if m else (None, None, None)


def main():
    lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
    check(bool(lines), f"{sys.argv[1]}: connections listed")
    for line in lines:
        m = LINE.match(line)
        check(bool(m), f"well-formed: {line}")
        if not m:
            continue
        (sns, sname, skind), (dns, dname, dkind), conn = parse(m[1]), parse(m[2]), m[3]
        if dname == "kafka" and skind != "External":
            check(sname == "kafka" or (sname or "").startswith("orderer") and conn == "TCP 9092",
                  f"only orderers reach Kafka, on 9092: {m[0]}")
            continue
        if dkind == "External" or sns == dns:
            continue  # egress is open; a namespace's own pods reach each other
        where = f"{m[1]} => {m[2]} : {conn}"
        if dname in ("ca", "cli"):
            check(False, f"CA/CLI reached from elsewhere: {where}")
        elif dname in ("kafka", "zookeeper"):
            check(sname in ("kafka", "zookeeper") or (sname or "").startswith("orderer"),
                  f"only orderers reach Kafka/ZooKeeper: {where}")
        elif dname == "explorer":
            check(conn == "TCP 8080", f"the explorer from outside on 8080 only: {where}")
        elif skind == "External" and dkind == "StatefulSet" and conn in ("TCP 7051-7052", "TCP 7050"):
            check((dname or "").startswith("peer") == (conn == "TCP 7051-7052"),
                  f"exposed Fabric ports from outside: {where}")
        elif conn == "TCP 7051-7053":
            check((dname or "").startswith("peer") or dkind == "StatefulSet",
                  f"peer ports from the network: {where}")
        elif conn == "TCP 7050":
            check(True, f"orderer port from the network: {where}")
        else:
            check(False, f"unexpected cross-namespace connection: {where}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
