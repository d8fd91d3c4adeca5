#!/usr/bin/env python3
"""The objects of a rendered chart in the inventory's canonical text form.

usage: inventory_objects.py RENDERED.yaml

Prints what src/inventory.c's fc_inventory_print writes for the same chart:
one block per object, sorted, "apiVersion kind namespace name" ("-" when
cluster-scoped), then "  label k=v" lines (sorted), "  ports: name/port ..."
for a Service, and for an object with a pod (template) "  pod label k=v"
lines, "  container NAME: name/port ..." and "  initContainer NAME: ..."
lines (sorted), "  volumes: ..." and "  claims: ..." (volumeClaimTemplates),
each sorted.  tests/integration/inventory_samples.sh diffs the two.
"""
import sys

import yaml


def labels(title, mapping):
    return sorted("  %s %s=%s\n" % (title, k, v) for k, v in (mapping or {}).items())


def ports(items, key):
    return "".join(" %s/%s" % (p.get("name"), p.get(key)) for p in items or []) + "\n"


def pod_of(doc):
    """(pod labels, pod spec, claims) of an object with pods, else None."""
    kind, spec = doc["kind"], doc.get("spec") or {}
    if kind == "Pod":
        return (doc.get("metadata") or {}).get("labels"), spec, []
    if kind in ("Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"):
        tmpl = spec.get("template") or {}
        claims = [c["metadata"]["name"] for c in spec.get("volumeClaimTemplates") or []]
        return (tmpl.get("metadata") or {}).get("labels"), tmpl.get("spec") or {}, claims
    return None


def block(doc):
    meta = doc.get("metadata") or {}
    out = ["%s %s %s %s\n" % (doc["apiVersion"], doc["kind"], meta.get("namespace", "-"),
                               meta["name"])]
    out += labels("label", meta.get("labels"))
    if doc["kind"] == "Service":
        out.append("  ports:" + ports((doc.get("spec") or {}).get("ports"), "port"))
    pod = pod_of(doc)
    if pod:
        pod_labels, spec, claims = pod
        out += labels("pod label", pod_labels)
        cs = ["  initContainer %s:" % c["name"] + ports(c.get("ports"), "containerPort")
              for c in spec.get("initContainers") or []]
        cs += ["  container %s:" % c["name"] + ports(c.get("ports"), "containerPort")
               for c in spec.get("containers") or []]
        out += sorted(cs)
        out.append("  volumes:" + "".join(" " + n for n in sorted(
            v["name"] for v in spec.get("volumes") or [])) + "\n")
        out.append("  claims:" + "".join(" " + n for n in sorted(claims)) + "\n")
    return "".join(out)


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    sys.stdout.write("".join(sorted(block(d) for d in docs)))


if __name__ == "__main__":
    main()
