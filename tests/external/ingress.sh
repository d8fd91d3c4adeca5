#!/usr/bin/env bash
# tests/external/ingress.sh: IPv6 external hosts and exposure.type Ingress
# (issue 18).  For tests/external/ipv6.yaml (NodePort, IPv6 external hosts)
# and tests/external/ingress.yaml (Ingress with TLS passthrough):
#  - fabchart build, then `helm lint --strict` with Helm 3 and Helm 4;
#  - `helm template` (Helm 3 and 4): the objects equal fc_inventory's (the
#    Ingress objects included), and every object Helm 4 renders validates
#    against the strict Kubernetes JSON Schemas (ingress-networking-v1 ...);
#  - tests/external/ingress_check.py: bracketed addresses where a port
#    follows (values, gossip endpoint, OrdererEndpoints, profile URLs, port
#    map), raw hosts in the SANs and the CA's csr.hosts; the Ingress objects
#    (class, passthrough annotations, a rule per host to its Service), every
#    Service ClusterIP, the profile's name overrides;
#  - ingress: `fabchart netpol` on the rendered chart plus a controller
#    Deployment in the namespace ingress-nginx: the controller reaches each
#    routed port and nothing else, and `fabchart netpol --topology` (the
#    inventory's policies and its stand-in controller) gives the same list.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init external_ingress
fc_require_helm
fc_require_python
fc_require_k8s_schemas
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
it=$FABCHART_SOURCE_DIR/tests/integration
FC_INVENTORY=${FC_INVENTORY:-$(dirname "$FABCHART")/fc_inventory}
[[ -x "$FC_INVENTORY" ]] || fc_die "no fc_inventory next to fabchart ($FC_INVENTORY)"

# the ingress controller's namespace and a pod in it, as ingress-nginx labels them
cat >"$FC_TMP/controller.yaml" <<'YAML'
apiVersion: v1
kind: Namespace
metadata:
  name: ingress-nginx
  labels:
    kubernetes.io/metadata.name: ingress-nginx
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: controller
  namespace: ingress-nginx
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: ingress-nginx
  template:
    metadata:
      labels:
        app.kubernetes.io/name: ingress-nginx
    spec:
      containers:
        - name: controller
          image: registry.k8s.io/ingress-nginx/controller:v1.11.3
YAML

for mode in ipv6 ingress; do
  topo=$here/$mode.yaml
  out=$FC_TMP/$mode
  fc_build "$topo" "$out" || continue
  tgz=$FC_TGZ
  chart=$(fc_unpack "$tgz" "$out/chart") || { fc_fail "$mode: unpack"; continue; }
  fc_check "$mode: Helm 3 lint --strict" "$FC_HELM3" lint --strict "$tgz"
  fc_check "$mode: Helm 4 lint --strict" "$FC_HELM4" lint --strict "$tgz"
  "$FC_INVENTORY" --release fc-it --namespace default "$topo" >"$out/inventory.txt" 2>"$out/inventory.err" \
    || { fc_fail "$mode: fc_inventory"; sed 's/^/      /' "$out/inventory.err"; continue; }
  for v in 3 4; do
    helm=FC_HELM$v
    if ! fc_render "${!helm}" "$tgz" "$out/rendered$v.yaml"; then
      fc_fail "$mode: helm $v template"; sed 's/^/      /' "$out/rendered$v.yaml.err"; continue 2
    fi
    "$FC_PYTHON" "$it/inventory_objects.py" "$out/rendered$v.yaml" >"$out/helm$v.txt" \
      || { fc_fail "$mode: reading Helm $v's objects"; continue; }
    if diff -u --label "helm $v template" --label inventory "$out/helm$v.txt" "$out/inventory.txt" >"$out/diff$v.txt"; then
      fc_pass "$mode: Helm $v renders the inventory's $(grep -c '^[^ ]' "$out/helm$v.txt") objects"
    else
      fc_fail "$mode: Helm $v's objects differ from the inventory"; sed 's/^/      /' "$out/diff$v.txt" | head -n 60
    fi
  done
  fc_check "$mode: rendered objects match the strict Kubernetes schemas" \
    "$FC_PYTHON" "$it/k8s_validate.py" --schemas "$FC_K8S_SCHEMAS" "$out/rendered4.yaml"
  "$FABCHART" portmap "$topo" --format json >"$out/portmap.json" 2>/dev/null \
    || { fc_fail "$mode: fabchart portmap"; continue; }
  conns=()
  if [[ $mode == ingress ]]; then
    if ! "$FABCHART" netpol "$out/rendered4.yaml" "$FC_TMP/controller.yaml" >"$out/conns.txt" 2>"$out/netpol.err"; then
      fc_fail "$mode: fabchart netpol"; sed 's/^/      /' "$out/netpol.err"; continue
    fi
    conns=("$out/conns.txt")
    "$FABCHART" netpol --topology "$topo" >"$out/topology.txt" 2>"$out/topology.err" \
      || { fc_fail "$mode: fabchart netpol --topology"; continue; }
    fc_check "$mode: netpol --topology (with its stand-in controller) gives every connection" \
      diff "$out/topology.txt" "$out/conns.txt"
  fi
  if "$FC_PYTHON" "$here/ingress_check.py" "$mode" "$chart" "$out/rendered4.yaml" "$out/portmap.json" \
      "${conns[@]}" >"$out/check.log" 2>&1; then
    fc_pass "$mode: $(grep -c '^ok' "$out/check.log") checks of ingress_check.py"
  else
    fc_fail "$mode: ingress_check.py"; grep -v '^ok' "$out/check.log" | sed 's/^/      /'
  fi
done
fc_finish
