"""Stand-in configtxlator of the bring-up test: `proto_decode --input F
--type common.Block [--output O]` turns a stand-in block into the JSON shape
Fabric's configtxlator prints for a config block (protolator's field names:
data.data[0].payload.data.config.channel_group.groups.{Orderer,Application}
.groups.<org>.values.{MSP,AnchorPeers}; AnchorPeers.value.anchor_peers[]
{host, port}, as common/channelconfig's AnchorPeers proto and
internal/configtxlator at v2.5.12).  Other types and commands fail."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402


def org_group(o):
    values = {"MSP": {"value": {"config": {"name": o.get("msp"), "root_certs": o.get("ca_ids")}}}}
    if o.get("anchors"):
        values["AnchorPeers"] = {"value": {"anchor_peers": [
            {"host": a.rpartition(":")[0], "port": int(a.rpartition(":")[2])} for a in o["anchors"]]}}
    if o.get("endpoints"):
        values["Endpoints"] = {"value": {"addresses": o["endpoints"]}}
    return {"values": values, "groups": {}}


def main(argv):
    opts = {}
    pos = []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and "=" in a:
            k, v = a[2:].split("=", 1)
            opts[k] = v
        elif a.startswith("--") and i + 1 < len(argv):
            opts[a[2:]] = argv[i + 1]
            i += 1
        else:
            pos.append(a)
        i += 1
    if pos[:1] != ["proto_decode"]:
        fcapi.die("configtxlator: error: stand-in: only proto_decode is emulated (got %s)" % " ".join(argv))
    if opts.get("type") != "common.Block":
        fcapi.die("configtxlator: error: stand-in: only --type common.Block is emulated")
    src = opts.get("input")
    data = sys.stdin.read() if not src else None
    b = fcapi.read_block(src) if src else (json.loads(data) if data else None)
    if not b or not b.get("fake_fabric_block"):
        fcapi.die("configtxlator: error: error decoding input: unexpected EOF")
    groups = {}
    if b.get("application") is not None:
        groups["Application"] = {"groups": {o.get("name") or o["msp"]: org_group(o) for o in b["application"]}}
    if b.get("orderer"):
        groups["Orderer"] = {"groups": {o.get("name") or o["msp"]: org_group(o) for o in b["orderer"].get("orgs", [])},
                             "values": {"ConsensusType": {"value": {"type": b["orderer"].get("type")}}}}
    out = {"data": {"data": [{"payload": {"header": {"channel_header": {"channel_id": b.get("channel"), "type": 1}},
                                          "data": {"config": {"channel_group": {"groups": groups}}}}}]},
           "header": {"number": str(b.get("number", 0))}}
    text = json.dumps(out, indent=2)
    if opts.get("output"):
        with open(opts["output"], "w", encoding="utf-8") as f:
            f.write(text)
    else:
        print(text)
    return 0
