# builds the chart of old.yaml, then edits the topology it carries and packs it again
set -eu
"$FABCHART" build old.yaml -o . >/dev/null
mkdir x && tar -xzf fabric-0.1.0.tgz -C x
sed -i 's/peers: 2/peers: 3/' x/fabric/files/topology.yaml
(cd x && tar -czf ../fabric-0.1.0.tgz fabric)
