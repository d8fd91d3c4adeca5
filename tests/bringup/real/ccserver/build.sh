#!/usr/bin/env bash
# tests/bringup/real/ccserver/build.sh FABRIC_TREE OUT: builds main.go (the
# chaincode server of bringup_real_chaincode) into OUT, against the
# fabric-chaincode-go/v2 shim that Fabric's tree vendors.  FABRIC_TREE is an
# extracted Fabric source tree at v3.1.1 (git archive v3.1.1 | tar -x): the
# program is built as a package of that module (a directory made and removed
# here), so only its vendor/ is used: no module download (GOPROXY=off,
# -mod=vendor).  `go` on PATH (GOROOT as needed).  Local only: the binary
# goes to FC_FABRIC_BIN_DIR/chaincode/bin/fabchart-ccserver, never committed.
set -euo pipefail
tree=${1:?usage: build.sh FABRIC_TREE OUT}
out=${2:?usage: build.sh FABRIC_TREE OUT}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
[[ -f "$tree/go.mod" && -d "$tree/vendor/github.com/hyperledger/fabric-chaincode-go/v2/shim" ]] ||
  { echo "build.sh: $tree is not a Fabric tree vendoring fabric-chaincode-go/v2" >&2; exit 1; }
pkg=$tree/fabchartccserver
[[ ! -e "$pkg" ]] || { echo "build.sh: $pkg exists" >&2; exit 1; }
mkdir "$pkg"
trap 'rm -rf "$pkg"' EXIT
cp "$here/main.go" "$pkg/main.go"
mkdir -p "$(dirname "$out")"
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
cd "$tree"
GOTOOLCHAIN=local GOPROXY=off GOFLAGS=-mod=vendor CGO_ENABLED=0 go build -buildvcs=false -trimpath -o "$out" ./fabchartccserver
echo "built $out"
