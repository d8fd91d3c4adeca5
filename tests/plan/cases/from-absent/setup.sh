# builds the chart of old.yaml, then packs it again without files/topology.yaml
set -eu
"$FABCHART" build old.yaml -o . >/dev/null
mkdir x && tar -xzf fabric-0.1.0.tgz -C x
rm x/fabric/files/topology.yaml
(cd x && tar -czf ../fabric-0.1.0.tgz fabric)
