#!/usr/bin/env python3
"""Validate rendered Kubernetes objects against strict JSON Schemas.

usage: k8s_validate.py --schemas DIR [--validator-cmd CMD] RENDERED.yaml...

DIR is shared/ext/k8s-schemas: its SOURCE.md holds the table
"| kind | `file` | apiVersion |" that picks the schema for each object; an object
whose kind/apiVersion is not in the table fails. Every object is checked by a
validator:
  default          python3-jsonschema's Draft7Validator, in process;
  --validator-cmd  an external command, e.g. "$FABCHART validate --schema {schema} {doc}":
                   {schema} becomes the schema's path, {doc} a JSON file holding the
                   object; exit status 0 means valid, anything else invalid (its
                   output is shown).
Prints one line per object and closes with "N passed, N failed"; exit 1 when
any object failed, 2 on a usage or I/O error.
"""

import argparse
import json
import os
import re
import shlex
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import manifests  # noqa: E402

_ROW = re.compile(r"^\|\s*([A-Za-z]+)\s*\|\s*`([^`]+\.json)`\s*\|\s*([A-Za-z0-9./-]+)\s*\|\s*$")


def read_schema_table(schemas_dir):
    """{(apiVersion, kind): schema path} from SOURCE.md's file table."""
    table = {}
    with open(os.path.join(schemas_dir, "SOURCE.md"), encoding="utf-8") as f:
        for line in f:
            m = _ROW.match(line.strip())
            if m:
                kind, filename, api_version = m.groups()
                table[(api_version, kind)] = os.path.join(schemas_dir, filename)
    if not table:
        raise OSError(f"no schema table found in {schemas_dir}/SOURCE.md")
    return table


class JsonSchemaValidator:
    """python3-jsonschema, Draft 7 (the schemas give the same results under 4/7/2020-12)."""

    name = "python3-jsonschema Draft7Validator"

    def __init__(self):
        import jsonschema  # pylint: disable=import-outside-toplevel

        self._cls = jsonschema.Draft7Validator
        self._cache = {}

    def errors(self, schema_path, obj):
        validator = self._cache.get(schema_path)
        if validator is None:
            with open(schema_path, encoding="utf-8") as f:
                schema = json.load(f)
            self._cls.check_schema(schema)
            validator = self._cache[schema_path] = self._cls(schema)
        found = sorted(validator.iter_errors(obj), key=lambda e: list(e.absolute_path))
        return [f"/{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in found]


class CommandValidator:
    """An external command: exit 0 = valid."""

    def __init__(self, template, workdir):
        self._argv = shlex.split(template)
        if not any("{schema}" in a for a in self._argv) or not any("{doc}" in a for a in self._argv):
            raise ValueError("--validator-cmd needs {schema} and {doc}")
        self.name = template
        self._workdir = workdir
        self._count = 0

    def errors(self, schema_path, obj):
        self._count += 1
        doc = os.path.join(self._workdir, f"object-{self._count}.json")
        with open(doc, "w", encoding="utf-8") as f:
            json.dump(obj, f)
        argv = [a.replace("{schema}", schema_path).replace("{doc}", doc) for a in self._argv]
        proc = subprocess.run(argv, capture_output=True, text=True, check=False)
        if proc.returncode == 0:
            return []
        out = (proc.stdout + proc.stderr).strip().splitlines() or ["(no output)"]
        return [f"validator exit {proc.returncode}: {line}" for line in out[:20]]


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--schemas", required=True, help="the k8s-schemas directory")
    ap.add_argument("--validator-cmd", help="external validator, with {schema} and {doc}")
    ap.add_argument("rendered", nargs="+", help="rendered manifests (helm template output)")
    args = ap.parse_args(argv[1:])

    try:
        table = read_schema_table(args.schemas)
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="k8s-validate.") as workdir:
        try:
            validator = (CommandValidator(args.validator_cmd, workdir) if args.validator_cmd
                         else JsonSchemaValidator())
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        print(f"validator: {validator.name}; schemas: {args.schemas}")
        passed = failed = 0
        for path in args.rendered:
            try:
                with open(path, encoding="utf-8") as f:
                    objects = manifests.load_objects(f.read())
            except OSError as exc:
                print(f"error: {exc}", file=sys.stderr)
                return 2
            except manifests.ManifestError as exc:
                print(f"FAIL  {path}: {exc}")
                failed += 1
                continue
            if not objects:
                print(f"FAIL  {path}: no Kubernetes objects rendered")
                failed += 1
                continue
            for source, _index, obj in objects:
                what = manifests.describe(source, obj)
                key = (obj.get("apiVersion"), obj.get("kind"))
                schema = table.get(key)
                if schema is None:
                    print(f"FAIL  {what}: no schema for apiVersion {key[0]!r} kind {key[1]!r}")
                    failed += 1
                    continue
                errs = validator.errors(schema, obj)
                if errs:
                    failed += 1
                    print(f"FAIL  {what} against {os.path.basename(schema)}")
                    for e in errs:
                        print(f"      {e}")
                else:
                    passed += 1
                    print(f"ok    {what} against {os.path.basename(schema)}")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
