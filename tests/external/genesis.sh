#!/usr/bin/env bash
# tests/external/genesis.sh: the genesis Job of identities: fabric-ca (issue 18)
# with Fabric's own configtxgen and configtxlator.  samples/consortium-ca.yaml,
# built for the Fabric 2.5 release found in FC_FABRIC_BIN_DIR (v2.5.*/bin with
# cryptogen, configtxgen, configtxlator), and for each organization a
# public.tar holding only public certificates in cryptogen's layout (the real
# cryptogen makes the material; each organization's tar is what its
# enrollment Job publishes: msp/, the TLS CA certificate, its orderers' TLS
# and signing certificates).  Then the chart's identities.sh runs as the
# genesis Job does — collect (a fake kubectl serves each ConfigMap
# org-public), artifacts (the real configtxgen on the chart's configtx.yaml)
# and upload with files/genesis.plan (the fake records each create and
# refuses a name that exists, as the API server does):
#  - the channel block decodes with configtxlator and carries each
#    organization's CA and TLS CA certificate and every Raft consenter's TLS
#    certificate exactly as published;
#  - upload creates exactly the Secrets of files/genesis.plan, each in its
#    namespace; a second run keeps them all (AlreadyExists) and creates none;
#  - collect refuses a tar that holds a private key.
# Skipped (77) without the binaries, also under CI=true (Fabric's binaries
# are not in the repository).
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init external_genesis
fc_require_python
kubectl=${FC_KUBECTL:-$FABCHART_SOURCE_DIR/.tools/kubectl/kubectl}
if [[ ! -x $kubectl ]]; then
  fc_require_cmd kubectl "kubectl (on PATH, in .tools/kubectl/ or as FC_KUBECTL)"
  kubectl=$(command -v kubectl)
fi
bin=
for d in "${FC_FABRIC_BIN_DIR:-/nonexistent}"/v2.5.*/bin; do
  [[ -x $d/cryptogen && -x $d/configtxgen && -x $d/configtxlator ]] && bin=$d
done
if [[ -z $bin ]]; then
  echo "skipped: no v2.5.*/bin with cryptogen, configtxgen and configtxlator under FC_FABRIC_BIN_DIR ('${FC_FABRIC_BIN_DIR:-}')"
  exit 77
fi
version=$(basename "$(dirname "$bin")")
version=${version#v}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

topo=$FC_TMP/consortium-ca.yaml
sed "s/^  version: 3\.1\.1\$/  version: $version/" "$FABCHART_SOURCE_DIR/samples/consortium-ca.yaml" >"$topo"
fc_build "$topo" "$FC_TMP/out" || fc_finish
chart=$(fc_unpack "$FC_TGZ" "$FC_TMP/chart")

# the organizations' material, and what each publishes
made=$FC_TMP/made
"$bin/cryptogen" generate --config="$chart/files/crypto-config.yaml" --output="$made/crypto-config" \
  >"$FC_TMP/cryptogen.log" 2>&1 || { fc_fail "cryptogen"; sed 's/^/      /' "$FC_TMP/cryptogen.log"; fc_finish; }
fake=$FC_TMP/fake
mkdir -p "$fake/public"
ns_of() { sed -n "/^  $1:\$/,/^  [a-z]/s/^    namespace: \"\(.*\)\"\$/\1/p" "$chart/values.yaml" | head -n 1; }
for list in "$chart"/files/enroll/*.list; do
  org=$(basename "$list" .list)
  orgdir=$(awk '!/^#/ && $1 != "server" { print $3; exit }' "$list" | cut -d/ -f1-3)
  (cd "$made" && {
    find "$orgdir/msp" -type f
    find "$orgdir/tlsca" -name '*-cert.pem'
    find "$orgdir" -path '*/orderers/*/tls/server.crt' -o -path '*/orderers/*/msp/signcerts/*'
  } | sort | tar -cf - -T -) | base64 -w0 >"$fake/public/$(ns_of "$org").b64"
done
[[ $(find "$made/crypto-config" -name '*_sk' | wc -l) -gt 0 ]] || fc_fail "the made material has keys (the published part must not)"

# the genesis Job's three steps, as identities.yaml runs them
mkdir -p "$fake/bin"
ln -s "$here/fake/kubectl" "$fake/bin/kubectl"
for t in configtxgen configtxlator; do ln -s "$bin/$t" "$fake/bin/$t"; done
mkdir -p "$FC_TMP/config"
cp "$chart/files/configtx.yaml" "$chart/files/genesis.plan" "$chart/files/scripts/identities.sh" "$FC_TMP/config/"
sed -i "s|/config/|$FC_TMP/config/|g" "$FC_TMP/config/identities.sh"
channels=$(sed -n '/^  channels:$/,/^  [a-z]/s/^  - "\(.*\)"$/\1/p' "$chart/values.yaml" | tr '\n' ' ')
namespaces=$(sed -n '/^  namespaces:$/,/^  [a-z]/s/^  - "\(.*\)"$/\1/p' "$chart/values.yaml" | tr '\n' ' ')
job() {  # job WORK STEP
  mkdir -p "$1"
  env PATH="$fake/bin:$PATH" FAKE_DIR="$fake" FAKE_KUBECTL="$kubectl" WORK="$1" \
    PLAN="$FC_TMP/config/genesis.plan" FABRIC_MAJOR=2 CHANNELS="$channels" ANCHORS= \
    NAMESPACES="$namespaces" FABRIC_CFG_PATH="$1" sh "$FC_TMP/config/identities.sh" "$2"
}
work=$FC_TMP/work
ok=1
for step in collect artifacts upload; do
  job "$work" "$step" >>"$FC_TMP/job.log" 2>&1 || { ok=; fc_fail "genesis Job step $step"; sed 's/^/      /' "$FC_TMP/job.log"; break; }
done
if [[ -n $ok ]]; then
  fc_pass "the genesis Job's collect, artifacts (real configtxgen $version) and upload steps"
  if [[ -z $(find "$work/crypto-config" -name '*_sk') ]]; then
    fc_pass "the collected material holds no key"
  else
    fc_fail "the collected material holds a key"
  fi
  for ch in $channels; do
    if "$bin/configtxlator" proto_decode --type common.Block --input "$work/artifacts/$ch.block" \
        --output "$FC_TMP/$ch.json" 2>"$FC_TMP/decode.log"; then
      fc_check "channel $ch: the block carries each organization's published certificates" \
        "$FC_PYTHON" "$here/genesis_check.py" "$FC_TMP/$ch.json" "$made"
    else
      fc_fail "configtxlator decodes $ch.block"; sed 's/^/      /' "$FC_TMP/decode.log"
    fi
  done
  want=$(grep -v '^#' "$chart/files/genesis.plan" | awk '{ print $1 "." $2 ".yaml" }' | sort)
  got=$(cd "$fake/created" && find . -name '*.yaml' | sed 's|^\./||' | sort)
  if [[ "$want" == "$got" ]]; then
    fc_pass "upload created exactly the $(wc -l <<<"$want") Secrets of files/genesis.plan, each in its namespace"
  else
    fc_fail "upload created $(tr '\n' ' ' <<<"$got"), files/genesis.plan says $(tr '\n' ' ' <<<"$want")"
  fi
  rm -rf "$work"
  if (job "$work" collect && job "$work" artifacts && job "$work" upload) >"$FC_TMP/rerun.log" 2>&1 &&
      [[ $(grep -c ': kept ' "$FC_TMP/rerun.log") -eq $(wc -l <<<"$want") ]] &&
      ! grep -q ': created ' "$FC_TMP/rerun.log"; then
    fc_pass "a second run keeps every Secret (AlreadyExists) and creates none"
  else
    fc_fail "a second run"; sed 's/^/      /' "$FC_TMP/rerun.log"
  fi
  # a published tar with a key is refused
  first=$(find "$fake/public" -name '*.b64' | sort | head -n 1)
  (cd "$made" && tar -cf - "$(find crypto-config -name '*_sk' | head -n 1)") | base64 -w0 >"$first"
  rm -rf "$work"
  if job "$work" collect >"$FC_TMP/key.log" 2>&1; then
    fc_fail "collect accepted a tar holding a private key"
  else
    if grep -q 'FAIL a published tar holds a private key' "$FC_TMP/key.log"; then
      fc_pass "collect refuses a tar that holds a private key"
    else
      fc_fail "collect failed otherwise"; sed 's/^/      /' "$FC_TMP/key.log"
    fi
  fi
fi
fc_finish
