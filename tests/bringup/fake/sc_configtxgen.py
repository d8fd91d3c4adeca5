"""Stand-in configtxgen of the bring-up test.  It reads configtx.yaml
(-configPath or $FABRIC_CFG_PATH), checks what Fabric's configtxgen checks
and fails with its messages, and writes a JSON "block" (fcapi.read_block)
that the stand-in osnadmin and peer read.  From Fabric's source:
  internal/configtxgen/genesisconfig/config.go (v2.5.12, v3.1.1; v1.4.12
      common/tools/configtxgen/localconfig/config.go): "Could not find
      profile", etcdraft/BFT consenters must give host, port, client/server
      TLS certs (BFT also MSP ID and identity); paths relative to the file.
  internal/configtxgen/encoder/encoder.go (v3.1.1:78-125; v2.5.12:121;
      v1.4.12 common/tools/configtxgen/encoder/encoder.go:99): policy types
      ImplicitMeta and Signature only ("unknown policy type: X"); orderer
      groups need a BlockValidation policy; "cannot load client cert for
      consenter h:p"; BFT needs the V3_0 channel capability; MSPs are loaded
      with msp/configbuilder.go getMspConfig: "could not load a valid ca
      certificate from directory <MSPDir>/cacerts".
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402


class Fail(Exception):
    pass


def flags(argv):
    out = {}
    i = 0
    while i < len(argv):
        a = argv[i].lstrip("-")
        if "=" in a:
            k, v = a.split("=", 1)
            out[k] = v
        elif i + 1 < len(argv) and not argv[i + 1].startswith("-"):
            out[a] = argv[i + 1]
            i += 1
        else:
            out[a] = True
        i += 1
    return out


def version():
    v = os.environ.get("FC_BRINGUP_FABRIC_VERSION", "2.5")
    m = re.match(r"(\d+)\.(\d+)", v)
    return (int(m.group(1)), int(m.group(2))) if m else (2, 5)


def check_policies(pols, where):
    if not pols:
        return
    for name, p in pols.items():
        t = (p or {}).get("Type")
        rule = (p or {}).get("Rule", "")
        if t == "ImplicitMeta":
            if not re.match(r"^(ANY|ALL|MAJORITY) \w+$", rule or ""):
                raise Fail("%s: invalid implicit meta policy rule '%s'" % (where, rule))
        elif t == "Signature":
            if not re.match(r"^(OR|AND|OutOf)\(.*\)$", rule or ""):
                raise Fail("%s: invalid signature policy rule '%s'" % (where, rule))
        else:
            raise Fail("%s: unknown policy type: %s" % (where, t))


def load_msp(base, org, where):
    mspdir = org.get("MSPDir") or ""
    full = mspdir if os.path.isabs(mspdir) else os.path.normpath(os.path.join(base, mspdir))
    cad = os.path.join(full, "cacerts")
    files = fcapi.pem_files(cad)
    if files is None:
        raise Fail("%s: 1 - Error loading MSP configuration for org: %s: could not load a valid ca certificate "
                   "from directory %s: stat %s: no such file or directory" % (where, org.get("Name"), cad, cad))
    certs = [fcapi.read_pem(f) for f in files]
    certs = [c for c in certs if c and c["type"] == "cert"]
    if not certs:
        raise Fail("%s: 1 - Error loading MSP configuration for org: %s: could not load a valid ca certificate "
                   "from directory %s" % (where, org.get("Name"), cad))
    tls = [fcapi.read_pem(f) for f in fcapi.pem_files(os.path.join(full, "tlscacerts")) or []]
    cfg = os.path.join(full, "config.yaml")
    if os.path.exists(cfg):
        for m in re.finditer(r"Certificate:\s*\"?([^\s\"]+)", open(cfg, encoding="utf-8").read()):
            if not os.path.exists(os.path.join(full, m.group(1))):
                sys.stderr.write("[msp] getMspConfig -> INFO Failed loading ClientOU certificate at [%s]\n"
                                 % os.path.join(full, m.group(1)))
    check_policies(org.get("Policies"), "error adding policies to org group '%s'" % org.get("Name"))
    return {"msp": org.get("ID"), "name": org.get("Name"), "ca_ids": sorted(c["id"] for c in certs),
            "tlsca_ids": sorted(c["id"] for c in tls if c),
            "anchors": ["%s:%s" % (a.get("Host"), a.get("Port")) for a in org.get("AnchorPeers") or []],
            "endpoints": org.get("OrdererEndpoints") or []}


def cert_id(base, path, what):
    full = path if os.path.isabs(path) else os.path.normpath(os.path.join(base, path))
    c = fcapi.read_pem(full)
    if not os.path.exists(full):
        raise Fail(what + ": open %s: no such file or directory" % full)
    if c is None or c["type"] != "cert":
        raise Fail(what + ": %s is not a PEM certificate" % full)
    return c["id"]


def orderer_group(base, o, chcaps):
    if o is None:
        return None
    check_policies(o.get("Policies"), "error adding policies to orderer group")
    if "BlockValidation" not in (o.get("Policies") or {}):
        raise Fail("error adding policies to orderer group: no BlockValidation policy defined")
    otype = o.get("OrdererType")
    ver = version()
    known = {"solo", "kafka", "etcdraft"} if ver < (2, 0) else (
        {"solo", "kafka", "etcdraft"} if ver < (3, 0) else {"etcdraft", "BFT"})
    if otype not in known:
        raise Fail("unknown orderer type: %s" % otype)
    cons = []
    if otype == "etcdraft":
        er = o.get("EtcdRaft") or {}
        if not er.get("Consenters"):
            raise Fail("EtcdRaft configuration did not specify any consenter")
        for c in er["Consenters"]:
            hp = "%s:%s" % (c.get("Host"), c.get("Port"))
            cons.append({"host": c.get("Host"), "port": c.get("Port"),
                         "client": cert_id(base, c.get("ClientTLSCert") or "", "cannot load client cert for consenter " + hp),
                         "server": cert_id(base, c.get("ServerTLSCert") or "", "cannot load server cert for consenter " + hp)})
    elif otype == "BFT":
        if not chcaps.get("V3_0"):
            raise Fail("orderer type BFT must be used with V3_0 channel capability: %s" % chcaps)
        if not o.get("ConsenterMapping"):
            raise Fail("BFT configuration did not specify any consenter")
        for c in o["ConsenterMapping"]:
            hp = "%s:%s" % (c.get("Host"), c.get("Port"))
            for k in ("Host", "Port", "MSPID", "Identity", "ClientTLSCert", "ServerTLSCert"):
                if not c.get(k):
                    raise Fail("consenter info in BFT configuration did not specify %s" % k)
            cons.append({"host": c.get("Host"), "port": c.get("Port"), "id": c.get("ID"), "msp": c.get("MSPID"),
                         "identity": cert_id(base, c["Identity"], "cannot load identity for consenter " + hp),
                         "client": cert_id(base, c["ClientTLSCert"], "cannot load client cert for consenter " + hp),
                         "server": cert_id(base, c["ServerTLSCert"], "cannot load server cert for consenter " + hp)})
    orgs = [load_msp(base, org, "failed to create orderer org") for org in o.get("Organizations") or []]
    if ver >= (3, 0) or chcaps.get("V3_0"):
        for org, raw in zip(orgs, o.get("Organizations") or []):
            if not raw.get("OrdererEndpoints"):
                raise Fail("orderer endpoints for organization %s are missing and must be configured when "
                           "capability V3_0 is enabled" % raw.get("Name"))
    return {"type": otype, "consenters": cons, "orgs": orgs}


def main(argv):
    yaml = fcapi.yaml()
    f = flags(argv)
    if "version" in f:
        print("configtxgen:\n Version: %s (bring-up stand-in)" % os.environ.get("FC_BRINGUP_FABRIC_VERSION"))
        return 0
    base = f.get("configPath") or os.environ.get("FABRIC_CFG_PATH")
    if not base:
        fcapi.die("Error reading configuration: Unsupported Config Type \"\"")
    path = os.path.join(base, "configtx.yaml")
    try:
        conf = yaml.safe_load(open(path, encoding="utf-8")) or {}
    except OSError:
        fcapi.die('Error reading configuration: Config File "configtx" Not Found in "[%s]"' % os.path.abspath(base))
    except yaml.YAMLError as e:
        fcapi.die("Error reading configuration: While parsing config: %s" % e)
    for k in conf:
        if k not in ("Organizations", "Capabilities", "Application", "Orderer", "Channel", "Profiles"):
            fcapi.die("Error reading configuration: unknown top-level key %s" % k)
    prof_name = f.get("profile")
    profiles = conf.get("Profiles") or {}
    if not prof_name or prof_name not in profiles:
        fcapi.die("panic: Could not find profile: %s" % prof_name, 2)
    prof = profiles[prof_name]
    ch = f.get("channelID")
    out = {"fake_fabric_block": 1, "profile": prof_name, "channel": ch}
    try:
        chcaps = prof.get("Capabilities") or {}
        if version() >= (2, 0) or "outputBlock" in f:
            check_policies(prof.get("Policies"), "error adding policies to channel group")
        og = orderer_group(base, prof.get("Orderer"), chcaps)
        app = prof.get("Application")
        if app is not None:
            check_policies(app.get("Policies"), "could not create application group: error adding policies "
                                                "to application group")
            aorgs = [load_msp(base, o, "could not create application group") for o in app.get("Organizations") or []]
        else:
            aorgs = []
        cons_orgs = {}
        for cname, c in (prof.get("Consortiums") or {}).items():
            cons_orgs[cname] = [load_msp(base, o, "failed to create consortium %s" % cname)
                                for o in (c or {}).get("Organizations") or []]
        if "outputBlock" in f:
            if not ch:
                fcapi.die("Missing channelID, please specify it with '-channelID'")
            if og is None:
                raise Fail("could not create bootstrapper: the profile has no Orderer section")
            out.update({"kind": "system" if cons_orgs else "genesis", "number": 0,
                        "orderer": og, "application": aorgs, "consortiums": cons_orgs,
                        "capabilities": chcaps})
            target = f["outputBlock"]
        elif "outputCreateChannelTx" in f:
            if app is None:
                raise Fail("cannot define a new channel with no Application section")
            if not prof.get("Consortium"):
                raise Fail("cannot define a new channel with no Consortium value")
            out.update({"kind": "createtx", "consortium": prof["Consortium"], "application": aorgs})
            target = f["outputCreateChannelTx"]
        elif "outputAnchorPeersUpdate" in f:
            org = f.get("asOrg")
            mine = [o for o in aorgs if o["name"] == org]
            if not mine:
                raise Fail("org with name '%s' does not exist in config" % org)
            out.update({"kind": "anchors", "org": mine[0]["msp"], "anchors": mine[0]["anchors"]})
            target = f["outputAnchorPeersUpdate"]
        elif "inspectBlock" in f:
            print(open(f["inspectBlock"], encoding="utf-8").read())
            return 0
        else:
            fcapi.die("Error: no output requested (stand-in configtxgen)")
    except Fail as e:
        what = ("outputBlock" if "outputBlock" in f else "outputChannelCreateTx" if "outputCreateChannelTx" in f
                else "outputAnchorPeersUpdate")
        fcapi.die("Error on %s: could not create bootstrapper: could not create channel group: %s" % (what, e))
    try:
        with open(target, "w", encoding="utf-8") as fh:
            json.dump(out, fh, indent=1, sort_keys=True)
    except OSError as e:
        fcapi.die("Error writing %s: %s" % (target, e))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
