#!/usr/bin/python3
"""variants.py SAMPLE OUTDIR: write the two topologies the bring-up test
upgrades to: OUTDIR/more-peer.yaml (the first peer organization has one more
peer) and OUTDIR/more-org.yaml (that, plus one more peer organization, in no
channel: a channel's membership changes by a config update, which the chart
does not make)."""
import copy
import os
import sys

import yaml


def main(sample, outdir):
    with open(sample, encoding="utf-8") as f:
        topo = yaml.safe_load(f)
    more = copy.deepcopy(topo)
    org = more["peerOrganizations"][0]
    peers = org.get("peers", 1)
    if isinstance(peers, int):
        org["peers"] = peers + 1
    else:
        names = {p["name"] for p in peers}
        i = len(peers)
        while "peer%d" % i in names:
            i += 1
        peers.append({"name": "peer%d" % i})
    with open(os.path.join(outdir, "more-peer.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(more, f, sort_keys=False)
    last = more["peerOrganizations"][-1]
    new = {"name": "neworg", "mspId": "NewOrgMSP", "domain": "neworg." + last["domain"].split(".", 1)[1],
           "peers": 1}
    if "stateDatabase" in last:
        new["stateDatabase"] = last["stateDatabase"]
    more["peerOrganizations"].append(new)
    with open(os.path.join(outdir, "more-org.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(more, f, sort_keys=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
