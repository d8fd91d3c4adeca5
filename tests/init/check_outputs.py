#!/usr/bin/env python3
"""Checks `fabchart init` outputs against the choices they were written for.

Usage: check_outputs.py SCHEMA LIST
LIST has one line per output: FILE NETWORK FABRIC CONSENSUS ORGS PEERS STORAGE EXPOSURE.
For each file: it parses as YAML, validates against the topology schema (python3-jsonschema,
an implementation other than fabchart's), holds the choices (network, fabric.version,
consensus.type, organization and peer counts, the storage and exposure kinds), and every
key has a comment line right above it, except the keys of the second and later peer
organizations, whose item is introduced by one comment ("# orgN: as org1").
Prints one line per problem; exits 1 when there is any.
"""
import json
import re
import sys

import jsonschema
import yaml

KEY = re.compile(r"^( *)(- )?([A-Za-z][A-Za-z0-9]*):")
ORDERERS = {"etcdraft": 3, "BFT": 4, "kafka": 3, "solo": 1}


def comment_problems(path, lines):
    problems = []
    repeat_indent = None  # inside a repeated organization: the indent of its "- "
    for i, text in enumerate(lines):
        m = KEY.match(text)
        if not m:
            continue
        indent = len(m.group(1))
        if m.group(2):
            prev = lines[i - 1].strip() if i else ""
            repeat_indent = indent if re.fullmatch(r"# org[0-9]+: as org1", prev) else None
            if repeat_indent is not None:
                continue
        elif repeat_indent is not None and indent > repeat_indent:
            continue
        else:
            repeat_indent = None
        if i == 0 or not lines[i - 1].lstrip().startswith("#"):
            problems.append(f"{path}:{i + 1}: key '{m.group(3)}' has no comment above it")
    return problems


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    validator = jsonschema.Draft202012Validator(schema)
    problems = []
    count = 0
    with open(sys.argv[2], encoding="utf-8") as f:
        rows = [line.split() for line in f if line.strip()]
    for path, network, fabric, consensus, orgs, peers, storage, exposure in rows:
        count += 1
        with open(path, encoding="utf-8") as f:
            text = f.read()
        doc = yaml.safe_load(text)
        for err in validator.iter_errors(doc):
            problems.append(f"{path}: schema: {err.json_path}: {err.message}")
        want = {
            "network": network,
            "fabric.version": fabric,
            "consensus.type": consensus,
            "organizations": int(orgs),
            "peers": [int(peers)] * int(orgs),
            "orderers": ORDERERS[consensus],
            "storage": {"default": [], "storageClass": ["storageClass"], "nfs": ["nfs"]}[storage],
            "exposure.type": exposure,
            "channel members": [f"org{i}" for i in range(1, int(orgs) + 1)],
        }
        got = {
            "network": doc.get("network"),
            "fabric.version": doc.get("fabric", {}).get("version"),
            "consensus.type": doc.get("consensus", {}).get("type"),
            "organizations": len(doc.get("peerOrganizations", [])),
            "peers": [o.get("peers") for o in doc.get("peerOrganizations", [])],
            "orderers": sum(o.get("orderers", 0) for o in doc.get("ordererOrganizations", [])),
            "storage": sorted(k for k in doc.get("storage", {}) if k in ("nfs", "storageClass")),
            "exposure.type": doc.get("exposure", {}).get("type"),
            "channel members": doc.get("channels", [{}])[0].get("organizations"),
        }
        for k, v in want.items():
            if got[k] != v:
                problems.append(f"{path}: {k} is {got[k]!r}, expected {v!r}")
        problems += comment_problems(path, text.split("\n"))
    for p in problems:
        print(p)
    print(f"{count} outputs checked, {len(problems)} problems")
    return 1 if problems or not count else 0


if __name__ == "__main__":
    sys.exit(main())
