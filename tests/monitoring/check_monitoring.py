#!/usr/bin/env python3
"""Checks of what a chart gives Prometheus and Grafana (issue 19).

usage: check_monitoring.py render RENDERED.yaml --api yes|no --out DIR [--label KEY=VALUE]
       check_monitoring.py promql CHART_DIR --fabric VERSION --out DIR [--mirror GITDIR]
       check_monitoring.py selftest

render   one `helm template` output (dashboards enabled):
         --api yes (rendered with --api-versions monitoring.coreos.com/v1): a
           PodMonitor per node (each peer, orderer and CA), selecting that
           node's pod, scraping its "operations" port over http (TLS off:
           tests/monitoring/check_operations_tls.py checks it on), one
           PrometheusRule, no prometheus.io annotation;
           the PodMonitors and the PrometheusRule validate against the
           prometheus-operator CRD schemas in crds/ (python3-jsonschema);
         --api no: none of those, and every peer, orderer and CA pod template
           annotated prometheus.io/scrape "true", prometheus.io/port = its
           "operations" containerPort, prometheus.io/path /metrics;
         both: the dashboards' ConfigMaps carry grafana_dashboard: "1" and
           hold valid JSON; with --label (the render's metrics.labels), every
           PodMonitor and the PrometheusRule carry the label, no other object.  Writes DIR/core.yaml (the objects of built-in
           kinds, for the strict Kubernetes schemas).
promql   the chart's files/monitoring: writes DIR/alerts.yaml (the rules as
         they are) and DIR/dashboards.yaml (every panel expression as a
         recording rule) for `promtool check rules`, and checks that every
         metric name in them is in Fabric VERSION's metrics list: from
         docs/source/metrics_reference.rst at the release's tag in the Fabric
         mirror GITDIR when it has the tag (through metrics_list.py), else
         metrics/fabric-<tag>.txt (written by the same script); `up` is
         Prometheus' own.  Every alert's runbook is in the chart's README,
         and (--readme README.md) named in its "Alerts and runbooks".
selftest the metric name extraction on known expressions (so that an
         extractor that finds nothing cannot pass).
Prints one line per check and "N passed, N failed"; exit 1 when any failed.
"""
import argparse
import glob
import json
import os
import re
import subprocess
import sys
import tempfile

import jsonschema
import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "integration"))
sys.path.insert(0, HERE)
import manifests  # noqa: E402
from verdicts import Verdicts  # noqa: E402

VERDICTS = Verdicts()
check = VERDICTS.check


CRD_KINDS = {"PodMonitor": "podmonitors.v1.schema.json",
             "PrometheusRule": "prometheusrules.v1.schema.json"}
NODE_COMPONENTS = ("peer", "orderer", "ca")


def pod_template(obj):
    return obj.get("spec", {}).get("template", {})


def operations_port(template):
    for c in template.get("spec", {}).get("containers", []):
        for p in c.get("ports", []) or []:
            if p.get("name") == "operations":
                return p["containerPort"]
    return None


def check_labels(objs, label):
    """metrics.labels KEY=VALUE: on the PodMonitors and the PrometheusRule only."""
    key, _, value = label.partition("=")
    monitoring = [o for o in objs if o["kind"] in CRD_KINDS]
    bare = [f"{o['kind']} {o['metadata']['name']}" for o in monitoring
            if (o["metadata"].get("labels") or {}).get(key) != value]
    check(not bare, f"metrics.labels {key}={value} on the {len(monitoring)} PodMonitors and "
          f"PrometheusRule" + (f": missing on {bare}" if bare else ""))
    stray = [f"{o['kind']} {o['metadata'].get('namespace')}/{o['metadata']['name']}"
             for o in objs if o["kind"] not in CRD_KINDS
             and key in (o["metadata"].get("labels") or {})]
    check(not stray, f"metrics.labels {key} on no other object" +
          (f": found on {stray[:5]}" if stray else ""))


def check_render(path, api, out, label=None):
    objs = manifests.load_objects(open(path, encoding="utf-8").read())
    objs = [o for _, _, o in objs if o.get("kind")]
    check(bool(objs), f"{path}: objects rendered")
    by_kind = {}
    for o in objs:
        by_kind.setdefault(o["kind"], []).append(o)
    # the nodes with an operations endpoint, by namespace and component
    nodes = {}
    for o in by_kind.get("StatefulSet", []):
        t = pod_template(o)
        comp = t.get("metadata", {}).get("labels", {}).get("app.kubernetes.io/component")
        if comp in NODE_COMPONENTS:
            nodes.setdefault((o["metadata"]["namespace"], comp), []).append((o, t))
    check(any(c == "peer" for _, c in nodes) and any(c == "orderer" for _, c in nodes),
          "peers and orderers found")
    for (ns, comp), items in sorted(nodes.items()):
        for o, t in items:
            ann = t.get("metadata", {}).get("annotations", {}) or {}
            name = f"{ns}/{o['metadata']['name']}"
            port = operations_port(t)
            check(port is not None, f"{name}: an operations containerPort")
            if api:
                check(not any(k.startswith("prometheus.io/") for k in ann),
                      f"{name}: no prometheus.io annotations (a PodMonitor scrapes it)")
            else:
                check(ann.get("prometheus.io/scrape") == "true"
                      and ann.get("prometheus.io/port") == str(port)
                      and ann.get("prometheus.io/path") == "/metrics",
                      f"{name}: prometheus.io annotations for port {port}, /metrics")
    monitors = by_kind.get("PodMonitor", [])
    rules = by_kind.get("PrometheusRule", [])
    if api:
        want = sorted((ns, comp, t.get("metadata", {}).get("labels", {}).get("fabchart.dev/node"))
                      for (ns, comp), items in nodes.items() for _, t in items)
        got = sorted((m["metadata"]["namespace"],
                      m["spec"]["selector"]["matchLabels"]["app.kubernetes.io/component"],
                      m["spec"]["selector"]["matchLabels"].get("fabchart.dev/node"))
                     for m in monitors)
        check(got == want, f"a PodMonitor per peer, orderer and CA, selecting its pod: "
              f"{len(got)} for {len(want)} nodes")
        for m in monitors:
            eps = m["spec"].get("podMetricsEndpoints", [])
            check([(e.get("port"), e.get("path")) for e in eps] == [("operations", "/metrics")]
                  and all("tlsConfig" not in e and e.get("scheme", "http") == "http" for e in eps),
                  f"PodMonitor {m['metadata']['name']}: scrapes operations /metrics over http")
            check("app.kubernetes.io/component" in m["spec"].get("podTargetLabels", []),
                  f"PodMonitor {m['metadata']['name']}: keeps the component label")
        check(len(rules) == 1, f"one PrometheusRule ({len(rules)})")
        for o in monitors + rules:
            schema = json.load(open(os.path.join(HERE, "crds", CRD_KINDS[o["kind"]]),
                                    encoding="utf-8"))
            errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(o), key=str)
            check(not errors, f"{o['kind']} {o['metadata']['name']}: valid against "
                  f"crds/{CRD_KINDS[o['kind']]}" + "".join(f"\n      {e.message}"
                                                          for e in errors[:5]))
    else:
        check(not monitors and not rules, "no PodMonitor or PrometheusRule without the API")
    dashboards = [o for o in by_kind.get("ConfigMap", [])
                  if o["metadata"].get("labels", {}).get("grafana_dashboard") is not None]
    check(len(dashboards) == 4, f"4 dashboard ConfigMaps ({len(dashboards)})")
    for d in dashboards:
        check(d["metadata"]["labels"]["grafana_dashboard"] == "1",
              f"{d['metadata']['name']}: grafana_dashboard \"1\"")
        for key, text in d.get("data", {}).items():
            try:
                board = json.loads(text)
                ok = bool(board.get("panels")) and key.endswith(".json")
            except ValueError:
                ok = False
            check(ok, f"{d['metadata']['name']}: {key} is a dashboard in valid JSON")
    if label:
        check_labels(objs, label)
    core = [o for o in objs if o["kind"] not in CRD_KINDS]
    with open(os.path.join(out, "core.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump_all(core, f, sort_keys=False)


# ---- PromQL ----------------------------------------------------------------
KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
            "unless", "bool", "offset", "inf", "nan"}
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def metric_names(expr):
    """The metric names an expression selects (a small PromQL lexer: strings,
    label matchers, grouping clauses, ranges and functions are not names)."""
    e = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)          # strings
    e = re.sub(r"\{[^}]*\}", " ", e)                       # label matchers
    e = re.sub(r"\[[^\]]*\]", " ", e)                      # ranges
    e = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", e)
    names = []
    for m in re.finditer(r"[A-Za-z_:][A-Za-z0-9_:]*", e):
        rest = e[m.end():].lstrip()
        if rest.startswith("(") or m.group(0).lower() in KEYWORDS:
            continue
        if m.start() and (e[m.start() - 1].isdigit() or e[m.start() - 1] == "."):
            continue                                       # 1e3, 0.95
        names.append(m.group(0))
    return names


def known_metrics(version, mirror):
    """{name} of Fabric's metrics for version (x.y.z), and where the list came from."""
    major_minor = ".".join(version.split(".")[:2])
    tag = {"1.4": "v1.4.12", "2.5": "v2.5.12", "3.0": "v3.0.0", "3.1": "v3.1.1"}[major_minor]
    text = None
    source = f"tests/monitoring/metrics/fabric-{tag}.txt"
    if mirror and os.path.isdir(mirror):
        rst = subprocess.run(["git", f"--git-dir={mirror}", "show",
                              f"{tag}:docs/source/metrics_reference.rst"],
                             capture_output=True, text=True)
        if rst.returncode == 0:
            with tempfile.NamedTemporaryFile("w", suffix=".rst", delete=False) as f:
                f.write(rst.stdout)
            text = subprocess.run([sys.executable, os.path.join(HERE, "metrics_list.py"), f.name],
                                  capture_output=True, text=True, check=True).stdout
            os.unlink(f.name)
            source = f"{mirror} {tag}:docs/source/metrics_reference.rst"
    if text is None:
        text = open(os.path.join(HERE, "metrics", f"fabric-{tag}.txt"), encoding="utf-8").read()
    names = {line.split()[1] for line in text.splitlines() if line and not line.startswith("#")}
    return names, source


def check_promql(chart, version, out, mirror, readme):
    alerts = yaml.safe_load(open(os.path.join(chart, "files/monitoring/alerts.yaml"),
                                 encoding="utf-8"))
    exprs = [(r["alert"], r["expr"]) for g in alerts["groups"] for r in g["rules"]]
    check(bool(exprs), f"alerts: {len(exprs)} rules")
    chart_readme = open(os.path.join(chart, "README.md"), encoding="utf-8").read()
    project = open(readme, encoding="utf-8").read() if readme else ""
    section = project[project.find("### Alerts and runbooks"):project.find("### Dashboards")]
    for g in alerts["groups"]:
        for r in g["rules"]:
            check(f"- **{r['alert']}** ({r['labels']['severity']}): {r['annotations']['runbook']}"
                  in chart_readme, f"{r['alert']}: its runbook is in the chart's README")
            check(not readme or f"- **{r['alert']}** (" in section,
                  f"{r['alert']}: a runbook in README.md's \"Alerts and runbooks\"")
    with open(os.path.join(out, "alerts.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump(alerts, f, sort_keys=False)
    records = []
    for path in sorted(glob.glob(os.path.join(chart, "files/monitoring/dashboards/*.json"))):
        board = json.load(open(path, encoding="utf-8"))
        for panel in board["panels"]:
            for t in panel["targets"]:
                records.append({"record": f"dashboard:{os.path.basename(path)[:-5]}:{panel['id']}"
                                          .replace("-", "_"), "expr": t["expr"]})
                exprs.append((f"{os.path.basename(path)} '{panel['title']}'", t["expr"]))
    check(len(records) >= 4, f"dashboards: {len(records)} panel expressions")
    with open(os.path.join(out, "dashboards.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump({"groups": [{"name": "dashboards", "rules": records}]}, f, sort_keys=False)
    names, source = known_metrics(version, mirror)
    print(f"      metrics of Fabric {version}: {len(names)} from {source}")
    for what, expr in exprs:
        used = metric_names(expr)
        missing = [n for n in used if n != "up" and n not in names
                   and not (n.endswith(HISTOGRAM_SUFFIXES)
                            and n.rsplit("_", 1)[0] in names)]
        check(bool(used) and not missing,
              f"{what}: metrics {sorted(set(used))} exist in Fabric {version}"
              + (f"; not: {missing}" if missing else ""))


def selftest():
    cases = [
        ('up{namespace=~"a|b",app_kubernetes_io_component="peer"} == 0', ["up"]),
        ('max by (channel) (ledger_blockchain_height{x="1"}) - on (channel) group_right '
         'ledger_blockchain_height{y="2"} > 10', ["ledger_blockchain_height"] * 2),
        ('histogram_quantile(0.95, sum by (le) (rate(endorser_proposal_duration_bucket[5m])))',
         ["endorser_proposal_duration_bucket"]),
        ('(1 - sum(rate(a_total[10m])) / sum(rate(b_x[1m]))) > 0.1 and c', ["a_total", "b_x", "c"]),
    ]
    for expr, want in cases:
        got = metric_names(expr)
        check(got == want, f"metric names of {expr!r}: {got}")
    names, _ = known_metrics("3.1.1", None)
    check("consensus_etcdraft_leader_changes" in names and "no_such_metric" not in names,
          f"the committed list of Fabric 3.1.1 has {len(names)} metrics")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("mode", choices=["render", "promql", "selftest"])
    ap.add_argument("path", nargs="?")
    ap.add_argument("--api", choices=["yes", "no"])
    ap.add_argument("--fabric")
    ap.add_argument("--out")
    ap.add_argument("--mirror")
    ap.add_argument("--readme")
    ap.add_argument("--label")
    a = ap.parse_args()
    if a.mode == "render":
        check_render(a.path, a.api == "yes", a.out, a.label)
    elif a.mode == "promql":
        check_promql(a.path, a.fabric, a.out, a.mirror, a.readme)
    else:
        selftest()
    VERDICTS.finish()


main()
