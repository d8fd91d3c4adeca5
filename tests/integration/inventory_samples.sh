#!/usr/bin/env bash
# shellcheck disable=SC2317  # functions here are called through fc_each_sample
# The inventory is what Helm renders (issue 14): for every sample (and the
# topologies of tests/integration/inventory/), the
# objects `helm template` writes (Helm 3 and Helm 4) equal the inventory that
# src/inventory.c derives from the topology, object by object: apiVersion,
# kind, namespace, name, labels, Service ports, and per pod its labels,
# containers with their ports, volumes and volumeClaimTemplates.  The
# inventory comes from the developer tool fc_inventory ($FC_INVENTORY, built
# next to fabchart); the rendered side from inventory_objects.py.  On a
# difference the unified diff is printed: "-" lines are Helm's, "+" lines
# the inventory's, so a template change shows as the lines inventory.c must
# follow.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
fc_init inventory_samples
fc_require_helm
fc_require_python
FC_INVENTORY=${FC_INVENTORY:-$(dirname "$FABCHART")/fc_inventory}
[[ -x "$FC_INVENTORY" ]] || fc_die "no fc_inventory next to fabchart ($FC_INVENTORY)"

check_sample() {
  local sample=$1 name=$2 dir="$FC_TMP/$2" helm v
  fc_build "$sample" "$dir" || return 0
  # fc_render's release: fc-it in the namespace default
  if ! "$FC_INVENTORY" --release fc-it --namespace default "$sample" >"$dir/inventory.txt" 2>"$dir/inventory.err"; then
    fc_fail "$name: fc_inventory"; sed 's/^/      /' "$dir/inventory.err"; return 0
  fi
  for v in 3 4; do
    helm=FC_HELM$v
    if ! fc_render "${!helm}" "$FC_TGZ" "$dir/rendered$v.yaml"; then
      fc_fail "$name: helm $v template"; cat "$dir/rendered$v.yaml.err"; continue
    fi
    "$FC_PYTHON" "$FC_HERE/inventory_objects.py" "$dir/rendered$v.yaml" >"$dir/helm$v.txt" \
      || { fc_fail "$name: reading Helm $v's objects"; continue; }
    local objects
    objects=$(grep -c '^[^ ]' "$dir/helm$v.txt")
    if diff -u --label "helm $v template" --label inventory "$dir/helm$v.txt" "$dir/inventory.txt" >"$dir/diff$v.txt"; then
      fc_pass "$name: Helm $v renders the inventory's $objects objects (names, labels, containers, ports, volumes)"
    else
      fc_fail "$name: Helm $v's objects differ from the inventory ($objects rendered)"
      sed 's/^/      /' "$dir/diff$v.txt" | head -n 80
    fi
  done
}

fc_each_sample check_sample
# and topologies that reach what the samples do not (tests/integration/inventory/)
if [[ -z "${FC_SAMPLES:-}" ]]; then
  for s in "$FABCHART_SOURCE_DIR"/tests/integration/inventory/*.yaml; do
    check_sample "$s" "$(basename "$s" .yaml)"
  done
fi
fc_finish
