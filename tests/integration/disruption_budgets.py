"""The PodDisruptionBudgets of a rendered chart keep what they protect.

    python3 disruption_budgets.py VALUES.yaml RENDERED.yaml

VALUES.yaml is the chart's values.yaml (for consensus.type only); the rest is
read from the rendered objects, not from what fabchart derived:

- every PDB selects pods of long-running workloads (StatefulSets, Deployments)
  of its own namespace, at least one, and exactly the workloads of its
  component there (app.kubernetes.io/component), no Job or hook pod;
- its spec is one integer maxUnavailable or minAvailable that lets a drain
  proceed (minAvailable < pods, maxUnavailable >= 1), except an orderer
  organization's maxUnavailable 0 when others took the channel's tolerance;
- orderers: with every orderer organization disrupted at once up to its
  budget (all its orderers where it has none), the consenters still down are
  at most what the consensus tolerates: Raft (n-1)/2, BFT (n-1)/3, Kafka-based
  n-1; where it tolerates nothing there is no orderer PDB;
- Kafka brokers: at most default.replication.factor - min.insync.replicas
  (KAFKA_DEFAULT_REPLICATION_FACTOR, KAFKA_MIN_INSYNC_REPLICAS of the rendered
  broker container) down; ZooKeeper: a majority stays;
- peers: every organization of 2 peers or more keeps one; one peer, no PDB;
- CAs: none.
Prints one line per PDB and a summary; exits 1 on a failure.
"""

import sys

import yaml

from manifests import load_objects

WORKLOADS = ("StatefulSet", "Deployment")


def tolerated(consensus, n):
    if n <= 0:
        return 0
    return {"etcdraft": (n - 1) // 2, "BFT": (n - 1) // 3, "kafka": n - 1}.get(consensus, 0)


def pod_labels(obj):
    return obj.get("spec", {}).get("template", {}).get("metadata", {}).get("labels", {}) or {}


def matches(selector, labels):
    return all(labels.get(k) == v for k, v in selector.items())


def env_of(obj, container):
    for c in obj["spec"]["template"]["spec"]["containers"]:
        if c["name"] == container:
            return {e["name"]: e.get("value") for e in c.get("env", [])}
    return {}


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        consensus = yaml.safe_load(f)["consensus"]["type"]
    with open(argv[2], encoding="utf-8") as f:
        objects = [o for _, _, o in load_objects(f.read())]
    failures = []

    def fail(msg):
        failures.append(msg)
        print(f"FAIL  {msg}")

    pdbs = [o for o in objects if o["kind"] == "PodDisruptionBudget"]
    workloads = [o for o in objects if o["kind"] in WORKLOADS]
    templated = [o for o in objects if o["kind"] in ("Job", "CronJob", "Pod")]
    budget = {}  # (component, namespace) -> (spec, pods)
    for p in pdbs:
        ns, name = p["metadata"]["namespace"], p["metadata"]["name"]
        sel = p["spec"]["selector"]["matchLabels"]
        component = sel.get("app.kubernetes.io/component")
        what = f"{ns}/{name}"
        chosen = [w for w in workloads
                  if w["metadata"]["namespace"] == ns and matches(sel, pod_labels(w))]
        expected = [w for w in workloads if w["metadata"]["namespace"] == ns
                    and pod_labels(w).get("app.kubernetes.io/component") == component]
        pods = sum(int(w["spec"].get("replicas", 1)) for w in chosen)
        if not chosen:
            fail(f"{what}: selects no pod")
        if sorted(w["metadata"]["name"] for w in chosen) != sorted(
                w["metadata"]["name"] for w in expected) or not component:
            fail(f"{what}: selects {[w['metadata']['name'] for w in chosen]}, "
                 f"not the {component} workloads {[w['metadata']['name'] for w in expected]}")
        for o in templated:
            spec = o.get("spec", {})
            tmpl = spec.get("jobTemplate", {}).get("spec", spec).get("template", {})
            labels = (tmpl.get("metadata", {}) or {}).get("labels", {}) if tmpl else \
                o.get("metadata", {}).get("labels", {})
            if o["metadata"].get("namespace") == ns and matches(sel, labels or {}):
                fail(f"{what}: also selects the pods of {o['kind']} {o['metadata']['name']}")
        keys = [k for k in ("maxUnavailable", "minAvailable") if k in p["spec"]]
        if len(keys) != 1 or not isinstance(p["spec"][keys[0]], int):
            fail(f"{what}: spec {p['spec']} is not one integer budget")
            continue
        key, value = keys[0], p["spec"][keys[0]]
        if key == "minAvailable" and not 1 <= value < pods:
            fail(f"{what}: minAvailable {value} of {pods} pods")
        if key == "maxUnavailable" and not (0 <= value < pods):
            fail(f"{what}: maxUnavailable {value} of {pods} pods")
        if key == "maxUnavailable" and value == 0 and component != "orderer":
            fail(f"{what}: maxUnavailable 0 blocks every drain")
        if (component, ns) in budget:
            fail(f"{what}: a second PDB for {component} in {ns}")
        budget[(component, ns)] = (key, value, pods)
        print(f"ok    {what}: {key} {value} of {pods} {component} pods")

    def groups(component):
        """{namespace: pods} of a component's workloads."""
        out = {}
        for w in workloads:
            if pod_labels(w).get("app.kubernetes.io/component") == component:
                ns = w["metadata"]["namespace"]
                out[ns] = out.get(ns, 0) + int(w["spec"].get("replicas", 1))
        return out

    # orderers: the worst case of every organization disrupted at once
    orderers = groups("orderer")
    n = sum(orderers.values())
    f = tolerated(consensus, n)
    down = 0
    for ns, pods in sorted(orderers.items()):
        b = budget.get(("orderer", ns))
        down += pods if b is None else (b[1] if b[0] == "maxUnavailable" else pods - b[1])
        if b is not None and b[0] == "maxUnavailable" and b[1] == 0 and f == 0:
            fail(f"{ns}/orderer: maxUnavailable 0 where nothing is tolerated blocks for ever")
    if n and f == 0 and any(c == "orderer" for c, _ in budget):
        fail(f"{consensus} with {n} orderers tolerates nothing, yet has orderer PDBs")
    elif n and f > 0 and down > f:
        fail(f"{consensus}: {down} of {n} orderers may be down at once, tolerates {f}")
    elif n:
        print(f"ok    {consensus}: at most {min(down, n) if f else 0} of {n} orderers down "
              f"at once, tolerates {f}")
    if f > 0 and sum(b[1] for (c, _), b in budget.items() if c == "orderer") == 0:
        fail(f"{consensus}: no orderer may ever be drained though {f} is tolerated")

    # Kafka and ZooKeeper, from the values the brokers are given
    for w in workloads:
        labels = pod_labels(w)
        ns = w["metadata"]["namespace"]
        component = labels.get("app.kubernetes.io/component")
        replicas = int(w["spec"].get("replicas", 1))
        b = budget.get((component, ns))
        if component == "kafka":
            env = env_of(w, "kafka")
            allowed = int(env["KAFKA_DEFAULT_REPLICATION_FACTOR"]) - int(
                env["KAFKA_MIN_INSYNC_REPLICAS"])
            if b is None or b[0] != "maxUnavailable" or not 1 <= b[1] <= allowed:
                fail(f"{ns}/kafka: budget {b}, at most {allowed} of {replicas} brokers may go")
        if component == "zookeeper":
            if b is None or b[0] != "maxUnavailable" or 2 * (replicas - b[1]) <= replicas:
                fail(f"{ns}/zookeeper: budget {b} of {replicas} servers loses the majority")
        if component == "ca" and b is not None:
            fail(f"{ns}/ca: a PDB on the single CA pod")
    for ns, pods in sorted(groups("peer").items()):
        b = budget.get(("peer", ns))
        if pods >= 2 and (b is None or (b[0] == "minAvailable" and b[1] < 1)
                          or (b[0] == "maxUnavailable" and b[1] > pods - 1)):
            fail(f"{ns}/peer: {pods} peers, budget {b} may take them all")
        if pods == 1 and b is not None:
            fail(f"{ns}/peer: a PDB on a single peer blocks every drain of its node")

    print(f"{len(pdbs)} PodDisruptionBudgets checked, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
