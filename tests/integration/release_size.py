#!/usr/bin/env python3
"""Helm's release record of a chart must fit Kubernetes' 1 MiB Secret.

usage: release_size.py TGZ RENDERED.yaml VALUES.yaml
Helm stores a release as JSON (the chart's files, its values, the rendered
manifest), gzipped, then base64-encoded into one Secret whose data may not
exceed 1 MiB (1,048,576 bytes).  This computes that size the same way and
fails when it is over the limit.
"""
import base64
import gzip
import json
import sys
import tarfile

LIMIT = 1 << 20

tgz, rendered, values = sys.argv[1:4]
files = []
with tarfile.open(tgz) as t:
    for m in t.getmembers():
        files.append({"name": m.name.split("/", 1)[1],
                      "data": base64.b64encode(t.extractfile(m).read()).decode()})
release = {
    "chart": {"files": files},
    "config": {},
    "manifest": open(rendered, encoding="utf-8").read(),
    "values": open(values, encoding="utf-8").read(),
}
size = len(base64.b64encode(gzip.compress(json.dumps(release).encode(), 9)))
print(f"release record: {size} bytes of {LIMIT} ({100 * size / LIMIT:.1f}%)")
sys.exit(0 if size <= LIMIT else 1)
