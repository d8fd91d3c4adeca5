#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# Metrics, alerts and dashboards (issue 19), on every sample:
#  1. Helm 3 and Helm 4 render the chart (dashboards enabled, a metrics.labels
#     label set) with and without --api-versions monitoring.coreos.com/v1, the
#     same bytes (so the checks run once): with it, a PodMonitor per
#     node (peer, orderer, CA) and the PrometheusRule, both carrying the
#     label (and nothing else does), valid against the
#     prometheus-operator CRD schemas (tests/monitoring/crds); without, the
#     pods' prometheus.io annotations; the dashboards' ConfigMaps with the
#     Grafana sidecar's label and valid JSON (tests/monitoring/check_monitoring.py);
#     every other object valid against the strict Kubernetes schemas;
#  2. helm lint --strict (Helm 3 and 4) with the dashboards enabled;
#  3. promtool (Debian's prometheus package) parses the alert rules and every
#     dashboard expression (`promtool check rules`), and every metric they name
#     is in the Fabric release's metrics list (the mirror's
#     docs/source/metrics_reference.rst at the tag, else tests/monitoring/metrics);
#     every alert has its runbook in the chart's README and in README.md.
# FC_FABRIC_GIT_DIR: a git directory of Fabric with the tags v1.4.12, v2.5.12,
# v3.0.0, v3.1.1 (optional): the metrics come from it, and the committed lists
# must equal what tests/monitoring/metrics_list.py reads there.
# promtool is checked on a broken expression first, so that it cannot pass blindly.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init monitoring
fc_require_helm
fc_require_python
fc_require_k8s_schemas
fc_require_cmd promtool "promtool (Debian package prometheus)"
MON="$FABCHART_SOURCE_DIR/tests/monitoring"
MIRROR=${FC_FABRIC_GIT_DIR:-}

if [[ -n "$MIRROR" ]]; then
  for list in "$MON"/metrics/fabric-v*.txt; do
    tag=$(basename "$list" .txt); tag=${tag#fabric-}
    git --git-dir="$MIRROR" show "$tag:docs/source/metrics_reference.rst" >"$FC_TMP/$tag.rst" \
      || { fc_fail "$tag: no metrics reference in $MIRROR"; continue; }
    fc_check "metrics/fabric-$tag.txt is metrics_list.py of Fabric $tag's metrics reference" \
      diff <(grep -v '^#' "$list") <("$FC_PYTHON" "$MON/metrics_list.py" "$FC_TMP/$tag.rst")
  done
fi

printf 'groups:\n- name: broken\n  rules:\n  - alert: Broken\n    expr: sum by (a (up)\n' >"$FC_TMP/broken.yaml"
if promtool check rules "$FC_TMP/broken.yaml" >"$FC_TMP/broken.log" 2>&1; then
  fc_fail "promtool rejects a broken expression"
else
  fc_pass "promtool rejects a broken expression"
fi
fc_check "the metric name extraction finds what it must" "$FC_PYTHON" "$MON/check_monitoring.py" selftest

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" helm api chart version label=release=fc-it-prometheus
  fc_build "$sample" "$dir/out" || return 0
  local cores=()
  for api in no yes; do
    # Helm 3 and Helm 4 render the same bytes, so the checks run once on Helm 4's
    local out="$dir/$api" h args=(template fc-it "$FC_TGZ" --set metrics.dashboards.enabled=true
      --set-string "metrics.labels.${label%%=*}=${label#*=}")
    [[ $api == yes ]] && args+=(--api-versions monitoring.coreos.com/v1)
    mkdir -p "$out"
    for helm in "$FC_HELM3" "$FC_HELM4"; do
      h=helm$("$helm" version --template '{{.Version}}' | cut -c2)
      if ! "$helm" "${args[@]}" >"$out/$h.yaml" 2>"$out/err"; then
        fc_fail "$name: $h template (monitoring API: $api)"; sed 's/^/      /' "$out/err" | head -n 20
        continue 2
      fi
    done
    fc_check "$name: monitoring API $api: Helm 3 and Helm 4 render the same" cmp "$out/helm3.yaml" "$out/helm4.yaml"
    fc_check "$name: monitoring API $api: PodMonitors/PrometheusRule/annotations/dashboards/labels" \
      "$FC_PYTHON" "$MON/check_monitoring.py" render "$out/helm4.yaml" --api "$api" --out "$out" --label "$label"
    cores+=("$out/core.yaml")
  done
  ((${#cores[@]})) && fc_check "$name: the other objects match the strict Kubernetes schemas" \
    "$FC_PYTHON" "$FC_HERE/k8s_validate.py" --schemas "$FC_K8S_SCHEMAS" "${cores[@]}"
  for helm in "$FC_HELM3" "$FC_HELM4"; do
    fc_check "$name: helm$("$helm" version --template '{{.Version}}' | cut -c2) lint --strict with the dashboards enabled" \
      "$helm" lint --strict "$FC_TGZ" --set metrics.dashboards.enabled=true
  done
  chart=$(fc_unpack "$FC_TGZ" "$dir/chart") || { fc_fail "$name: unpack"; return 0; }
  version=$(sed -n 's/^fabricVersion: "\{0,1\}\([0-9.]*\)"\{0,1\}$/\1/p' "$chart/values.yaml")
  mkdir -p "$dir/promql"
  fc_check "$name: every metric of the alerts and dashboards exists in Fabric $version" \
    "$FC_PYTHON" "$MON/check_monitoring.py" promql "$chart" --fabric "$version" --out "$dir/promql" \
    --mirror "$MIRROR" --readme "$FABCHART_SOURCE_DIR/README.md"
  fc_check "$name: promtool parses the alert rules" promtool check rules "$dir/promql/alerts.yaml"
  fc_check "$name: promtool parses every dashboard expression" \
    promtool check rules "$dir/promql/dashboards.yaml"
}

fc_each_sample check_sample
fc_finish
