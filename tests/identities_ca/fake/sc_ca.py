"""Stand-in fabric-ca-client and fabric-ca-server (init) of the identities_ca
test: the subset enroll.sh runs, against one emulated fabric-ca-server with
two CAs (ca-<org>, tlsca-<org>) whose registries are in $FC_FAKE_CA/registry.json.
The CA answers only once Secrets ca-roots and ca-admin exist in the emulated
cluster (tests/bringup/fake's $FC_BRINGUP_STATE/objects.json), as the real
StatefulSet starts only when it can mount them; the bootstrap admin's
password is ca-admin's.  As fabric-ca does, an enrollment's CSR common name
must be its enrollment ID (lib/serverenroll.go processSignRequest, v1.5.15)
and registering an identity twice fails.  Each call is appended to
$FC_FAKE_CA/calls ("client SUBCOMMAND CANAME ID [profile=P] [hosts=H]",
"server init CN").  Certificates and keys are text in PEM armour."""
import base64
import json
import os
import sys
from urllib.parse import urlparse

STATE = os.environ.get("FC_FAKE_CA", "")
OBJECTS = os.path.join(os.environ.get("FC_BRINGUP_STATE", ""), "objects.json")
NS = os.environ.get("NAMESPACE", "")


def die(msg):
    sys.stderr.write("Error: %s\n" % msg)
    sys.exit(1)


def record(line):
    with open(os.path.join(STATE, "calls"), "a", encoding="utf-8") as f:
        f.write(line + "\n")


def remember(pw):
    """every registered password, in $FC_FAKE_CA/passwords (the test checks
    that none is stored)"""
    with open(os.path.join(STATE, "passwords"), "a", encoding="utf-8") as f:
        f.write(pw + "\n")


def load():
    try:
        with open(os.path.join(STATE, "registry.json"), encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return {}


def save(full):
    with open(os.path.join(STATE, "registry.json"), "w", encoding="utf-8") as f:
        json.dump(full, f, indent=1, sort_keys=True)


def secret(name):
    try:
        with open(OBJECTS, encoding="utf-8") as f:
            objs = json.load(f)
    except FileNotFoundError:
        return None
    o = objs.get("Secret/%s/%s" % (NS, name))
    return {k: base64.b64decode(v).decode() for k, v in o["data"].items()} if o else None


def parse(argv):
    opts, pos = {}, []
    i = 0
    while i < len(argv):
        a = argv[i]
        if a.startswith("-") and len(a) > 1:
            k = a.lstrip("-")
            if "=" in k:
                k, v = k.split("=", 1)
            else:
                i += 1
                v = argv[i]
            opts[{"u": "url", "M": "mspdir", "H": "home"}.get(k, k)] = v
        else:
            pos.append(a)
        i += 1
    return pos, opts


def pem(kind, text):
    return "-----BEGIN %s-----\n%s\n-----END %s-----\n" % (kind, text, kind)


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)


def serial():
    return os.urandom(6).hex()


def server(argv):
    pos, opts = parse(argv)
    if pos[:1] != ["init"]:
        die("stand-in fabric-ca-server: only init")
    home = opts["home"]
    cn = ""
    with open(os.path.join(home, "fabric-ca-server-config.yaml"), encoding="utf-8") as f:
        for line in f:
            if line.strip().startswith("cn:"):
                cn = line.split(":", 1)[1].strip()
    record("server init %s" % cn)
    write(os.path.join(home, "ca-cert.pem"), pem("CERTIFICATE", "fake cn=%s issuer=%s serial=%s" % (cn, cn, serial())))
    write(os.path.join(home, "msp", "keystore", serial() + "_sk"), pem("PRIVATE KEY", "fake key=%s" % serial()))
    return 0


def client(argv):
    pos, opts = parse(argv)
    if not pos:
        die("no command")
    sub = pos[0] if pos[0] != "identity" else "identity " + pos[1]
    ca = opts.get("caname", "")
    up = urlparse(opts.get("url", ""))
    if opts.get("tls.certfiles") is None:
        die("no --tls.certfiles")
    admin = secret("ca-admin")
    if secret("ca-roots") is None or admin is None or os.path.exists(os.path.join(STATE, "down")):
        die("Failed to connect to %s" % up.netloc)
    # one server per namespace: its CAs' registries apart from another's
    full = load()
    reg = full.setdefault(NS, {})
    reg.setdefault(ca, {}).setdefault(admin["username"], {"type": "client", "secret": admin["password"]})
    if sub == "getcainfo":
        return 0
    msp = opts.get("mspdir", "msp")
    if sub == "enroll":
        user, pw = up.username, up.password
        who = reg[ca].get(user)
        if who is None or who["secret"] != pw:
            die("Authentication failure (enroll %s at %s)" % (user, ca))
        if user != admin["username"] and opts.get("csr.cn") != user:
            die("The CSR subject common name must equal the enrollment ID")
        prof = opts.get("enrollment.profile", "")
        hosts = opts.get("csr.hosts", "")
        record("client enroll %s %s%s%s" % (ca, user, " profile=" + prof if prof else "",
                                           " hosts=" + hosts if user != admin["username"] else ""))
        write(os.path.join(msp, "signcerts", "cert.pem"),
              pem("CERTIFICATE", "fake cn=%s issuer=%s ou=%s profile=%s hosts=%s serial=%s"
                  % (user, ca, who["type"], prof, hosts, serial())))
        write(os.path.join(msp, "keystore", serial() + "_sk"), pem("PRIVATE KEY", "fake key=%s" % serial()))
        write(os.path.join(msp, "cacerts", "ca.pem"), pem("CERTIFICATE", "fake cn=%s" % ca))
        # the secret's one use is spent (fabric-ca: maxenrollments; here: so a
        # second enroll with it would be seen)
        who["secret"] = None if user != admin["username"] else who["secret"]
        save(full)
        return 0
    if not os.path.exists(os.path.join(msp, "signcerts", "cert.pem")):
        die("Enrollment information does not exist (%s)" % msp)
    if sub == "register":
        name = opts["id.name"]
        if name in reg[ca]:
            die("Identity '%s' is already registered" % name)
        reg[ca][name] = {"type": opts.get("id.type", "client"), "secret": opts["id.secret"]}
        remember(opts["id.secret"])
        record("client register %s %s type=%s" % (ca, name, reg[ca][name]["type"]))
    elif sub == "identity modify":
        name = pos[2]
        if name not in reg[ca]:
            die("Identity '%s' does not exist" % name)
        reg[ca][name]["secret"] = opts["secret"]
        remember(opts["secret"])
        record("client modify %s %s" % (ca, name))
    else:
        die("stand-in fabric-ca-client: unsupported %s" % sub)
    save(full)
    return 0


if __name__ == "__main__":
    prog = os.path.basename(sys.argv[1])
    sys.exit(server(sys.argv[2:]) if prog == "fabric-ca-server" else client(sys.argv[2:]))
