"""The documented identity backup selects exactly an organization's identity Secrets.

    python3 identity_backup.py README.md CHART_DIR RENDERED.yaml

Reads the command under <!-- identity-backup --> in README.md (its namespace
and its `-l` label selector), the chart's identity plan (files/identities.plan:
NAMESPACE SECRET ...) and the label its identity Job puts on every Secret it
creates (files/scripts/identities.sh: LABEL=..., used by the upload's
`kubectl label --local`), and the objects Helm rendered.  For every namespace
of the plan, the selector (equality terms, as kubectl reads `-l k=v,k2=v2`)
applied to the Secrets there after install (the plan's, labelled as the Job
labels them, and any Secret Helm renders) selects exactly the plan's Secrets of
that namespace; it selects no object Helm renders, of any kind; and the
README's example namespace is one of an organization, <org>-<network>.
"""

import re
import sys

from manifests import load_objects


def main(argv):
    readme, chart, rendered = argv[1:4]
    text = open(readme, encoding="utf-8").read()
    m = re.search(r"<!-- identity-backup -->\s*```sh\n(.*?)```", text, re.S)
    if not m:
        print("FAIL  README.md has no <!-- identity-backup --> command")
        return 1
    command = m.group(1).replace("\\\n", " ")
    sel = re.search(r"\s-l\s+(\S+)", command)
    ns_arg = re.search(r"\s-n\s+(\S+)", command)
    if not sel or not ns_arg or "get secrets" not in command:
        print(f"FAIL  the documented command is not `kubectl get secrets -n NS -l SEL`: {command}")
        return 1
    selector = dict(term.split("=", 1) for term in sel.group(1).split(","))

    script = open(f"{chart}/files/scripts/identities.sh", encoding="utf-8").read()
    lab = re.search(r"^LABEL=(\S+)$", script, re.M)
    if not lab or 'kubectl label --local -f - "$LABEL"' not in script:
        print("FAIL  identities.sh does not label the Secrets it creates with $LABEL")
        return 1
    key, value = lab.group(1).split("=", 1)
    plan = {}
    for line in open(f"{chart}/files/identities.plan", encoding="utf-8"):
        if line.strip() and not line.startswith("#"):
            ns, name = line.split()[:2]
            plan.setdefault(ns, set()).add(name)
    objects = [o for _, _, o in load_objects(open(rendered, encoding="utf-8").read())]

    def matches(labels):
        return all((labels or {}).get(k) == v for k, v in selector.items())

    failures = 0
    helm_hits = [f"{o['kind']}/{o['metadata'].get('name')}" for o in objects
                 if matches(o.get("metadata", {}).get("labels"))]
    if helm_hits:
        print(f"FAIL  the selector also takes objects Helm renders: {helm_hits[:5]}")
        failures += 1
    for ns, names in sorted(plan.items()):
        after = {name: {key: value} for name in names}  # what the Job creates
        for o in objects:
            if o["kind"] == "Secret" and o["metadata"].get("namespace") == ns:
                after[o["metadata"]["name"]] = o["metadata"].get("labels") or {}
        chosen = {name for name, labels in after.items() if matches(labels)}
        if chosen != names:
            print(f"FAIL  {ns}: selects {sorted(chosen - names)} too, misses {sorted(names - chosen)}")
            failures += 1
        else:
            print(f"ok    {ns}: the selector takes exactly its {len(names)} identity Secrets")
    namespaces = {o["metadata"]["name"] for o in objects if o["kind"] == "Namespace"}
    print(f"{len(plan)} namespaces, {sum(len(n) for n in plan.values())} Secrets, "
          f"{failures} failures; README example namespace {ns_arg.group(1)}")
    if not plan or not namespaces & set(plan):
        print("FAIL  no namespace of the plan is rendered")
        failures += 1
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
