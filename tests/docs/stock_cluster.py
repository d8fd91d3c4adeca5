#!/usr/bin/env python3
"""tests/docs/stock_cluster.py: does a rendered chart install on a stock
kind, minikube or k3s cluster, using no value outside Kubernetes' defaults?

Usage: stock_cluster.py RENDERED.yaml VALUES.yaml

RENDERED.yaml is `helm template` of the chart (hooks and test pods included),
VALUES.yaml its values.yaml.  Prints one line per finding ("ok ..." or
"FAIL ...") and a last line "N checks, N failed"; exits 1 when any failed.
The rules, each with where the default comes from:

- Services: ClusterIP or NodePort only (a LoadBalancer stays pending on kind
  and minikube without an add-on); every nodePort inside the default
  --service-node-port-range 30000-32767 (kube-apiserver's default); no
  externalIPs, loadBalancerIP, externalTrafficPolicy or clusterIP set.
- Storage: no PersistentVolume and no StorageClass object, no NFS, hostPath,
  iscsi or other in-tree volume source: pods use emptyDir, configMap, secret,
  projected and persistentVolumeClaim only; every claim (volumeClaimTemplates
  and PersistentVolumeClaims) leaves storageClassName unset, so the cluster's
  default StorageClass provisions it (kind and k3s: local-path, minikube:
  hostpath), and asks for ReadWriteOnce only (what local-path provides).
- Pods: no hostNetwork, hostPID, hostIPC, hostPort, privileged container,
  added capability, nodeSelector, affinity, tolerations, priorityClassName,
  runtimeClassName or imagePullSecrets; every image a public Docker Hub
  reference (no registry host, a pinned tag, not "latest").
- API: only built-in, GA groups (v1, apps/v1, batch/v1, networking.k8s.io/v1,
  rbac.authorization.k8s.io/v1), no cluster-scoped object but Namespaces.
- Values: clusterDomain cluster.local (the kubelet's --cluster-domain as kind,
  minikube and k3s set it), no nodeCidrs (a per-cluster value).
- Size: the long-running pods request at most 1 CPU and 2 GiB in all, so the
  network fits next to the control plane on a 2-CPU minikube (its default).
"""
import re
import sys

import yaml

from findings import check, summary

NODE_PORT_RANGE = (30000, 32767)  # kube-apiserver --service-node-port-range default
ALLOWED_API = {"v1", "apps/v1", "batch/v1", "networking.k8s.io/v1", "policy/v1",
               "rbac.authorization.k8s.io/v1"}
ALLOWED_VOLUMES = {"name", "emptyDir", "configMap", "secret", "projected", "persistentVolumeClaim"}
CPU_BUDGET_MILLI = 1000
MEMORY_BUDGET = 2 * 1024**3

def cpu_milli(q):
    q = str(q)
    return int(q[:-1]) if q.endswith("m") else int(float(q) * 1000)


def memory_bytes(q):
    m = re.fullmatch(r"([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?", str(q))
    if not m:
        raise ValueError("memory quantity %r" % q)
    mult = {None: 1, "Ki": 1024, "Mi": 1024**2, "Gi": 1024**3, "Ti": 1024**4,
            "k": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4}[m.group(2)]
    return int(float(m.group(1)) * mult)


def name_of(doc):
    md = doc.get("metadata") or {}
    return "%s %s/%s" % (doc.get("kind"), md.get("namespace", "-"), md.get("name"))


def pod_spec(doc):
    kind = doc.get("kind")
    if kind == "Pod":
        return doc.get("spec") or {}
    if kind in ("Deployment", "StatefulSet", "Job", "DaemonSet", "ReplicaSet"):
        return ((doc.get("spec") or {}).get("template") or {}).get("spec") or {}
    return None


def image_ok(image):
    # "repo[:tag]" or "org/repo:tag" on Docker Hub: no registry host (a first
    # component with '.' or ':' or "localhost"), no digest needed, a pinned tag
    if "@" in image:
        return True
    name, _, tag = image.rpartition(":")
    if not name or "/" in tag or tag in ("", "latest"):
        return False
    first = name.split("/")[0]
    return not ("/" in name and ("." in first or ":" in first or first == "localhost"))


def check_pods(docs):
    cpu = mem = 0
    images = set()
    for doc in docs:
        spec = pod_spec(doc)
        if spec is None:
            continue
        n = name_of(doc)
        for key in ("hostNetwork", "hostPID", "hostIPC"):
            check(not spec.get(key), "%s: no %s" % (n, key))
        for key in ("nodeSelector", "affinity", "tolerations", "priorityClassName",
                    "runtimeClassName", "imagePullSecrets", "nodeName"):
            check(not spec.get(key), "%s: %s left to the cluster's default" % (n, key))
        for vol in spec.get("volumes") or []:
            extra = set(vol) - ALLOWED_VOLUMES
            check(not extra, "%s: volume %s is emptyDir/configMap/secret/projected/claim%s"
                  % (n, vol.get("name"), (" (has %s)" % ", ".join(sorted(extra))) if extra else ""))
        long_running = doc.get("kind") in ("Deployment", "StatefulSet")
        replicas = int((doc.get("spec") or {}).get("replicas", 1)) if long_running else 0
        for c in (spec.get("initContainers") or []) + (spec.get("containers") or []):
            cn = "%s container %s" % (n, c.get("name"))
            sc = c.get("securityContext") or {}
            check(sc.get("privileged") is not True, cn + ": not privileged")
            check(not (sc.get("capabilities") or {}).get("add"), cn + ": no added capability")
            check(all("hostPort" not in p for p in c.get("ports") or []), cn + ": no hostPort")
            image = c.get("image", "")
            images.add(image)
            check(image_ok(image), "%s: image %s is a public Docker Hub reference with a pinned tag" % (cn, image))
        if long_running:
            for c in spec.get("containers") or []:
                req = (c.get("resources") or {}).get("requests") or {}
                cpu += replicas * cpu_milli(req.get("cpu", "0"))
                mem += replicas * memory_bytes(req.get("memory", "0"))
    check(cpu <= CPU_BUDGET_MILLI,
          "long-running pods request %dm CPU in all (budget %dm)" % (cpu, CPU_BUDGET_MILLI))
    check(mem <= MEMORY_BUDGET,
          "long-running pods request %d MiB in all (budget %d MiB)" % (mem // 1024**2, MEMORY_BUDGET // 1024**2))
    print("images: " + " ".join(sorted(images)))


def check_claims(docs):
    claims = 0
    for doc in docs:
        n = name_of(doc)
        specs = []
        if doc.get("kind") == "PersistentVolumeClaim":
            specs.append(("claim", doc.get("spec") or {}))
        if doc.get("kind") == "StatefulSet":
            for t in (doc.get("spec") or {}).get("volumeClaimTemplates") or []:
                specs.append(("claim template %s" % (t.get("metadata") or {}).get("name"), t.get("spec") or {}))
        for what, spec in specs:
            claims += 1
            check("storageClassName" not in spec,
                  "%s %s: no storageClassName (the cluster's default StorageClass)" % (n, what))
            check("volumeName" not in spec and "selector" not in spec,
                  "%s %s: dynamically provisioned (no volumeName, no selector)" % (n, what))
            check(spec.get("accessModes") == ["ReadWriteOnce"], "%s %s: ReadWriteOnce only" % (n, what))
    check(claims > 0, "%d volume claims checked" % claims)


def check_services(docs):
    services = 0
    for doc in docs:
        if doc.get("kind") != "Service":
            continue
        services += 1
        n = name_of(doc)
        spec = doc.get("spec") or {}
        typ = spec.get("type", "ClusterIP")
        check(typ in ("ClusterIP", "NodePort"), "%s: type %s is ClusterIP or NodePort" % (n, typ))
        for key in ("externalIPs", "loadBalancerIP", "externalTrafficPolicy", "loadBalancerSourceRanges"):
            check(key not in spec, "%s: no %s" % (n, key))
        check(spec.get("clusterIP") in (None, "None"), "%s: clusterIP allocated by the cluster (or headless)" % n)
        for p in spec.get("ports") or []:
            if "nodePort" in p:
                lo, hi = NODE_PORT_RANGE
                check(lo <= int(p["nodePort"]) <= hi,
                      "%s: nodePort %s inside the default range %d-%d" % (n, p["nodePort"], lo, hi))
    check(services > 0, "%d Services checked" % services)


def main():
    if len(sys.argv) != 3:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    docs = [d for d in yaml.safe_load_all(open(sys.argv[1])) if d]
    values = yaml.safe_load(open(sys.argv[2])) or {}
    for doc in docs:
        n = name_of(doc)
        check(doc.get("apiVersion") in ALLOWED_API, "%s: API %s is built in and GA" % (n, doc.get("apiVersion")))
        check(doc.get("kind") not in ("PersistentVolume", "StorageClass", "CustomResourceDefinition"),
              "%s: not a PersistentVolume, StorageClass or CRD" % n)
        check(doc.get("kind") == "Namespace" or (doc.get("metadata") or {}).get("namespace"),
              "%s: namespaced (no cluster-scoped object but Namespaces)" % n)
    check_services(docs)
    check_claims(docs)
    check_pods(docs)
    storage = values.get("storage") or {}
    check(storage.get("kind") == "default", "values storage.kind is default (was %r)" % storage.get("kind"))
    check(values.get("clusterDomain") == "cluster.local", "values clusterDomain is cluster.local")
    check(not (values.get("networkPolicies") or {}).get("nodeCidrs"), "values: no nodeCidrs")
    return summary()


if __name__ == "__main__":
    sys.exit(main())
