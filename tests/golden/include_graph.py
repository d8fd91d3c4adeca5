#!/usr/bin/env python3
"""The include graph of src/: no cycle, no include from a layer to a later one.

A module is a file name without its extension (x.c and x.h are module x; the
files of PARTS are their module's), in src/ or one of its folders (src/tools/, build-time programs, excluded).  Each
`#include "y.h"` of a module's files is an edge to module y.  LAYERS below
declares the order, lowest first: the shared base, then the pipeline stages
(load -> validate -> model -> render -> pack), the pipeline itself, the
commands that read its products, the front end.  A module may include one of
its own layer or of an earlier one, never a later one; the graph between
modules has no cycle.  Every module must be declared (a new one fails until
it is given its layer).

Usage: include_graph.py [SRC_DIR]   (default: $FABCHART_SOURCE_DIR/src)
Prints the layers and a summary of the edges; exits 1 on a violation.
"""
import os
import re
import sys

LAYERS = [
    ("base", ["arena", "strbuf", "diag", "doc", "text", "sha256", "rfc3339", "semver",
              "dynlib", "gzstream", "fileset", "emit", "output"]),
    ("load", ["yamlscalar", "load", "json"]),
    ("validate", ["decimal", "uri", "ecma_regex", "schema_format", "schema"]),
    ("model", ["model", "fabrules", "fabpolicy", "chaincode", "policy", "identity", "fabcfg",
               "disruption", "inventory", "k8sname", "fabnames"]),
    ("render", ["confupdate", "connprofile", "portmap", "graph", "monitoring", "values_schema", "chart_readme", "render",
                "skeleton", "embedded"]),
    ("pack", ["tar", "pack", "ccpackage"]),
    ("pipeline", ["compile"]),
    ("tools", ["ivset", "connset", "netpol", "chartfile", "repoindex", "prov", "oci",
               "helmvalues", "regcreds", "init", "plan"]),
    ("front end", ["cli", "main"]),
]
# Modules of several files: a private header and the parts over it.
PARTS = {
    "schema": ["schema_internal", "schema_compiler", "schema_compile", "schema_scan",
               "schema_validate", "schema_keywords"],
    "netpol": ["netpol_internal", "netpol_read", "netpol_analyze", "netpol_format"],
    "model": ["model_internal", "model_ports"],
    "embedded": ["embedded_lookup"],
    "plan": ["plan_internal", "plan_steps", "plan_chart"],
    "inventory": ["inventory_internal", "inventory_chaincode", "inventory_ingress"],
    # the front end: one table (cli.c) and the commands over cli_private.h
    "cli": ["cli_private", "cli_build", "cli_netpol", "cli_publish", "cli_summary",
            "cli_values", "cli_graph", "cli_init", "cli_plan"],  # the table itself is generated in the build
}
# Every module of these folders (relative to src/) is of the given layer.
FOLDER_LAYERS = {"cli": "front end"}
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
        os.environ.get("FABCHART_SOURCE_DIR", "."), "src")
    layer_of = {}
    for rank, (name, modules) in enumerate(LAYERS):
        for m in modules:
            layer_of[m] = rank
    part_of = {part: m for m, parts in PARTS.items() for part in parts}
    layer_rank = {name: rank for rank, (name, _) in enumerate(LAYERS)}

    edges = {}  # module -> set of modules
    files = 0
    for root, dirs, names in os.walk(src):
        rel = os.path.relpath(root, src)
        dirs[:] = sorted(d for d in dirs if not (rel == "." and d == "tools"))
        for n in sorted(names):
            if not n.endswith((".c", ".h")):
                continue
            files += 1
            module = part_of.get(n[:-2], n[:-2])
            if rel != "." and module not in layer_of and rel.split(os.sep)[0] in FOLDER_LAYERS:
                layer_of[module] = layer_rank[FOLDER_LAYERS[rel.split(os.sep)[0]]]
            with open(os.path.join(root, n), encoding="utf-8") as f:
                text = f.read()
            targets = edges.setdefault(module, set())
            for inc in INCLUDE.findall(text):
                target = os.path.basename(inc)
                if target.endswith(".h"):
                    target = target[:-2]
                target = part_of.get(target, target)
                if target != module:
                    targets.add(target)

    problems = []
    for m in sorted(edges):
        if m not in layer_of:
            problems.append(f"module '{m}' has no declared layer (add it to LAYERS)")
    for m, targets in sorted(edges.items()):
        for t in sorted(targets):
            if t not in edges:
                problems.append(f"{m} includes \"{t}.h\", which is not in src/")
            elif m in layer_of and t in layer_of and layer_of[t] > layer_of[m]:
                problems.append(f"{m} ({LAYERS[layer_of[m]][0]}) includes {t} "
                                f"({LAYERS[layer_of[t]][0]}), a later layer")

    # cycles: depth-first search, reporting each back edge's cycle
    state, stack = {}, []

    def visit(m):
        state[m] = 1
        stack.append(m)
        for t in sorted(edges.get(m, ())):
            if t not in edges:
                continue
            if state.get(t) == 1:
                cycle = stack[stack.index(t):] + [t]
                problems.append("include cycle: " + " -> ".join(cycle))
            elif not state.get(t):
                visit(t)
        stack.pop()
        state[m] = 2

    sys.setrecursionlimit(10000)
    for m in sorted(edges):
        if not state.get(m):
            visit(m)

    # summary
    count = sum(len(t) for t in edges.values())
    print(f"{files} files, {len(edges)} modules, {count} include edges between modules")
    pairs = {}
    for m, targets in edges.items():
        for t in targets:
            if m in layer_of and t in layer_of:
                key = (layer_of[m], layer_of[t])
                pairs[key] = pairs.get(key, 0) + 1
    for rank, (name, _) in enumerate(LAYERS):
        present = sorted(m for m in edges if layer_of.get(m) == rank)
        out = ", ".join(f"{LAYERS[t][0]} {n}" for (s, t), n in sorted(pairs.items()) if s == rank)
        print(f"  {rank} {name}: {' '.join(present)}")
        if out:
            print(f"      includes: {out}")
    for p in problems:
        print("FAIL  " + p)
    print("no cycle, no include from a layer to a later one" if not problems
          else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
