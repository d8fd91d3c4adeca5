"""genesis_check.py BLOCK.json MADE: the channel block (configtxlator's JSON)
carries, for every organization in it, the CA and TLS CA certificates of its
folder under MADE/crypto-config (the material it published), and as Raft
consenters exactly the TLS certificates of the orderers there."""
import base64
import glob
import json
import os
import sys

block, made = sys.argv[1:3]
cfg = json.load(open(block))["data"]["data"][0]["payload"]["data"]["config"]["channel_group"]["groups"]
failed = []


def pem(path):
    return open(path).read().strip()


def dec(b):
    return base64.b64decode(b).decode().strip()


seen = 0
for group in ("Application", "Orderer"):
    for name, org in cfg[group]["groups"].items():
        msp = org["values"]["MSP"]["value"]["config"]
        found = [d for d in glob.glob(os.path.join(made, "crypto-config", "*Organizations", "*"))
                 if pem(glob.glob(d + "/msp/cacerts/*")[0]) == dec(msp["root_certs"][0])]
        if len(found) != 1:
            failed.append("%s %s: root certificate is no organization's published one" % (group, name))
            continue
        d = found[0]
        if [dec(c) for c in msp["tls_root_certs"]] != [pem(glob.glob(d + "/msp/tlscacerts/*")[0])]:
            failed.append("%s %s: TLS root certificate differs" % (group, name))
        if not msp.get("fabric_node_ous", {}).get("enable"):
            failed.append("%s %s: NodeOUs off" % (group, name))
        seen += 1
consenters = cfg["Orderer"]["values"]["ConsensusType"]["value"]["metadata"]["consenters"]
published = sorted(pem(p) for p in glob.glob(os.path.join(made, "crypto-config", "ordererOrganizations", "*", "orderers", "*", "tls", "server.crt")))
if sorted(dec(c["server_tls_cert"]) for c in consenters) != published:
    failed.append("the consenters' TLS certificates are not the published ones")
for f in failed:
    print("FAIL " + f)
print("%d organizations, %d consenters checked" % (seen, len(consenters)))
sys.exit(1 if failed or not seen else 0)
