#!/usr/bin/env bash
# tests/external/profile.sh: the connection profile of each peer organization
# (issue 18).  For tests/external/nodeport.yaml (external names, NodePort),
# tests/external/ipv6.yaml (IPv6 external hosts), tests/external/ingress.yaml
# (exposure.type Ingress) and
# samples/stock-cluster.yaml (ClusterIP, two organizations):
#  - the rendered templates/profile.yaml (helm template, Helm 3): per peer
#    organization a hook Job in its namespace whose pod mounts exactly the
#    Secrets the profile's placeholders name, all public material, and a Role
#    that grants nothing on Secrets (profile_check.py);
#  - files/scripts/profile.sh write, run with certificates made by openssl and
#    a recording fake kubectl (tests/external/fake/kubectl: the real kubectl
#    for the client-side steps, the object `apply` receives kept): the
#    ConfigMap it applies is connection-profile in the organization's
#    namespace, labelled, and its connection.json validates against
#    tests/external/connection-profile.schema.json (fabchart validate
#    --schema; written from the SDK's documentation), carries the PEMs of
#    the Secrets, and its names and ports agree with the port map (`fabchart
#    portmap --format json`) and values.yaml (profile_check.py);
#  - a missing certificate fails the script before anything is applied.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init external_profile
fc_require_helm
fc_require_python
fc_require_cmd openssl
kubectl=${FC_KUBECTL:-$FABCHART_SOURCE_DIR/.tools/kubectl/kubectl}
if [[ ! -x $kubectl ]]; then
  fc_require_cmd kubectl "kubectl (on PATH, in .tools/kubectl/ or as FC_KUBECTL)"
  kubectl=$(command -v kubectl)
fi
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

# cert NAME FILE: a self-signed CA certificate (EC P-256) for NAME in FILE
cert() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 30 \
    -subj "/CN=$1" -keyout "$FC_TMP/key.pem" -out "$2" 2>/dev/null
}

for topo in "$here/nodeport.yaml" "$here/ipv6.yaml" "$here/ingress.yaml" "$FABCHART_SOURCE_DIR/samples/stock-cluster.yaml"; do
  name=$(basename "$topo" .yaml)
  out=$FC_TMP/$name
  mkdir -p "$out/chart"
  fc_build "$topo" "$out" || continue
  tar -xzf "$FC_TGZ" -C "$out/chart" || { fc_fail "$name: unpack"; continue; }
  chart=$(echo "$out"/chart/*)
  "$FABCHART" portmap "$topo" --format json >"$out/portmap.json" || { fc_fail "$name: portmap"; continue; }
  if ! "$FC_HELM3" template demo "$chart" -n fabnet -s templates/profile.yaml >"$out/rendered.yaml" 2>"$out/helm.log"; then
    fc_fail "$name: helm template"; sed 's/^/      /' "$out/helm.log"; continue
  fi
  for profile in "$chart"/files/profiles/*.json; do
    org=$(basename "$profile" .json)
    ns=$(sed -n "/^  $org:\$/,/^  [a-z]/s/^    namespace: \"\(.*\)\"\$/\1/p" "$chart/values.yaml" | head -1)
    run=$out/$org
    mkdir -p "$run/certs/org-certs" "$run/fake"
    cert "ca.$org" "$run/certs/org-certs/ca.crt"
    cert "tlsca.$org" "$run/certs/org-certs/tlsca.crt"
    grep -o '@pem:orderer-tlsca-[a-z0-9-]*/' "$profile" | sort -u | sed 's|@pem:||; s|/$||' |
      while read -r s; do
        mkdir -p "$run/certs/$s"
        cert "tlsca.$s" "$run/certs/$s/ca.crt"
      done
    # a first run with a certificate missing: it must fail and apply nothing
    mv "$run/certs/org-certs/tlsca.crt" "$run/tlsca.crt"
    if PATH="$here/fake:$PATH" FAKE_DIR=$run/fake FAKE_KUBECTL=$kubectl NAMESPACE=$ns \
        IN=$profile CERTS=$run/certs WORK=$run sh "$chart/files/scripts/profile.sh" write >"$run/fail.log" 2>&1; then
      fc_fail "$name/$org: profile.sh succeeds without org-certs/tlsca.crt"
    elif grep -q 'FAIL .*tlsca.crt is missing' "$run/fail.log" && [[ ! -e $run/fake/calls ]]; then
      fc_pass "$name/$org: a missing certificate fails the Job before any kubectl call"
    else
      fc_fail "$name/$org: missing certificate: $(cat "$run/fail.log")"
    fi
    mv "$run/tlsca.crt" "$run/certs/org-certs/tlsca.crt"
    if PATH="$here/fake:$PATH" FAKE_DIR=$run/fake FAKE_KUBECTL=$kubectl NAMESPACE=$ns \
        IN=$profile CERTS=$run/certs WORK=$run sh "$chart/files/scripts/profile.sh" write >"$run/job.log" 2>&1; then
      fc_pass "$name/$org: profile.sh write: $(tr '\n' ' ' <"$run/job.log")"
    else
      fc_fail "$name/$org: profile.sh write"; sed 's/^/      /' "$run/job.log"; continue
    fi
    "$FC_PYTHON" -c 'import sys, yaml; d = yaml.safe_load(open(sys.argv[1])); open(sys.argv[2], "w").write(d["data"]["connection.json"])' \
      "$run/fake/applied.yaml" "$run/connection.json" || { fc_fail "$name/$org: applied object"; continue; }
    fc_check "$name/$org: connection.json validates against the connection profile schema" \
      "$FABCHART" validate --schema "$here/connection-profile.schema.json" "$run/connection.json"
  done
  fc_check "$name: rendered Jobs, RBAC, applied ConfigMaps and profiles against the port map" \
    "$FC_PYTHON" "$here/profile_check.py" "$chart" "$out/rendered.yaml" "$out/portmap.json" "$out"
done
fc_finish
