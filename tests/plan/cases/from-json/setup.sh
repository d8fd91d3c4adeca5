# builds the chart of old.yaml (fabric-0.1.0.tgz), which carries it as files/topology.yaml
set -eu
"$FABCHART" build old.yaml -o . >/dev/null
