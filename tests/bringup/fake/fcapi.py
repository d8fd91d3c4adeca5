"""fcapi: what the bring-up test's emulated cluster and its stand-ins share.

The emulated Kubernetes API is a directory ($FC_BRINGUP_STATE): objects.json
holds every object (key "Kind/namespace/name", cluster-scoped objects with an
empty namespace), nodes.json the state of the emulated Fabric nodes (channels
an orderer or a peer has joined), clock the virtual time in seconds (the
stand-in `sleep` advances it).  Only one container runs at a time, so the
files need no locking.  The orchestrator (tests/bringup/cluster.py) and every
stand-in in this directory import this module.

Fake certificates and keys are text in PEM armour with one line of
"key=value" fields: a random id (so a changed key is visible), the subject,
the issuer's id.  Blocks written by the stand-in configtxgen are JSON.
"""
import json
import os
import re
import sys

STATE = os.environ.get("FC_BRINGUP_STATE", "/fc/state")
CLUSTER_DOMAIN = "cluster.local"


def yaml():
    """PyYAML; the stand-ins run as `python3 -S` (faster start), so Debian's
    dist-packages is added here, when a stand-in needs YAML."""
    for d in ("/usr/lib/python3/dist-packages",):
        if d not in sys.path and os.path.isdir(d):
            sys.path.append(d)
    import yaml as y
    return y


def yaml_load_all(text):
    """yaml.safe_load_all with libyaml's parser when PyYAML has it (the same
    documents, several times faster than the pure-Python one).  Output stays
    with the pure-Python emitter (libyaml folds long strings differently)."""
    y = yaml()
    return y.load_all(text, Loader=getattr(y, "CSafeLoader", y.SafeLoader))


def _token():
    return os.urandom(8).hex()


# ---- state ------------------------------------------------------------------
def _path(name):
    return os.path.join(STATE, name)


def load(name, default):
    try:
        with open(_path(name), encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        return default


def save(name, value):
    old = os.umask(0)
    try:
        tmp = _path(name + ".tmp")
        # compact, one line: json's C encoder (indent= takes the pure-Python
        # one, 30 ms per write of a 500 KB objects.json; `python3 -m
        # json.tool` shows a kept state file indented)
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(json.dumps(value, sort_keys=True, separators=(",", ":")))
        os.replace(tmp, _path(name))
    finally:
        os.umask(old)


def objects():
    return load("objects.json", {})


def save_objects(objs):
    save("objects.json", objs)


def key(kind, ns, name):
    return "%s/%s/%s" % (kind, ns or "", name)


def get(objs, kind, ns, name):
    return objs.get(key(kind, ns, name))


def of_kind(objs, kind, ns=None):
    out = []
    for k, o in sorted(objs.items()):
        if k.split("/", 1)[0] == kind and (ns is None or o["metadata"].get("namespace", "") == ns):
            out.append(o)
    return out


def clock():
    return load("clock", 0)


def log_event(text):
    """One line in the state's events.log (the orchestrator shows it on failure)."""
    old = os.umask(0)
    try:
        with open(_path("events.log"), "a", encoding="utf-8") as f:
            f.write(text.rstrip("\n") + "\n")
    finally:
        os.umask(old)


# the process group of the stand-in's caller, when the stand-in runs in the
# stand-in server (fcrun.py); 0: the stand-in's own (it runs in the container)
CALLER_PGID = 0


def kill_container():
    """SIGKILL to the container's processes (its process group: the sandbox
    made it a session), as when the Job controller or a node kills the pod."""
    import signal
    os.killpg(CALLER_PGID, signal.SIGKILL)
    os._exit(137)


def die(msg, code=1):
    sys.stderr.write(msg.rstrip("\n") + "\n")
    sys.exit(code)


# ---- fake PKI ---------------------------------------------------------------
def _fields(text):
    m = re.search(r"fake-fabric (\w+) ([^\n]*)", text)
    if not m:
        return None
    out = {"type": m.group(1)}
    for item in m.group(2).split():
        k, _, v = item.partition("=")
        out[k] = v
    return out


def read_pem(path):
    """The fields of a fake certificate or key file, or None (not one)."""
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return _fields(f.read())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def read_pem_bytes(data):
    """fields of fake PEM content given as bytes (from fcapi.file_in), or None."""
    if not data:
        return None
    return _fields(data.decode("utf-8", "replace"))


def new_key():
    return {"type": "key", "id": _token()}


def write_key(path, k):
    with open(path, "w", encoding="utf-8") as f:
        f.write("-----BEGIN PRIVATE KEY-----\nfake-fabric key id=%s\n-----END PRIVATE KEY-----\n" % k["id"])


def new_cert(subject, issuer, key_id, ou="", sans=()):
    """issuer None: self-signed (a CA)."""
    cid = _token()
    return {"type": "cert", "id": cid, "subject": subject, "key": key_id,
            "issuer": issuer["subject"] if issuer else subject,
            "issuer_id": issuer["id"] if issuer else cid,
            "ou": ou or "-", "sans": ",".join(sans) or "-"}


def _der(tag, content):
    n = len(content)
    if n < 128:
        head = bytes([tag, n])
    else:
        lb = n.to_bytes((n.bit_length() + 7) // 8, "big")
        head = bytes([tag, 0x80 | len(lb)]) + lb
    return head + content


def _der_time(t):
    """RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime after."""
    import time as _time
    g = _time.gmtime(t)
    if g.tm_year < 2050:
        return _der(0x17, _time.strftime("%y%m%d%H%M%SZ", g).encode())
    return _der(0x18, _time.strftime("%Y%m%d%H%M%SZ", g).encode())


def cert_der(c, days=3650):
    """The certificate's DER skeleton: RFC 5280's structure (version, serial,
    signature algorithm, issuer and subject CN, validity of DAYS days from
    now, as cryptogen's 10 years) with a dummy key and signature, so that
    what reads a certificate's notAfter or subject (files/scripts/certs.sh,
    the helm test of certificate expiry) reads it from a fake one too."""
    import time as _time

    def name(cn):
        oid_cn = _der(0x06, bytes([0x55, 0x04, 0x03]))
        return _der(0x30, _der(0x31, _der(0x30, oid_cn + _der(0x0C, cn.encode("utf-8")))))
    now = int(_time.time())
    alg = _der(0x30, _der(0x06, bytes([0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02])))  # ecdsa-with-SHA256
    tbs = _der(0x30, _der(0xA0, _der(0x02, b"\x02")) + _der(0x02, b"\x01" + bytes.fromhex(c["id"])[:8]) + alg +
               name(c["issuer"]) + _der(0x30, _der_time(now) + _der_time(now + days * 86400)) + name(c["subject"]) +
               _der(0x30, alg + _der(0x03, b"\x00" + bytes(65))))
    return _der(0x30, tbs + alg + _der(0x03, b"\x00" + bytes(70)))


def write_cert(path, c):
    """The fields line, then a PEM block holding cert_der (the explanatory
    text before a PEM block that openssl and Fabric's PEM decoder skip)."""
    import base64
    body = " ".join("%s=%s" % (k, c[k]) for k in ("id", "subject", "key", "issuer", "issuer_id", "ou", "sans"))
    b64 = base64.b64encode(cert_der(c)).decode()
    lines = "\n".join(b64[i:i + 64] for i in range(0, len(b64), 64))
    with open(path, "w", encoding="utf-8") as f:
        f.write("fake-fabric cert %s\n-----BEGIN CERTIFICATE-----\n%s\n-----END CERTIFICATE-----\n" % (body, lines))


def pem_files(directory):
    try:
        names = sorted(os.listdir(directory))
    except FileNotFoundError:
        return None
    return [os.path.join(directory, n) for n in names if os.path.isfile(os.path.join(directory, n))]


# ---- blocks -----------------------------------------------------------------
def read_block(path):
    try:
        with open(path, encoding="utf-8") as f:
            b = json.load(f)
    except (OSError, ValueError):
        return None
    return b if isinstance(b, dict) and b.get("fake_fabric_block") else None


# ---- services, pods, readiness ---------------------------------------------
def split_host(host, caller_ns):
    """(service, namespace) of a DNS name as a pod resolves it, or None."""
    parts = host.split(".")
    suffix = ["svc"] + CLUSTER_DOMAIN.split(".")
    if len(parts) == 1:
        return parts[0], caller_ns
    if len(parts) == 2 or parts[2:] == suffix or parts[2:] == ["svc"]:
        return parts[0], parts[1]
    return None


def workloads(objs, ns):
    out = []
    for kind in ("StatefulSet", "Deployment"):
        out.extend(of_kind(objs, kind, ns))
    return out


def service_pods(objs, svc):
    """The workloads a Service selects (their pod template labels match)."""
    sel = (svc.get("spec") or {}).get("selector") or {}
    if not sel:
        return []
    ns = svc["metadata"]["namespace"]
    out = []
    for w in workloads(objs, ns):
        labels = w["spec"]["template"]["metadata"].get("labels") or {}
        if all(labels.get(k) == v for k, v in sel.items()):
            out.append(w)
    return out


def resolve(objs, hostport, caller_ns):
    """Resolve host:port to (workload, container_port_ok, error).  A Service
    has endpoints only for Ready pods (unless publishNotReadyAddresses)."""
    host, _, port = hostport.rpartition(":")
    if not host:
        host, port = hostport, ""
    hs = split_host(host, caller_ns)
    if hs is None:
        return None, "dial tcp: lookup %s: no such host" % host
    svc = get(objs, "Service", hs[1], hs[0])
    if svc is None:
        return None, "dial tcp: lookup %s: no such host" % host
    ports = [str(p.get("port")) for p in svc["spec"].get("ports", [])]
    if port and port not in ports:
        return None, "dial tcp %s: connect: connection refused (Service %s/%s has no port %s)" % (
            hostport, hs[1], hs[0], port)
    pods = service_pods(objs, svc)
    if not pods:
        return None, "dial tcp %s: connect: connection refused (Service %s/%s selects no pod)" % (
            hostport, hs[1], hs[0])
    w = pods[0]
    ready, why = pod_ready(objs, w)
    if not ready and not svc["spec"].get("publishNotReadyAddresses"):
        return None, "dial tcp %s: i/o timeout (no ready endpoint: %s/%s not Ready: %s)" % (
            hostport, w["metadata"]["namespace"], w["metadata"]["name"], why)
    if not ready:
        return None, "dial tcp %s: connect: connection refused (%s not Ready: %s)" % (hostport, w["metadata"]["name"], why)
    return w, None


def _env_value(objs, ns, e):
    if "value" in e:
        return e["value"], None
    vf = e.get("valueFrom") or {}
    for kind, ref in (("Secret", vf.get("secretKeyRef")), ("ConfigMap", vf.get("configMapKeyRef"))):
        if ref is None:
            continue
        o = get(objs, kind, ns, ref["name"])
        data = (o or {}).get("data") or {}
        if o is None or ref["key"] not in data:
            if ref.get("optional"):
                return None, None
            what = "secret" if kind == "Secret" else "configmap"
            return None, 'couldn\'t find key %s in %s %s/%s' % (ref["key"], what, ns, ref["name"])
        v = data[ref["key"]]
        if kind == "Secret":
            import base64
            v = base64.b64decode(v).decode("utf-8", "replace")
        return v, None
    if vf.get("fieldRef"):
        return "<fieldRef>", None
    return "", None


def container_env(objs, ns, c, pod_name=""):
    """({name: value}, error) as the kubelet gives it to the container."""
    env = {}
    for e in c.get("env") or []:
        if "valueFrom" in e and (e["valueFrom"] or {}).get("fieldRef"):
            fp = e["valueFrom"]["fieldRef"].get("fieldPath", "")
            env[e["name"]] = {"metadata.namespace": ns, "metadata.name": pod_name}.get(fp, "")
            continue
        v, err = _env_value(objs, ns, e)
        if err:
            return None, err
        if v is not None:
            env[e["name"]] = re.sub(r"\$\((\w+)\)", lambda m: env.get(m.group(1), m.group(0)), v)
    return env, None


def volume_files(objs, ns, vol):
    """{relative path: bytes} of a secret/configMap/projected volume, None for
    other kinds, or an error string (what the kubelet reports)."""
    import base64

    def source(kind, name, items, optional):
        o = get(objs, kind, ns, name)
        if o is None:
            if optional:
                return {}
            return '%s "%s" not found' % ("secret" if kind == "Secret" else "configmap", name)
        data = o.get("data") or {}
        raw = {k: (base64.b64decode(v) if kind == "Secret" else v.encode("utf-8")) for k, v in data.items()}
        if kind == "ConfigMap":
            for k, v in (o.get("binaryData") or {}).items():
                raw[k] = base64.b64decode(v)
        if not items:
            return raw
        out = {}
        for it in items:
            if it["key"] not in raw:
                if optional:
                    continue
                return 'couldn\'t find key %s in %s %s/%s' % (
                    it["key"], "Secret" if kind == "Secret" else "ConfigMap", ns, name)
            out[it["path"]] = raw[it["key"]]
        return out

    if "secret" in vol:
        s = vol["secret"]
        return source("Secret", s["secretName"], s.get("items"), s.get("optional"))
    if "configMap" in vol:
        s = vol["configMap"]
        return source("ConfigMap", s["name"], s.get("items"), s.get("optional"))
    if "projected" in vol:
        out = {}
        for src in vol["projected"].get("sources") or []:
            if "secret" in src:
                s = src["secret"]
                got = source("Secret", s["name"], s.get("items"), s.get("optional"))
            elif "configMap" in src:
                s = src["configMap"]
                got = source("ConfigMap", s["name"], s.get("items"), s.get("optional"))
            else:
                continue
            if isinstance(got, str):
                return got
            out.update(got)
        return out
    return None


def pod_started(w):
    """The orchestrator's record of a workload's pod start (init containers
    run, emptyDir contents they left), or None."""
    rec = load("pods.json", {}).get(node_key(w))
    if rec and rec.get("hash") == spec_hash(w):
        return rec
    return None


def spec_hash(w):
    import hashlib
    return hashlib.sha256(json.dumps(w["spec"]["template"], sort_keys=True).encode()).hexdigest()[:16]


def pod_mounts(objs, ns, spec, c, started=None):
    """{mountPath: files or None (a directory volume)} of one container, or an error."""
    vols = {v["name"]: v for v in spec.get("volumes") or []}
    out = {}
    for m in c.get("volumeMounts") or []:
        v = vols.get(m["name"])
        if v is None:
            if m["name"] in [t["metadata"]["name"] for t in spec.get("_claims", [])]:
                out[m["mountPath"]] = None
                continue
            return 'volume "%s" not found in the pod' % m["name"]
        files = volume_files(objs, ns, v)
        if files is None and "emptyDir" in v and started and m["name"] in (started.get("emptydirs") or {}):
            import base64
            files = {p: base64.b64decode(b) for p, b in started["emptydirs"][m["name"]].items()}
        if isinstance(files, str):
            return "MountVolume.SetUp failed for volume \"%s\" : %s" % (m["name"], files)
        if files is not None and m.get("subPath"):
            files = {p[len(m["subPath"]) + 1:]: b for p, b in files.items() if p.startswith(m["subPath"] + "/")} \
                if not any(p == m["subPath"] for p in files) else {"": files[m["subPath"]]}
        out[m["mountPath"]] = files
    return out


def file_in(mounts, path):
    """bytes of PATH as the container sees it through its mounts, None if absent,
    b"" for a path inside a directory volume (assumed present)."""
    best = None
    for mp in mounts:
        if path == mp or path.startswith(mp.rstrip("/") + "/"):
            if best is None or len(mp) > len(best):
                best = mp
    if best is None:
        return None
    files = mounts[best]
    if files is None:
        return b""
    rel = path[len(best):].lstrip("/")
    return files.get(rel)


def dir_in(mounts, path):
    """names of the files directly in directory PATH through the mounts."""
    out = set()
    for mp, files in mounts.items():
        if files is None:
            continue
        for rel in files:
            full = (mp.rstrip("/") + "/" + rel) if rel else mp
            if full.startswith(path.rstrip("/") + "/"):
                out.add(full[len(path.rstrip("/")) + 1:].split("/")[0])
    return sorted(out)


def image_version(c):
    tag = c.get("image", "").rpartition(":")[2]
    m = re.match(r"(\d+)\.(\d+)", tag)
    return (int(m.group(1)), int(m.group(2))) if m else None


def _check_msp(mounts, mspdir, who):
    for sub in ("signcerts", "keystore", "cacerts"):
        if not dir_in(mounts, mspdir + "/" + sub):
            return "%s: could not load a valid %s from %s/%s" % (who, sub, mspdir, sub)
    return None


def _nodeous_warnings(mounts, mspdir):
    cfg = file_in(mounts, mspdir + "/config.yaml")
    if not cfg:
        return []
    out = []
    for m in re.finditer(rb"Certificate:\s*\"?([^\s\"]+)", cfg):
        p = m.group(1).decode()
        if file_in(mounts, mspdir + "/" + p) is None:
            out.append("Failed loading ClientOU certificate at [%s/%s]" % (mspdir, p))
    return sorted(set(out))


def _peer_check(objs, ns, c, env, mounts):
    """Why a peer container never becomes Ready, or None."""
    ver = image_version(c) or (2, 5)
    mspdir = env.get("CORE_PEER_MSPCONFIGPATH", "/etc/hyperledger/fabric/msp")
    err = _check_msp(mounts, mspdir, "peer")
    if err:
        return err
    if env.get("CORE_PEER_TLS_ENABLED", "false").lower() == "true":
        for k in ("CORE_PEER_TLS_CERT_FILE", "CORE_PEER_TLS_KEY_FILE", "CORE_PEER_TLS_ROOTCERT_FILE"):
            if k in env and file_in(mounts, env[k]) is None:
                return "peer: %s=%s: no such file" % (k, env[k])
    # vm.endpoint as the peer reads it.  2.5 (cmd/peer/main.go has no
    # AllowEmptyEnv): an empty env value is unset, so core.yaml's
    # unix:///var/run/docker.sock applies (sampleconfig/core.yaml, copied into
    # the image by images/peer/Dockerfile).  3.x: cmd/peer/main.go:59
    # v.AllowEmptyEnv(true), so CORE_VM_ENDPOINT="" means no Docker.
    cfg_default = "unix:///var/run/docker.sock"
    builders = ["ccaas_builder"]  # the image's core.yaml (see ../image-files/README.md)
    cfg_path = env.get("FABRIC_CFG_PATH", "/etc/hyperledger/fabric")
    core = file_in(mounts, cfg_path + "/core.yaml")
    cfg_mounted = any(cfg_path.rstrip("/") == m.rstrip("/") or cfg_path.startswith(m.rstrip("/") + "/")
                      for m in mounts)
    if cfg_mounted and core is None:
        return ('peer: Fatal error when initializing core config : Config File "core" Not Found in "[%s]"'
                % cfg_path)
    if core:
        y = yaml()
        try:
            doc = y.safe_load(core) or {}
        except y.YAMLError as e:
            return "peer: cannot parse %s/core.yaml: %s" % (cfg_path, e)
        cfg_default = (doc.get("vm") or {}).get("endpoint") or ""
        builders = [b.get("name") for b in ((doc.get("chaincode") or {}).get("externalBuilders") or [])]
    raw = env.get("CORE_VM_ENDPOINT")
    if ver >= (3, 0):
        endpoint = raw if raw is not None else cfg_default
    else:
        endpoint = raw if raw else cfg_default
    if endpoint == "" and not builders and ver >= (2, 0):
        # internal/peer/node/start.go:540 (v2.5.12), :541 (v3.1.1)
        return "peer: panic: VMEndpoint not set and no ExternalBuilders defined"
    probe = c.get("readinessProbe") or {}
    healthz = (probe.get("httpGet") or {}).get("path") == "/healthz"
    if ver < (2, 0):
        # v1.4.12 peer/node/start.go:694 registers the Docker health check
        # whatever vm.endpoint says.
        docker_checked = True
    else:
        # v2.5.12/v3.1.1 internal/peer/node/start.go:547,576: with a non-empty
        # VMEndpoint the Docker client is made and its health check registered.
        docker_checked = endpoint != ""
    if healthz and docker_checked:
        return ('/healthz 503 {"status":"Service Unavailable","failed_checks":[{"component":"docker",'
                '"reason":"failed to ping to Docker daemon: dial unix /var/run/docker.sock: connect: no such '
                'file or directory"}]} (vm.endpoint "%s", CORE_VM_ENDPOINT=%s, Fabric %d.%d)'
                % (endpoint, "unset" if raw is None else '"%s"' % raw, ver[0], ver[1]))
    return None


def _orderer_check(objs, ns, c, env, mounts):
    ver = image_version(c) or (2, 5)
    mspdir = env.get("ORDERER_GENERAL_LOCALMSPDIR", "/etc/hyperledger/fabric/msp")
    err = _check_msp(mounts, mspdir, "orderer")
    if err:
        return err
    if env.get("ORDERER_GENERAL_TLS_ENABLED", "false").lower() == "true":
        for k in ("ORDERER_GENERAL_TLS_PRIVATEKEY", "ORDERER_GENERAL_TLS_CERTIFICATE"):
            if file_in(mounts, env.get(k, "")) is None:
                return "orderer: %s=%s: no such file" % (k, env.get(k, ""))
    if ver < (2, 0):
        # v1.4.12 orderer/common/localconfig/config.go:50-53,220-223,352-355:
        # General.GenesisMethod/GenesisFile, default "provisional".
        method = env.get("ORDERER_GENERAL_GENESISMETHOD") or "provisional"
        if method == "file":
            f = env.get("ORDERER_GENERAL_GENESISFILE") or "genesisblock"
            data = file_in(mounts, f)
            if data is None:
                return "orderer: genesis file %s not found" % f
    else:
        # v2.5.12 localconfig/config.go:223 default BootstrapMethod "file";
        # v3.1.1 config.go:178 default "none" (no system channel in 3.x).
        method = env.get("ORDERER_GENERAL_BOOTSTRAPMETHOD") or ("file" if ver < (3, 0) else "none")
        if method == "file":
            if ver >= (3, 0):
                return "orderer 3.x: bootstrap method file is not supported (no system channel)"
            f = env.get("ORDERER_GENERAL_BOOTSTRAPFILE") or "genesisblock"
            if file_in(mounts, f) is None:
                return "orderer: bootstrap file %s not found (BootstrapMethod file)" % f
        if env.get("ORDERER_ADMIN_TLS_ENABLED", "false").lower() == "true" and \
                env.get("ORDERER_ADMIN_TLS_CLIENTAUTHREQUIRED", "false").lower() != "true":
            return "orderer: Admin.TLS.ClientAuthRequired must be true when Admin.TLS.Enabled"
    return None


def pod_ready(objs, w):
    """(ready, reason) of the (first) pod of a StatefulSet/Deployment, judged
    from its spec against the current objects: every volume resolvable, every
    env reference present, and for orderers and peers the configuration as the
    binary reads it."""
    ns = w["metadata"]["namespace"]
    spec = dict(w["spec"]["template"]["spec"])
    spec["_claims"] = w["spec"].get("volumeClaimTemplates") or []
    name = w["metadata"]["name"] + ("-0" if w["kind"] == "StatefulSet" else "")
    started = pod_started(w)
    for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
        mounts = pod_mounts(objs, ns, spec, c, started)
        if isinstance(mounts, str):
            return False, "ContainerCreating: " + mounts
        env, err = container_env(objs, ns, c, name)
        if err:
            return False, "CreateContainerConfigError: " + err
    if spec.get("initContainers"):
        if started is None:
            return False, "Init:0/%d (the pod's init containers have not run)" % len(spec["initContainers"])
        if not started.get("ok"):
            return False, "Init:Error: " + started.get("why", "")
    for c in spec.get("containers") or []:
        mounts = pod_mounts(objs, ns, spec, c, started)
        env, _ = container_env(objs, ns, c, name)
        cmd = " ".join((c.get("command") or []) + (c.get("args") or []))
        img = c.get("image", "")
        why = None
        if "fabric-peer" in img or cmd.startswith("peer node start"):
            why = _peer_check(objs, ns, c, env, mounts)
        elif "fabric-orderer" in img or cmd == "orderer":
            why = _orderer_check(objs, ns, c, env, mounts)
        if why:
            return False, "%s: %s" % (c["name"], why)
    return True, "Ready"


def pod_warnings(objs, w):
    ns = w["metadata"]["namespace"]
    spec = dict(w["spec"]["template"]["spec"])
    spec["_claims"] = w["spec"].get("volumeClaimTemplates") or []
    out = []
    for c in spec.get("containers") or []:
        mounts = pod_mounts(objs, ns, spec, c, pod_started(w))
        env, _ = container_env(objs, ns, c)
        if isinstance(mounts, str) or env is None:
            continue
        for k in ("CORE_PEER_MSPCONFIGPATH", "ORDERER_GENERAL_LOCALMSPDIR"):
            if k in env:
                out.extend(_nodeous_warnings(mounts, env[k]))
    return out


def workload_of_address(objs, hostport, caller_ns):
    w, err = resolve(objs, hostport, caller_ns)
    return w, err


def node_key(w):
    return "%s/%s" % (w["metadata"]["namespace"], w["metadata"]["name"])


def pod_env(objs, w, container_hint):
    spec = w["spec"]["template"]["spec"]
    for c in spec.get("containers") or []:
        if container_hint in c.get("image", "") or c["name"] == container_hint:
            env, _ = container_env(objs, w["metadata"]["namespace"], c)
            spec2 = dict(spec)
            spec2["_claims"] = w["spec"].get("volumeClaimTemplates") or []
            return env or {}, pod_mounts(objs, w["metadata"]["namespace"], spec2, c, pod_started(w)), c
    return {}, {}, {}
