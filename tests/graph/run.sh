#!/usr/bin/env bash
# tests/graph/run.sh: `fabchart graph` (issue 20, item 4), run by ctest (tests/graph.cmake).
#   - every sample's DOT renders with real Graphviz (`dot -Tsvg`) and the SVG is
#     well-formed XML (python3 xml.etree); so does `graph --format svg`
#   - every sample's Mermaid form, and the ```mermaid block of its chart README
#     (which must equal it), parse with Mermaid's own parser (mermaid.parse under
#     jsdom, from .tools/mermaid, or $FC_MERMAID_MODULES: a node_modules directory)
#   - golden DOT and Mermaid for the seed sample (tests/graph/seed-kafka.{dot,mmd};
#     FABCHART_UPDATE_GOLDEN=1 rewrites them)
#   - --format svg without `dot` on PATH: exit 3, [tool-missing]; a bad --format: exit 2
# Graphviz missing: exit 77 (Skipped), a failure under CI=true; the Mermaid parser
# missing: that part is skipped (failure under CI=true).
# shellcheck source=SCRIPTDIR/../integration/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../integration/lib.sh"
fc_init graph
HERE=$FABCHART_SOURCE_DIR/tests/graph

if ! command -v dot >/dev/null 2>&1; then
  [[ "${CI:-}" == true ]] && fc_die "Graphviz dot missing (required under CI=true)"
  echo "Skipped: Graphviz dot missing (apt-get install graphviz; scripts/install-test-tools)"
  exit 77
fi
MODULES=${FC_MERMAID_MODULES:-$FABCHART_SOURCE_DIR/.tools/mermaid/node_modules}
mermaid=1
if ! command -v node >/dev/null 2>&1 || [[ ! -d "$MODULES/mermaid" || ! -d "$MODULES/jsdom" ]]; then
  [[ "${CI:-}" == true ]] && fc_die "mermaid parser missing in $MODULES (scripts/install-test-tools)"
  echo "Skipped (Mermaid part): no mermaid + jsdom in $MODULES (scripts/install-test-tools)"
  mermaid=0
fi

wellformed() { python3 -c 'import sys, xml.etree.ElementTree as E; r = E.parse(sys.argv[1]).getroot(); sys.exit(0 if r.tag.endswith("svg") else 1)' "$1"; }

mmds=()
while IFS= read -r sample; do
  name=$(basename "$sample" .yaml)
  wd=$FC_TMP/$name
  mkdir -p "$wd"
  if "$FABCHART" graph "$sample" >"$wd/g.dot" 2>"$wd/err" && dot -Tsvg "$wd/g.dot" >"$wd/g.svg" 2>"$wd/dot.err" \
     && [[ ! -s "$wd/dot.err" ]] && wellformed "$wd/g.svg"; then
    fc_pass "$name: DOT renders with dot -Tsvg (no warning) to well-formed SVG ($(wc -c <"$wd/g.svg") bytes)"
  else
    fc_fail "$name: DOT -> SVG"; cat "$wd/err" "$wd/dot.err" 2>/dev/null | head -20
  fi
  # every organization is a cluster, every channel a node
  want=$(python3 -c 'import sys, yaml; t = yaml.safe_load(open(sys.argv[1]))
print(len(t.get("peerOrganizations", [])) + len(t.get("ordererOrganizations", [])), len(t.get("channels", [])))' "$sample")
  got="$(grep -Ec '^  subgraph cluster_[po][0-9]+ \{' "$wd/g.dot") $(grep -Ec '^    ch[0-9]+ \[' "$wd/g.dot")"
  if [[ "$got" == "$want" ]]; then fc_pass "$name: clusters and channels ($got)"
  else fc_fail "$name: clusters/channels: got $got, topology has $want"; fi
  if "$FABCHART" graph "$sample" --format svg >"$wd/f.svg" 2>"$wd/err" && wellformed "$wd/f.svg" \
     && cmp -s "$wd/f.svg" "$wd/g.svg"; then
    fc_pass "$name: --format svg is dot -Tsvg of the DOT"
  else
    fc_fail "$name: --format svg"; head -20 "$wd/err"
  fi
  "$FABCHART" graph "$sample" --format mermaid >"$wd/g.mmd" 2>/dev/null || fc_fail "$name: --format mermaid exit $?"
  "$FABCHART" build "$sample" -o "$wd/out" >/dev/null 2>&1 || fc_fail "$name: build"
  # shellcheck disable=SC2016  # the fences are literal backquotes
  tar -xzOf "$wd"/out/*.tgz --wildcards '*/README.md' \
    | sed -n '/^```mermaid$/,/^```$/p' | sed '1d;$d' >"$wd/readme.mmd"
  if [[ -s "$wd/readme.mmd" ]] && cmp -s "$wd/readme.mmd" "$wd/g.mmd"; then
    fc_pass "$name: the chart README's mermaid block is graph --format mermaid"
  else
    fc_fail "$name: README mermaid block differs"; diff "$wd/readme.mmd" "$wd/g.mmd" | head -10
  fi
  mmds+=("$wd/g.mmd")
done < <(fc_samples)

if ((mermaid)); then
  # one node process for all (mermaid takes seconds to load); one invalid input proves it can fail
  printf 'flowchart LR\n  subgraph a["x"]\n  a --> \n' >"$FC_TMP/bad.mmd"
  NODE_PATH=$MODULES node "$HERE/parse_mermaid.mjs" "${mmds[@]}" "$FC_TMP/bad.mmd" >"$FC_TMP/mermaid.log" 2>&1
  for f in "${mmds[@]}"; do
    if grep -qxF "$f ok flowchart-v2" "$FC_TMP/mermaid.log"; then fc_pass "$(basename "$(dirname "$f")"): mermaid.parse accepts the flowchart"
    else fc_fail "$f: mermaid.parse: $(grep -F "$f" "$FC_TMP/mermaid.log" || head -5 "$FC_TMP/mermaid.log")"; fi
  done
  if grep -q "bad.mmd FAIL" "$FC_TMP/mermaid.log"; then fc_pass "mermaid.parse rejects a broken flowchart"
  else fc_fail "mermaid.parse accepted a broken flowchart: $(cat "$FC_TMP/mermaid.log")"; fi
fi

seed=$FABCHART_SOURCE_DIR/samples/seed-kafka.yaml
for fmt in dot mermaid; do
  ext=$fmt; [[ $fmt == mermaid ]] && ext=mmd
  "$FABCHART" graph "$seed" --format "$fmt" >"$FC_TMP/seed.$ext" 2>/dev/null
  if [[ "${FABCHART_UPDATE_GOLDEN:-0}" == 1 ]]; then cp "$FC_TMP/seed.$ext" "$HERE/seed-kafka.$ext"; fi
  if cmp -s "$FC_TMP/seed.$ext" "$HERE/seed-kafka.$ext"; then fc_pass "seed-kafka: golden $fmt"
  else fc_fail "seed-kafka: $fmt differs from tests/graph/seed-kafka.$ext"; diff "$HERE/seed-kafka.$ext" "$FC_TMP/seed.$ext" | head -20; fi
done

# errors
PATH=/nonexistent "$FABCHART" graph "$seed" --format svg >"$FC_TMP/o" 2>"$FC_TMP/e"; rc=$?
if [[ $rc == 3 ]] && grep -q 'needs Graphviz.*\[tool-missing\]' "$FC_TMP/e" && [[ ! -s "$FC_TMP/o" ]]; then
  fc_pass "--format svg without dot: exit 3, [tool-missing]"
else fc_fail "--format svg without dot: exit $rc: $(cat "$FC_TMP/e")"; fi
"$FABCHART" graph "$seed" --format png >/dev/null 2>"$FC_TMP/e"; rc=$?
if [[ $rc == 2 ]] && grep -q "dot, svg or mermaid, not 'png'" "$FC_TMP/e"; then fc_pass "--format png: usage error"
else fc_fail "--format png: exit $rc"; fi
"$FABCHART" graph >/dev/null 2>&1; rc=$?
if [[ $rc == 2 ]]; then fc_pass "no topology: usage error"; else fc_fail "no topology: exit $rc"; fi
fc_finish
