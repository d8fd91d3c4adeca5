"""ca_server.py RENDERED NAMESPACE DIR [JOBDIR]: the fabric-ca mode CA of NAMESPACE as
the chart renders it (templates/ca.yaml: StatefulSet "ca", ConfigMap
"ca-config"), laid out under DIR to run here: the ConfigMap's files in
DIR/config, and DIR/run.sh, the container's command with its literal
environment, the mount paths mapped under DIR (config -> DIR/config, ca-keys ->
DIR/keys, operations-tls -> DIR/ops, FABRIC_CA_HOME -> DIR/home), in the command and in the files.  Environment taken from Secrets
(CA_ADMIN, CA_ADMIN_PASSWORD) is left to the caller.
With JOBDIR, the organization's enrollment Job (templates/enroll.yaml) too:
its ConfigMap's files in JOBDIR/config and JOBDIR/env.sh, the environment of
its containers (one "export NAME=VALUE" a line)."""
import os
import shlex
import sys

import yaml


def job(docs, ns, out):
    j = cm = None
    for d in docs:
        if d["metadata"].get("namespace") != ns or d["metadata"]["name"] != "fabchart-enroll":
            continue
        if d["kind"] == "Job":
            j = d
        if d["kind"] == "ConfigMap":
            cm = d
    if j is None or cm is None:
        sys.exit("no Job and ConfigMap fabchart-enroll in %s" % ns)
    os.makedirs(os.path.join(out, "config"), exist_ok=True)
    for k, v in cm["data"].items():
        with open(os.path.join(out, "config", k), "w", encoding="utf-8") as f:
            f.write(v)
    c = j["spec"]["template"]["spec"]["initContainers"][0]
    with open(os.path.join(out, "env.sh"), "w", encoding="utf-8") as f:
        for e in c["env"]:
            f.write("export %s=%s\n" % (e["name"], shlex.quote(e["value"])))


def main(rendered, ns, out, jobdir=None):
    sts = cm = None
    with open(rendered, encoding="utf-8") as f:
        docs = [d for d in yaml.safe_load_all(f) if d]
    if jobdir:
        job(docs, ns, jobdir)
    if True:
        for d in docs:
            if d["metadata"].get("namespace") != ns:
                continue
            if d["kind"] == "StatefulSet" and d["metadata"]["name"] == "ca":
                sts = d
            if d["kind"] == "ConfigMap" and d["metadata"]["name"] == "ca-config":
                cm = d
    if sts is None or cm is None:
        sys.exit("no StatefulSet ca and ConfigMap ca-config in %s" % ns)
    spec = sts["spec"]["template"]["spec"]
    c = spec["containers"][0]
    mounts = {m["name"]: m["mountPath"] for m in c["volumeMounts"]}
    mapped = {mounts["ca-config"]: os.path.join(out, "config"),
              mounts["ca-keys"]: os.path.join(out, "keys")}
    if "operations-tls" in mounts:
        mapped[mounts["operations-tls"]] = os.path.join(out, "ops")
        os.makedirs(os.path.join(out, "ops"), exist_ok=True)
    os.makedirs(os.path.join(out, "config"), exist_ok=True)
    os.makedirs(os.path.join(out, "keys"), exist_ok=True)
    os.makedirs(os.path.join(out, "home"), exist_ok=True)
    def subst(v):
        for a, b in mapped.items():
            v = v.replace(a, b)
        return v
    for k, v in cm["data"].items():
        with open(os.path.join(out, "config", k), "w", encoding="utf-8") as f:
            f.write(subst(v))
    lines = ["#!/bin/sh"]
    for e in c["env"]:
        if "value" not in e:
            continue
        v = e["value"]
        if e["name"] == "FABRIC_CA_HOME":
            v = os.path.join(out, "home")
        lines.append("export %s=%s" % (e["name"], shlex.quote(subst(v))))
    # the volumes: which Secret keys the pod sees under which names
    for vol in spec["volumes"]:
        if vol["name"] == "ca-keys":
            for it in vol["secret"]["items"]:
                lines.append("# key %s %s keys/%s" % (vol["secret"]["secretName"], it["key"], it["path"]))
        if vol["name"] == "operations-tls":
            for k in ("ca.crt", "server.crt", "server.key"):
                lines.append("# key %s %s ops/%s" % (vol["secret"]["secretName"], k, k))
    lines.append(subst(c["command"][2]))
    with open(os.path.join(out, "run.sh"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main(*sys.argv[1:])
