#!/usr/bin/env bash
# tests/integration/ccpackage_fabric.sh: the package IDs fabchart computes
# equal real Fabric's.  Builds samples/chaincode-3.x.yaml (Fabric 3.1.1) and
# its Fabric 2.5.12 variant, unpacks each chart, and for every package of
# files/chaincode/ runs `peer lifecycle chaincode calculatepackageid` (which
# parses the package as install does: core/chaincode/persistence/
# chaincode_package.go, ParseChaincodePackage, and hashes it:
# persistence.go, PackageID) with the real peer of each version present; its
# output must be the packageId values.yaml gives that package.
#
# FC_FABRIC_BIN_DIR: a directory with v<version>/bin/peer and
# v<version>/config/ (the tag's sampleconfig), as for tests/bringup/real.
# Unset, or without any peer: exit 77 (Skipped), also under CI=true (CI has no
# Fabric binaries, as bringup_real).
set -uo pipefail
: "${FABCHART:?FABCHART is not set (run this through ctest)}"
: "${FABCHART_SOURCE_DIR:?FABCHART_SOURCE_DIR is not set (run this through ctest)}"
echo "== ccpackage_fabric: package IDs against real peers"
bin=${FC_FABRIC_BIN_DIR:-}
if [[ -z "$bin" ]]; then
  echo "skipped: FC_FABRIC_BIN_DIR is not set (no real Fabric binaries)"
  exit 77
fi
versions=()
for v in 2.5.12 3.1.1; do
  [[ -x "$bin/v$v/bin/peer" && -f "$bin/v$v/config/core.yaml" ]] && versions+=("$v")
done
if [[ ${#versions[@]} -eq 0 ]]; then
  echo "skipped: no peer with its config in $bin/v2.5.12 or $bin/v3.1.1"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/fabchart-ccpackage.XXXXXX") || exit 3
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok    $1"; passed=$((passed + 1)); }
fail() { echo "FAIL  $1"; failed=$((failed + 1)); }

sample=$FABCHART_SOURCE_DIR/samples/chaincode-3.x.yaml
cp "$sample" "$tmp/chaincode-3.x.yaml"
sed 's/^  version: 3\.1\.1$/  version: 2.5.12/' "$sample" >"$tmp/chaincode-2.5.yaml"
grep -q '^  version: 2.5.12$' "$tmp/chaincode-2.5.yaml" || { echo "error: cannot make the 2.5 variant" >&2; exit 1; }

for topo in chaincode-3.x chaincode-2.5; do
  out=$tmp/$topo
  mkdir -p "$out/chart"
  if ! "$FABCHART" build "$tmp/$topo.yaml" -o "$out" >"$out/build.log" 2>&1; then
    fail "$topo: fabchart build"; sed 's/^/      /' "$out/build.log"; continue
  fi
  tar -xzf "$out"/*.tgz -C "$out/chart" || { fail "$topo: unpack"; continue; }
  values=$(echo "$out"/chart/*/values.yaml)
  # packageFile and packageId alternate, one pair per (chaincode, organization)
  mapfile -t files < <(sed -n 's/^ *packageFile: "\(.*\)"$/\1/p' "$values")
  mapfile -t ids < <(sed -n 's/^ *packageId: "\(.*\)"$/\1/p' "$values")
  if [[ ${#files[@]} -eq 0 || ${#files[@]} -ne ${#ids[@]} ]]; then
    fail "$topo: values.yaml has ${#files[@]} packageFile and ${#ids[@]} packageId values"
    continue
  fi
  for i in "${!files[@]}"; do
    pkg=$(dirname "$values")/${files[$i]}
    [[ -f "$pkg" ]] || { fail "$topo: ${files[$i]} is not in the chart"; continue; }
    for v in "${versions[@]}"; do
      got=$(FABRIC_CFG_PATH=$bin/v$v/config "$bin/v$v/bin/peer" lifecycle chaincode \
        calculatepackageid "$pkg" 2>&1)
      if [[ "$got" == "${ids[$i]}" ]]; then
        ok "$topo: ${files[$i]}: peer $v computes ${ids[$i]}"
      else
        fail "$topo: ${files[$i]}: peer $v computes '$got', values.yaml says '${ids[$i]}'"
      fi
    done
  done
done
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
