"""Stand-in osnadmin of the bring-up test (Fabric v2.5.12/v3.1.1
cmd/osnadmin/main.go): `channel list|join|remove` against the emulated
orderer behind -o.  Like the real one it exits 1 only when it gets no HTTP
reply (bad flags, unreadable files, connection failure: the orderer pod is
not Ready, the port is not its admin port, mutual TLS fails) and exits 0 on
ANY reply, 404 and 405 included, printing "Status: NNN" and the JSON body
indented with tabs (responseOutput).  Bodies as the orderer's
channelparticipation REST API writes them; errors
orderer/common/types/errors.go ("channel does not exist", "channel already
exists")."""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402

SHORT = {"-o": "orderer-address", "-c": "channelID", "-b": "config-block"}


def parse(argv):
    pos, opts = [], {}
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("--") and "=" in a:
            k, v = a[2:].split("=", 1)
            opts[k] = v
        elif a in SHORT or a.startswith("--"):
            name = SHORT.get(a, a[2:])
            if name == "no-status":
                opts[name] = True
            else:
                i += 1
                if i >= len(argv):
                    fcapi.die("osnadmin: error: parsing arguments: expected argument for flag '%s'. Try --help" % a)
                opts[name] = argv[i]
        else:
            pos.append(a)
        i += 1
    return pos, opts


def reply(status, body, show=True):
    if show:
        print("Status: %d" % status)
    if body is not None:
        print(json.dumps(body, indent="\t"))
    return 0


def conn_error(url, why):
    print('Error: Get "%s": %s' % (url, why))
    return 1


def main(argv):
    pos, opts = parse(argv)
    if pos[:1] != ["channel"] or len(pos) < 2 or pos[1] not in ("list", "join", "remove"):
        fcapi.die("osnadmin: error: parsing arguments: expected command channel list|join|remove. Try --help")
    cmd = pos[1]
    addr = opts.get("orderer-address")
    if not addr:
        fcapi.die("osnadmin: error: parsing arguments: required flag --orderer-address not provided. Try --help")
    ch = opts.get("channelID", "")
    if cmd in ("join", "remove") and not ch:
        fcapi.die("osnadmin: error: parsing arguments: required flag --channelID not provided. Try --help")
    if cmd == "join" and not opts.get("config-block"):
        fcapi.die("osnadmin: error: parsing arguments: required flag --config-block not provided. Try --help")
    tls = bool(opts.get("ca-file"))
    ca = cert = None
    if tls:
        ca = fcapi.read_pem(opts["ca-file"])
        if not os.path.exists(opts["ca-file"]):
            fcapi.die("osnadmin: error: parsing arguments: reading orderer CA certificate: open %s: no such file "
                      "or directory. Try --help" % opts["ca-file"])
        if ca is None:
            fcapi.die("osnadmin: error: parsing arguments: failed to add ca-file PEM to cert pool. Try --help")
        cert = fcapi.read_pem(opts.get("client-cert", ""))
        key = fcapi.read_pem(opts.get("client-key", ""))
        if cert is None or key is None or cert.get("key") != key.get("id"):
            fcapi.die("osnadmin: error: parsing arguments: loading client cert/key pair: open %s: no such file or "
                      "directory (or the key does not match). Try --help" % opts.get("client-cert", ""))
    block = None
    if cmd == "join":
        path = opts["config-block"]
        if not os.path.exists(path):
            fcapi.die("osnadmin: error: parsing arguments: reading config block: open %s: no such file or "
                      "directory. Try --help" % path)
        block = fcapi.read_block(path)
        if block is None:
            fcapi.die("osnadmin: error: parsing arguments: unmarshalling block: bad block. Try --help")
        if block.get("channel") != ch:
            fcapi.die("osnadmin: error: parsing arguments: specified --channelID %s does not match channel ID %s in "
                      "config block. Try --help" % (ch, block.get("channel")))
    url = "%s://%s/participation/v1/channels%s" % ("https" if tls else "http", addr, "/" + ch if ch else "")
    objs = fcapi.objects()
    ns = os.environ.get("FC_BRINGUP_NAMESPACE", "default")
    w, err = fcapi.resolve(objs, addr, ns)
    if w is None:
        return conn_error(url, err)
    env, mounts, c = fcapi.pod_env(objs, w, "fabric-orderer")
    admin_port = env.get("ORDERER_ADMIN_LISTENADDRESS", "").rpartition(":")[2]
    port = addr.rpartition(":")[2]
    if not admin_port or port != admin_port:
        return conn_error(url, "dial tcp %s: connect: connection refused (orderer admin listens on %s)"
                          % (addr, admin_port or "nothing"))
    server_tls = env.get("ORDERER_ADMIN_TLS_ENABLED", "false").lower() == "true"
    if server_tls != tls:
        return conn_error(url, "http: server gave HTTP response to HTTPS client" if tls else "EOF (TLS server)")
    if tls:
        srv = fcapi.read_pem_bytes(fcapi.file_in(mounts, env.get("ORDERER_ADMIN_TLS_CERTIFICATE", "")))
        if srv is None or srv.get("issuer_id") != ca.get("id"):
            return conn_error(url, "tls: failed to verify certificate: x509: certificate signed by unknown authority")
        roots = env.get("ORDERER_ADMIN_TLS_CLIENTROOTCAS", "").strip("[]").replace(",", " ").split()
        root_ids = [(fcapi.read_pem_bytes(fcapi.file_in(mounts, r)) or {}).get("id") for r in roots]
        if cert.get("issuer_id") not in root_ids:
            return conn_error(url, "remote error: tls: bad certificate")
        host = addr.rpartition(":")[0]
        if host not in (srv.get("sans") or "").split(","):
            return conn_error(url, "tls: failed to verify certificate: x509: certificate is valid for %s, not %s"
                              % (srv.get("sans"), host))
    nodes = fcapi.load("nodes.json", {})
    me = nodes.setdefault("orderer:" + fcapi.node_key(w), {"channels": {}})
    ver = fcapi.image_version(c) or (2, 5)
    show = not opts.get("no-status")
    if cmd == "list":
        if ch:
            info = me["channels"].get(ch)
            if info is None:
                return reply(404, {"error": "channel does not exist"}, show)
            return reply(200, info, show)
        body = {"channels": [{"name": n, "url": "/participation/v1/channels/" + n} for n in sorted(me["channels"])]
                or None}
        if ver < (3, 0):
            body = {"systemChannel": None, "channels": body["channels"]}
        return reply(200, body, show)
    if cmd == "join":
        if ch in me["channels"]:
            return reply(405, {"error": "cannot join: channel already exists"}, show)
        tls_cert = fcapi.read_pem_bytes(fcapi.file_in(mounts, env.get("ORDERER_GENERAL_TLS_CERTIFICATE", "")))
        cons = (block.get("orderer") or {}).get("consenters") or []
        mine = tls_cert is not None and any(tls_cert["id"] in (x.get("client"), x.get("server")) for x in cons)
        info = {"name": ch, "url": "/participation/v1/channels/" + ch,
                "consensusRelation": "consenter" if mine else "follower",
                "status": "active" if mine else "onboarding", "height": 1}
        me["channels"][ch] = info
        me.setdefault("blocks", {})[ch] = block
        fcapi.save("nodes.json", nodes)
        fcapi.log_event("orderer %s joined %s as %s" % (fcapi.node_key(w), ch, info["consensusRelation"]))
        return reply(201, info, show)
    if ch not in me["channels"]:
        return reply(404, {"error": "cannot remove: channel does not exist"}, show)
    del me["channels"][ch]
    fcapi.save("nodes.json", nodes)
    return reply(204, None, show)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
