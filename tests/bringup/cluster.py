#!/usr/bin/python3
"""cluster.py: the bring-up test's emulated cluster and scenario (issue 13).

  cluster.py run --work DIR --base A.yaml --peer B.yaml --org C.yaml [--real-bin DIR] [--install-only]
      A/B/C: `helm template` output of the sample's chart, of the chart with
      one more peer in an organization, and with one more organization.
  cluster.py sandbox SPEC.json   (internal: run one container, see run_container)

What it does, like Helm and Kubernetes would:
  install   the chart's objects are created as cluster admin (Helm), then
            the post-install hooks by weight (Jobs: initContainers then
            containers, a new pod per failure up to backoffLimit, killed at
            activeDeadlineSeconds of virtual time); a failed hook fails the
            install and stops the later hooks.
  test      the test hooks (`helm test`).
  retry     the identity Job run again; and on a new cluster, an install
            whose identity Job is killed after its second Secret write, so
            the Job's next pod has to finish the work.
  upgrade   `helm upgrade` to the chart with one more peer, then to the chart
            with one more organization: objects created or updated, then the
            post-upgrade hooks.
Every container runs the command of the rendered manifest, in a private
mount namespace (unshare -m) chrooted into a read-only root holding the
host's /usr and the container's volumeMounts at their paths (secret,
configMap, projected, emptyDir shared by the pod's containers), as the pod's
runAsUser, with the container's env.  Its PATH starts with the stand-ins
(tests/bringup/fake): kubectl, cryptogen, configtxgen, osnadmin, peer, nc,
sleep (real cryptogen/configtxgen/configtxlator with --real-bin).
Long-running workloads do not run: each StatefulSet/Deployment pod is judged
Ready or not from its spec (fcapi.pod_ready) whenever a stand-in connects.

After every step: every hook succeeded; every Secret of the plan
(files/identities.plan in the identity ConfigMap) exists in its owner's
namespace, and no other Secret was made; no Secret that existed before
changed a byte; the fake certificates chain (node certs to their
organization's CA Secret, channel blocks to the organizations' CAs); every
orderer and peer is Ready; every consenter orderer is an active consenter of
its channels, every peer of a channel's organization joined it, every
organization of a channel has its anchor peers.
Output: "ok"/"FAIL" lines, the failing containers' logs; exit 1 on any FAIL.
"""
import base64
import copy
import json
import os
import shutil
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.realpath(__file__))
FAKE = os.path.join(HERE, "fake")
sys.dont_write_bytecode = True
sys.path.insert(0, FAKE)
import fcapi  # noqa: E402
import fcrun  # noqa: E402

# a guard against a hung container (virtual time ends Jobs): generous, the machine may be loaded
CONTAINER_WALL_TIMEOUT = int(os.environ.get("FC_BRINGUP_WALL_TIMEOUT", "900"))
KIND_ORDER = ["Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
              "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
              "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
              "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList",
              "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController",
              "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob",
              "IngressClass", "Ingress", "APIService"]  # Helm's InstallOrder (pkg/release/util/kind_sorter.go)


class Report:
    def __init__(self):
        self.passed = 0
        self.failed = 0
        self.skipped = 0

    def ok(self, msg):
        self.passed += 1
        print("ok    " + msg)

    def fail(self, msg, detail=""):
        self.failed += 1
        print("FAIL  " + msg)
        for line in detail.rstrip("\n").splitlines()[-40:]:
            print("      " + line)

    def skip(self, msg):
        self.skipped += 1
        print("skip  " + msg)


R = Report()
# the stand-in server's socket name (fake/fcrun.py), while it runs, and the
# compiled launcher (fake/fcrun-client.c), when the C compiler built it
RUN_SERVER = None
RUN_CLIENT = None


def build_run_client(root):
    """fake/fcrun-client.c, compiled: the stand-ins' launcher without
    Python's start (about 7 ms a call); None without a C compiler."""
    global RUN_CLIENT
    cc = shutil.which("cc") or shutil.which("gcc")
    if not cc:
        print("warn  no C compiler: the stand-ins' launchers are the Python ones")
        return
    os.makedirs(root, exist_ok=True)
    out = os.path.join(root, "fcrun-client")
    p = subprocess.run([cc, "-O2", "-o", out, '-DFCRUN_PY="/fc/fake/fcrun.py"', os.path.join(FAKE, "fcrun-client.c")],
                       stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if p.returncode != 0:
        print("warn  fake/fcrun-client.c did not compile: the stand-ins' launchers are the Python ones\n" +
              p.stdout.decode("utf-8", "replace"))
        return
    RUN_CLIENT = out


def start_run_server():
    """The stand-in server: one process that has imported every stand-in and
    forks a worker per call, in the calling container's namespace, root, user
    and streams (fake/fcrun.py); the containers' stand-ins hand their calls
    to it instead of starting Python with its imports each time.  Returns the
    process, or None (then every stand-in runs on its own, as before)."""
    global RUN_SERVER
    name = "fc-bringup-%d-%s" % (os.getpid(), os.urandom(4).hex())
    p = subprocess.Popen([sys.executable, "-S", os.path.join(FAKE, "fcrun.py"), "serve", name],
                         stdin=subprocess.DEVNULL, stdout=subprocess.PIPE)
    if p.stdout.readline().strip() != b"ready":
        p.kill()
        p.wait()
        print("warn  the stand-in server did not start: each stand-in starts its own Python")
        return None
    RUN_SERVER = name
    return p


def load_manifests(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in fcapi.yaml_load_all(f) if d]


def hook_of(o):
    return ((o.get("metadata") or {}).get("annotations") or {}).get("helm.sh/hook", "")


def kind_rank(k):
    return KIND_ORDER.index(k) if k in KIND_ORDER else len(KIND_ORDER)


class Cluster:
    def __init__(self, root, real_bin=None):
        self.root = root
        self.state = os.path.join(root, "state")
        os.makedirs(self.state)
        os.chmod(self.state, 0o777)
        os.environ["FC_BRINGUP_STATE"] = self.state
        fcapi.STATE = self.state
        self.real_bin = real_bin
        # the stand-ins, precompiled (a stand-in runs for every kubectl call)
        self.fake = os.path.join(root, "fake")
        shutil.copytree(FAKE, self.fake, ignore=shutil.ignore_patterns("__pycache__"))
        import py_compile
        for f in os.listdir(self.fake):
            if f.endswith(".py"):
                py_compile.compile(os.path.join(self.fake, f), doraise=True)
        if RUN_CLIENT:
            shutil.copy(RUN_CLIENT, os.path.join(self.fake, "fcrun-client"))
        # this file, precompiled beside the fake/ copy: each container's
        # sandbox step runs it with python3 -S (no site, no compile; its
        # fcapi import finds the precompiled fake/)
        self.sandbox_pyc = os.path.join(root, "cluster.pyc")
        py_compile.compile(os.path.realpath(__file__), cfile=self.sandbox_pyc, doraise=True)
        self.release_ns = "default"
        self.pod_seq = 0
        objs = {}
        for ns in ("default", "kube-system"):
            objs[fcapi.key("Namespace", "", ns)] = {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}}
        fcapi.save_objects(objs)
        fcapi.save("clock", 0)

    # ---- Helm ------------------------------------------------------------
    def apply(self, docs):
        """Create or update the release's non-hook objects (as Helm, admin)."""
        objs = fcapi.objects()
        for d in sorted((d for d in docs if not hook_of(d)), key=lambda d: kind_rank(d["kind"])):
            d = copy.deepcopy(d)
            ns = d["metadata"].get("namespace", "")
            if d["kind"] not in ("Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume") and not ns:
                ns = d["metadata"]["namespace"] = self.release_ns
            objs[fcapi.key(d["kind"], ns, d["metadata"]["name"])] = d
        fcapi.save_objects(objs)
        self.start_pods()

    def start_pods(self):
        """The kubelet's side: the pod of every StatefulSet/Deployment whose
        volumes can be set up starts; its init containers run now (in
        sandboxes, with the image files of image-files/), and the emptyDir
        contents they leave are recorded for fcapi.pod_ready.  A pod whose
        spec changed (upgrade) starts again."""
        objs = fcapi.objects()
        pods = fcapi.load("pods.json", {})
        for w in fcapi.of_kind(objs, "StatefulSet") + fcapi.of_kind(objs, "Deployment"):
            key, h = fcapi.node_key(w), fcapi.spec_hash(w)
            if pods.get(key, {}).get("hash") == h:
                continue
            spec = w["spec"]["template"]["spec"]
            if not spec.get("initContainers"):
                continue
            ns = w["metadata"]["namespace"]
            if any(isinstance(fcapi.volume_files(objs, ns, v), str) for v in spec.get("volumes") or []):
                continue  # ContainerCreating: fcapi.pod_ready says why
            owner = {"metadata": {"namespace": ns, "name": w["metadata"]["name"]}}
            pod = dict(spec, containers=[])
            ok, log = self.run_pod_once(owner, pod, w["metadata"]["name"] + "-0", None, keep_empty=True)
            rec = {"hash": h, "ok": ok, "why": "" if ok else log.strip().splitlines()[-1]}
            if ok:
                rec["emptydirs"] = self.last_empty
            pods[key] = rec
            fcapi.save("pods.json", pods)

    def hooks(self, docs, event, label):
        """Run the hooks of EVENT in Helm's order; False when one fails."""
        hs = [d for d in docs if event in hook_of(d).split(",")]
        hs.sort(key=lambda d: (int((d["metadata"].get("annotations") or {}).get("helm.sh/hook-weight", "0")),
                               kind_rank(d["kind"]), d["metadata"]["name"]))
        for h in hs:
            name = "%s/%s %s" % (h["metadata"].get("namespace", self.release_ns), h["metadata"]["name"], h["kind"])
            if h["kind"] == "Job":
                ok, detail = self.run_job(h)
            elif h["kind"] == "Pod":
                ok, detail = self.run_pod_once(h, h["spec"], h["metadata"]["name"], None)
            else:
                self.apply([dict(h, metadata=dict(h["metadata"], annotations={}))])
                continue
            self.start_pods()
            if ok:
                R.ok("%s: hook %s succeeded" % (label, name))
            else:
                R.fail("%s: hook %s failed: %s" % (label, name, detail.splitlines()[0] if detail else ""),
                       "\n".join(detail.splitlines()[1:]))
                return False
        return True

    # ---- Jobs and pods ---------------------------------------------------
    def run_job(self, job):
        spec = job["spec"]
        backoff = int(spec.get("backoffLimit", 6))
        ads = spec.get("activeDeadlineSeconds")
        start = fcapi.clock()
        deadline = start + int(ads) if ads else None
        fcapi.save("deadline", deadline)
        fcapi.save("last_sleep_world", None)
        logs = []
        try:
            for attempt in range(backoff + 1):
                ok, detail = self.run_pod_once(job, spec["template"]["spec"],
                                               "%s-%d" % (job["metadata"]["name"], attempt), deadline,
                                               job=True)
                logs.append("--- pod %d of Job %s: %s" % (attempt + 1, job["metadata"]["name"],
                                                           "Succeeded" if ok else "Failed"))
                logs.append(detail)
                if ok:
                    return True, "\n".join(logs)
                if fcapi.load("deadline_hit", False) or (deadline is not None and fcapi.clock() >= deadline):
                    return False, ("DeadlineExceeded: Job was active longer than specified deadline (%ss of "
                                   "virtual time)\n" % ads) + "\n".join(logs)
                # the Job controller's back-off before the next pod: 10 s, doubled
                fcapi.save("clock", fcapi.clock() + 10 * 2 ** attempt)
            return False, "BackoffLimitExceeded: Job has reached the specified backoff limit (%d)\n" % backoff + \
                "\n".join(logs)
        finally:
            fcapi.save("deadline", None)
            fcapi.save("deadline_hit", False)

    def run_pod_once(self, owner, spec, pod_name, deadline, keep_empty=False, job=False):
        """One pod: initContainers in order then containers in order (each
        must succeed).  Returns (ok, log)."""
        ns = owner["metadata"].get("namespace", self.release_ns)
        self.pod_seq += 1
        pod_dir = os.path.join(self.root, "pods", "%03d-%s" % (self.pod_seq, pod_name))
        os.makedirs(pod_dir)
        objs = fcapi.objects()
        # the kubelet sets the volumes up before any container starts
        vols = {}
        for v in spec.get("volumes") or []:
            vdir = os.path.join(pod_dir, "vol", v["name"])
            os.makedirs(vdir)
            files = fcapi.volume_files(objs, ns, v)
            if isinstance(files, str):
                return self.pending(deadline, 'MountVolume.SetUp failed for volume "%s" : %s' % (v["name"], files))
            if files is None:
                os.chmod(vdir, 0o777)
            else:
                for rel, data in files.items():
                    p = os.path.join(vdir, rel)
                    os.makedirs(os.path.dirname(p), exist_ok=True)
                    with open(p, "wb") as f:
                        f.write(data)
                    os.chmod(p, 0o644)
            vols[v["name"]] = vdir
        sa = self.service_account(objs, ns, spec)
        token_dir = None
        if sa is not None:
            token_dir = os.path.join(pod_dir, "sa")
            os.makedirs(token_dir)
            with open(os.path.join(token_dir, "token"), "w", encoding="utf-8") as f:
                f.write(sa)
            with open(os.path.join(token_dir, "namespace"), "w", encoding="utf-8") as f:
                f.write(ns)
        log = []
        steps = (spec.get("initContainers") or []) + (spec.get("containers") or [])
        for i, c in enumerate(steps):
            if i and job:
                # the kubelet meanwhile: a Job's step may have made the
                # Secrets a workload waits for (the enrollment Job's share
                # step: its CA's roots, before its enroll step needs the CA)
                self.start_pods()
            env, err = fcapi.container_env(fcapi.objects(), ns, c, pod_name)
            if err:
                return self.pending(deadline, "CreateContainerConfigError: " + err)
            rc, out = self.run_container(ns, spec, c, env, vols, token_dir, pod_dir, pod_name)
            log.append("[%s] %s" % (c["name"], " ".join(c.get("command") or []) + " " + " ".join(c.get("args") or [])))
            log.extend("  " + line for line in out.rstrip("\n").splitlines()[-25:])
            if rc != 0:
                log.append("  container %s exited %s" % (c["name"], "killed (SIGKILL)" if rc == -9 else rc))
                return False, "\n".join(log)
        if keep_empty:
            self.last_empty = {}
            for v in spec.get("volumes") or []:
                if "emptyDir" in v:
                    files = {}
                    for dp, _, fs in os.walk(vols[v["name"]]):
                        for f in fs:
                            full = os.path.join(dp, f)
                            with open(full, "rb") as fh:
                                files[os.path.relpath(full, vols[v["name"]])] = base64.b64encode(fh.read()).decode()
                    self.last_empty[v["name"]] = files
        return True, "\n".join(log)

    def pending(self, deadline, why):
        """A pod that cannot start stays Pending until the Job's deadline."""
        if deadline is not None:
            fcapi.save("clock", max(fcapi.clock(), deadline))
            fcapi.save("deadline_hit", True)
        return False, "pod never started: " + why

    def service_account(self, objs, ns, spec):
        name = spec.get("serviceAccountName") or "default"
        sa = fcapi.get(objs, "ServiceAccount", ns, name)
        mount = spec.get("automountServiceAccountToken")
        if mount is None:
            mount = (sa or {}).get("automountServiceAccountToken", True)
        if not mount:
            return None
        return "system:serviceaccount:%s:%s" % (ns, name)

    def run_container(self, ns, spec, c, env, vols, token_dir, pod_dir, pod_name):
        version = "%d.%d" % (fcapi.image_version(c) or (0, 0))
        if not fcapi.image_version(c):
            version = self.fabric_version
        binds = []
        for m in c.get("volumeMounts") or []:
            src = vols.get(m["name"])
            if src is None:
                return 1, "volume %s not found" % m["name"]
            if m.get("subPath"):
                src = os.path.join(src, m["subPath"])
            binds.append([src, m["mountPath"], bool(m.get("readOnly"))])
        if token_dir:
            binds.append([token_dir, "/var/run/secrets/kubernetes.io/serviceaccount", True])
        img = c.get("image", "")
        major = (fcapi.image_version(c) or (0, 0))[0]
        if "fabric-peer" in img and major >= 2:
            binds.insert(0, [os.path.join(HERE, "image-files", "fabric-peer-%d" % min(major, 3), "core.yaml"),
                             "/etc/hyperledger/fabric/core.yaml", True])
        sel = {}
        for tool in ("kubectl", "cryptogen", "configtxgen", "osnadmin", "peer", "nc", "sleep", "configtxlator"):
            if os.path.exists(os.path.join(self.fake, tool)):
                sel[tool] = "/fc/fake/fcrun-client" if RUN_CLIENT and RUN_SERVER else "/fc/fake/" + tool
        if self.real_bin:
            for tool in ("cryptogen", "configtxgen", "configtxlator"):
                if os.path.exists(os.path.join(self.real_bin, tool)):
                    sel[tool] = "/fc/real/" + tool
        full_env = {"PATH": "/fc/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "HOME": "/", "HOSTNAME": pod_name, "KUBERNETES_SERVICE_HOST": "10.96.0.1",
                    "KUBERNETES_SERVICE_PORT": "443", "FC_BRINGUP_STATE": "/fc/state",
                    "FC_BRINGUP_NAMESPACE": ns, "FC_BRINGUP_FABRIC_VERSION": version,
                    "PYTHONDONTWRITEBYTECODE": "1"}
        if RUN_SERVER:
            full_env[fcrun.ENV] = RUN_SERVER
        full_env.update(env)
        sc = dict(spec.get("securityContext") or {})
        sc.update(c.get("securityContext") or {})
        sandbox = {"root": os.path.join(pod_dir, "root-" + c["name"]), "binds": binds, "env": full_env,
                   "cmd": (c.get("command") or []) + (c.get("args") or []), "cwd": c.get("workingDir") or "/",
                   "uid": int(sc.get("runAsUser", 0)), "gid": int(sc.get("runAsGroup", sc.get("runAsUser", 0))),
                   "fsgroup": sc.get("fsGroup"), "readonly": bool(sc.get("readOnlyRootFilesystem")),
                   "state": self.state, "fake": self.fake, "real": self.real_bin, "sel": sel}
        if not sandbox["cmd"]:
            return 1, "container %s has no command (the image's entrypoint is not emulated)" % c["name"]
        spec_path = os.path.join(pod_dir, "sandbox-%s.json" % c["name"])
        with open(spec_path, "w", encoding="utf-8") as f:
            json.dump(sandbox, f)
        try:
            p = subprocess.run(["unshare", "-m", "--propagation", "private", sys.executable, "-S",
                                self.sandbox_pyc, "sandbox", spec_path],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=CONTAINER_WALL_TIMEOUT)
            out = p.stdout.decode("utf-8", "replace")
            rc = p.returncode
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("utf-8", "replace") + "\n(wall-clock timeout %ds)" % CONTAINER_WALL_TIMEOUT
            rc = 124
        with open(os.path.join(pod_dir, "log-%s.txt" % c["name"]), "w", encoding="utf-8") as f:
            f.write(out)
        return rc, out

    # ---- checks ----------------------------------------------------------
    def secrets(self):
        return {(o["metadata"]["namespace"], o["metadata"]["name"]): o.get("data") or {}
                for o in fcapi.of_kind(fcapi.objects(), "Secret")}


def plan_of(docs):
    for d in docs:
        if d["kind"] == "ConfigMap" and "identities.plan" in (d.get("data") or {}):
            out = []
            for line in d["data"]["identities.plan"].splitlines():
                if not line.strip() or line.startswith("#"):
                    continue
                parts = line.split()
                out.append((parts[0], parts[1], parts[2], [i.split("=", 1)[0] for i in parts[3:]]))
            return out
    return None


def decode(data, k):
    try:
        return base64.b64decode(data.get(k, "")).decode("utf-8", "replace")
    except (ValueError, TypeError):
        return ""


def check_secrets(label, cl, docs, before, fake_pki):
    plan = plan_of(docs)
    if plan is None:
        R.fail("%s: the chart has no identities.plan in a ConfigMap" % label)
        return
    now = cl.secrets()
    missing = []
    for ns, name, kind, keys in plan:
        if (ns, name) not in now:
            missing.append("%s/%s" % (ns, name))
        else:
            lack = [k for k in keys if k not in now[(ns, name)]]
            if lack:
                missing.append("%s/%s (keys %s)" % (ns, name, ",".join(lack)))
    if missing:
        R.fail("%s: %d Secret(s) of the plan missing: %s" % (label, len(missing), " ".join(missing[:8])))
    else:
        R.ok("%s: all %d Secrets of the plan exist in their owners' namespaces" % (label, len(plan)))
    owners = {(ns, name) for ns, name, _, _ in plan}
    extra = sorted("%s/%s" % k for k in now if k not in owners)
    if extra:
        R.fail("%s: Secrets outside the plan (a Secret in a namespace that does not own it): %s"
               % (label, " ".join(extra[:8])))
    else:
        R.ok("%s: no Secret outside its owner's namespace" % label)
    changed = sorted("%s/%s" % k for k in before if k in now and now[k] != before[k])
    gone = sorted("%s/%s" % k for k in before if k not in now)
    if changed or gone:
        R.fail("%s: existing Secrets changed: %s%s" % (label, " ".join(changed[:8]),
                                                        (" removed: " + " ".join(gone[:8])) if gone else ""))
    elif before:
        R.ok("%s: none of the %d Secrets that existed before changed a byte" % (label, len(before)))
    if fake_pki:
        check_chain(label, now)


def check_chain(label, now):
    """Fake PKI: every node/admin cert is issued by its namespace's org CA and
    every channel block names CAs that exist."""
    bad = []
    cas = {}
    for (ns, name), data in now.items():
        if name == "org-ca":
            c = fcapi._fields(decode(data, "ca.crt")) or {}
            t = fcapi._fields(decode(data, "tlsca.crt")) or {}
            cas[ns] = (c.get("id"), t.get("id"))
    all_ca = {i for pair in cas.values() for i in pair}
    for (ns, name), data in now.items():
        if ns not in cas:
            continue
        if name.endswith("-msp"):
            sc = fcapi._fields(decode(data, "signcert.pem")) or {}
            ca = fcapi._fields(decode(data, "cacert.pem")) or {}
            if sc.get("issuer_id") != cas[ns][0] or ca.get("id") != cas[ns][0]:
                bad.append("%s/%s not issued by %s/org-ca" % (ns, name, ns))
        elif name.endswith("-tls"):
            leaf = decode(data, "server.crt") or decode(data, "client.crt")
            lf = fcapi._fields(leaf) or {}
            if lf.get("issuer_id") != cas[ns][1]:
                bad.append("%s/%s not issued by %s/org-ca's TLS CA" % (ns, name, ns))
        elif name.startswith("channel-"):
            for k in data:
                try:
                    b = json.loads(base64.b64decode(data[k]))
                except ValueError:
                    continue
                for o in (b.get("application") or []) + ((b.get("orderer") or {}).get("orgs") or []):
                    if not set(o.get("ca_ids", [])) & all_ca:
                        bad.append("%s/%s (%s) names %s with a CA no org-ca Secret holds" % (ns, name, k, o["msp"]))
    if bad:
        R.fail("%s: identities do not chain to their organization's CA: %s" % (label, "; ".join(sorted(set(bad))[:6])))
    else:
        R.ok("%s: every certificate chains to its organization's CA Secret" % label)


def check_network(label, cl, major):
    objs = fcapi.objects()
    nodes = fcapi.load("nodes.json", {})
    leds = fcapi.load("ledgers.json", {})
    notready = []
    orderers, peers = [], []
    for w in fcapi.of_kind(objs, "StatefulSet") + fcapi.of_kind(objs, "Deployment"):
        ok, why = fcapi.pod_ready(objs, w)
        if not ok:
            notready.append("%s: %s" % (fcapi.node_key(w), why))
        cmd = " ".join(w["spec"]["template"]["spec"]["containers"][0].get("command") or [])
        if cmd == "orderer":
            orderers.append(w)
        elif cmd.startswith("peer node start"):
            peers.append(w)
    if notready:
        R.fail("%s: %d pod(s) never Ready" % (label, len(notready)), "\n".join(notready))
    else:
        R.ok("%s: all %d workloads Ready (%d orderers, %d peers)" % (label, len(
            fcapi.of_kind(objs, "StatefulSet") + fcapi.of_kind(objs, "Deployment")), len(orderers), len(peers)))
    warns = sorted({w for x in peers + orderers for w in fcapi.pod_warnings(objs, x)})
    for w in warns[:3]:
        print("warn  %s: %s" % (label, w))
    # channels: from the blocks the chart distributes
    blocks = {}
    for (ns, name), data in cl.secrets().items():
        if name.startswith("channel-"):
            ch = name[len("channel-"):]
            for k in ("block",):
                if k in data:
                    try:
                        blocks[ch] = json.loads(base64.b64decode(data[k]))
                    except ValueError:
                        pass
    if major >= 2:
        problems = []
        for ch, b in sorted(blocks.items()):
            cons = (b.get("orderer") or {}).get("consenters") or []
            for o in orderers:
                env, mounts, c = fcapi.pod_env(objs, o, "orderer")
                tls = fcapi.read_pem_bytes(fcapi.file_in(mounts, env.get("ORDERER_GENERAL_TLS_CERTIFICATE", "")))
                if tls is None or not any(tls["id"] in (x.get("client"), x.get("server")) for x in cons):
                    continue
                info = nodes.get("orderer:" + fcapi.node_key(o), {}).get("channels", {}).get(ch)
                if not info or info.get("consensusRelation") != "consenter" or info.get("status") != "active":
                    problems.append("%s is a consenter of %s but its channel list has %s" % (
                        fcapi.node_key(o), ch, json.dumps(info) if info else "no such channel (404)"))
        if not blocks:
            problems.append("no channel block Secret found")
        if problems:
            R.fail("%s: orderers not in their channels" % label, "\n".join(problems))
        else:
            R.ok("%s: every consenter orderer lists its channels as an active consenter (%s)" % (
                label, ", ".join(sorted(blocks))))
    # peers of every member organization joined; anchors set
    org_ns = {}
    for (ns, name), data in cl.secrets().items():
        if name == "org-ca":
            org_ns[(fcapi._fields(decode(data, "ca.crt")) or {}).get("id")] = ns
    chans = dict(blocks)
    for ch, led in leds.items():
        chans.setdefault(ch, led.get("block") or {})
    for ch, led in leds.items():
        if led.get("block"):
            chans[ch] = led["block"]
    if major < 2:
        for (ns, name), data in cl.secrets().items():
            if name.startswith("channel-") and "channel.tx" in data:
                try:
                    tx = json.loads(base64.b64decode(data["channel.tx"]))
                except ValueError:
                    continue
                chans.setdefault(name[len("channel-"):], tx)
    problems = []
    for ch, b in sorted(chans.items()):
        for org in b.get("application") or []:
            ns = next((org_ns[i] for i in org.get("ca_ids", []) if i in org_ns), None)
            if ns is None:
                problems.append("%s: organization %s has no org-ca Secret" % (ch, org.get("msp")))
                continue
            for p in peers:
                if p["metadata"]["namespace"] != ns:
                    continue
                if ch not in nodes.get("peer:" + fcapi.node_key(p), {}).get("channels", {}):
                    problems.append("%s has not joined %s" % (fcapi.node_key(p), ch))
            if not (leds.get(ch, {}).get("anchors") or {}).get(org["msp"]):
                problems.append("%s: no anchor peers for %s" % (ch, org["msp"]))
    if not chans:
        problems.append("no channel found")
    if problems:
        R.fail("%s: peers/anchors not in place" % label, "\n".join(problems))
    else:
        R.ok("%s: every member peer joined its channels, every organization has anchor peers (%s)" % (
            label, ", ".join(sorted(chans))))


# ---- scenario -----------------------------------------------------------------
def major_of(docs):
    for d in docs:
        if d["kind"] in ("StatefulSet",):
            for c in d["spec"]["template"]["spec"]["containers"]:
                if "fabric-orderer" in c.get("image", "") or "fabric-peer" in c.get("image", ""):
                    v = fcapi.image_version(c)
                    if v:
                        return v
    return (2, 5)


def new_cluster(root, name, docs, real_bin):
    d = os.path.join(root, name)
    cl = Cluster(d, real_bin)
    cl.fabric_version = "%d.%d" % major_of(docs)
    return cl


def install(cl, docs, label, fake_pki):
    before = cl.secrets()
    cl.apply(docs)
    ok = cl.hooks(docs, "post-install", label)
    check_secrets(label, cl, docs, before, fake_pki)
    return ok


def upgrade(cl, docs, label, fake_pki):
    before = cl.secrets()
    cl.apply(docs)
    ok = cl.hooks(docs, "post-upgrade", label)
    check_secrets(label, cl, docs, before, fake_pki)
    return ok


def run(args):
    base = load_manifests(args.base)
    more_peer = load_manifests(args.peer)
    more_org = load_manifests(args.org)
    major = major_of(base)[0]
    root = args.work
    t0 = time.time()
    server = None
    if os.environ.get("FC_BRINGUP_NO_SERVER") != "1":
        server = start_run_server()
        if server is not None:
            build_run_client(root)
    try:
        return scenario(args, base, more_peer, more_org, major, root, t0)
    finally:
        if server is not None:
            server.kill()
            server.wait()


def scenario(args, base, more_peer, more_org, major, root, t0):
    identity = [d for d in base if d["kind"] == "Job" and d["metadata"]["name"].endswith("-identities")]

    print("== install (helm install: objects, then post-install hooks by weight)")
    cl = new_cluster(root, "main", base, None)
    installed = install(cl, base, "install", True)
    if installed:
        check_network("install", cl, major)
    if args.install_only:
        print("%d passed, %d failed, %d skipped (%.1f s)" % (R.passed, R.failed, R.skipped, time.time() - t0))
        return 1 if R.failed else 0
    print("== test (helm test)")
    if installed:
        cl.hooks(base, "test", "helm test")
        check_network("after helm test", cl, major)
    else:
        R.fail("helm test: not run, the install failed")
    print("== retry: the identity Job a second time")
    before = cl.secrets()
    if identity:
        cl.hooks(identity, "post-install", "identity Job again")
        check_secrets("identity Job again", cl, base, before, True)
    else:
        R.fail("retry: no identity Job (<release>-identities) in the chart")
    print("== upgrade: one more peer")
    if upgrade(cl, more_peer, "upgrade +peer", True):
        check_network("upgrade +peer", cl, major)
        cl.hooks(more_peer, "test", "helm test after upgrade +peer")
    print("== upgrade: one more organization")
    if upgrade(cl, more_org, "upgrade +org", True):
        check_network("upgrade +org", cl, major)
        cl.hooks(more_org, "test", "helm test after upgrade +org")
    print("== retry: an install whose identity Job dies half way")
    cl2 = new_cluster(root, "halfway", base, None)
    fcapi.save("fault.json", {"writes_left": 2})
    if install(cl2, base, "install (killed half way)", True):
        check_network("install (killed half way)", cl2, major)
    if os.path.exists(os.path.join(cl2.state, "fault.json")):
        R.fail("install (killed half way): the fault was never injected (the identity Job made fewer than 2 "
               "Secret writes)")
    print("== real Fabric tools for the identity Job")
    if args.real_bin:
        cl3 = new_cluster(root, "real", base, args.real_bin)
        if identity:
            cl3.apply(base)
            ok = cl3.hooks(identity, "post-install", "real tools: identity Job")
            check_secrets("real tools: identity Job", cl3, base, {}, False)
            if ok:
                before = cl3.secrets()
                cl3.hooks(identity, "post-install", "real tools: identity Job again")
                check_secrets("real tools: identity Job again", cl3, base, before, False)
                before = cl3.secrets()
                cl3.apply(more_peer)
                cl3.hooks([d for d in more_peer if d["kind"] == "Job" and d["metadata"]["name"].endswith(
                    "-identities")], "post-upgrade", "real tools: upgrade +peer identity Job")
                check_secrets("real tools: upgrade +peer", cl3, more_peer, before, False)
                before = cl3.secrets()
                cl3.apply(more_org)
                cl3.hooks([d for d in more_org if d["kind"] == "Job" and d["metadata"]["name"].endswith(
                    "-identities")], "post-upgrade", "real tools: upgrade +org identity Job")
                check_secrets("real tools: upgrade +org", cl3, more_org, before, False)
        R.skip("real tools: the channel Jobs (the stand-in osnadmin/peer read only stand-in blocks)")
    else:
        R.skip("real tools: no real cryptogen/configtxgen for this version (FC_FABRIC_BIN_DIR)")
    print("%d passed, %d failed, %d skipped (%.1f s)" % (R.passed, R.failed, R.skipped, time.time() - t0))
    return 1 if R.failed else 0


# ---- sandbox ------------------------------------------------------------------
def sandbox(spec_path):
    """Inside `unshare -m`: build the container's root, chroot, drop to the
    pod's user, exec its command."""
    with open(spec_path, encoding="utf-8") as f:
        s = json.load(f)
    root = s["root"]
    os.makedirs(root)

    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    MS_RDONLY, MS_REMOUNT, MS_BIND, MS_REC = 1, 32, 4096, 16384

    def mount(src, dst, fstype, flags, data=None):
        if libc.mount(src.encode(), dst.encode(), fstype.encode() if fstype else None, flags,
                      data.encode() if data else None) != 0:
            e = ctypes.get_errno()
            raise OSError(e, "mount %s on %s: %s" % (src, dst, os.strerror(e)))

    mount("fcroot", root, "tmpfs", 0, "mode=755")
    for link, target in (("bin", "usr/bin"), ("lib", "usr/lib"), ("lib64", "usr/lib64"), ("sbin", "usr/sbin")):
        if os.path.islink("/" + link):
            os.symlink(target, os.path.join(root, link))

    def bind(src, dst, ro):
        full = os.path.join(root, dst.lstrip("/"))
        if os.path.isdir(src):
            os.makedirs(full, exist_ok=True)
        else:
            os.makedirs(os.path.dirname(full), exist_ok=True)
            open(full, "a").close()
        mount(src, full, None, MS_BIND | MS_REC)
        if ro:
            mount("none", full, None, MS_REMOUNT | MS_BIND | MS_RDONLY)

    bind("/usr", "/usr", True)
    # /etc: what programs need from it (the image's own /etc paths, e.g.
    # /etc/hyperledger, come from the binds below)
    for e in ("passwd", "group", "hosts", "resolv.conf", "nsswitch.conf", "ld.so.cache", "alternatives",
              "localtime", "ssl"):
        if os.path.exists("/etc/" + e):
            bind(os.path.realpath("/etc/" + e), "/etc/" + e, True)
    bind("/dev", "/dev", False)
    bind("/proc", "/proc", False)
    bind(s["fake"], "/fc/fake", True)
    bind(s["state"], "/fc/state", False)
    if s.get("real"):
        bind(s["real"], "/fc/real", True)
    os.makedirs(os.path.join(root, "fc/bin"))
    for tool, target in s["sel"].items():
        os.symlink(target, os.path.join(root, "fc/bin", tool))
    for src, dst, ro in s["binds"]:
        bind(src, dst, ro)
    for d in ("tmp",):
        full = os.path.join(root, d)
        if not os.path.ismount(full) and not os.path.exists(full):
            os.makedirs(full)
    if s["readonly"]:
        mount("none", root, None, MS_REMOUNT | MS_BIND | MS_RDONLY)
    os.chroot(root)
    try:
        os.chdir(s["cwd"])
    except OSError:
        os.chdir("/")
    gid, uid = s["gid"], s["uid"]
    groups = [int(s["fsgroup"])] if s.get("fsgroup") is not None else []
    os.setgroups(groups)
    os.setgid(gid)
    os.setuid(uid)
    os.setsid()
    os.umask(0o022)
    try:
        os.execvpe(s["cmd"][0], s["cmd"], s["env"]) if "/" in s["cmd"][0] else os.execve(
            shutil.which(s["cmd"][0], path=s["env"]["PATH"]) or s["cmd"][0], s["cmd"], s["env"])
    except OSError as e:
        sys.stderr.write("exec %s: %s\n" % (s["cmd"][0], e))
        os._exit(127)


def main():
    import argparse
    if len(sys.argv) == 3 and sys.argv[1] == "sandbox":
        sandbox(sys.argv[2])
        return 0
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd")
    r = sub.add_parser("run")
    r.add_argument("--work", required=True)
    r.add_argument("--base", required=True)
    r.add_argument("--peer", required=True)
    r.add_argument("--org", required=True)
    r.add_argument("--real-bin")
    r.add_argument("--install-only", action="store_true", help="stop after the install step (for experiments)")
    args = ap.parse_args()
    if args.cmd != "run":
        ap.error("command: run")
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
