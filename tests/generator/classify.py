#!/usr/bin/env python3
"""Group the failures of a run.py results directory into classes.

usage: classify.py RESULTS
Each line of RESULTS/failures/<check>/*.log is reduced to a pattern (object
names, numbers and quoted values replaced), and each pattern is printed with
the number of topologies showing it and the smallest topology file that does.
"""
import collections
import os
import re
import sys

SUBS = [
    (re.compile(r"/tmp/\S+"), "<path>"),
    (re.compile(r"'[^']*'|\"[^\"]*\""), "<q>"),
    (re.compile(r"\b[a-z0-9][-a-z0-9.]*/[-a-z0-9.]+"), "<ns/name>"),
    (re.compile(r"\d+"), "<n>"),
    (re.compile(r"(name|named|channel|host|organizations?|volume|port|value) [-a-z0-9.]+"),
     r"\1 <x>"),
]


def pattern(line):
    for rx, repl in SUBS:
        line = rx.sub(repl, line)
    return line.strip()[:200]


def main(argv):
    root = os.path.join(argv[1], "failures")
    classes = collections.defaultdict(dict)
    for check in sorted(os.listdir(root)):
        for log in sorted(os.listdir(os.path.join(root, check))):
            if not log.endswith(".log"):
                continue
            topo = os.path.join(root, check, log[:-4] + ".yaml")
            size = os.path.getsize(topo) if os.path.exists(topo) else 0
            with open(os.path.join(root, check, log), encoding="utf-8") as f:
                lines = [ln for ln in f if ln.strip() and not ln.startswith(("[INFO]", "==>"))
                         and "chart(s) linted" not in ln]
            for p in {pattern(ln) for ln in lines}:
                best = classes[(check, p)].get("best")
                classes[(check, p)].setdefault("n", 0)
                classes[(check, p)]["n"] += 1
                if best is None or size < best[0]:
                    classes[(check, p)]["best"] = (size, topo)
    for (check, p), v in sorted(classes.items(), key=lambda kv: (kv[0][0], -kv[1]["n"])):
        print("%-15s %5d  %s\n%22s %s" % (check, v["n"], p, "e.g.", v["best"][1]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
