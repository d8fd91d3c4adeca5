/*
 * monitoring - what Prometheus and Grafana get from a chart: the alert
 * rules (files/monitoring/alerts.yaml, the spec of the PrometheusRule the
 * chart renders when the cluster has the Prometheus Operator's API), the
 * Grafana dashboards (files/monitoring/dashboards/NAME.json, ConfigMaps when
 * metrics.dashboards.enabled) and the alerts' runbooks for the chart's
 * README.  Alerts and panels are chosen for the network's Fabric release
 * and consensus: every metric they name is in that release's
 * docs/source/metrics_reference.rst (tests/monitoring checks it).  The
 * expressions are scoped to the network's namespaces.
 *
 * Ownership: the files live in the arena; the runbooks are appended to a
 * strbuf the caller owns.  Never prints.
 */
#ifndef FC_MONITORING_H
#define FC_MONITORING_H

#include "fileset.h"
#include "model.h"
#include "strbuf.h"

/* Adds files/monitoring/alerts.yaml and files/monitoring/dashboards/<name>.json. */
void fc_monitoring_add_files(struct fc_arena *arena, const struct fc_network *net,
                             struct fc_fileset *chart);

/* Appends the "Alerts and runbooks" section (Markdown) of net's chart README. */
void fc_monitoring_runbooks(struct fc_strbuf *out, const struct fc_network *net);

#endif
