#!/usr/bin/env python3
"""tests/docs/notes_check.py: the chart's NOTES (what `helm install` prints)
against the chart Helm rendered for the same release.

Usage: notes_check.py NOTES RENDERED.yaml CHART_DIR RELEASE NAMESPACE COMMANDS_OUT

NOTES is the NOTES section of `helm install --dry-run=client RELEASE -n
NAMESPACE`, RENDERED.yaml `helm template RELEASE -n NAMESPACE` of the same
chart, CHART_DIR the unpacked chart (values.yaml, files/identities.plan,
files/scripts/identities.sh).  Checks that every name NOTES gives exists:

- every organization's namespace is named, and the `kubectl delete
  namespace` line lists exactly the chart's Namespaces;
- the hook Jobs are listed in the order Helm runs them (hook weight) and
  each has a `kubectl logs -n NS job/NAME` line; every such line names a
  rendered post-install Job;
- the `-l` selector of `kubectl get jobs/pods` selects every hook Job, the
  Secrets' selector is the label the identity script gives them, and the
  `kubectl delete pv -l` selector selects exactly the rendered
  PersistentVolumes (and is there only when there are some);
- every Secret of the identity plan is one of the names NOTES lists, each
  `kubectl get secret NAME -n NS` names a Secret of the plan;
- each `kubectl exec -n NS deploy/cli` names a rendered Deployment, and
  every CLI has one;
- the `helm` commands use the release and its namespace.

Writes every kubectl/helm command line of NOTES to COMMANDS_OUT (one a line)
for the caller to run against an unreachable cluster.  Prints ok/FAIL
lines, then "N checks, N failed"; exits 1 when any failed.
"""
import re
import shlex
import sys

import yaml

from findings import check, summary

def selects(selector, labels):
    """A kubectl -l equality selector (a=b,c=d) against a label map."""
    for term in selector.split(","):
        k, _, v = term.partition("=")
        if labels.get(k) != v:
            return False
    return True


def main():
    notes_path, rendered_path, chart, release, namespace, commands_out = sys.argv[1:7]
    notes = open(notes_path).read()
    docs = [d for d in yaml.safe_load_all(open(rendered_path)) if d]
    values = yaml.safe_load(open(chart + "/values.yaml"))
    plan = [line.split()[:2] for line in open(chart + "/files/identities.plan")
            if line.strip() and not line.startswith("#")]
    script = open(chart + "/files/scripts/identities.sh").read()

    def meta(d):
        return d.get("metadata") or {}

    def hook(d):
        return (meta(d).get("annotations") or {}).get("helm.sh/hook", "")

    jobs = [d for d in docs if d.get("kind") == "Job"]
    install_jobs = [d for d in jobs if "post-install" in hook(d)]
    namespaces = {meta(d)["name"] for d in docs if d.get("kind") == "Namespace"}
    pvs = [d for d in docs if d.get("kind") == "PersistentVolume"]
    clis = {(meta(d).get("namespace"), meta(d)["name"]) for d in docs
            if d.get("kind") == "Deployment" and (meta(d).get("labels") or {}).get("app.kubernetes.io/component") == "cli"}

    lines = [ln.strip() for ln in notes.splitlines()]
    commands = [ln for ln in lines if re.match(r"(kubectl|helm) ", ln)]
    with open(commands_out, "w") as f:
        for c in commands:
            f.write(c + "\n")
    check(len(commands) >= 8, "%d kubectl/helm commands in NOTES" % len(commands))

    orgs = dict(values.get("peerOrganizations") or {})
    orgs.update(values.get("ordererOrganizations") or {})
    for name, org in sorted(orgs.items()):
        check(re.search(r"(^|\s)%s(\s|$)" % re.escape(org["namespace"]), notes, re.M) is not None,
              "organization %s: its namespace %s is named" % (name, org["namespace"]))

    def argv(cmd):
        return shlex.split(cmd.split(" | ")[0])

    def flag(args, name):
        return args[args.index(name) + 1] if name in args else None

    # kubectl delete namespace: exactly the chart's namespaces
    dels = [argv(c) for c in commands if c.startswith("kubectl delete namespace ")]
    check(len(dels) == 1 and set(dels[0][3:]) == namespaces,
          "`kubectl delete namespace` lists the chart's namespaces %s" % sorted(namespaces))

    # the hook order: the steps in NOTES in Helm's order (weight, then name)
    def weight(d):
        return int((meta(d).get("annotations") or {}).get("helm.sh/hook-weight", "0"))
    order = []
    for d in sorted(install_jobs, key=lambda d: (weight(d), meta(d)["name"])):
        if meta(d)["name"] not in order:
            order.append(meta(d)["name"])
    steps = [m.group(1) for m in re.finditer(r"^\s+\d\. (\S+) \(namespace", notes, re.M)]
    check(steps == order, "the steps %s are the hook Jobs in Helm's order %s" % (steps, order))

    # kubectl logs job/NAME: rendered post-install Jobs, each of them named
    logged = set()
    for c in commands:
        a = argv(c)
        if a[:2] == ["kubectl", "logs"]:
            ns, target = flag(a, "-n"), [x for x in a if x.startswith("job/")]
            ok = len(target) == 1 and any(meta(d).get("namespace") == ns and meta(d)["name"] == target[0][4:]
                                          for d in install_jobs)
            check(ok, "`%s` names a post-install Job" % c)
            if target:
                logged.add((ns, target[0][4:]))
    for d in install_jobs:
        key = (meta(d).get("namespace"), meta(d)["name"])
        check(key in logged, "post-install Job %s/%s has a `kubectl logs` line" % key)

    # selectors
    for c in commands:
        a = argv(c)
        if a[:2] == ["kubectl", "get"] and a[2] in ("jobs", "pods") and "-l" in a:
            sel = flag(a, "-l")
            hooks = [d for d in jobs if hook(d)]
            if a[2] == "jobs":
                labels = [meta(d).get("labels") or {} for d in hooks]
            else:  # the Jobs' pods, and the helm test pods
                labels = [(((d.get("spec") or {}).get("template") or {}).get("metadata") or {}).get("labels") or {}
                          for d in hooks]
                labels += [meta(d).get("labels") or {} for d in docs if d.get("kind") == "Pod"]
            check(labels and all(selects(sel, lb) for lb in labels),
                  "`%s` selects every hook %s (%d)" % (c, a[2][:-1], len(labels)))
            check("-A" in a, "`%s` looks in every namespace" % c)
        if a[:3] == ["kubectl", "get", "secrets"] and "-l" in a:
            sel = flag(a, "-l")
            check(("LABEL=%s\n" % sel) in script, "`%s`: the label identities.sh gives its Secrets" % c)
        if a[:3] == ["kubectl", "get", "secret"]:
            check([flag(a, "-n"), a[3]] in plan, "`%s` names a Secret of the identity plan" % c)
        if a[:3] == ["kubectl", "delete", "pv"]:
            sel = flag(a, "-l")
            chosen = [d for d in pvs if selects(sel, meta(d).get("labels") or {})]
            check(pvs and len(chosen) == len(pvs), "`%s` selects the %d PersistentVolumes" % (c, len(pvs)))
        if a[:3] == ["kubectl", "delete", "job"]:
            check(any(meta(d).get("namespace") == flag(a, "-n") and meta(d)["name"] == a[-1] for d in jobs),
                  "`%s` names a rendered Job" % c)
        if a[:2] == ["kubectl", "exec"]:
            dep = [x for x in a if x.startswith("deploy/")]
            check(len(dep) == 1 and (flag(a, "-n"), dep[0][7:]) in clis, "`%s` names a rendered CLI Deployment" % c)
        if a[0] == "helm":
            check(a[2] == release and flag(a, "-n") == namespace,
                  "`%s`: release %s in namespace %s" % (c, release, namespace))
    if not pvs:
        check(not any(c.startswith("kubectl delete pv") for c in commands), "no `kubectl delete pv` without volumes")
    for ns, name in sorted(clis):
        check(any(c.startswith("kubectl exec") and (" -n %s " % ns) in c and "deploy/" + name in c for c in commands),
              "CLI %s/%s has a `kubectl exec` line" % (ns, name))

    # every Secret of the plan is among the names NOTES lists (<x> is a wildcard)
    start = notes.find("Identities:")
    listed = notes[start:notes.find("\n  kubectl", start)] if start >= 0 else ""
    patterns = set()
    for tok in re.findall(r"[a-z<][a-z0-9<>/-]*[a-z>]", listed):
        for t in ([tok] if "/" not in tok else [tok.split("/")[0]] + [tok.split("/")[0].rsplit("-", 1)[0] + s
                                                                    for s in tok.split("/")[1:]]):
            patterns.add("^" + re.sub(r"<[a-z]+>", "[a-z0-9-]+", re.escape(t).replace(r"\<", "<").replace(r"\>", ">")) + "$")
    for ns, name in sorted({tuple(p) for p in plan}):
        check(any(re.match(p, name) for p in patterns), "Secret %s/%s is among the names NOTES lists" % (ns, name))

    return summary()


if __name__ == "__main__":
    sys.exit(main())
