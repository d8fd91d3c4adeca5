#!/usr/bin/env bash
# tests/chaincode/peer_builder.sh: the peers run chaincode as a service the
# way the official peer image is set up, with no Docker daemon (issue 16).
#
# From Fabric's source at v2.5.12 and v3.1.1 (FC_FABRIC_SRC, a git directory
# of hyperledger/fabric with those tags):
#   images/peer/Dockerfile  copies the ccaas builder to
#                           /opt/hyperledger/ccaas_builder/bin and
#                           sampleconfig/core.yaml to /etc/hyperledger/fabric
#   sampleconfig/core.yaml  chaincode.externalBuilders lists ccaas_builder
#                           at /opt/hyperledger/ccaas_builder, propagating
#                           CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG
# and from samples/chaincode-3.x.yaml rendered by Helm (3.1.1, and its 2.5.12
# variant): no container mounts docker.sock, none is privileged, no hostPath,
# no peer overrides the builders (CORE_CHAINCODE_EXTERNALBUILDERS) or points
# vm.endpoint at a daemon; the 3.x peers read the image's core.yaml, and the
# 2.5 init container's sed, run on the tag's real core.yaml, keeps the
# externalBuilders entry intact while it empties vm.endpoint.
# Without FC_FABRIC_SRC: exit 77 (Skipped), also under CI=true.
# shellcheck source=tests/integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init chaincode_peer_builder
src=${FC_FABRIC_SRC:-}
if [[ -z "$src" ]] || ! git --git-dir="$src" rev-parse -q --verify v3.1.1 >/dev/null 2>&1 ||
  ! git --git-dir="$src" rev-parse -q --verify v2.5.12 >/dev/null 2>&1; then
  echo "skipped: FC_FABRIC_SRC is not a git directory of Fabric with v2.5.12 and v3.1.1" >&2
  exit 77
fi
fc_require_helm

# the externalBuilders entry of a core.yaml: its lines from "externalBuilders:"
# to the first blank line, indentation removed
builders() { sed -n '/^ *externalBuilders:/,/^ *$/p' "$1" | sed 's/^ *//; /^$/d' | tr '\n' ' '; }
want='externalBuilders: - name: ccaas_builder path: /opt/hyperledger/ccaas_builder propagateEnvironment: - CHAINCODE_AS_A_SERVICE_BUILDER_CONFIG '

for tag in v2.5.12 v3.1.1; do
  git --git-dir="$src" show "$tag:sampleconfig/core.yaml" >"$FC_TMP/core-$tag.yaml"
  git --git-dir="$src" show "$tag:images/peer/Dockerfile" >"$FC_TMP/Dockerfile-$tag"
  got=$(builders "$FC_TMP/core-$tag.yaml")
  if [[ "$got" == "$want" ]]; then
    fc_pass "$tag sampleconfig/core.yaml: externalBuilders is ccaas_builder at /opt/hyperledger/ccaas_builder"
  else
    fc_fail "$tag sampleconfig/core.yaml: externalBuilders is '$got'"
  fi
  if grep -Eq '^COPY +--from=builder +release/.*/builders/ccaas/bin +/opt/hyperledger/ccaas_builder/bin$' "$FC_TMP/Dockerfile-$tag" &&
    grep -Eq '^COPY +--from=builder +sampleconfig/core.yaml +\$\{FABRIC_CFG_PATH\}/core.yaml$' "$FC_TMP/Dockerfile-$tag" &&
    grep -Eq '^ENV +FABRIC_CFG_PATH[ =]/etc/hyperledger/fabric$' "$FC_TMP/Dockerfile-$tag"; then
    fc_pass "$tag images/peer/Dockerfile: the builder in /opt/hyperledger/ccaas_builder/bin, core.yaml in /etc/hyperledger/fabric"
  else
    fc_fail "$tag images/peer/Dockerfile: the builder or core.yaml is not where the chart expects it"
  fi
done

sample=$FABCHART_SOURCE_DIR/samples/chaincode-3.x.yaml
cp "$sample" "$FC_TMP/chaincode-3.x.yaml"
sed 's/^  version: 3\.1\.1$/  version: 2.5.12/' "$sample" >"$FC_TMP/chaincode-2.5.yaml"
grep -q '^  version: 2.5.12$' "$FC_TMP/chaincode-2.5.yaml" || fc_die "cannot make the 2.5 variant of $sample"
for v in 3.x 2.5; do
  fc_build "$FC_TMP/chaincode-$v.yaml" "$FC_TMP/out-$v" || continue
  m=$FC_TMP/out-$v/manifests.yaml
  if ! fc_render "$FC_HELM3" "$FC_TGZ" "$m"; then
    fc_fail "chaincode-$v: helm template"; sed 's/^/      /' "$m.err" | head -n 20; continue
  fi
  for bad in 'docker\.sock' 'privileged: true' 'hostPath' 'CORE_CHAINCODE_EXTERNALBUILDERS' 'CORE_VM_ENDPOINT", value: "[^"]'; do
    if grep -q -- "$bad" "$m"; then
      fc_fail "chaincode-$v: the manifests contain $bad"; grep -n -- "$bad" "$m" | head -n 3 | sed 's/^/      /'
    else
      fc_pass "chaincode-$v: no $bad"
    fi
  done
  peers=$(grep -c '^        - name: "peer"$' "$m")
  if [[ $v == 3.x ]]; then
    if ((peers > 0)) && ! grep -q 'FABRIC_CFG_PATH' "$m"; then
      fc_pass "chaincode-$v: $peers peers read the image's core.yaml (FABRIC_CFG_PATH unset)"
    else
      fc_fail "chaincode-$v: $peers peers, FABRIC_CFG_PATH set: $(grep -c FABRIC_CFG_PATH "$m")"
    fi
    continue
  fi
  # 2.5: the init container derives core.yaml from the image's own
  script=$(grep -m 1 "^ *sed '/^vm:/" "$m" | sed 's/^ *//')
  if [[ -z "$script" ]]; then
    fc_fail "chaincode-$v: no init container deriving core.yaml"; continue
  fi
  script=${script//\/etc\/hyperledger\/fabric\/core.yaml/$FC_TMP/core-v2.5.12.yaml}
  script=${script//\/config\/core.yaml/$FC_TMP/derived.yaml}
  if sh -c "$script" && [[ "$(builders "$FC_TMP/derived.yaml")" == "$want" ]] &&
    grep -qx '    endpoint: ""' "$FC_TMP/derived.yaml"; then
    fc_pass "chaincode-$v: the init container's core.yaml (from v2.5.12's) keeps ccaas_builder, vm.endpoint empty"
  else
    fc_fail "chaincode-$v: the derived core.yaml lost the builder or kept vm.endpoint"
  fi
  n=$(grep -c 'FABRIC_CFG_PATH", value: "/var/hyperledger/config"' "$m")
  if ((peers > 0 && n == peers)); then
    fc_pass "chaincode-$v: all $peers peers read the derived core.yaml"
  else
    fc_fail "chaincode-$v: $n of $peers peers read the derived core.yaml"
  fi
done
fc_finish
