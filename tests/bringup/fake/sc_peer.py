"""Stand-in peer CLI of the bring-up test: `peer channel
list|join|fetch|create|update|getinfo` against the emulated peers and
orderers (fcapi: a node answers only when its pod is Ready).  The client side
as Fabric's internal/peer/common (v2.5.12; v1.4.12 peer/common) reads it:
CORE_PEER_ADDRESS, CORE_PEER_LOCALMSPID, CORE_PEER_MSPCONFIGPATH (the signer:
signcerts + keystore), CORE_PEER_TLS_ENABLED / CORE_PEER_TLS_ROOTCERT_FILE;
the orderer from -o with --tls --cafile [--ordererTLSHostnameOverride].
Authorization as the peer and orderer apply it, on the fake certificates'
issuer ids: joining needs an admin of the peer's organization (NodeOUs admin
OU, or admincerts); fetch/getinfo a member of a channel organization; an
anchor update a member of the organization it updates, once (a second update
is refused as a read-set version mismatch).  Fabric 1.4: `peer channel
create` needs the orderer's system channel (its genesis block, or the
sampleconfig's provisional one whose consortium is SampleConsortium) to hold
the transaction's consortium and organizations."""
import hashlib
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402

SHORT = {"-o": "orderer", "-c": "channelID", "-b": "blockpath", "-f": "file"}
BOOL = {"tls", "clientauth"}


def parse(argv):
    pos, opts = [], {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and "=" in a:
            k, v = a[2:].split("=", 1)
            opts[k] = v
        elif a in SHORT or (a.startswith("--") and a[2:] not in BOOL):
            i += 1
            if i >= len(argv):
                fcapi.die("Error: flag needs an argument: %s" % a)
            opts[SHORT.get(a, a[2:])] = argv[i]
        elif a.startswith("--"):
            opts[a[2:]] = True
        else:
            pos.append(a)
        i += 1
    return pos, opts


def err(msg):
    fcapi.die("Error: " + msg)


def signer():
    mspdir = os.environ.get("CORE_PEER_MSPCONFIGPATH", "/etc/hyperledger/fabric/msp")
    certs = [fcapi.read_pem(f) for f in fcapi.pem_files(os.path.join(mspdir, "signcerts")) or []]
    keys = [fcapi.read_pem(f) for f in fcapi.pem_files(os.path.join(mspdir, "keystore")) or []]
    certs = [c for c in certs if c]
    if not certs:
        fcapi.die("Cannot run peer because error when setting up MSP of type bccsp from directory %s: could not "
                  "load a valid signer certificate from directory %s/signcerts" % (mspdir, mspdir))
    if not any(k and k.get("id") == certs[0].get("key") for k in keys):
        fcapi.die("Cannot run peer because error when setting up MSP of type bccsp from directory %s: KeyMaterial "
                  "not found in SigningIdentityInfo" % mspdir)
    if not fcapi.pem_files(os.path.join(mspdir, "cacerts")):
        fcapi.die("Cannot run peer because error when setting up MSP of type bccsp from directory %s: could not "
                  "load a valid ca certificate from directory %s/cacerts" % (mspdir, mspdir))
    return certs[0]


def tls_root(path_env="CORE_PEER_TLS_ROOTCERT_FILE"):
    p = os.environ.get(path_env, "")
    c = fcapi.read_pem(p)
    if c is None:
        err("failed to load config for PeerClient: unable to load %s: open %s: no such file or directory"
            % ("peer.tls.rootcert.file", p))
    return c


def connect(objs, addr, kind, root, hostname=None):
    """The Ready workload behind addr, its env and mounts; exits like the CLI
    on a connection or TLS failure."""
    ns = os.environ.get("FC_BRINGUP_NAMESPACE", "default")
    w, why = fcapi.resolve(objs, addr, ns)
    what = "endorser client failed to connect to" if kind == "peer" else "failed to create deliver client for orderer:"
    if w is None:
        err("%s %s: failed to create new connection: context deadline exceeded (%s)" % (what, addr, why))
    env, mounts, c = fcapi.pod_env(objs, w, "fabric-" + kind)
    if kind == "peer":
        port = env.get("CORE_PEER_LISTENADDRESS", ":7051").rpartition(":")[2]
        certvar = "CORE_PEER_TLS_CERT_FILE"
        tls_on = env.get("CORE_PEER_TLS_ENABLED", "false").lower() == "true"
    else:
        port = env.get("ORDERER_GENERAL_LISTENPORT", "7050")
        certvar = "ORDERER_GENERAL_TLS_CERTIFICATE"
        tls_on = env.get("ORDERER_GENERAL_TLS_ENABLED", "false").lower() == "true"
    if addr.rpartition(":")[2] != port:
        err("%s %s: connection refused (the %s listens on %s)" % (what, addr, kind, port))
    if tls_on and root is not None:
        srv = fcapi.read_pem_bytes(fcapi.file_in(mounts, env.get(certvar, "")))
        if srv is None or srv.get("issuer_id") != root.get("id"):
            err("%s %s: x509: certificate signed by unknown authority" % (what, addr))
        host = hostname or addr.rpartition(":")[0]
        if host not in (srv.get("sans") or "").split(","):
            err("%s %s: x509: certificate is valid for %s, not %s" % (what, addr, srv.get("sans"), host))
    elif tls_on:
        err("%s %s: connection closed before server preface received (TLS server, plain client)" % (what, addr))
    return w, env, mounts, c


def orderer_conn(objs, opts):
    addr = opts.get("orderer")
    if not addr:
        err("ordering service endpoint (-o) is required")
    root = None
    if opts.get("tls"):
        root = fcapi.read_pem(opts.get("cafile", ""))
        if root is None:
            err("failed to load config for OrdererClient: unable to load orderer.tls.rootcert.file: open %s: no "
                "such file or directory" % opts.get("cafile", ""))
    return connect(objs, addr, "orderer", root, opts.get("ordererTLSHostnameOverride"))


def peer_conn(objs):
    addr = os.environ.get("CORE_PEER_ADDRESS", "0.0.0.0:7051")
    root = tls_root() if os.environ.get("CORE_PEER_TLS_ENABLED", "false").lower() == "true" else None
    return connect(objs, addr, "peer", root)


def block_orgs(block):
    return (block.get("application") or []) + ((block.get("orderer") or {}).get("orgs") or [])


def member_of(block, cert):
    return [o for o in block_orgs(block) if cert.get("issuer_id") in o.get("ca_ids", [])]


def system_block(env, mounts):
    """1.4 orderer: its system channel block (GenesisMethod file) or the
    provisional sampleconfig one."""
    if (env.get("ORDERER_GENERAL_GENESISMETHOD") or "provisional") == "file":
        data = fcapi.file_in(mounts, env.get("ORDERER_GENERAL_GENESISFILE") or "genesisblock")
        try:
            b = json.loads(data)
            return b, hashlib.sha256(data).hexdigest()[:16]
        except (TypeError, ValueError):
            return None, None
    return ({"kind": "system", "channel": "test-system-channel-name",
             "consortiums": {"SampleConsortium": []}, "orderer": {"orgs": []}}, "provisional")


def orderer_channel(objs, w, env, mounts, c, ch):
    """The genesis block of ch as this orderer serves it, or None."""
    ver = fcapi.image_version(c) or (2, 5)
    if ver < (2, 0):
        _, sid = system_block(env, mounts)
        led = fcapi.load("ledgers.json", {}).get(ch)
        if led and led.get("system") == sid:
            return led["block"]
        return None
    node = fcapi.load("nodes.json", {}).get("orderer:" + fcapi.node_key(w), {})
    if ch in node.get("channels", {}):
        return node["blocks"][ch]
    return None


def ledger(ch, block=None):
    leds = fcapi.load("ledgers.json", {})
    if ch not in leds and block is not None:
        leds[ch] = {"height": 1, "block": block,
                    "anchors": {o["msp"]: o["anchors"] for o in block.get("application") or [] if o.get("anchors")}}
        fcapi.save("ledgers.json", leds)
    return leds


def main(argv):
    pos, opts = parse(argv)
    if pos[:1] == ["version"]:
        print("peer:\n Version: %s (bring-up stand-in)" % os.environ.get("FC_BRINGUP_FABRIC_VERSION"))
        return 0
    if pos[:1] != ["channel"] or len(pos) < 2:
        err("stand-in peer: unsupported command: peer %s" % " ".join(argv))
    sub = pos[1]
    me = signer()
    objs = fcapi.objects()
    nodes = fcapi.load("nodes.json", {})
    ch = opts.get("channelID", "")
    if sub == "list":
        w, env, mounts, c = peer_conn(objs)
        mine = nodes.get("peer:" + fcapi.node_key(w), {}).get("channels", {})
        print("Channels peers has joined: ")
        for n in sorted(mine):
            print(n)
        return 0
    if sub == "join":
        path = opts.get("blockpath", "")
        block = fcapi.read_block(path)
        if block is None:
            err("Error reading genesis block from %s: open %s: no such file or directory" % (path, path))
        w, env, mounts, c = peer_conn(objs)
        mspdir = env.get("CORE_PEER_MSPCONFIGPATH", "")
        ca = fcapi.read_pem_bytes(fcapi.file_in(mounts, mspdir + "/cacerts/" + (fcapi.dir_in(mounts, mspdir + "/cacerts") or ["x"])[0]))
        nodeous = b"Enable: true" in (fcapi.file_in(mounts, mspdir + "/config.yaml") or b"")
        admins = [fcapi.read_pem_bytes(fcapi.file_in(mounts, mspdir + "/admincerts/" + n))
                  for n in fcapi.dir_in(mounts, mspdir + "/admincerts")]
        is_admin = ca is not None and me.get("issuer_id") == ca.get("id") and (
            (nodeous and me.get("ou") == "admin") or any(a and a.get("id") == me.get("id") for a in admins))
        if not is_admin:
            err("proposal failed (err: rpc error: code = Unknown desc = access denied: channel [] creator org "
                "[%s]: the signer (issuer %s, OU %s) is not an admin of the peer's MSP (CA %s))"
                % (os.environ.get("CORE_PEER_LOCALMSPID"), me.get("issuer"), me.get("ou"), (ca or {}).get("subject")))
        key = "peer:" + fcapi.node_key(w)
        st = nodes.setdefault(key, {"channels": {}})
        if block["channel"] in st["channels"]:
            err("proposal failed (err: bad proposal response 500: cannot create ledger from genesis block: ledger "
                "[%s] already exists with state [ACTIVE])" % block["channel"])
        st["channels"][block["channel"]] = {"genesis": hashlib.sha256(json.dumps(block, sort_keys=True).encode())
                                            .hexdigest()[:16]}
        st.setdefault("blocks", {})[block["channel"]] = block
        fcapi.save("nodes.json", nodes)
        ledger(block["channel"], block)
        fcapi.log_event("peer %s joined %s" % (fcapi.node_key(w), block["channel"]))
        sys.stderr.write("[channelCmd] executeJoin -> INFO Successfully submitted proposal to join channel\n")
        return 0
    if sub == "getinfo":
        w, env, mounts, c = peer_conn(objs)
        st = nodes.get("peer:" + fcapi.node_key(w), {})
        block = st.get("blocks", {}).get(ch)
        if block is None:
            err("received bad response, status 500: access denied for [GetChainInfo][%s]: [Failed evaluating "
                "policy on signed data during check policy on channel [%s] with policy "
                "[/Channel/Application/Readers]: [channel [%s] not found]]" % (ch, ch, ch))
        if not member_of(block, me):
            err("received bad response, status 500: access denied for [GetChainInfo][%s]: the signer is no "
                "member of the channel" % ch)
        height = 1
        served = False
        for o in fcapi.of_kind(objs, "StatefulSet"):
            env_o, m_o, c_o = fcapi.pod_env(objs, o, "fabric-orderer")
            if c_o and fcapi.pod_ready(objs, o)[0] and orderer_channel(objs, o, env_o, m_o, c_o, ch):
                served = True
        if served:
            height = fcapi.load("ledgers.json", {}).get(ch, {}).get("height", 1)
        print('Blockchain info: {"height":%d,"currentBlockHash":"%s","previousBlockHash":"%s"}'
              % (height, hashlib.sha256(b"%d" % height).hexdigest()[:44], ""))
        return 0
    if sub == "fetch":
        if len(pos) < 3:
            err("fetch target required, oldest, newest, config, or a number")
        out = pos[3] if len(pos) > 3 else ch + "_" + pos[2] + ".block"
        w, env, mounts, c = orderer_conn(objs, opts)
        block = orderer_channel(objs, w, env, mounts, c, ch)
        if block is None:
            err("can't read the block: &{NOT_FOUND}")
        if not member_of(block, me):
            err("can't read the block: &{FORBIDDEN}")
        if pos[2] != "0":
            # newest/config: the channel's configuration now (anchor updates applied)
            block = json.loads(json.dumps(block))
            anchors = fcapi.load("ledgers.json", {}).get(ch, {}).get("anchors", {})
            for o in block.get("application") or []:
                o["anchors"] = anchors.get(o["msp"], [])
        with open(out, "w", encoding="utf-8") as f:
            json.dump(block, f)
        sys.stderr.write("[channelCmd] readBlock -> INFO Received block: 0\n")
        return 0
    if sub == "create":
        tx = fcapi.read_block(opts.get("file", ""))
        if tx is None or tx.get("kind") != "createtx":
            err("Error reading channel creation transaction %s" % opts.get("file", ""))
        if tx.get("channel") != ch:
            err("got unexpected status: BAD_REQUEST -- the channel id in the transaction (%s) is not %s"
                % (tx.get("channel"), ch))
        w, env, mounts, c = orderer_conn(objs, opts)
        if (fcapi.image_version(c) or (2, 5)) >= (2, 0):
            err("got unexpected status: NOT_FOUND -- channel creation request not allowed because the orderer "
                "system channel is not defined")
        sysb, sid = system_block(env, mounts)
        cons = (sysb or {}).get("consortiums") or {}
        if tx["consortium"] not in cons:
            err("got unexpected status: BAD_REQUEST -- Unknown consortium name: %s" % tx["consortium"])
        members = {o["msp"] for o in cons[tx["consortium"]]}
        for o in tx.get("application") or []:
            if o["msp"] not in members:
                err("got unexpected status: BAD_REQUEST -- Attempted to include a member which is not in the "
                    "consortium")
        leds = fcapi.load("ledgers.json", {})
        if ch in leds and leds[ch].get("system") == sid:
            err("got unexpected status: BAD_REQUEST -- error validating channel creation transaction for new "
                "channel '%s', could not successfully apply update to template configuration: error authorizing "
                "update: error validating DeltaSet: attempt to set key [Group]  /Channel/Application to version 1, "
                "but key is at version 1" % ch)
        block = {"fake_fabric_block": 1, "kind": "genesis", "channel": ch, "number": 0,
                 "application": tx.get("application"), "orderer": sysb.get("orderer")}
        leds[ch] = {"height": 1, "block": block, "anchors": {}, "system": sid}
        fcapi.save("ledgers.json", leds)
        with open(opts.get("outputBlock") or ch + ".block", "w", encoding="utf-8") as f:
            json.dump(block, f)
        fcapi.log_event("channel %s created on the system channel %s" % (ch, sid))
        return 0
    if sub == "update":
        tx = fcapi.read_block(opts.get("file", ""))
        if tx is None:
            err("Error reading config update %s" % opts.get("file", ""))
        w, env, mounts, c = orderer_conn(objs, opts)
        block = orderer_channel(objs, w, env, mounts, c, ch)
        if block is None:
            err("got unexpected status: NOT_FOUND -- channel %s does not exist" % ch)
        leds = ledger(ch, block)
        if tx.get("kind") != "anchors" or tx.get("channel") != ch:
            err("got unexpected status: BAD_REQUEST -- error applying config update to existing channel '%s': "
                "not an update of this channel" % ch)
        org = [o for o in block_orgs(block) if o["msp"] == tx["org"]]
        if not org or me.get("issuer_id") not in org[0]["ca_ids"]:
            err("got unexpected status: BAD_REQUEST -- error applying config update to existing channel '%s': "
                "error authorizing update: implicit policy evaluation failed - 0 sub-policies were satisfied" % ch)
        if tx["org"] in leds[ch]["anchors"]:
            err("got unexpected status: BAD_REQUEST -- error applying config update to existing channel '%s': "
                "error authorizing update: error validating ReadSet: proposed update requires that key [Group]  "
                "/Channel/Application/%s be at version 0, but it is currently at version 1" % (ch, tx["org"]))
        leds[ch]["anchors"][tx["org"]] = tx["anchors"]
        leds[ch]["height"] += 1
        fcapi.save("ledgers.json", leds)
        sys.stderr.write("[channelCmd] update -> INFO Successfully submitted channel update\n")
        return 0
    err("stand-in peer: unsupported command: peer %s" % " ".join(argv))
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
