"""Checks a `helm template` of a chart rendered with scheduling/values.yaml.

Usage: scheduling.py VALUES RENDERED CHART-NAME RELEASE
Every pod spec (StatefulSet, Deployment, Job templates; Pods) must carry
exactly the merged knobs of its component (scheduling.default with the
component's keys replacing it), nothing for an empty one; every Service its
component's serviceLabels (standard labels kept) and serviceAnnotations.
Prints one line per failure and a summary; exits 1 on any failure.
"""
import sys

import yaml

# the scheduling key of each app.kubernetes.io/component label
COMPONENTS = {
    "peer": "peer", "orderer": "orderer", "ca": "ca", "explorer": "explorer",
    "explorer-db": "explorer", "kafka": "kafka", "zookeeper": "zookeeper",
    "identities": "jobs", "bootstrap": "jobs", "test": "jobs", "cli": "jobs",
    "chaincode": "chaincode", "lifecycle": "jobs", "profile": "jobs", "snapshot": "jobs",
    "config-update": "jobs", "enroll": "jobs", "renew": "jobs",
}
# annotations the chart sets itself on some Services, beside the knob's
# (chaincode servers: kept across helm upgrade until their prune Job)
CHART_ANNOTATIONS = {"helm.sh/resource-policy"}
POD_KEYS = ["nodeSelector", "tolerations", "affinity", "topologySpreadConstraints",
            "imagePullSecrets", "priorityClassName"]
STANDARD = ("app.kubernetes.io/", "helm.sh/", "fabchart.dev/")


def merged(scheduling, component):
    out = dict(scheduling["default"])
    out.update(scheduling.get(component, {}))
    return out


def expected_spread(constraints, chart, release, label):
    out = []
    for c in constraints or []:
        c = dict(c)
        c.setdefault("labelSelector", {"matchLabels": {
            "app.kubernetes.io/name": chart, "app.kubernetes.io/instance": release,
            "app.kubernetes.io/component": label}})
        out.append(c)
    return out


def main():
    values_file, rendered, chart, release = sys.argv[1:5]
    scheduling = yaml.safe_load(open(values_file))["scheduling"]
    failures, pods, services = [], 0, 0
    seen = set()
    for doc in yaml.safe_load_all(open(rendered)):
        if not doc:
            continue
        kind, meta = doc["kind"], doc["metadata"]
        where = "%s %s/%s" % (kind, meta.get("namespace", ""), meta["name"])
        label = meta.get("labels", {}).get("app.kubernetes.io/component")
        if kind in ("StatefulSet", "Deployment", "Job", "Pod", "Service"):
            if label not in COMPONENTS:
                failures.append("%s: component label %r has no scheduling key" % (where, label))
                continue
            want = merged(scheduling, COMPONENTS[label])
            seen.add(COMPONENTS[label])
        if kind in ("StatefulSet", "Deployment", "Job", "Pod"):
            pods += 1
            spec = doc["spec"] if kind == "Pod" else doc["spec"]["template"]["spec"]
            pod_label = (doc["metadata"] if kind == "Pod" else doc["spec"]["template"]["metadata"]
                         )["labels"]["app.kubernetes.io/component"]
            for key in POD_KEYS:
                value = want[key]
                if key == "topologySpreadConstraints":
                    value = expected_spread(value, chart, release, pod_label)
                if not value:
                    if key in spec:
                        failures.append("%s: %s rendered from an empty value: %r" % (where, key, spec[key]))
                elif spec.get(key) != value:
                    failures.append("%s: %s is %r, want %r" % (where, key, spec.get(key), value))
        elif kind == "Service":
            services += 1
            labels = meta.get("labels", {})
            for k, v in want["serviceLabels"].items():
                if k.startswith(STANDARD):
                    if labels.get(k) == v:
                        failures.append("%s: serviceLabels replaced the standard label %s" % (where, k))
                elif labels.get(k) != v:
                    failures.append("%s: label %s is %r, want %r" % (where, k, labels.get(k), v))
            extra = {k for k in labels if not k.startswith(STANDARD)} - set(want["serviceLabels"])
            if extra:
                failures.append("%s: labels not asked for: %s" % (where, sorted(extra)))
            raw = meta.get("annotations")
            annotations = {k: v for k, v in (raw or {}).items() if k not in CHART_ANNOTATIONS}
            if annotations != want["serviceAnnotations"]:
                failures.append("%s: annotations %r, want %r" % (where, raw, want["serviceAnnotations"]))
            if raw == {}:
                failures.append("%s: an empty annotations map rendered" % where)
    for f in failures:
        print(f)
    print("%d pod specs, %d Services, components %s: %d failures"
          % (pods, services, ",".join(sorted(seen)), len(failures)))
    return 1 if failures or pods == 0 or services == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
