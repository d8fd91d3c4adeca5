#!/usr/bin/env python3
"""bombs.py DIR - writes the hostile inputs of issue 7 into DIR.

Each input is a file DIR/<name>.yaml; DIR/MANIFEST lists them, one per line,
tab-separated:

    NAME  FILE  EXIT  CODE  POSITION  BUDGET  WHAT

EXIT is fabchart build's expected exit status, CODE the diagnostic code
expected first (or '-' when the build succeeds), POSITION the expected
'line:col' of that diagnostic ('-' when none), BUDGET 'yes' for the inputs
of issue 7 that must be rejected within 100 ms and 50 MB, 'info' for the
ones measured for information only (inputs within the 1 MiB limit that
give every one of 10^5 errors), WHAT a short description.
Shared by tests/limits/run_limits.sh (verdicts) and bench/limits/run (time
and memory).
"""
import os
import sys

SAMPLE = """\
network: dev
fabric:
  version: 2.5.12
peerOrganizations:
  - name: devorg
    mspId: DevMSP
    domain: dev.example.com
    peers: 1
    stateDatabase: LevelDB
ordererOrganizations:
  - name: devorderer
    mspId: DevOrdererMSP
    domain: orderer.dev.example.com
    orderers: 1
consensus:
  type: etcdraft
channels:
  - name: devchannel
    organizations: [devorg]
exposure:
  type: ClusterIP
"""


def billion_laughs():
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    prev = "a"
    for name in "bcdefghi":
        lines.append("%s: &%s [%s]" % (name, name, ",".join(["*" + prev] * 9)))
        prev = name
    return ("\n".join(lines) + "\n").encode()


def big_file():
    # 100 MB of valid YAML: a mapping of short keys
    chunk = b"".join(b"k%08d: value value value value value value value value value\n" % i
                     for i in range(16384))
    return chunk * (100 * 1000 * 1000 // len(chunk) + 1)


def many_organizations():
    out = [SAMPLE.split("peerOrganizations:")[0], "peerOrganizations:\n"]
    for i in range(10000):
        out.append("  - {name: o%d, mspId: O%dMSP, domain: o%d.example.com, peers: 1}\n"
                   % (i, i, i))
    out.append(SAMPLE[SAMPLE.index("ordererOrganizations:"):])
    return "".join(out).encode()


BOMBS = [
    # name, bytes, exit, code, position, what
    ("billion-laughs", billion_laughs(), 1, "yaml-anchor", "1:4",
     "9 levels of 9 aliases (10^9 'lol' when expanded)"),
    ("self-alias", b"&a [*a]\n", 1, "yaml-anchor", "1:1", "an alias inside its own anchor"),
    ("nested-flow", b"[" * 30000, 1, "yaml-too-deep", "1:65", "30,000 nested '['"),
    ("nested-block", b"- " * 30000 + b"x\n", 1, "yaml-too-deep", "1:129",
     "30,000 nested '- '"),
    ("big-file", None, 1, "input-too-large", "1:1", "a 100 MB file"),
    ("invalid-utf8", SAMPLE.replace("dev.example.com", "d\xe9v.example.com")
     .encode("latin-1"), 1, "yaml-encoding", "7:14", "a Latin-1 byte (0xE9) in UTF-8 text"),
    ("nul-bytes", SAMPLE.replace("devchannel", "dev\0channel").encode(), 1,
     "yaml-encoding", "18:14", "a NUL byte in a name"),
    ("utf16-bom", b"\xff\xfe" + SAMPLE.encode("utf-16-le"), 1, "yaml-encoding", "1:1",
     "UTF-16LE with its byte order mark"),
    ("utf16-no-bom", SAMPLE.encode("utf-16-be"), 1, "yaml-encoding", "1:1",
     "UTF-16BE without a byte order mark"),
    ("bom-inside", SAMPLE.replace("devchannel", "dev\ufeffchannel").encode(), 1,
     "schema-pattern", "18:11", "a byte order mark inside a name"),
    ("tab-indent", SAMPLE.replace("    peers: 1", "\tpeers: 1").encode(), 1, "yaml-syntax",
     "8:1", "a tab in indentation"),
    ("empty-file", b"", 1, "yaml-empty", "1:1", "an empty file"),
    ("scalar-root", b"just a string\n", 1, "schema-type", "1:1", "a scalar as the root"),
    ("many-organizations", many_organizations(), 1, "schema-maxItems", "5:3",
     "10,000 peer organizations"),
    ("crlf", SAMPLE.replace("\n", "\r\n").encode(), 0, "-", "-",
     "CRLF line ends (accepted)"),
    ("utf8-bom", b"\xef\xbb\xbf" + SAMPLE.encode(), 0, "-", "-",
     "a UTF-8 byte order mark at the start (accepted, as YAML allows)"),
]


# Inputs within the limits that produce one error per line: every error is
# reported (no error cap today), so they cost more than the budget; measured
# for information.
INFO = [
    ("many-duplicate-keys", b"a: 1\n" * 200000, 1, "duplicate-key", "2:1",
     "200,000 duplicate keys in 1 MB (199,999 errors)"),
    ("many-unknown-keys", "".join("k%d: 1\n" % i for i in range(100000)).encode(), 1,
     "schema-additionalProperties", "1:1", "100,000 unknown properties in 1 MB"),
    ("many-tags", b"- !foo x\n" * 100000, 1, "yaml-tag", "1:3",
     "100,000 unknown tags in 0.9 MB"),
]


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: bombs.py DIR")
    out = sys.argv[1]
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "MANIFEST"), "w") as manifest:
        rows = [b + ("yes",) for b in BOMBS] + [b + ("info",) for b in INFO]
        for name, data, code_exit, code, pos, what, budget in rows:
            path = os.path.join(out, name + ".yaml")
            if data is None:
                data = big_file()
            with open(path, "wb") as f:
                f.write(data)
            manifest.write("\t".join([name, path, str(code_exit), code, pos, budget, what])
                           + "\n")


if __name__ == "__main__":
    main()
