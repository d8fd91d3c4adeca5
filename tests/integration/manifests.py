"""Split rendered Helm output (multi-document YAML) into Kubernetes objects.

Used by k8s_validate.py; run as a script it writes the objects as one JSON
array for k8s_models.mjs:  python3 manifests.py RENDERED.yaml > objects.json
Each element: {"source": "<chart>/templates/x.yaml", "index": N, "object": {...}}.

YAML is read with PyYAML (YAML 1.1, like the Go YAML reader Kubernetes and Helm
use), except that timestamps stay strings as they do for Kubernetes.
"""

import json
import re
import sys

import yaml


class _Loader(yaml.SafeLoader):
    """SafeLoader without the timestamp resolver (dates stay strings)."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_SEPARATOR = re.compile(r"^---[ \t]*(?:#.*)?$")
_SOURCE = re.compile(r"^# Source: (.+?)\s*$")


class ManifestError(Exception):
    """A rendered document that is not a Kubernetes object."""


def split_documents(text):
    """Yield (source, text) for each '---'-separated document of helm's output."""
    chunk, source = [], None
    for line in text.splitlines():
        if _SEPARATOR.match(line):
            yield source, "\n".join(chunk)
            chunk, source = [], None
            continue
        m = _SOURCE.match(line)
        if m and source is None:
            source = m.group(1)
        chunk.append(line)
    yield source, "\n".join(chunk)


def load_objects(text):
    """Return [(source, index, object)] for every non-empty document.

    Raises ManifestError for a document that does not parse or is not a mapping.
    """
    objects = []
    for index, (source, doc) in enumerate(split_documents(text)):
        try:
            obj = yaml.load(doc, Loader=_Loader)  # noqa: S506 (SafeLoader subclass)
        except yaml.YAMLError as exc:
            raise ManifestError(f"{source or 'document'} #{index}: not YAML: {exc}") from exc
        if obj is None:
            continue
        if not isinstance(obj, dict):
            raise ManifestError(f"{source or 'document'} #{index}: not a mapping")
        objects.append((source or "?", index, obj))
    return objects


def describe(source, obj):
    """Kind/name (source) of an object, for messages."""
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    name = meta.get("name", "?")
    ns = meta.get("namespace")
    where = f"{ns}/{name}" if ns else str(name)
    return f"{obj.get('kind', '?')} {where} ({source})"


def main(argv):
    if len(argv) != 2:
        print("usage: manifests.py RENDERED.yaml", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as f:
        text = f.read()
    try:
        objects = load_objects(text)
    except ManifestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    json.dump([{"source": s, "index": i, "object": o} for s, i, o in objects], sys.stdout)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
