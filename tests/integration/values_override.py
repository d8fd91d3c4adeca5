#!/usr/bin/env python3
"""Every key of a chart's values.yaml works when overridden, or Helm rejects the override.

usage: values_override.py --helm HELM [--helm3 HELM3] --schemas K8S_SCHEMAS_DIR
                          --work DIR CHART.tgz VALUES.yaml VALUES.schema.json

Enumerates every leaf of VALUES.yaml (scalars, lists, empty maps), then:
- a leaf the schema pins (its schema has "const") is changed to another value of
  the same type; all such changes go into one override file, which Helm must
  reject, naming every changed key (Helm 4 prints "at '/json/pointer'");
- every other leaf must be an install-time knob this test knows (images,
  imagePullPolicy, resources, storage, scheduling, metrics): it gets a distinctive valid
  value (all of them in a few renders), and the rendered manifests must carry it
  where it belongs (the containers of its component, its volumes, its pods) and
  still pass the strict Kubernetes schemas (k8s_validate.py); a value of the
  wrong grammar for each knob goes into one more override file, which Helm must
  reject naming every key.  An unpinned leaf the test does not know is a
  failure: nothing says what it would change (`--set consensus.type=BFT`
  accepted and ignored was such a case).
Prints "ok"/"FAIL" lines and "N passed, N failed"; exit 1 when any check failed.
"""

import argparse
import copy
import json
import os
import re
import subprocess
import sys

import yaml

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifests  # noqa: E402

PASSED = 0
FAILED = 0


def ok(msg):
    global PASSED
    PASSED += 1
    print(f"ok    {msg}")


def fail(msg, detail=""):
    global FAILED
    FAILED += 1
    print(f"FAIL  {msg}")
    for line in detail.splitlines()[:15]:
        print(f"      {line}")


# ---- values and schema ---------------------------------------------------------

def leaves(node, path=()):
    """(path, value) of every scalar, list and empty map."""
    if isinstance(node, dict) and node:
        for k, v in node.items():
            yield from leaves(v, path + (k,))
    else:
        yield path, node


def schema_at(schema, path):
    """The schema that applies to the value at path ($ref followed), or None."""
    return schema_and_where(schema, path)[0]


def schema_and_where(schema, path):
    """(schema, the path it is at): a "const" above path pins path with it."""
    root, s = schema, schema
    for depth, key in enumerate(path + (None,)):
        while isinstance(s, dict) and "$ref" in s:
            ref = s["$ref"]
            assert ref.startswith("#/"), ref
            s = root
            for part in ref[2:].split("/"):
                s = s[part.replace("~1", "/").replace("~0", "~")]
        if key is None:
            return s, path
        if not isinstance(s, dict):
            return None, path
        if "const" in s:
            return s, path[:depth]  # a pinned map: everything below it is pinned with it
        props = s.get("properties", {})
        if key in props:
            s = props[key]
        elif isinstance(s.get("additionalProperties"), dict):
            s = s["additionalProperties"]
        else:
            return None, path
    return s, path


def other_value(v):
    """A value of v's type that differs from v."""
    if isinstance(v, bool):
        return not v
    if isinstance(v, int):
        return v + 1
    if isinstance(v, float):
        return v + 1.5
    if isinstance(v, str):
        return v + "-changed"
    if isinstance(v, list):
        return v + [copy.deepcopy(v[0])] if v else ["changed"]
    if isinstance(v, dict):
        return {"changed": "yes"}
    return "changed"


def set_path(tree, path, value):
    for k in path[:-1]:
        tree = tree.setdefault(k, {})
    tree[path[-1]] = value


def pointer(path):
    return "/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in path)


# ---- helm ----------------------------------------------------------------------

def helm_template(helm, chart, override, out):
    """(accepted, stderr) of `helm template` with the override file; output in out."""
    args = [helm, "template", "fc-it", chart]
    if override is not None:
        with open(out + ".values.yaml", "w", encoding="utf-8") as f:
            yaml.safe_dump(override, f, sort_keys=False)
        args += ["-f", out + ".values.yaml"]
    with open(out, "w", encoding="utf-8") as f:
        proc = subprocess.run(args, stdout=f, stderr=subprocess.PIPE, text=True, check=False)
    return proc.returncode == 0, proc.stderr


def load_rendered(path):
    with open(path, encoding="utf-8") as f:
        return [obj for _, _, obj in manifests.load_objects(f.read())]


def pod_specs(objects):
    """(object, pod spec) of every Pod, Job, StatefulSet, Deployment..."""
    for obj in objects:
        spec = obj.get("spec") or {}
        if obj.get("kind") == "Pod":
            yield obj, spec
        elif isinstance(spec.get("template"), dict):
            yield obj, spec["template"].get("spec") or {}


def containers(spec):
    return list(spec.get("initContainers") or []) + list(spec.get("containers") or [])


# ---- the knobs -----------------------------------------------------------------

QUANTITY_KEYS = {("requests", "cpu"): "m", ("requests", "memory"): "Mi",
                 ("limits", "cpu"): "m", ("limits", "memory"): "Mi"}


class Knobs:
    """The knobs this test knows: sentinel values, invalid values, and checks."""

    def __init__(self, values):
        self.values = values
        self.override = {}      # one render: images, pull policy, resources, storage
        self.invalid = {}       # one override Helm must reject
        self.invalid_paths = []
        self.checks = []        # (description, function(objects) -> error or None)
        self.counter = 0
        self.scheduling = []    # scheduling leaves: checked in renders of their own

    def unique(self):
        self.counter += 1
        return self.counter

    def bad(self, path, value):
        set_path(self.invalid, path, value)
        self.invalid_paths.append(path)

    def take(self, path, value):
        """True when path is a knob this test knows (and records its checks)."""
        if path == ("imagePullPolicy",):
            new = "Never" if value != "Never" else "Always"
            set_path(self.override, path, new)
            self.bad(path, "Sometimes")
            self.checks.append((f"imagePullPolicy={new} on every container",
                                lambda objs, new=new: self.every_container(objs, new)))
            return True
        if len(path) == 3 and path[0] == "images" and path[2] in ("repository", "tag"):
            comp = path[1]
            repo = f"registry.invalid:5000/fc-sentinel/{comp.lower()}"
            tag = f"sentinel-{comp.lower()}"
            set_path(self.override, path, repo if path[2] == "repository" else tag)
            self.bad(path, "Not A/Repo" if path[2] == "repository" else "bad tag!")
            if path[2] == "repository":  # one check per component, both keys
                self.checks.append((f"images.{comp} is the image of its containers",
                                    lambda objs, c=comp: self.image_used(objs, c)))
            return True
        if (len(path) == 4 and path[0] == "resources"
                and (path[2], path[3]) in QUANTITY_KEYS):
            comp = path[1]
            n = self.unique()
            base = 100 if path[2] == "requests" else 2000
            new = f"{base + n}{QUANTITY_KEYS[(path[2], path[3])]}"
            set_path(self.override, path, new)
            self.bad(path, "lots")
            self.checks.append((f"resources.{comp}.{path[2]}.{path[3]}={new} on {comp}'s containers",
                                lambda objs, c=comp, p=path, v=new: self.resource(objs, c, p, v)))
            return True
        if path[0] == "storage":
            return self.take_storage(path)
        if path == ("disruptionBudgets", "enabled"):
            set_path(self.override, path, not value)
            self.bad(path, "yes")
            self.checks.append((f"disruptionBudgets.enabled={not value}",
                                lambda objs, on=not value: self.budgets(objs, on)))
            return True
        if path[0] == "logging":
            return self.take_logging(path)
        if path[0] == "metrics":
            return self.take_metrics(path, value)
        if path[0] == "snapshots":
            return self.take_snapshots(path, value)
        if path[:2] == ("identities", "renewal"):
            return self.take_renewal(path)
        if path == ("operations", "tls", "enabled"):
            set_path(self.override, path, not value)
            self.bad(path, "yes")
            self.checks.append((f"operations.tls.enabled={not value}: HTTPS env, probes and "
                                "scrape annotations of the peers and orderers",
                                lambda objs, on=not value: self.operations_tls(objs, on)))
            return True
        if path[0] == "scheduling":
            self.scheduling.append((path, value))
            return True
        return False

    # logging: the default spec shows on the orderers (their own spec stays ""),
    # the peers' own spec on the peers; the default format on the peers (their
    # own stays ""), the orderers' own on the orderers
    LOGGING = {
        ("logging", "spec"): ("info:fc.sentinel=debug", "gossip=loud",
                              "orderer", "FABRIC_LOGGING_SPEC"),
        ("logging", "format"): ("json", "xml", "peer", "FABRIC_LOGGING_FORMAT"),
        ("logging", "peer", "spec"): ("warn:fc.a,fc.b.=payload", "a==info",
                                      "peer", "FABRIC_LOGGING_SPEC"),
        ("logging", "peer", "format"): ("", "text", "peer", "FABRIC_LOGGING_FORMAT"),
        ("logging", "orderer", "spec"): ("", "info:=debug", "orderer", "FABRIC_LOGGING_SPEC"),
        ("logging", "orderer", "format"): ("logfmt", "JSON", "orderer", "FABRIC_LOGGING_FORMAT"),
        ("logging", "ca", "level"): ("warning", "verbose", "ca", "FABRIC_CA_SERVER_LOGLEVEL"),
    }

    def take_logging(self, path):
        if path not in self.LOGGING:
            return False
        new, bad, comp, _ = self.LOGGING[path]
        set_path(self.override, path, new)
        self.bad(path, bad)
        self.checks.append((f"{'.'.join(path)}={new!r} in the env of the {comp} containers",
                            lambda objs, c=comp: self.logging_env(objs, c)))
        return True

    def logging_wanted(self, comp):
        """{env name: value} the override gives comp's containers."""
        if comp == "ca":
            return {"FABRIC_CA_SERVER_LOGLEVEL": self.LOGGING[("logging", "ca", "level")][0]}
        own = lambda key: self.LOGGING[("logging", comp, key)][0]  # noqa: E731
        spec = own("spec") or self.LOGGING[("logging", "spec")][0]
        fmt = own("format") or self.LOGGING[("logging", "format")][0]
        return {"FABRIC_LOGGING_SPEC": spec, "FABRIC_LOGGING_FORMAT": fmt}

    def logging_env(self, objs, comp):
        want = self.logging_wanted(comp)
        found = [(o, c) for o, spec in pod_specs(objs) for c in containers(spec)
                 if c["name"] == comp and o.get("kind") == "StatefulSet"]
        if not found:
            return f"no {comp} container"
        for o, c in found:
            env = {e["name"]: e.get("value") for e in c.get("env") or []}
            got = {k: env.get(k) for k in want}
            if got != want:
                return f"{o['metadata']['name']}:{c['name']} has {got}, not {want}"
        return None

    @staticmethod
    def budgets(objs, on):
        n = sum(1 for o in objs if o.get("kind") == "PodDisruptionBudget")
        return f"{n} PodDisruptionBudgets rendered" if n and not on else None
    def take_metrics(self, path, value):
        """metrics.*.enabled (booleans) and metrics.dashboards.namespace.  The render has
        no monitoring.coreos.com/v1: the pods keep their prometheus.io annotations and
        no PodMonitor or PrometheusRule renders; the dashboards do, where they are told."""
        if len(path) == 3 and path[2] == "enabled":
            set_path(self.override, path, not value)
            self.bad(path, "sometimes")
            if path[1] == "dashboards":
                self.checks.append((f"metrics.dashboards.enabled={not value}: "
                                    f"{4 if not value else 0} dashboard ConfigMaps",
                                    lambda objs, n=4 if not value else 0: self.dashboards(objs, n)))
            else:
                self.checks.append((f"metrics.{path[1]}.enabled={not value}: no PodMonitor or "
                                    "PrometheusRule without the API, pods annotated",
                                    self.scraped_by_annotations))
            return True
        if path == ("metrics", "labels"):
            # kube-prometheus-stack's selector label; without the API nothing carries it
            # (integration_monitoring checks it on the PodMonitors and the PrometheusRule)
            set_path(self.override, path, {"release": "fc-sentinel"})
            self.bad(path + ("release",), 1)
            self.checks.append(("metrics.labels: on no object without the monitoring API",
                                self.unlabelled))
            return True
        if path == ("metrics", "dashboards", "namespace"):
            new = "fc-sentinel-dashboards"
            set_path(self.override, path, new)
            self.bad(path, "Bad_Namespace")
            self.checks.append((f"metrics.dashboards.namespace={new} on the dashboards",
                                lambda objs, v=new: self.dashboards(objs, 4, v)))
            return True
        return False

    # snapshots (Fabric 2.5 and later; pinned on 1.4): turned on with a schedule
    # and a count, all three seen in the render
    SNAPSHOTS = {"enabled": (True, "yes"), "schedule": ("*/20 1 * * *", "61 * * * *"),
                 "keep": (7, 0)}

    def take_table(self, path, depth, table, where, check):
        """A knob at depth whose new and wrong values are table[key]: set,
        refused when wrong, and check(objs, key) on the render."""
        if len(path) != depth or path[-1] not in table:
            return False
        new, bad = table[path[-1]]
        set_path(self.override, path, new)
        self.bad(path, bad)
        self.checks.append((f"{'.'.join(path)}={new!r} {where}",
                            lambda objs, k=path[-1]: check(objs, k)))
        return True

    def take_snapshots(self, path, value):
        return self.take_table(path, 2, self.SNAPSHOTS, "on the CronJobs and sidecars",
                               self.snapshots)

    # the renewal CronJobs of identities: fabric-ca (knobs there only): their
    # schedule, and the window their reenroll step is given
    RENEWAL = {"schedule": ("15 4 * * 1", "0 3 * *"), "window": ("500h", "30d")}

    def take_renewal(self, path):
        return self.take_table(path, 3, self.RENEWAL, "on the renewal CronJobs", self.renewal)

    def renewal(self, objs, key):
        crons = [o for o in objs if o.get("kind") == "CronJob"
                 and o["metadata"]["labels"].get("app.kubernetes.io/component") == "renew"]
        if not crons:
            return "no renewal CronJob"
        want = self.RENEWAL[key][0]
        if key == "schedule":
            wrong = [o["metadata"]["namespace"] for o in crons if o["spec"]["schedule"] != want]
        else:
            wrong = [o["metadata"]["namespace"] for o in crons
                     if want not in [e.get("value") for c in containers(
                         o["spec"]["jobTemplate"]["spec"]["template"]["spec"])
                         for e in c.get("env") or [] if e["name"] == "WINDOW"]]
        return f"not in {wrong}" if wrong else None

    def snapshots(self, objs, key):
        crons = [o for o in objs if o.get("kind") == "CronJob"
                 and o["metadata"]["labels"].get("app.kubernetes.io/component") != "renew"]
        if not crons:
            return "no snapshot CronJob"
        if key == "schedule":
            wrong = [o["metadata"]["namespace"] for o in crons
                     if o["spec"]["schedule"] != self.SNAPSHOTS["schedule"][0]]
            return f"other schedule in {wrong}" if wrong else None
        sides = [c for o, spec in pod_specs(objs) for c in containers(spec)
                 if o.get("kind") == "StatefulSet" and c["name"] == "snapshots"]
        if not sides:
            return "no snapshots sidecar"
        if key == "keep":
            wrong = [c for c in sides if {e["name"]: e.get("value") for e in c["env"]}
                     .get("KEEP") != str(self.SNAPSHOTS["keep"][0])]
            return f"{len(wrong)} sidecars with another KEEP" if wrong else None
        return None

    @staticmethod
    def operations_tls(objs, on):
        nodes = [(o, c) for o, spec in pod_specs(objs) for c in containers(spec)
                 if o.get("kind") == "StatefulSet" and c["name"] in ("peer", "orderer")]
        if not nodes:
            return "no peer or orderer"
        for o, c in nodes:
            env = {e["name"]: e.get("value") for e in c.get("env") or []}
            prefix = "CORE" if c["name"] == "peer" else "ORDERER"
            if (env.get(f"{prefix}_OPERATIONS_TLS_ENABLED") == "true") != on:
                return f"{o['metadata']['name']}: {prefix}_OPERATIONS_TLS_ENABLED not {on}"
            for probe in ("livenessProbe", "readinessProbe"):
                get = (c.get(probe) or {}).get("httpGet")
                if get and (get.get("scheme") == "HTTPS") != on:
                    return f"{o['metadata']['name']}: {probe} scheme {get.get('scheme')}"
            ann = o["spec"]["template"]["metadata"].get("annotations", {})
            if (ann.get("prometheus.io/scheme") == "https") != on:
                return f"{o['metadata']['name']}: prometheus.io/scheme {ann.get('prometheus.io/scheme')}"
        return None

    @staticmethod
    def unlabelled(objs):
        found = [o["metadata"]["name"] for o in objs
                 if (o.get("metadata", {}).get("labels") or {}).get("release") == "fc-sentinel"]
        return f"labelled release=fc-sentinel: {found}" if found else None

    @staticmethod
    def dashboards(objs, count, namespace=None):
        found = [o for o in objs if o.get("kind") == "ConfigMap"
                 and "grafana_dashboard" in o["metadata"].get("labels", {})]
        if len(found) != count:
            return f"{len(found)} dashboard ConfigMaps, expected {count}"
        wrong = [o["metadata"]["name"] for o in found
                 if namespace and o["metadata"].get("namespace") != namespace]
        return f"not in {namespace}: {wrong}" if wrong else None

    @staticmethod
    def scraped_by_annotations(objs):
        if any(o.get("kind") in ("PodMonitor", "PrometheusRule") for o in objs):
            return "a PodMonitor or PrometheusRule rendered without the API"
        bare = [o["metadata"]["name"] for o in objs if o.get("kind") == "StatefulSet"
                and o["spec"]["template"]["metadata"]["labels"].get("app.kubernetes.io/component")
                in ("peer", "orderer", "ca")
                and o["spec"]["template"]["metadata"].get("annotations", {})
                .get("prometheus.io/scrape") != "true"]
        return f"not annotated prometheus.io/scrape: {bare}" if bare else None

    def take_storage(self, path):
        n = self.unique()
        if len(path) == 3 and path[1] == "sizes" and path[2] != "organization":
            comp, new = path[2], f"{30 + n}Gi"
            set_path(self.override, path, new)
            self.bad(path, "-1Gi")
            self.checks.append((f"storage.sizes.{comp}={new} in a claim of {comp}'s StatefulSet",
                                lambda objs, c=comp, v=new: self.claim_size(objs, c, v)))
            return True
        if path == ("storage", "sizes", "organization"):
            new = f"{30 + n}Gi"
            set_path(self.override, path, new)
            self.bad(path, "big")
            self.checks.append((f"storage.sizes.organization={new} on every share",
                                lambda objs, v=new: self.share(objs, "size", v)))
            return True
        if path == ("storage", "storageClass"):
            new = "fc-sentinel-class"
            set_path(self.override, path, new)
            self.bad(path, "Bad_Class")
            self.checks.append((f"storage.storageClass={new} on every claim template",
                                lambda objs, v=new: self.claim_class(objs, v)))
            return True
        if path == ("storage", "nfs", "server"):
            new = "nfs-sentinel.example.org"
            set_path(self.override, path, new)
            self.bad(path, "bad server!")
            self.checks.append((f"storage.nfs.server={new} on every share",
                                lambda objs, v=new: self.share(objs, "server", v)))
            return True
        if path == ("storage", "nfs", "path"):
            new = "/exports/fc-sentinel"
            set_path(self.override, path, new)
            self.bad(path, "relative/path")
            self.checks.append((f"storage.nfs.path={new} under every share",
                                lambda objs, v=new: self.share(objs, "path", v)))
            return True
        return False

    # checks: each returns None or what is wrong
    @staticmethod
    def every_container(objs, policy):
        wrong = [f"{o['kind']}/{o['metadata']['name']}:{c['name']}"
                 for o, spec in pod_specs(objs) for c in containers(spec)
                 if c.get("imagePullPolicy") != policy]
        return f"not {policy}: {wrong[:5]}" if wrong else None

    def sentinel_image(self, comp):
        images = self.override.get("images", {}).get(comp, {})
        default = self.values["images"][comp]
        return (f"{images.get('repository', default['repository'])}:"
                f"{images.get('tag', default['tag'])}")

    def image_used(self, objs, comp):
        want = self.sentinel_image(comp)
        default = f"{self.values['images'][comp]['repository']}:{self.values['images'][comp]['tag']}"
        used = [c.get("image") for _, spec in pod_specs(objs) for c in containers(spec)]
        if want not in used:
            return f"no container runs {want}"
        if default in used:
            return f"a container still runs the default {default}"
        return None

    def component_containers(self, objs, comp):
        want = self.sentinel_image(comp)
        return [c for _, spec in pod_specs(objs) for c in containers(spec) if c.get("image") == want]

    def resource(self, objs, comp, path, value):
        found = self.component_containers(objs, comp)
        if not found:
            return f"no container of {comp}"
        wrong = [c["name"] for c in found
                 if str(((c.get("resources") or {}).get(path[2]) or {}).get(path[3])) != value]
        return f"containers without it: {wrong[:5]}" if wrong else None

    def claim_size(self, objs, comp, value):
        want = self.sentinel_image(comp)
        for obj, spec in pod_specs(objs):
            if obj.get("kind") != "StatefulSet":
                continue
            if not any(c.get("image") == want for c in containers(spec)):
                continue
            for claim in obj["spec"].get("volumeClaimTemplates") or []:
                if str(claim["spec"]["resources"]["requests"]["storage"]) == value:
                    return None
        return f"no claim of {value} in a StatefulSet running {want}"

    @staticmethod
    def claim_class(objs, value):
        claims = [c for o in objs if o.get("kind") == "StatefulSet"
                  for c in o["spec"].get("volumeClaimTemplates") or []]
        if not claims:
            return "no claim templates"
        wrong = [c["metadata"]["name"] for c in claims if c["spec"].get("storageClassName") != value]
        return f"claims without it: {wrong[:5]}" if wrong else None

    @staticmethod
    def share(objs, what, value):
        pvs = [o for o in objs if o.get("kind") == "PersistentVolume"]
        pvcs = [o for o in objs if o.get("kind") == "PersistentVolumeClaim"]
        if not pvs:
            return "no PersistentVolume"
        for pv in pvs:
            nfs = pv["spec"].get("nfs") or {}
            if what == "server" and nfs.get("server") != value:
                return f"{pv['metadata']['name']}: server {nfs.get('server')}"
            if what == "path" and not str(nfs.get("path", "")).startswith(value + "/"):
                return f"{pv['metadata']['name']}: path {nfs.get('path')}"
            if what == "size" and str(pv["spec"]["capacity"]["storage"]) != value:
                return f"{pv['metadata']['name']}: capacity {pv['spec']['capacity']['storage']}"
        for pvc in pvcs:
            if what == "size" and str(pvc["spec"]["resources"]["requests"]["storage"]) != value:
                return f"{pvc['metadata']['name']}: request {pvc['spec']['resources']['requests']['storage']}"
        return None


# ---- scheduling (issue 15's maps) -----------------------------------------------

# the pods of `jobs` (Jobs, helm test Pods, CLI pods) have no Service
SERVICE_FIELDS = ("serviceAnnotations", "serviceLabels")


def fields_of(component):
    """The scheduling fields a component's map takes."""
    return [f for f in SCHED_FIELDS if component != "jobs" or f not in SERVICE_FIELDS]


SCHED_FIELDS = {
    "nodeSelector": lambda tag: {"fabchart.test/sentinel": tag},
    "tolerations": lambda tag: [{"key": "fabchart.test/sentinel", "operator": "Equal",
                                 "value": tag, "effect": "NoSchedule"}],
    "affinity": lambda tag: {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {
        "nodeSelectorTerms": [{"matchExpressions": [
            {"key": "fabchart.test/sentinel", "operator": "In", "values": [tag]}]}]}}},
    "topologySpreadConstraints": lambda tag: [{"maxSkew": 1, "topologyKey": f"fabchart.test/{tag}",
                                               "whenUnsatisfiable": "ScheduleAnyway"}],
    "imagePullSecrets": lambda tag: [{"name": f"pull-{tag}"}],
    "priorityClassName": lambda tag: f"priority-{tag}",
    "serviceAnnotations": lambda tag: {"fabchart.test/sentinel": tag},
    "serviceLabels": lambda tag: {"fabchart.test/sentinel": tag},
}
SCHED_BAD = {
    # (a bad key is rejected too, but Helm 4 names it "at ''": unit tests check keys)
    "nodeSelector": {"kubernetes.io/os": 5}, "tolerations": [{"colour": "blue"}],
    "affinity": {"nodeAffinity": {"required": []}}, "topologySpreadConstraints": [{"maxSkew": 1}],
    "imagePullSecrets": [{"name": "Bad_Name"}], "priorityClassName": "Bad_Class",
    "serviceAnnotations": {"example.com/owner": 5}, "serviceLabels": {"k": "bad value!"},
}


def contains(have, want):
    """have holds want: maps key by key, lists item by item (templates may add keys,
    e.g. a labelSelector to a topology spread constraint), scalars equal."""
    if isinstance(want, dict):
        return isinstance(have, dict) and all(k in have and contains(have[k], v)
                                              for k, v in want.items())
    if isinstance(want, list):
        return isinstance(have, list) and all(any(contains(h, w) for h in have) for w in want)
    return have == want


def scheduling_found(objs, field, tag):
    """Where field's sentinel tag is rendered: pods (spec field) or Services (metadata)."""
    want = SCHED_FIELDS[field](tag)
    if field in ("serviceAnnotations", "serviceLabels"):
        meta = "annotations" if field == "serviceAnnotations" else "labels"
        return [o for o in objs if o.get("kind") == "Service"
                and contains(o["metadata"].get(meta), want)]
    return [obj for obj, spec in pod_specs(objs) if contains(spec.get(field), want)]


# ---- main ----------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser()
    ap.add_argument("--helm", required=True)
    ap.add_argument("--helm3")
    ap.add_argument("--schemas", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--name", default="chart")
    ap.add_argument("chart")
    ap.add_argument("values")
    ap.add_argument("schema")
    args = ap.parse_args(argv[1:])
    name = args.name
    with open(args.values, encoding="utf-8") as f:
        values = yaml.safe_load(f)
    with open(args.schema, encoding="utf-8") as f:
        schema = json.load(f)
    os.makedirs(args.work, exist_ok=True)
    work = lambda n: os.path.join(args.work, n)  # noqa: E731

    pinned, unknown = {}, []
    knobs = Knobs(values)
    count = 0
    for path, value in leaves(values):
        count += 1
        s, where = schema_and_where(schema, path)
        if s is None:
            fail(f"{name}: {'.'.join(path)} has no schema")
        elif "const" in s:
            set_path(pinned, path, other_value(value))
            pinned.setdefault("__paths__", []).append(where)
        elif not knobs.take(path, value):
            unknown.append(path)
    paths = pinned.pop("__paths__", [])
    print(f"{name}: {count} keys: {len(paths)} pinned, {count - len(paths) - len(unknown)} knobs, "
          f"{len(unknown)} unknown")
    for path in unknown:
        fail(f"{name}: {'.'.join(path)} is neither pinned by the schema nor a knob this test checks")

    # 1. every pinned key: one override, rejected by Helm naming each key
    if paths:
        accepted, err = helm_template(args.helm, args.chart, pinned, work("pinned.yaml"))
        named = set(re.findall(r"at '([^']*)'", err))
        missing = [p for p in paths if pointer(p) not in named]
        if accepted:
            fail(f"{name}: Helm accepted changes of {len(paths)} pinned keys")
        elif missing:
            fail(f"{name}: Helm rejected the pinned changes but did not name "
                 f"{len(missing)} of {len(paths)} keys", "\n".join(pointer(p) for p in missing))
        else:
            ok(f"{name}: Helm rejects a change of each of the {len(paths)} pinned keys, naming it")
        if args.helm3:
            accepted3, _ = helm_template(args.helm3, args.chart, pinned, work("pinned3.yaml"))
            (fail if accepted3 else ok)(f"{name}: Helm 3 {'accepts' if accepted3 else 'rejects'} "
                                        "the pinned changes too")

    # 2. knobs with a wrong grammar: one override, every key named
    if knobs.invalid_paths:
        accepted, err = helm_template(args.helm, args.chart, knobs.invalid, work("invalid.yaml"))
        named = set(re.findall(r"at '([^']*)'", err))
        missing = [p for p in knobs.invalid_paths if pointer(p) not in named]
        if accepted or missing:
            fail(f"{name}: knobs of a wrong grammar: accepted={accepted}, not named: "
                 f"{len(missing)}", "\n".join(pointer(p) for p in missing))
        else:
            ok(f"{name}: Helm rejects a wrong value for each of the "
               f"{len(knobs.invalid_paths)} knobs, naming it")

    # 3. knobs with sentinel values: one render, every check, the Kubernetes schemas
    rendered = []
    if knobs.checks:
        out = work("knobs.yaml")
        accepted, err = helm_template(args.helm, args.chart, knobs.override, out)
        if not accepted:
            fail(f"{name}: Helm rejected the knobs' sentinel values", err)
        else:
            rendered.append(out)
            objs = load_rendered(out)
            for what, check in knobs.checks:
                problem = check(objs)
                if problem:
                    fail(f"{name}: {what}: {problem}")
                else:
                    ok(f"{name}: {what}")

    # 4. scheduling: the default map alone, then every component's map
    sched_bad = {}
    for path, value in knobs.scheduling:
        if len(path) == 3 and path[2] in SCHED_BAD:
            set_path(sched_bad, path, SCHED_BAD[path[2]])
        elif len(path) == 2:
            set_path(sched_bad, path, {"unknownKey": 1})
        else:
            fail(f"{name}: {'.'.join(path)}: a scheduling key this test does not know")
    if knobs.scheduling:
        accepted, err = helm_template(args.helm, args.chart, sched_bad, work("sched-bad.yaml"))
        named = set(re.findall(r"at '([^']*)'", err))
        bad_paths = [p for p, _ in knobs.scheduling]
        missing = [p for p in bad_paths if not any(n.startswith(pointer(p)) for n in named)]
        if accepted or missing:
            fail(f"{name}: scheduling values of a wrong type: accepted={accepted}, not named: "
                 f"{len(missing)}", "\n".join(pointer(p) for p in missing))
        else:
            ok(f"{name}: Helm rejects a wrong value for each of the {len(bad_paths)} scheduling keys")
        # the default's fields: every pod (every Service) gets them
        default = {f: SCHED_FIELDS[f]("default") for f in SCHED_FIELDS}
        out = work("sched-default.yaml")
        accepted, err = helm_template(args.helm, args.chart, {"scheduling": {"default": default}}, out)
        if not accepted:
            fail(f"{name}: Helm rejected scheduling.default", err)
        else:
            rendered.append(out)
            objs = load_rendered(out)
            pods = [o for o, _ in pod_specs(objs)]
            services = [o for o in objs if o.get("kind") == "Service"]
            for field in SCHED_FIELDS:
                found = scheduling_found(objs, field, "default")
                total = services if field.startswith("service") else pods
                if len(found) == len(total) and total:
                    ok(f"{name}: scheduling.default.{field} on all {len(total)} objects")
                else:
                    fail(f"{name}: scheduling.default.{field} on {len(found)} of {len(total)} objects")
        # each component's map: its own fields reach objects
        comps = [p[1] for p, _ in knobs.scheduling if len(p) == 2]
        override = {"scheduling": {c: {f: SCHED_FIELDS[f](c.lower()) for f in fields_of(c)}
                                   for c in comps}}
        out = work("sched-components.yaml")
        accepted, err = helm_template(args.helm, args.chart, override, out)
        if not accepted:
            fail(f"{name}: Helm rejected the components' scheduling maps", err)
        else:
            rendered.append(out)
            objs = load_rendered(out)
            for c in comps:
                # a component is in the network when its image is a knob
                tag = schema_at(schema, ("images", c, "tag")) or {}
                present = c == "jobs" or (c in values.get("images", {}) and "const" not in tag)
                if not present:
                    continue  # the component is not in this network
                for field in fields_of(c):
                    if scheduling_found(objs, field, c.lower()):
                        ok(f"{name}: scheduling.{c}.{field} rendered")
                    else:
                        fail(f"{name}: scheduling.{c}.{field} rendered nowhere")

        # a component without Services takes no Service keys: Helm names them
        for c in comps:
            for field in sorted(set(SCHED_FIELDS) - set(fields_of(c))):
                bad = {"scheduling": {c: {field: SCHED_FIELDS[field](c.lower())}}}
                accepted, err = helm_template(args.helm, args.chart, bad, work(f"sched-{c}-{field}.yaml"))
                if not accepted and field in err:
                    ok(f"{name}: Helm rejects scheduling.{c}.{field}, which renders nothing")
                else:
                    fail(f"{name}: scheduling.{c}.{field} renders nothing, yet Helm "
                         + ("accepted it" if accepted else "rejected it without naming it"), err)

    if rendered:
        here = os.path.dirname(os.path.abspath(__file__))
        proc = subprocess.run([sys.executable, os.path.join(here, "k8s_validate.py"),
                               "--schemas", args.schemas] + rendered,
                              capture_output=True, text=True, check=False)
        summary = proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else ""
        if proc.returncode == 0:
            ok(f"{name}: the overridden renders pass the strict Kubernetes schemas ({summary})")
        else:
            fail(f"{name}: the overridden renders fail the Kubernetes schemas ({summary})",
                 "\n".join(line for line in proc.stdout.splitlines() if "FAIL" in line))

    print(f"{PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
