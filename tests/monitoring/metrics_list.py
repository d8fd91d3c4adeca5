#!/usr/bin/env python3
"""The Prometheus metrics of a Fabric release, from its metrics reference.

usage: metrics_list.py RST > LIST
Reads Fabric's docs/source/metrics_reference.rst (generated at each release
by common/metrics/cmd/gendoc from the metrics.CounterOpts/GaugeOpts/
HistogramOpts declarations: the Prometheus name is namespace_subsystem_name)
and prints, for the "Prometheus" table of each section (Orderer Metrics,
Peer Metrics), one line per metric: `component name type label,label`.
The lists under metrics/ are its output for the tags they are named after.
"""
import re
import sys

ROW = re.compile(r"^\| ([a-zA-Z_:][a-zA-Z0-9_:]*) +\| (\w+) +\|")
LABEL = re.compile(r"^\|(?:[^|]*\|){3} ([a-z_]+) +\|")


def main():
    component = table = None
    current = None
    out = []
    for line in open(sys.argv[1], encoding="utf-8"):
        line = line.rstrip("\n")
        if line in ("Orderer Metrics", "Peer Metrics"):
            component = line.split()[0].lower()
        elif line in ("Prometheus", "StatsD"):
            table = line
        if table != "Prometheus" or not component or not line.startswith("|"):
            continue
        m = ROW.match(line)
        if m and m[1] != "Name":
            current = [component, m[1], m[2], []]
            out.append(current)
        if current:
            lm = LABEL.match(line)
            if lm:
                current[3].append(lm[1])
    for component, name, kind, labels in sorted(out):
        print(f"{component} {name} {kind} {','.join(labels) or '-'}")


main()
