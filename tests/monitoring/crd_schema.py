#!/usr/bin/env python3
"""A CRD's openAPIV3Schema as a strict JSON Schema (draft-07).

usage: crd_schema.py CRD.yaml VERSION SOURCE > OUT.json
Takes spec.versions[name == VERSION].schema.openAPIV3Schema of the
CustomResourceDefinition and, as kubeconform -strict does for built-in kinds,
adds additionalProperties: false to every object schema that lists its
properties and does not keep unknown fields (x-kubernetes-preserve-unknown-fields),
so that a misspelt key fails instead of being pruned by the API server.
apiVersion and kind are pinned. SOURCE (where the CRD came from) goes in
$comment.  Written once; the JSON files next to this script are its output.
"""
import json
import sys

import yaml


def strict(node):
    if isinstance(node, dict):
        if ("properties" in node and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")):
            node["additionalProperties"] = False
        for value in node.values():
            strict(value)
    elif isinstance(node, list):
        for value in node:
            strict(value)


def main():
    crd = yaml.safe_load(open(sys.argv[1], encoding="utf-8"))
    version = sys.argv[2]
    spec = crd["spec"]
    schema = next(v["schema"]["openAPIV3Schema"] for v in spec["versions"] if v["name"] == version)
    strict(schema)
    schema["properties"]["apiVersion"] = {"const": f"{spec['group']}/{version}"}
    schema["properties"]["kind"] = {"const": spec["names"]["kind"]}
    schema["required"] = sorted(set(schema.get("required", [])) | {"apiVersion", "kind", "metadata", "spec"})
    out = {"$schema": "http://json-schema.org/draft-07/schema#", "$comment": sys.argv[3]}
    out.update(schema)
    json.dump(out, sys.stdout, indent=1, sort_keys=True)
    sys.stdout.write("\n")


main()
