"""Stand-in cryptogen of the bring-up test: `generate` and `extend` with
Fabric's folder layout and file names and extend's exact behaviour, writing
fake certificates and keys (fcapi) with random ids.  Read from Fabric's
source at v2.5.12 (v1.4.12 common/tools/cryptogen is the same logic):
  cmd/cryptogen/main.go  generate: per org ca/, tlsca/, msp/ (verifying MSP),
      peers|orderers/<cn>/, users/Admin@<domain> (+ User<i>@ for peer orgs);
      extend (extendPeerOrg/extendOrdererOrg): an organization whose folder
      does not exist is generated; otherwise its CA pair is loaded from ca/
      and tlsca/ (getCA ignores load errors: a missing key only fails when a
      node has to be signed, with a nil-pointer panic) and only the nodes
      and User<i> whose folders do not exist are generated (generateNodes);
      msp/ and users/Admin@ are never rebuilt.
  internal/cryptogen/msp/msp.go  GenerateLocalMSP: msp/{keystore/priv_sk,
      signcerts/<cn>-cert.pem, cacerts/<ca cn>-cert.pem,
      tlscacerts/<tlsca cn>-cert.pem, config.yaml (NodeOUs)}, admincerts/
      only without NodeOUs; tls/{ca.crt, server|client.crt, server|client.key};
      exportConfig: config.yaml names cacerts/<ca cn>-cert.pem for each OU.
  internal/cryptogen/csp/csp.go:90  keys are "priv_sk" (v1.4.12: <ski>_sk).
"""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402


def flag(args, name, default):
    for i, a in enumerate(args):
        if a.startswith("--%s=" % name):
            return a.split("=", 1)[1]
        if a == "--" + name and i + 1 < len(args):
            return args[i + 1]
    return default


def v14():
    return os.environ.get("FC_BRINGUP_FABRIC_VERSION", "2.5").startswith("1.")


def key_name(k):
    return (k["id"] + "_sk") if v14() else "priv_sk"


class CA:
    def __init__(self, cert, key):
        self.cert, self.key = cert, key


def new_ca(directory, cn):
    os.makedirs(directory, exist_ok=True)
    k = fcapi.new_key()
    c = fcapi.new_cert(cn, None, k["id"])
    fcapi.write_key(os.path.join(directory, key_name(k)), k)
    fcapi.write_cert(os.path.join(directory, cn + "-cert.pem"), c)
    return CA(c, k)


def load_ca(directory):
    """getCA: errors ignored (the CA is then unusable)."""
    cert = key = None
    for f in fcapi.pem_files(directory) or []:
        p = fcapi.read_pem(f)
        if p and p["type"] == "key" and f.endswith("_sk"):
            key = p
        elif p and p["type"] == "cert" and f.endswith(".pem"):
            cert = p
    return CA(cert, key)


def write_nodeous(mspdir, cafile):
    with open(os.path.join(mspdir, "config.yaml"), "w", encoding="utf-8") as f:
        f.write("NodeOUs:\n  Enable: true\n")
        for ou, name in (("ClientOUIdentifier", "client"), ("PeerOUIdentifier", "peer"),
                         ("AdminOUIdentifier", "admin"), ("OrdererOUIdentifier", "orderer")):
            f.write("  %s:\n    Certificate: %s\n    OrganizationalUnitIdentifier: %s\n" % (ou, cafile, name))


def local_msp(node_dir, cn, sans, sign, tls, ntype, nodeous):
    if sign.cert is None or sign.key is None or tls.cert is None or tls.key is None:
        sys.stderr.write("panic: runtime error: invalid memory address or nil pointer dereference\n"
                         "[signal SIGSEGV: segmentation violation]\n"
                         "(cryptogen extend: no CA key pair could be loaded to sign %s)\n" % cn)
        sys.exit(2)
    msp = os.path.join(node_dir, "msp")
    for d in ("keystore", "signcerts", "cacerts", "tlscacerts"):
        os.makedirs(os.path.join(msp, d), exist_ok=True)
    k = fcapi.new_key()
    fcapi.write_key(os.path.join(msp, "keystore", key_name(k)), k)
    c = fcapi.new_cert(cn, sign.cert, k["id"], ou=ntype if nodeous else "", sans=sans)
    fcapi.write_cert(os.path.join(msp, "signcerts", cn + "-cert.pem"), c)
    fcapi.write_cert(os.path.join(msp, "cacerts", sign.cert["subject"] + "-cert.pem"), sign.cert)
    fcapi.write_cert(os.path.join(msp, "tlscacerts", tls.cert["subject"] + "-cert.pem"), tls.cert)
    if nodeous:
        write_nodeous(msp, "cacerts/" + sign.cert["subject"] + "-cert.pem")
    else:
        os.makedirs(os.path.join(msp, "admincerts"), exist_ok=True)
        fcapi.write_cert(os.path.join(msp, "admincerts", cn + "-cert.pem"), c)
    tdir = os.path.join(node_dir, "tls")
    os.makedirs(tdir, exist_ok=True)
    prefix = "client" if ntype in ("client", "admin") else "server"
    tk = fcapi.new_key()
    tc = fcapi.new_cert(cn, tls.cert, tk["id"], sans=sans)
    fcapi.write_cert(os.path.join(tdir, "ca.crt"), tls.cert)
    fcapi.write_cert(os.path.join(tdir, prefix + ".crt"), tc)
    fcapi.write_key(os.path.join(tdir, prefix + ".key"), tk)


def nodes_of(org, prefix):
    domain = org["Domain"]
    out = []
    tmpl = org.get("Template") or {}
    for i in range(int(tmpl.get("Count") or 0)):
        h = (tmpl.get("Hostname") or "{{.Prefix}}{{.Index}}").replace("{{.Prefix}}", prefix).replace(
            "{{.Index}}", str(int(tmpl.get("Start") or 0) + i))
        out.append({"Hostname": h, "SANS": tmpl.get("SANS") or []})
    out += org.get("Specs") or []
    res = []
    for s in out:
        cn = (s.get("CommonName") or "{{.Hostname}}.{{.Domain}}").replace(
            "{{.Hostname}}", s["Hostname"]).replace("{{.Domain}}", domain)
        sans = [cn, s["Hostname"]] + [x.replace("{{.Hostname}}", s["Hostname"]).replace(
            "{{.Domain}}", domain).replace("{{.CommonName}}", cn) for x in s.get("SANS") or []]
        res.append((cn, sans))
    return res


def generate_org(base, org, kind):
    domain = org["Domain"]
    nodeous = bool(org.get("EnableNodeOUs"))
    odir = os.path.join(base, kind + "Organizations", domain)
    cacn = ((org.get("CA") or {}).get("CommonName")) or ("ca." + domain)
    sign = new_ca(os.path.join(odir, "ca"), cacn)
    tls = new_ca(os.path.join(odir, "tlsca"), "tls" + cacn)
    msp = os.path.join(odir, "msp")
    for d in ("cacerts", "tlscacerts", "admincerts"):
        os.makedirs(os.path.join(msp, d), exist_ok=True)
    fcapi.write_cert(os.path.join(msp, "cacerts", cacn + "-cert.pem"), sign.cert)
    fcapi.write_cert(os.path.join(msp, "tlscacerts", "tls" + cacn + "-cert.pem"), tls.cert)
    if nodeous:
        write_nodeous(msp, "cacerts/" + cacn + "-cert.pem")
    ntype = "peer" if kind == "peer" else "orderer"
    sub = "peers" if kind == "peer" else "orderers"
    gen_nodes(os.path.join(odir, sub), nodes_of(org, kind), sign, tls, ntype, nodeous)
    admin = "Admin@" + domain
    users = [(admin, [])]
    if kind == "peer":
        users += [("User%d@%s" % (j, domain), []) for j in range(1, int((org.get("Users") or {}).get("Count") or 0) + 1)]
    udir = os.path.join(odir, "users")
    for cn, sans in users:
        local_msp(os.path.join(udir, cn), cn, sans, sign, tls, "admin" if cn == admin and nodeous else "client", nodeous)
    if not nodeous:
        fcapi.write_cert(os.path.join(msp, "admincerts", admin + "-cert.pem"),
                         fcapi.read_pem(os.path.join(udir, admin, "msp", "signcerts", admin + "-cert.pem")))


def gen_nodes(base, nodes, sign, tls, ntype, nodeous):
    for cn, sans in nodes:
        d = os.path.join(base, cn)
        if not os.path.exists(d):
            local_msp(d, cn, sans, sign, tls, ntype, nodeous)


def extend_org(base, org, kind):
    domain = org["Domain"]
    odir = os.path.join(base, kind + "Organizations", domain)
    if not os.path.exists(odir):
        generate_org(base, org, kind)
        return
    sign = load_ca(os.path.join(odir, "ca"))
    tls = load_ca(os.path.join(odir, "tlsca"))
    nodeous = bool(org.get("EnableNodeOUs"))
    gen_nodes(os.path.join(odir, "peers" if kind == "peer" else "orderers"), nodes_of(org, kind), sign, tls,
              "peer" if kind == "peer" else "orderer", nodeous)
    if kind == "peer":
        users = [("User%d@%s" % (j, domain), []) for j in range(1, int((org.get("Users") or {}).get("Count") or 0) + 1)]
        gen_nodes(os.path.join(odir, "users"), users, sign, tls, "client", nodeous)


def main(argv):
    yaml = fcapi.yaml()
    if not argv or argv[0] not in ("generate", "extend", "version", "showtemplate"):
        fcapi.die("cryptogen: error: expected command but got %s, try --help" % (argv[:1] or "nothing"))
    cmd = argv[0]
    if cmd == "version":
        print("cryptogen:\n Version: %s (bring-up stand-in)" % os.environ.get("FC_BRINGUP_FABRIC_VERSION", "?"))
        return 0
    if cmd == "showtemplate":
        return 0
    cfg = flag(argv, "config", None)
    try:
        with open(cfg, encoding="utf-8") as f:
            config = yaml.safe_load(f) or {}
    except (OSError, TypeError) as e:
        print("Error reading config: %s" % e)
        return 255
    except yaml.YAMLError as e:
        print("Error reading config: %s" % e)
        return 255
    if cmd == "generate":
        base = flag(argv, "output", "crypto-config")
        for org in config.get("PeerOrgs") or []:
            generate_org(base, org, "peer")
        for org in config.get("OrdererOrgs") or []:
            generate_org(base, org, "orderer")
    else:
        base = flag(argv, "input", "crypto-config")
        for org in config.get("PeerOrgs") or []:
            extend_org(base, org, "peer")
        for org in config.get("OrdererOrgs") or []:
            extend_org(base, org, "orderer")
    for org in (config.get("PeerOrgs") or []) + (config.get("OrdererOrgs") or []):
        print(org["Domain"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
