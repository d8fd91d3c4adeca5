#!/usr/bin/python3
"""realnet.py: the real-binaries part of the bring-up test (issue 13).

  realnet.py --work DIR --rendered CHART.yaml --fabric-bin DIR

DIR/<tag>/bin holds real Fabric binaries (v2.5.12/bin/orderer ...) and
<tag>/config the tag's sampleconfig; DIR/fabric-ca-v*/bin fabric-ca-server.

It reuses cluster.py's emulated cluster (the emulated API, its RBAC, the
Jobs' pods and volumes) and changes what a container is:
  * every pod gets its own network namespace (ip netns), a veth pair to a
    bridge that lives in a namespace of its own (fc-sw-*), an address in
    10.244.0.0/16 inside the pod's namespace only: nothing is configured in
    the host's namespace and no traffic leaves the machine;
  * /etc/hosts of every pod maps the cluster DNS names of the chart's
    Services (<svc>, <svc>.<ns>, <svc>.<ns>.svc.cluster.local, and the
    StatefulSet pods' <pod>.<svc>...) to the pod the Service selects (a
    ClusterIP Service is reached at its pod's address: no kube-proxy);
  * the images' binaries are the real ones: hyperledger/fabric-* images get
    <tag>/bin at /usr/local/bin and <tag>/config at /etc/hyperledger/fabric
    with FABRIC_CFG_PATH=/etc/hyperledger/fabric (the images' own ENV), the
    fabric-ca image fabric-ca-server; busybox gets netcat-openbsd as nc
    (Debian's busybox nc has no -z); kubectl stays the emulated API's;
    fabric-peer images also get <tag>/ccaas/bin (when built) at
    /opt/hyperledger/ccaas_builder/bin, the ccaas builder as the peer image
    has it; the images of the chaincode servers' Deployments get our
    chaincode server (DIR/chaincode/bin/fabchart-ccserver, ccserver/) as
    their entry point;
  * StatefulSet pods and the chaincode servers' Deployment pods start for
    real (init containers first) and keep running; their
    PersistentVolumeClaims are directories of the run.
Deviations from the manifests, all for the run only: a peer whose
CORE_LEDGER_STATE_STATEDATABASE is CouchDB runs with goleveldb (no CouchDB
here); a Kafka orderer cannot run (no Kafka): 1.4 runs solo and etcdraft
variants of the seed network instead (variants_14.py).

Then the chart's post-install hooks run (identity Job: real cryptogen and
configtxgen; join Jobs: real osnadmin and peer), the chart's helm test
hooks, and these checks, whose output is printed: osnadmin channel list on
every orderer (2.5+), the Raft leader / SmartBFT view lines of the orderer
logs, peer channel getinfo of every peer on each of its channels, the
anchor peers of each organization in the channel config (configtxlator);
with chaincodes, that each answers through every peer that runs it
(CC_CHECK: invoke put, query get and server, get init).  With --upgrade
CHART.yaml (the chaincode's next sequence), then helm upgrade to it
(helm_upgrade: Helm's order, resource-policy keep) and the checks again.
Exit 0 when the network came up (and its chaincodes answer), 1 otherwise.
"""
import argparse
import glob
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.realpath(__file__))
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(HERE))
import cluster  # noqa: E402
from cluster import R, fcapi  # noqa: E402

RUN_TIMEOUT = 300  # wall clock for one Job container
READY_TIMEOUT = 180


def sh(*args, check=True, ns=None):
    cmd = (["ip", "netns", "exec", ns] if ns else []) + list(args)
    p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    if check and p.returncode != 0:
        raise RuntimeError("%s: %s" % (" ".join(cmd), p.stdout.decode(errors="replace")))
    return p.stdout.decode(errors="replace")


class Net:
    """Pod network: a bridge in its own namespace, one namespace per pod."""

    def __init__(self):
        self.tag = "%x" % (os.getpid() & 0xfffff)
        self.sw = "fc-sw-" + self.tag
        self.pods = {}  # pod -> (netns, ip)
        self.next = 2
        sh("ip", "netns", "add", self.sw)
        sh("ip", "link", "add", "br0", "type", "bridge", ns=self.sw)
        sh("ip", "link", "set", "br0", "up", ns=self.sw)

    def add(self, pod):
        if pod in self.pods:
            return self.pods[pod]
        n = self.next
        self.next += 1
        name = "fc-%s-%d" % (self.tag, n)
        ip = "10.244.%d.%d" % (n // 250, n % 250 + 2)
        sh("ip", "netns", "add", name)
        a, b = "fv%s%d" % (self.tag, n), "fp%s%d" % (self.tag, n)
        sh("ip", "link", "add", a, "netns", self.sw, "type", "veth", "peer", "name", "eth0", "netns", name)
        sh("ip", "link", "set", a, "master", "br0", ns=self.sw)
        sh("ip", "link", "set", a, "up", ns=self.sw)
        sh("ip", "addr", "add", ip + "/16", "dev", "eth0", ns=name)
        sh("ip", "link", "set", "eth0", "up", ns=name)
        sh("ip", "link", "set", "lo", "up", ns=name)
        del b
        self.pods[pod] = (name, ip)
        return self.pods[pod]

    def close(self):
        for name, _ in self.pods.values():
            sh("ip", "netns", "del", name, check=False)
        sh("ip", "netns", "del", self.sw, check=False)


def workloads(objs):
    """The StatefulSets and the chaincode servers' Deployments (one pod each
    in the chart; the other Deployments, stock-cluster's CLI pods, are not
    run, as before)."""
    return fcapi.of_kind(objs, "StatefulSet") + [
        d for d in fcapi.of_kind(objs, "Deployment")
        if (d["spec"]["template"]["metadata"].get("labels") or {}).get("app.kubernetes.io/component") == "chaincode"]


def labels_match(sel, labels):
    return bool(sel) and all(labels.get(k) == v for k, v in sel.items())


class RealCluster(cluster.Cluster):
    def __init__(self, root, fabric_bin, net):
        super().__init__(root, None)
        self.fabric_bin = fabric_bin
        self.net = net
        self.procs = {}  # pod key -> (Popen, log path, netns, ip)
        self.pvc = os.path.join(root, "pvc")
        self.images = os.path.join(root, "images")
        nc = os.path.join(self.images, "busybox")
        os.makedirs(nc)
        shutil.copy("/bin/nc.openbsd", os.path.join(nc, "nc"))
        self.long_pod = None
        self.hosts_of = {}  # running pod -> (pod dir, namespace): its /etc/hosts, rewritten on upgrade
        self.workload_of = {}  # pod name -> StatefulSet
        self.cc_images = set()  # images of the chaincode servers' Deployments
        self.cc_server = os.path.join(fabric_bin, "chaincode", "bin", "fabchart-ccserver")
        self.hosts_dirs = {}  # every pod directory -> namespace (its /etc/hosts, rewritten on upgrade)

    # ---- images ----------------------------------------------------------
    def image_binds(self, img):
        """(binds, env defaults) standing in for the image's own files."""
        name, _, tag = img.rpartition(":")
        base = name.rsplit("/", 1)[-1]
        if base.startswith("fabric-ca"):
            d = sorted(glob.glob(os.path.join(self.fabric_bin, "fabric-ca-v*", "bin")))
            return ([[d[-1], "/usr/local/bin", True]], {}) if d else ([], {})
        if base.startswith("fabric-"):
            d = os.path.join(self.fabric_bin, "v" + tag)
            binds = [[os.path.join(d, "bin"), "/usr/local/bin", True],
                     [os.path.join(d, "config"), "/etc/hyperledger/fabric", True]]
            if base == "fabric-peer" and os.path.isdir(os.path.join(d, "ccaas", "bin")):
                # the peer image's ccaas builder (images/peer/Dockerfile)
                binds.append([os.path.join(d, "ccaas", "bin"), "/opt/hyperledger/ccaas_builder/bin", True])
            return binds, {"FABRIC_CFG_PATH": "/etc/hyperledger/fabric"}
        if img in self.cc_images:
            # a chaincode server's image: our chaincode server (ccserver/)
            return [[os.path.dirname(self.cc_server), "/usr/local/bin", True]], {}
        if base == "busybox":
            return [[os.path.join(self.images, "busybox"), "/usr/local/bin", True]], {}
        return [], {}

    # ---- network ---------------------------------------------------------
    def hosts_file(self, pod_dir, ns):
        self.hosts_dirs[pod_dir] = ns
        objs = fcapi.objects()
        pods = {}  # (ns, workload) -> ip
        for w in workloads(objs):
            pods[fcapi.node_key(w)] = (w, self.net.add(fcapi.node_key(w))[1])
        lines = ["127.0.0.1 localhost"]
        for svc in fcapi.of_kind(objs, "Service"):
            sns, sname = svc["metadata"]["namespace"], svc["metadata"]["name"]
            sel = (svc.get("spec") or {}).get("selector") or {}
            for key, (w, ip) in pods.items():
                if w["metadata"]["namespace"] != sns:
                    continue
                if not labels_match(sel, w["spec"]["template"]["metadata"].get("labels") or {}):
                    continue
                names = ["%s.%s.svc.cluster.local" % (sname, sns), "%s.%s.svc" % (sname, sns), "%s.%s" % (sname, sns)]
                if sns == ns:
                    names.append(sname)
                pod = w["metadata"]["name"] + "-0"
                if (svc.get("spec") or {}).get("clusterIP") == "None":
                    names.append("%s.%s.%s.svc.cluster.local" % (pod, sname, sns))
                lines.append("%s %s" % (ip, " ".join(names)))
        path = os.path.join(pod_dir, "hosts")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines) + "\n")
        os.chmod(path, 0o644)
        return path

    # ---- containers ------------------------------------------------------
    def run_container(self, ns, spec, c, env, vols, token_dir, pod_dir, pod_name):
        binds, img_env = self.image_binds(c.get("image", ""))
        long_run = self.long_pod is not None and c in (spec.get("containers") or [])
        if long_run and not binds:
            # a sidecar of an image this machine does not have (couchdb): the
            # pod's Fabric container runs without it (goleveldb, see above)
            print("note  %s: container %s (%s) not run here" % (self.long_pod, c["name"], c.get("image")))
            return 0, "not run"
        claims = {v["name"]: v["persistentVolumeClaim"]["claimName"] for v in spec.get("volumes") or []
                  if "persistentVolumeClaim" in v}
        for m in c.get("volumeMounts") or []:
            src = vols.get(m["name"])
            if m["name"] in claims:
                # a claim: one volume for every pod that mounts it (NFS)
                src = os.path.join(self.pvc, ns, claims[m["name"]])
                os.makedirs(src, exist_ok=True)
                os.chmod(src, 0o777)
            if src is None and self.long_pod is not None:
                # a volumeClaimTemplate: the claim's volume, kept across restarts
                src = os.path.join(self.pvc, ns, "%s-%s" % (m["name"], pod_name))
                os.makedirs(src, exist_ok=True)
                os.chmod(src, 0o777)
            if src is None:
                return 1, "volume %s not found" % m["name"]
            if m.get("subPath"):
                src = os.path.join(src, m["subPath"])
                if not os.path.exists(src):  # the kubelet creates a missing subPath
                    os.makedirs(src)
                    os.chmod(src, 0o777)
            binds.append([src, m["mountPath"], bool(m.get("readOnly"))])
        if token_dir:
            binds.append([token_dir, "/var/run/secrets/kubernetes.io/serviceaccount", True])
        netns, ip = self.net.add(pod_dir if self.long_pod is None else self.long_pod)
        hosts = self.hosts_file(pod_dir, ns)
        full_env = {"PATH": "/fc/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                    "HOME": "/", "HOSTNAME": pod_name, "KUBERNETES_SERVICE_HOST": "10.96.0.1",
                    "KUBERNETES_SERVICE_PORT": "443", "FC_BRINGUP_STATE": "/fc/state",
                    "FC_BRINGUP_NAMESPACE": ns, "PYTHONDONTWRITEBYTECODE": "1"}
        full_env.update(img_env)
        full_env.update(env)
        if full_env.get("CORE_LEDGER_STATE_STATEDATABASE", "").lower() == "couchdb":
            full_env["CORE_LEDGER_STATE_STATEDATABASE"] = "goleveldb"  # no CouchDB here (said in the output)
        sc = dict(spec.get("securityContext") or {})
        sc.update(c.get("securityContext") or {})
        # the image's entrypoint: only our chaincode server's is known here
        entry = [os.path.basename(self.cc_server)] if c.get("image") in self.cc_images else []
        sandbox = {"root": os.path.join(pod_dir, "root-" + c["name"]), "binds": binds, "env": full_env,
                   "cmd": (c.get("command") or entry) + (c.get("args") or []), "cwd": c.get("workingDir") or "/",
                   "uid": int(sc.get("runAsUser", 0)), "gid": int(sc.get("runAsGroup", sc.get("runAsUser", 0))),
                   "fsgroup": sc.get("fsGroup"), "readonly": bool(sc.get("readOnlyRootFilesystem")),
                   "state": self.state, "fake": self.fake, "real": None, "sel": {"kubectl": "/fc/fake/kubectl"}}
        spec_path = os.path.join(pod_dir, "sandbox-%s.json" % c["name"])
        with open(spec_path, "w", encoding="utf-8") as f:
            json.dump(sandbox, f)
        # the pod's /etc/hosts: bound over the host's in the pod's private
        # mount namespace, before cluster.py's sandbox binds /etc/hosts
        cmd = ["ip", "netns", "exec", netns, "unshare", "-m", "--propagation", "private", "sh", "-c",
               'mount --bind "$1" /etc/hosts && exec "$2" "$3" sandbox "$4"', "sh", hosts, sys.executable,
               cluster.__file__, spec_path]
        logp = os.path.join(pod_dir, "log-%s.txt" % c["name"])
        if long_run:
            self.hosts_of[self.long_pod] = (pod_dir, ns)
            lf = open(logp, "wb")
            p = subprocess.Popen(cmd, stdout=lf, stderr=subprocess.STDOUT)
            self.procs[self.long_pod] = (p, logp, netns, ip)
            return 0, "started (pid %d, %s in %s)" % (p.pid, ip, netns)
        try:
            p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=RUN_TIMEOUT)
            out, rc = p.stdout.decode("utf-8", "replace"), p.returncode
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode("utf-8", "replace") + "\n(wall-clock timeout %ds)" % RUN_TIMEOUT
            rc = 124
        with open(logp, "w", encoding="utf-8") as f:
            f.write(out)
        return rc, out

    # ---- workloads -------------------------------------------------------
    def start_pods(self):
        """Start every StatefulSet and chaincode server pod whose volumes can
        be set up, for real, then wait for its readinessProbe."""
        objs = fcapi.objects()
        # Services and pods added (helm upgrade): the running pods' /etc/hosts
        # gain them, as cluster DNS would (rewritten in place, the bind mount
        # keeps the inode; Go re-reads /etc/hosts when its mtime changes)
        for pod_dir, ns in self.hosts_of.values():
            self.hosts_file(pod_dir, ns)
        started = []
        for w in workloads(objs):
            key = fcapi.node_key(w)
            if key in self.procs:
                continue
            ns = w["metadata"]["namespace"]
            spec = w["spec"]["template"]["spec"]
            if any(isinstance(fcapi.volume_files(objs, ns, v), str) for v in spec.get("volumes") or []):
                continue  # its Secrets are not there yet
            if not self.image_binds(spec["containers"][0].get("image", ""))[0]:
                print("note  %s: not run (image %s is not on this machine)" % (key, spec["containers"][0]["image"]))
                self.procs[key] = (None, None, None, None)
                continue
            self.long_pod = key
            try:
                ok, log = self.run_pod_once(w, spec, w["metadata"]["name"] + "-0", None)
            finally:
                self.long_pod = None
            if not ok:
                R.fail("pod %s-0 did not start" % key, log)
                self.procs.setdefault(key, (None, None, None, None))
                continue
            started.append(w)
        for w in started:
            if self.procs.get(fcapi.node_key(w), (None,))[0] is not None:
                self.wait_ready(w)

    def wait_ready(self, w):
        key = fcapi.node_key(w)
        p, logp, netns, ip = self.procs[key]
        c = w["spec"]["template"]["spec"]["containers"][0]
        probe = (c.get("readinessProbe") or {}).get("httpGet")
        tcp = (c.get("readinessProbe") or {}).get("tcpSocket")
        t0 = time.time()
        last = ""
        while time.time() - t0 < READY_TIMEOUT:
            if p.poll() is not None:
                R.fail("%s-0 exited %s" % (key, p.returncode), open(logp, encoding="utf-8", errors="replace").read())
                return False
            if probe:
                url = "http://%s:%s%s" % (ip, probe["port"], probe.get("path", "/"))
                out = sh("python3", "-c", "import urllib.request,sys\ntry:\n r=urllib.request.urlopen(sys.argv[1],"
                         "timeout=3); print(r.status, r.read().decode())\nexcept Exception as e:\n print(getattr(e,"
                         "'code',''), getattr(e,'read',lambda:b'')().decode() or e)", url, check=False, ns=netns)
                last = out.strip()
                if out.startswith("200"):
                    R.ok("%s-0 Ready (%s: %s)" % (key, url, last))
                    return True
            elif tcp:
                out = sh("nc.openbsd", "-z", "-w", "2", ip, str(tcp["port"]), check=False, ns=netns)
                if sh("sh", "-c", "nc.openbsd -z -w 2 %s %s && echo up" % (ip, tcp["port"]), check=False,
                      ns=netns).strip() == "up":
                    R.ok("%s-0 Ready (tcp %s:%s open)" % (key, ip, tcp["port"]))
                    return True
                last = out
            else:
                R.ok("%s-0 running (no readinessProbe)" % key)
                return True
            time.sleep(2)
        R.fail("%s-0 never Ready: %s" % (key, last), tail(logp, 15))
        return False

    def stop(self):
        for p, _, _, _ in self.procs.values():
            if p is not None and p.poll() is None:
                os.kill(p.pid, signal.SIGTERM)
        for p, _, _, _ in self.procs.values():
            if p is not None:
                try:
                    p.wait(10)
                except subprocess.TimeoutExpired:
                    os.kill(p.pid, signal.SIGKILL)


def tail(path, n):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-n:])
    except OSError:
        return ""


# ---- checks -------------------------------------------------------------------
ORDERER_CHECK = r'''
for item in $ORDERERS; do
  addr=${item#*=}
  echo "## osnadmin channel list -o $addr"
  osnadmin channel list -o "$addr" --ca-file /admin/tls/ca.crt --client-cert /admin/tls/client.crt \
    --client-key /admin/tls/client.key
  for ch in $CHANNELS; do
    echo "## osnadmin channel list -o $addr --channelID $ch"
    osnadmin channel list -o "$addr" --channelID "$ch" --ca-file /admin/tls/ca.crt \
      --client-cert /admin/tls/client.crt --client-key /admin/tls/client.key
  done
done
'''
PEER_CHECK = r'''
for ch in $CHANNELS; do
  for item in $PEERS; do
    export CORE_PEER_ADDRESS="${item#*=}"
    echo "## ${item%%=*} peer channel getinfo -c $ch"
    peer channel getinfo -c "$ch" 2>&1 | grep -v '^[0-9-]* [0-9:.]* UTC' || true
  done
  first=${PEERS%% *}
  export CORE_PEER_ADDRESS="${first#*=}"
  echo "## anchors of $CORE_PEER_LOCALMSPID on $ch (peer channel fetch config; configtxlator)"
  addr=${ORDERER}
  if peer channel fetch config /tmp/cfg.block -c "$ch" -o "$addr" --tls --cafile "/orderer-tls/$ORDERER_ORG/ca.crt" \
      --ordererTLSHostnameOverride "${addr%%:*}" >/tmp/fetch 2>&1; then
    configtxlator proto_decode --input /tmp/cfg.block --type common.Block |
      jq -c --arg msp "$CORE_PEER_LOCALMSPID" '.data.data[0].payload.data.config.channel_group.groups.Application.groups[$msp].values.AnchorPeers.value.anchor_peers'
  else
    tail -n 2 /tmp/fetch
  fi
done
'''
# The chaincodes answer (issue 16): in the commit Job's container (its
# admin, orderer and peer TLS CAs), one invoke of "put" through the peers of
# every organization that runs the chaincode ($INVOKERS, as the chart's Init),
# waiting for the commit, then on every peer that runs it ($QUERY,
# "org=name=host:port") queries of "get" and of "server" (the package ID
# and TLS state of the chaincode server that answered), and of "get init"
# when the chaincode requires Init (the chart's commit Job ran it); for each
# private data collection ($COLLS), an invoke of "putp" with the value in the
# transient map, then "getp" on every peer: the peers of the organizations
# the collection's policy names answer the value, the others hold only its
# hash ("private data matching public hash version is not available ...
# Private data version = <nil>", core/ledger/kvledger/txmgmt/txmgr/
# query_executor.go at v3.1.1).  Flags:
# internal/peer/chaincode/{invoke,query,chaincode}.go at v3.1.1 (query:
# ctor, name, channelID, peerAddresses, tlsRootCertFiles).
CC_CHECK = r'''
ord="-o $ORDERER --tls --cafile /orderer-tls/$ORDERER_ORG/ca.crt --ordererTLSHostnameOverride ${ORDERER%%:*}"
# the peer CLI's errors, without the gRPC library's lines
errors() { grep -v '\[grpc\]' /tmp/cc.err | grep -E 'Error|error|ERRO|WARN' | tail -n 3; }
# again: a query is asked again (at most 10 times) only when the chaincode answered "no key"
# or an older value: the peer has not committed the block yet; not when it did not answer
# (each call ends after $WAIT s: a peer that cannot reach its chaincode waits for it)
again() { [ "$tries" -lt 10 ] && { [ "$rc" -eq 0 ] || grep -q 'no key' /tmp/cc.err; }; }
# invoke ARGS [FLAG...]: invoke of the JSON array ARGS through $INVOKERS, waiting for the commit
invoke() {
  args=$1
  shift
  # shellcheck disable=SC2086
  timeout "$WAIT" peer chaincode invoke -C "$ch" -n "$CC_NAME" -c "{\"Args\":$args}" "$@" --waitForEvent $ord \
    $flags >/tmp/cc.out 2>/tmp/cc.err || echo "exit $?"
  grep -o 'Chaincode invoke successful.*' /tmp/cc.err || errors
}
# ask RETRY WANT ORG ADDR ARGS: query of the JSON array ARGS on the peer at ADDR (ORG's TLS
# CA), asked again while RETRY is 1, the answer is not WANT and again says so
ask() {
  tries=0
  while :; do
    tries=$((tries + 1))
    rc=0
    timeout "$WAIT" peer chaincode query -C "$ch" -n "$CC_NAME" -c "{\"Args\":$5}" --peerAddresses "$4" \
      --tlsRootCertFiles "/peer-tls/$3/ca.crt" >/tmp/cc.out 2>/tmp/cc.err || rc=$?
    if [ "$1" = 1 ] && [ "$(cat /tmp/cc.out)" != "$2" ] && again; then
      sleep 1
      continue
    fi
    if [ "$rc" -eq 0 ]; then cat /tmp/cc.out; else echo "exit $rc"; errors; fi
    [ "$tries" -eq 1 ] || echo "## (the answer above came at query $tries)"
    return 0
  done
}
for ch in $CHANNELS; do
  flags=
  for e in $INVOKERS; do
    flags="$flags --peerAddresses ${e#*=} --tlsRootCertFiles /peer-tls/${e%%=*}/ca.crt"
  done
  # the chaincode upgrade: the value put before it, on every peer, before the new put
  if [ -n "${BEFORE:-}" ]; then
    for q in $QUERY; do
      org=${q%%=*} rest=${q#*=}
      echo "## before $org ${rest%%=*} on $ch"
      ask 0 "" "$org" "${rest#*=}" "[\"get\",\"$KEY\"]"
    done
  fi
  echo "## invoke put on $ch"
  invoke "[\"put\",\"$KEY\",\"$VALUE\"]"
  for q in $QUERY; do
    org=${q%%=*} rest=${q#*=}
    for call in "get:[\"get\",\"$KEY\"]" "server:[\"server\"]" "init:[\"get\",\"init\"]"; do
      [ "${call%%:*}" != init ] || [ "$INIT_REQUIRED" = true ] || continue
      echo "## ${call%%:*} $org ${rest%%=*} on $ch"
      # a peer that did not endorse may commit the put's block a moment later: get is asked again
      retry=0
      [ "${call%%:*}" != get ] || retry=1
      ask "$retry" "$VALUE" "$org" "${rest#*=}" "${call#*:}"
    done
  done
  # private data: putp through $INVOKERS with the value in the transient map, then getp on
  # every peer ($PQUERY, "collection=org=name=host:port=member"; asked again only on members)
  for coll in $COLLS; do
    echo "## putp $coll on $ch"
    invoke "[\"putp\",\"$coll\",\"$KEY\"]" --transient "{\"value\":\"$(printf %s "$PVALUE" | base64)\"}"
  done
  for q in $PQUERY; do
    coll=${q%%=*} q=${q#*=}
    org=${q%%=*} q=${q#*=}
    name=${q%%=*} q=${q#*=}
    echo "## getp $coll $org $name on $ch"
    ask "${q##*=}" "$PVALUE" "$org" "${q%=*}" "[\"getp\",\"$coll\",\"$KEY\"]"
  done
done
'''


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def run_check(cl, job, script, label):
    spec = job["spec"]["template"]["spec"]
    c = dict(spec["containers"][0], command=["sh", "-c", script], args=[])
    name = job["metadata"]["name"] + "-check"
    cl.run_pod_once(job, dict(spec, initContainers=[], containers=[c]), name, None)
    logp = os.path.join(cl.root, "pods", "%03d-%s" % (cl.pod_seq, name), "log-%s.txt" % c["name"])
    out = ANSI.sub("", tail(logp, 400))
    print("---- %s" % label)
    print(out)
    return out


def check_real(cl, docs, major):
    jobs = [d for d in docs if d["kind"] == "Job" and "test" in hook_of(d)]
    good = True
    for j in jobs:
        cmd = " ".join(j["spec"]["template"]["spec"]["containers"][0].get("command") or [])
        env = {e["name"]: e.get("value", "") for e in j["spec"]["template"]["spec"]["containers"][0].get("env") or []}
        ns = j["metadata"]["namespace"]
        if cmd.endswith("check-orderers"):
            out = run_check(cl, j, ORDERER_CHECK, "%s: orderers' channels (osnadmin)" % ns)
            for item in env.get("ORDERERS", "").split():
                for ch in env.get("CHANNELS", "").split():
                    m = re.search(r"## osnadmin channel list -o %s --channelID %s\n(.*?)(?=\n##|\Z)"
                                  % (re.escape(item.split("=", 1)[1]), re.escape(ch)), out, re.S)
                    body = m.group(1) if m else ""
                    if "Status: 200" in body and re.search(r'"consensusRelation": "consenter"', body) and \
                            re.search(r'"status": "active"', body):
                        R.ok("%s is an active consenter of %s" % (item.split("=")[0] + "." + ns, ch))
                    else:
                        good = False
                        R.fail("%s on %s: %s" % (item, ch, " ".join(body.split())[:200]))
        elif cmd.endswith("check"):
            out = run_check(cl, j, PEER_CHECK, "%s: peers' heights and anchors" % ns)
            for ch in env.get("CHANNELS", "").split():
                for item in env.get("PEERS", "").split():
                    m = re.search(r"## %s peer channel getinfo -c %s\n(.*?)(?=\n##|\Z)"
                                  % (re.escape(item.split("=")[0]), re.escape(ch)), out, re.S)
                    h = re.search(r'"height":(\d+)', m.group(1) if m else "")
                    if h and int(h.group(1)) >= 1:
                        R.ok("%s.%s height %s on %s" % (item.split("=")[0], ns, h.group(1), ch))
                    else:
                        good = False
                        R.fail("%s.%s has no height on %s" % (item.split("=")[0], ns, ch))
                m = re.search(r"## anchors of \S+ on %s .*?\n(.*?)(?=\n##|\Z)" % re.escape(ch), out, re.S)
                a = (m.group(1) if m else "").strip()
                if a.startswith("[{"):
                    R.ok("%s: anchor peers on %s: %s" % (ns, ch, a))
                else:
                    good = False
                    R.fail("%s: no anchor peers on %s: %s" % (ns, ch, a[:200]))
    # what the join Jobs did
    for logp in sorted(glob.glob(os.path.join(cl.root, "pods", "*-join-*", "log-*.txt"))):
        with open(logp, encoding="utf-8", errors="replace") as f:
            for l in f:
                if l.startswith("join: ") and "waiting" not in l:
                    print("      %s: %s" % (os.path.basename(os.path.dirname(logp))[4:], l.rstrip()[:200]))
    # consensus, from the orderers' logs (1.4, no osnadmin: every orderer
    # started the chain of every channel)
    channels = sorted({ch for j in jobs for e in j["spec"]["template"]["spec"]["containers"][0].get("env") or []
                       if e["name"] == "CHANNELS" for ch in e.get("value", "").split()})
    for key, (p, logp, _, _) in sorted(cl.procs.items()):
        if not logp:
            continue
        with open(logp, encoding="utf-8", errors="replace") as f:
            text = f.read()
        if "/orderer" not in key and "orderer" not in key:
            continue
        lines = [ANSI.sub("", l).strip() for l in text.splitlines() if re.search(
            r"Raft leader changed|Starting view with number|Beginning to serve requests|Starting system channel|"
            r"Created and starting new chain", l)]
        for l in lines[:12]:
            print("      %s: %s" % (key, l[:240]))
        # 1.4: the system channel is the chart's genesis block's, not the
        # sampleconfig's provisional one (issue 13 defect 7)
        sysch = [l for l in lines if "Starting system channel" in l]
        if major < 2 and (not sysch or "'test-system-channel-name'" in sysch[0]):
            good = False
            R.fail("%s: not started from the chart's genesis block: %s" % (key, sysch[0] if sysch else "no system channel"))
        elif major < 2 and [ch for ch in channels if not any("starting new chain %s" % ch in l for l in lines)]:
            good = False
            R.fail("%s: never started the chain of %s" % (key, ", ".join(
                ch for ch in channels if not any("starting new chain %s" % ch in l for l in lines))))
        elif any(re.search(r"Raft leader changed: \d+ -> [1-9]|Starting view with number", l) for l in lines):
            R.ok("%s: consensus started (leader elected / view started)" % key)
        elif major < 2 and "orderer type solo" in sysch[0]:
            R.ok("%s: solo orderer serving the chart's system channel" % key)
        else:
            good = False
            R.fail("%s: no Raft leader / SmartBFT view in the log" % key, tail(logp, 10))
    return good


def container_env(job):
    c = job["spec"]["template"]["spec"]["containers"][0]
    return " ".join(c.get("command") or []), {e["name"]: e.get("value", "") for e in c.get("env") or []}


def check_chaincodes(cl, docs, before=None):
    """Every chaincode answers through every peer that runs it (CC_CHECK);
    False when one does not.  Expected answers come from the chart: the
    package ID of each organization's approve Job, the TLS variables of its
    chaincode server's Deployment.  BEFORE (after an upgrade): chaincode ->
    the value its last check put, which every peer must still answer before
    the new put.  Sets cl.cc_values (chaincode -> the value put now)."""
    jobs = [d for d in docs if d["kind"] == "Job"]
    commits = [j for j in jobs if container_env(j)[0].endswith("lifecycle.sh commit")]
    servers = {}  # (namespace, CHAINCODE_ID) -> "tls=.. clientauth=.."
    for d in docs:
        if d["kind"] == "Deployment":
            env = container_env(d)[1]
            if "CHAINCODE_ID" in env:
                servers[(d["metadata"]["namespace"], env["CHAINCODE_ID"])] = "tls=%s clientauth=%s" % (
                    "on" if env.get("CHAINCODE_TLS_CERT") else "off",
                    "on" if env.get("CHAINCODE_CLIENT_CA_CERT") else "off")
    good = bool(commits)
    if not commits:
        R.fail("chaincodes: the chart has no commit Job")
    for job in commits:
        env = container_env(job)[1]
        cc = env["CC_NAME"]
        org_of = {}  # namespace -> organization (the peer-tls mount's name)
        for e in env.get("ENDORSERS", "").split():
            m = re.match(r"([^=]+)=[^.]+\.([^.]+)\.svc", e)
            if m:
                org_of[m.group(2)] = m.group(1)
        query, want_server, msp_of = [], {}, {}
        for a in jobs:
            aenv = container_env(a)[1]
            ns = a["metadata"]["namespace"]
            if not container_env(a)[0].endswith("lifecycle.sh approve") or aenv.get("CC_NAME") != cc or \
                    not aenv.get("PACKAGE_ID"):
                continue
            msp_of[org_of.get(ns, "?")] = aenv.get("CORE_PEER_LOCALMSPID")
            for p in aenv.get("PEERS", "").split():
                query.append("%s=%s" % (org_of.get(ns, "?"), p))
                want_server[(org_of.get(ns, "?"), p.split("=")[0])] = "%s %s" % (
                    aenv["PACKAGE_ID"], servers.get((ns, aenv["PACKAGE_ID"]), "(no server with this CHAINCODE_ID)"))
        key, value = "fabchart-check", "%s-%d-%d" % (cc, os.getpid(), int(time.time()))
        pvalue = "private-" + value
        colls = {c["name"]: set(re.findall(r"'([^'.]+)\.member'", c.get("policy", "")))
                 for c in json.loads(env.get("COLLECTIONS") or "[]")}
        pquery = ["%s=%s=%d" % (c, q, int(msp_of.get(q.split("=")[0]) in members))
                  for c, members in sorted(colls.items()) for q in query]
        old = (before or {}).get(cc)
        cl.cc_values = dict(getattr(cl, "cc_values", {}), **{cc: value})
        script = "WAIT=60 KEY=%s VALUE=%s PVALUE=%s QUERY='%s' COLLS='%s' PQUERY='%s' BEFORE=%s\n%s" % (
            key, value, pvalue, " ".join(query), " ".join(sorted(colls)), " ".join(pquery), old or "", CC_CHECK)
        out = run_check(cl, job, script, "%s: chaincode %s answers (invoke put; get, server on every peer)"
                        % (job["metadata"]["namespace"], cc))
        for ch in env.get("CHANNELS", "").split():
            for q in query if old else []:
                org, name = q.split("=")[0], q.split("=")[1]
                m = re.search(r"## before %s %s on %s\n(.*?)(?=\n##|\Z)" % (re.escape(org), re.escape(name),
                                                                             re.escape(ch)), out, re.S)
                got = " ".join((m.group(1) if m else "(no answer)").split())
                if got == old:
                    R.ok("%s on %s: %s.%s still answers the value put before the upgrade: %s" % (
                        cc, ch, name, org, got))
                else:
                    good = False
                    R.fail("%s on %s: %s.%s answers get %s: %s, not the value put before the upgrade %s" % (
                        cc, ch, name, org, key, got[:300], old))
            m = re.search(r"## invoke put on %s\n(.*?)(?=\n##|\Z)" % re.escape(ch), out, re.S)
            body = m.group(1) if m else ""
            if re.search(r"Chaincode invoke successful\. result: status:200", body):
                R.ok("%s on %s: invoke put committed through %s" % (cc, ch, env.get("INVOKERS", "")))
            else:
                good = False
                R.fail("%s on %s: invoke put: %s" % (cc, ch, " ".join(body.split())[:300]))
            for q in query:
                org, name = q.split("=")[0], q.split("=")[1]
                for call, want in (("get", value), ("server", want_server[(org, name)]),
                                   ("init", "done" if env.get("INIT_REQUIRED") == "true" else None)):
                    if want is None:
                        continue
                    m = re.search(r"## %s %s %s on %s\n(.*?)(?=\n##|\Z)" % (call, re.escape(org), re.escape(name),
                                                                          re.escape(ch)), out, re.S)
                    got = (m.group(1) if m else "(no answer)").strip()
                    what = {"get": "get %s" % key, "server": "server", "init": "get init"}[call]
                    if got == want:
                        R.ok("%s on %s: %s.%s answers %s: %s" % (cc, ch, name, org, what, got))
                    else:
                        good = False
                        R.fail("%s on %s: %s.%s answers %s: %s, not %s" % (cc, ch, name, org, what,
                                                                           " ".join(got.split())[:300], want))
            for c in sorted(colls):
                m = re.search(r"## putp %s on %s\n(.*?)(?=\n##|\Z)" % (re.escape(c), re.escape(ch)), out, re.S)
                body = m.group(1) if m else ""
                if re.search(r"Chaincode invoke successful\. result: status:200", body):
                    R.ok("%s on %s: invoke putp into collection %s committed" % (cc, ch, c))
                else:
                    good = False
                    R.fail("%s on %s: invoke putp into %s: %s" % (cc, ch, c, " ".join(body.split())[:300]))
                for pq in pquery:
                    if not pq.startswith(c + "="):
                        continue
                    _, org, name, _, member = pq.split("=")
                    m = re.search(r"## getp %s %s %s on %s\n(.*?)(?=\n##|\Z)" % (
                        re.escape(c), re.escape(org), re.escape(name), re.escape(ch)), out, re.S)
                    got = " ".join((m.group(1) if m else "(no answer)").split())
                    if member == "1" and got == pvalue:
                        R.ok("%s on %s: %s.%s (%s, a member of %s) answers getp: %s" % (
                            cc, ch, name, org, msp_of.get(org), c, got))
                    elif member == "0" and got.startswith("exit ") and re.search(
                            r"private data matching public hash version is not available\. Public hash version = "
                            r"\{BlockNum: \d+, TxNum: \d+\}, Private data version = <nil>", got):
                        R.ok("%s on %s: %s.%s (%s, not a member of %s) does not hold the value: %s" % (
                            cc, ch, name, org, msp_of.get(org), c, got[:160]))
                    else:
                        good = False
                        R.fail("%s on %s: %s.%s (%s, %s of %s) answers getp: %s" % (
                            cc, ch, name, org, msp_of.get(org), "a member" if member == "1" else "not a member",
                            c, got[:300]))
    return good


# ---- the chaincode upgrade (issue 16) -------------------------------------------
# querycommitted in a commit Job's container, through its organization's first
# endorser (as lifecycle.sh check does); internal/peer/lifecycle/chaincode/
# querycommitted.go at v3.1.1 prints "Version: V, Sequence: N, ...".
QUERYCOMMITTED = r"""
first=${ENDORSERS%% *}
export CORE_PEER_ADDRESS="${first#*=}"
for ch in $CHANNELS; do
  echo "## querycommitted $CC_NAME on $ch"
  peer lifecycle chaincode querycommitted --channelID "$ch" --name "$CC_NAME" 2>&1 | grep -v '^[0-9-]* [0-9:.]* UTC'
done
"""


def res_key(d):
    return (d["kind"], d["metadata"].get("namespace") or "default", d["metadata"]["name"])


def cc_servers(objs):
    """(namespace, name) of the chaincode servers' Deployments in the API."""
    return {(d["metadata"]["namespace"], d["metadata"]["name"]) for d in fcapi.of_kind(objs, "Deployment")
            if "CHAINCODE_ID" in container_env(d)[1]}


def reap(cl):
    """The kubelet's side of a deleted workload: its process stops."""
    live = {fcapi.node_key(w) for w in workloads(fcapi.objects())}
    for key, (p, _, _, _) in sorted(cl.procs.items()):
        if key not in live and p is not None and p.poll() is None:
            os.kill(p.pid, signal.SIGTERM)
            try:
                p.wait(10)
            except subprocess.TimeoutExpired:
                os.kill(p.pid, signal.SIGKILL)
                p.wait()


def alive(cl, ns, name):
    p = cl.procs.get("%s/%s" % (ns, name), (None,))[0]
    return p is not None and p.poll() is None


def helm_upgrade(cl, old, new):
    """helm upgrade from the rendered OLD to NEW, in Helm's order
    (pkg/action/upgrade.go): pre-upgrade hooks; the new resources applied,
    the old ones the new chart lacks deleted unless annotated
    helm.sh/resource-policy: keep; post-upgrade hooks by weight.  The
    chaincode servers' checks run around the hooks: the new servers start
    next to the old ones, which still run when the commit Jobs start; the
    prune Jobs delete the old ones.  False when a hook fails (a failed
    check is counted in R)."""
    if not cl.hooks(new, "pre-upgrade", "real upgrade"):
        return False
    objs = fcapi.objects()
    newkeys = {res_key(d) for d in new if not hook_of(d)}
    gone = [d for d in old if not hook_of(d) and res_key(d) not in newkeys]
    kept = [d for d in gone if (d["metadata"].get("annotations") or {}).get("helm.sh/resource-policy") == "keep"]
    for d in gone:
        if d not in kept:
            objs.pop(fcapi.key(d["kind"], res_key(d)[1], d["metadata"]["name"]), None)
    fcapi.save_objects(objs)
    print("upgrade: %d resources of the old release not in the new chart: %d kept (resource-policy keep), %d "
          "deleted (%s)" % (len(gone), len(kept), len(gone) - len(kept), ", ".join(
              "%s %s/%s" % res_key(d) for d in gone if d not in kept)))
    reap(cl)
    before = cc_servers(fcapi.objects())
    cl.apply(new)
    for pod_dir, ns in list(cl.hosts_dirs.items()):
        cl.hosts_file(pod_dir, ns)  # the new Services' names in every pod's /etc/hosts (same file, bound)
    now = cc_servers(fcapi.objects())
    in_new = cc_servers({fcapi.key(*res_key(d)): d for d in new})
    added, old_servers = sorted(now - before), sorted(before - in_new)
    unchanged = sorted(before & in_new)
    if not added or not old_servers:
        R.fail("upgrade: no new chaincode server (%s) or no old one to replace (%s)" % (added, old_servers))

    def old_still_there(when):
        ok = True
        for ns, name in old_servers:
            if alive(cl, ns, name) and (ns, name) in cc_servers(fcapi.objects()):
                R.ok("upgrade: the old server %s/%s still runs %s" % (ns, name, when))
            else:
                ok = False
                R.fail("upgrade: the old server %s/%s is gone %s" % (ns, name, when))
        return ok

    old_still_there("after the new resources are applied (keep)")
    weights = {}
    for d in new:
        if "post-upgrade" in hook_of(d).split(",") and d["kind"] == "Job":
            w = int((d["metadata"].get("annotations") or {}).get("helm.sh/hook-weight", "0"))
            weights.setdefault(container_env(d)[0].rsplit(" ", 1)[-1], set()).add(w)
    commit_w = min(weights.get("commit", {0}))
    prune_w = min(weights.get("prune", {0}))
    steps = [(None, commit_w, "before the commit Jobs"), (commit_w, prune_w, "after the commit, before the prune"),
             (prune_w, None, "")]
    for lo, hi, when in steps:
        part = [d for d in new if "post-upgrade" in hook_of(d).split(",") and
                (lo is None or int((d["metadata"].get("annotations") or {}).get("helm.sh/hook-weight", "0")) >= lo)
                and (hi is None or int((d["metadata"].get("annotations") or {}).get("helm.sh/hook-weight", "0")) < hi)]
        if not cl.hooks(part, "post-upgrade", "real upgrade"):
            return False
        reap(cl)
        if lo is None:
            # the new servers start once the identity Job issued their TLS pairs (a hook)
            for ns, name in added:
                if alive(cl, ns, name):
                    R.ok("upgrade: the new server %s/%s runs next to the old one" % (ns, name))
                else:
                    R.fail("upgrade: the new server %s/%s does not run" % (ns, name))
        if when:
            old_still_there(when)
    for ns, name in old_servers:
        objs = fcapi.objects()
        there = [k for k in ("Deployment", "Service") if fcapi.key(k, ns, name) in objs]
        if there or alive(cl, ns, name):
            R.fail("upgrade: the prune Jobs left %s/%s (%s; process %s)" % (
                ns, name, ", ".join(there) or "no object", "running" if alive(cl, ns, name) else "stopped"))
        else:
            R.ok("upgrade: the prune Jobs deleted the old server %s/%s (Deployment, Service; process stopped)"
                 % (ns, name))
    for ns, name in unchanged:
        objs = fcapi.objects()
        if fcapi.key("Deployment", ns, name) in objs and fcapi.key("Service", ns, name) in objs and \
                alive(cl, ns, name):
            R.ok("upgrade: the unchanged server %s/%s is untouched" % (ns, name))
        else:
            R.fail("upgrade: the unchanged server %s/%s was deleted or stopped" % (ns, name))
    return True


def check_committed(cl, docs):
    """querycommitted shows every chaincode's version and sequence of DOCS."""
    good = True
    for job in [d for d in docs if d["kind"] == "Job" and container_env(d)[0].endswith("lifecycle.sh commit")]:
        env = container_env(job)[1]
        out = run_check(cl, job, QUERYCOMMITTED, "%s: querycommitted %s" % (job["metadata"]["namespace"],
                                                                             env["CC_NAME"]))
        for ch in env.get("CHANNELS", "").split():
            m = re.search(r"## querycommitted %s on %s\n(.*?)(?=\n##|\Z)" % (re.escape(env["CC_NAME"]),
                                                                            re.escape(ch)), out, re.S)
            got = re.search(r"Version: (\S+), Sequence: (\d+),", m.group(1) if m else "")
            want = (env["CC_VERSION"], env["SEQUENCE"])
            if got and got.groups() == want:
                R.ok("%s on %s: committed Version %s, Sequence %s" % (env["CC_NAME"], ch, want[0], want[1]))
            else:
                good = False
                R.fail("%s on %s: committed %s, not Version %s, Sequence %s" % (
                    env["CC_NAME"], ch, got.group(0) if got else "(nothing)", want[0], want[1]))
    return good


# ---- upgrade (issue 17) --------------------------------------------------------
# The organizations of every channel in its config block, each with its MSP
# name and anchor peers (peer channel fetch config, configtxlator, jq), asked
# from the check Job's container of an organization that was a member before.
CHANNEL_ORGS = r"""
first=${PEERS%% *}
export CORE_PEER_ADDRESS="${first#*=}"
addr=${ORDERER}
for ch in $CHANNELS; do
  echo "## organizations of $ch"
  if peer channel fetch config /tmp/cfg.block -c "$ch" -o "$addr" --tls --cafile "/orderer-tls/$ORDERER_ORG/ca.crt" \
      --ordererTLSHostnameOverride "${addr%%:*}" >/tmp/fetch 2>&1; then
    configtxlator proto_decode --input /tmp/cfg.block --type common.Block |
      jq -c '[.data.data[0].payload.data.config.channel_group.groups.Application.groups | to_entries[] |
        {msp: .value.values.MSP.value.config.name, anchors: .value.values.AnchorPeers.value.anchor_peers}]'
  else
    tail -n 2 /tmp/fetch
  fi
done
"""


def peer_checks(docs):
    """The check Jobs (helm test) of the peer organizations, by namespace."""
    return {j["metadata"]["namespace"]: j for j in docs if j["kind"] == "Job" and "test" in hook_of(j)
            and container_env(j)[0].endswith("check") and container_env(j)[1].get("PEERS")}


def heights_of(cl, docs, label):
    """{(channel, peer.namespace): height} of every peer of DOCS."""
    got = {}
    for ns, j in sorted(peer_checks(docs).items()):
        out = run_check(cl, j, PEER_CHECK, "%s: %s heights" % (label, ns))
        for m in re.finditer(r"## (\S+) peer channel getinfo -c (\S+)\n(.*?)(?=\n##|\Z)", out, re.S):
            h = re.search(r'"height":(\d+)', m.group(3))
            got[(m.group(2), "%s.%s" % (m.group(1), ns))] = int(h.group(1)) if h else None
    return got


def run_hooks_logged(cl, docs, event, label):
    """Run EVENT's hooks; (ok, {job name: its pods' log text}) of this run."""
    first = cl.pod_seq
    ok = cl.hooks(docs, event, label)
    logs = {}
    for d in sorted(glob.glob(os.path.join(cl.root, "pods", "*"))):
        seq, _, pod = os.path.basename(d).partition("-")
        if not seq.isdigit() or int(seq) <= first:
            continue
        job = re.sub(r"-\d+$", "", pod)
        for logp in sorted(glob.glob(os.path.join(d, "log-*.txt"))):
            with open(logp, encoding="utf-8", errors="replace") as f:
                logs[job] = logs.get(job, "") + f.read()
    return ok, logs


# What config-update.sh prints for each step that did its work (its log()).
STEP_DONE = {"printorg": r"definition of \S+ printed", "compute": r"update computed",
             "sign": r"signed by %(msp)s", "submit": r"updated by %(msp)s: the new config block holds the change",
             "follow": r"\S+ joined as a follower", "await": r"\S+ is an active consenter"}
STEP_NOOP = {"compute": r"the channel already holds the change: nothing to update",
             "sign": r"nothing to sign \(none\)", "submit": r"nothing to submit \(none\)",
             "follow": r"\S+ is in the channel already.*", "await": r"\S+ is an active consenter"}


def check_config_updates(new, logs, label, done):
    """Each config-update Job's steps (its fabchart.dev/config-update
    annotation) did their work (DONE) or found nothing to do; False if not."""
    jobs = [j for j in new if j["kind"] == "Job" and
            "fabchart.dev/config-update" in (j["metadata"].get("annotations") or {})]
    good = bool(jobs)
    if not jobs:
        R.fail("%s: the chart built --from has no config-update Job" % label)
    for j in jobs:
        name, what = j["metadata"]["name"], j["metadata"]["annotations"]["fabchart.dev/config-update"]
        msp = next((e.get("value", "") for c in j["spec"]["template"]["spec"]["containers"] for e in c.get("env") or []
                    if e["name"] == "CORE_PEER_LOCALMSPID"), "")
        text = ANSI.sub("", logs.get(name, ""))
        for step in what.split(":")[0].split():
            want = (STEP_DONE if done else STEP_NOOP).get(step)
            if want is None:
                continue
            line = re.search(r"config-update: \S+: (%s)" % (want % {"msp": re.escape(msp)}), text)
            if line:
                R.ok("%s: %s/%s %s: %s" % (label, j["metadata"]["namespace"], name, step, line.group(1)))
            else:
                good = False
                R.fail("%s: %s/%s %s did not %s" % (label, j["metadata"]["namespace"], name, step,
                                                     "do its work" if done else "find the change made"),
                       "\n".join(l for l in text.splitlines() if "config-update:" in l)[-1500:])
    return good


def upgrade_real(cl, old, new, major):
    """helm upgrade to NEW (built --from OLD's chart): pre-upgrade hooks, the
    objects, post-upgrade hooks by weight (identity Job, config-update Jobs
    against the real orderer, join Jobs), then the checks, helm test, and the
    post-upgrade hooks once more (nothing changes)."""
    print("== helm upgrade (chart built --from the installed one; real orderer and peers)")
    before = cl.secrets()
    ok = cl.hooks(new, "pre-upgrade", "real upgrade")
    if ok:
        cl.apply(new)
        ok, logs = run_hooks_logged(cl, new, "post-upgrade", "real upgrade")
        check_config_updates(new, logs, "real upgrade", True)
    cluster.check_secrets("real upgrade", cl, new, before, False)
    if not ok:
        return False
    old_ns = set(peer_checks(old))
    added = {}  # namespace -> MSP ID of the organizations NEW adds
    for ns, j in peer_checks(new).items():
        if ns not in old_ns:
            added[ns] = container_env(j)[1].get("CORE_PEER_LOCALMSPID", "")
    asker = peer_checks(new)[sorted(old_ns)[0]]
    out = run_check(cl, asker, CHANNEL_ORGS, "real upgrade: the channels' organizations (config block)")
    for ch in container_env(asker)[1].get("CHANNELS", "").split():
        m = re.search(r"## organizations of %s\n(.*?)(?=\n##|\Z)" % re.escape(ch), out, re.S)
        try:
            orgs = {o["msp"]: o["anchors"] for o in json.loads((m.group(1) if m else "").strip())}
        except ValueError:
            orgs = {}
        for ns, msp in sorted(added.items()):  # none when NEW adds orderers only
            if msp in orgs and orgs[msp]:
                R.ok("real upgrade: %s's config block holds %s's MSP and anchor peers %s"
                     % (ch, msp, json.dumps(orgs[msp], separators=(",", ":"))))
            else:
                R.fail("real upgrade: %s's config block lacks %s (or its anchor peers): %s"
                       % (ch, msp, (m.group(1) if m else "(no answer)")[:300]))
    # the new organizations' peers joined and caught up: same height as the others
    for attempt in range(6):
        hs = heights_of(cl, new, "real upgrade")
        chans = sorted({ch for ch, _ in hs})
        if all(None not in v and len(set(v)) == 1 for v in
               ([h for (c, _), h in hs.items() if c == ch] for ch in chans)) and hs:
            break
        time.sleep(5)
    for ch in chans:
        line = " ".join("%s=%s" % (p, h) for (c, p), h in sorted(hs.items()) if c == ch)
        new_peers = [p for (c, p) in hs if c == ch and p.split(".", 1)[1] in added]
        if (new_peers or not added) and len({h for (c, _), h in hs.items() if c == ch}) == 1 and None not in \
                [h for (c, _), h in hs.items() if c == ch]:
            R.ok("real upgrade: every peer of %s at the same height, new ones included: %s" % (ch, line))
        else:
            R.fail("real upgrade: peers of %s not at one height (or no new peer on it): %s" % (ch, line))
    print("== helm test after the upgrade")
    tested = cl.hooks(new, "test", "real helm test after upgrade")
    up = check_real(cl, new, major)
    print("== the upgrade's post-upgrade hooks once more (nothing changes)")
    before = cl.secrets()
    hs0 = heights_of(cl, new, "real upgrade again (before)")
    again, logs = run_hooks_logged(cl, new, "post-upgrade", "real upgrade again")
    if again:
        check_config_updates(new, logs, "real upgrade again", False)
    cluster.check_secrets("real upgrade again", cl, new, before, False)
    hs1 = heights_of(cl, new, "real upgrade again (after)")
    if hs0 == hs1 and hs0:
        R.ok("real upgrade again: no block added (heights %s)" % " ".join(
            "%s@%s=%s" % (p, c, h) for (c, p), h in sorted(hs1.items())))
    else:
        R.fail("real upgrade again: heights changed: %s -> %s" % (hs0, hs1))
    return ok and tested and up and again


def hook_of(o):
    return cluster.hook_of(o)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--rendered", required=True)
    ap.add_argument("--fabric-bin", required=True)
    ap.add_argument("--cc-upgrade", help="then helm upgrade to this rendered chart (the chaincode's next sequence)")
    ap.add_argument("--upgrade", help="rendered chart to helm upgrade to after the checks (issue 17)")
    args = ap.parse_args()
    docs = cluster.load_manifests(args.rendered)
    major = cluster.major_of(docs)[0]
    t0 = time.time()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # ctest's timeout: clean up below
    net = Net()
    cl = None
    try:
        cl = RealCluster(args.work, args.fabric_bin, net)
        cl.fabric_version = "%d.%d" % cluster.major_of(docs)
        for w in workloads({fcapi.key(d["kind"], d["metadata"].get("namespace", ""), d["metadata"]["name"]): d
                            for d in docs}):
            net.add(fcapi.node_key(w))
            if w["kind"] == "Deployment":
                cl.cc_images.update(c["image"] for c in w["spec"]["template"]["spec"]["containers"])
        print("== helm install with real Fabric binaries (pods in their own network namespaces)")
        for d in docs:
            for c in (d.get("spec", {}).get("template", {}).get("spec", {}).get("containers") or []):
                for e in c.get("env") or []:
                    if e["name"] == "CORE_LEDGER_STATE_STATEDATABASE" and e.get("value", "").lower() == "couchdb":
                        print("note  %s/%s: CORE_LEDGER_STATE_STATEDATABASE=goleveldb for this run (no CouchDB)"
                              % (d["metadata"].get("namespace"), d["metadata"]["name"]))
        cl.apply(docs)
        installed = cl.hooks(docs, "post-install", "real install")
        print("== helm test")
        tested = installed and cl.hooks(docs, "test", "real helm test")
        print("== checks")
        up = installed and check_real(cl, docs, major)
        print("network %s; helm test %s" % ("UP" if up else "NOT up", "passed" if tested else "failed"))
        if any(d["kind"] == "Deployment" and "CHAINCODE_ID" in container_env(d)[1] for d in docs):
            print("== chaincodes (peer chaincode invoke/query through the peers)")
            answered = installed and check_chaincodes(cl, docs)
            print("chaincodes %s" % ("ANSWER" if answered else "do NOT answer"))
        if args.cc_upgrade:
            t1 = time.time()
            new = cluster.load_manifests(args.cc_upgrade)
            print("== helm upgrade: the chaincode's next sequence (%s)" % os.path.basename(args.cc_upgrade))
            upgraded = installed and helm_upgrade(cl, docs, new)
            committed = upgraded and check_committed(cl, new)
            print("== helm test after the upgrade")
            tested = upgraded and cl.hooks(new, "test", "real helm test after upgrade")
            print("== chaincodes after the upgrade")
            answered = upgraded and check_chaincodes(cl, new, dict(getattr(cl, "cc_values", {})))
            print("upgrade %s; querycommitted %s; helm test %s; chaincodes %s (%.1f s)" % (
                "done" if upgraded else "FAILED", "ok" if committed else "wrong", "passed" if tested else "failed",
                "ANSWER" if answered else "do NOT answer", time.time() - t1))
        if args.upgrade:
            new = cluster.load_manifests(args.upgrade)
            upgraded = installed and up and upgrade_real(cl, docs, new, major)
            print("upgrade %s" % ("DONE" if upgraded else "FAILED"))
    finally:
        if cl is not None:
            cl.stop()
        net.close()
    print("%d passed, %d failed, %d skipped (%.1f s)" % (R.passed, R.failed, R.skipped, time.time() - t0))
    return 1 if R.failed else 0


if __name__ == "__main__":
    sys.exit(main())
