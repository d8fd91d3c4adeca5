#!/usr/bin/env python3
"""Golden test of diagnostics: every tests/invalid/*.yaml, plus cases too large
to commit that are generated here, is run through `fabchart validate --format
json` and `fabchart build`.

Each file starts with comment lines stating every diagnostic it must produce:

    # expect: error 14:11 nodeport-collision
    # expect: warning 9:9 raft-no-fault-tolerance
    # expect: error 8:11 schema-pattern: "Org_1" is not a DNS-1123 label: ...

The multiset of (severity, line, column, code) reported must equal the one
expected; where a line goes on with ': MESSAGE', a diagnostic there must
have exactly that message.

Diagnostics in words (issue 20): no message or note of any case may quote a
regular expression of the topology schema (or say "the pattern '"), and
schema notes name the keyword by the schema's $id and a JSON Pointer, never
by a file.  Run over every case, the exact messages checked must cover
every 'pattern', 'not' and 'oneOf' of schemas/topology.schema.json, and
every such keyword must carry its words (x-pattern-rule, x-not-message,
x-oneOf-rule; see src/jsonschema/schema.h).  Then: validate exits 1 when an error is expected, else 0; the text
output names each diagnostic as FILE:LINE:COL: SEVERITY: ... [CODE]; `build`
fails and writes nothing when an error is expected, and writes exactly one
.tgz when only warnings are.

Environment: FABCHART (the binary), FABCHART_SOURCE_DIR (the source tree).
Arguments: optional file names or substrings to run only some cases.
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

EXPECT = re.compile(rb"^# expect: (error|warning) (\d+):(\d+) ([A-Za-z0-9-]+)(?:: (.*?))?\s*$")
SCHEMA_ID = "https://fabchart.dev/schemas/topology.schema.json"
# the keywords whose failure must be explained in the schema's own words
WORDS = {"pattern": "x-pattern-rule", "not": "x-not-message", "oneOf": "x-oneOf-rule",
         "anyOf": "x-anyOf-rule"}
FIELDS = ("severity", "code", "file", "line", "column", "path", "message", "notes")
SANITIZER = re.compile(r"runtime error:|AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer")


def parse_expectations(data):
    """The '# expect:' lines of the file's leading comment block, and the
    exact messages some of them give: {(severity, line, col, code): [message]}."""
    expected, messages = [], {}
    for raw in data.split(b"\n"):
        if not raw.startswith(b"#"):
            break
        m = EXPECT.match(raw)
        if m:
            e = (m.group(1).decode(), int(m.group(2)), int(m.group(3)), m.group(4).decode())
            expected.append(e)
            if m.group(5) is not None:
                messages.setdefault(e, []).append(m.group(5).decode())
    return expected, messages


def schema_words():
    """(pointers of the words-needing keywords of the topology schema, their
    pattern sources, problems: keywords without their words)."""
    source = os.environ.get("FABCHART_SOURCE_DIR",
                            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    with open(os.path.join(source, "schemas", "topology.schema.json")) as fh:
        schema = json.load(fh)
    pointers, patterns, problems = set(), set(), []

    def esc(k):
        return k.replace("~", "~0").replace("/", "~1")

    def walk(node, ptr):
        if isinstance(node, dict):
            for kw, words in WORDS.items():
                if kw in node:
                    pointers.add(ptr + "/" + kw)
                    if not isinstance(node.get(words), str) or not node[words]:
                        problems.append("%s/%s has no %s" % (ptr, kw, words))
            if isinstance(node.get("pattern"), str):
                patterns.add(node["pattern"])
            for k, v in node.items():
                if k not in ("enum", "const", "default", "examples"):
                    walk(v, ptr + "/" + esc(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, "%s/%d" % (ptr, i))
    walk(schema, "#")
    if "patternProperties" in json.dumps(schema):
        problems.append("patternProperties: add its words to schema_words() and the validator")
    return pointers, patterns, problems


REGEX_LIKE = re.compile(r"the pattern '|\^\[|\]\*|\]\+|\)\?\$|\\\.|\[\^|\{\d+,\d*\}")


def words_problems(diags, path, patterns):
    """Regular expressions in messages and notes; notes naming a file."""
    problems = []
    for d in diags:
        texts = [d.get("message", "")] + [n.get("message", "") for n in d.get("notes", [])]
        for text in texts:
            if REGEX_LIKE.search(text) or any(p in text for p in patterns):
                problems.append("a regular expression in %r" % text)
        for n in d.get("notes", []):
            if n.get("file") not in (None, path):
                problems.append("a note names the file %r: %r" % (n.get("file"), n.get("message")))
        if d.get("code", "").startswith("schema-") and d.get("code") != "schema-invalid":
            if not any(n.get("message", "").startswith("schema: " + SCHEMA_ID + "#/")
                       for n in d.get("notes", [])):
                problems.append("%s has no note 'schema: %s#/...'" % (d.get("code"), SCHEMA_ID))
    return problems


def fmt(t):
    return "%s %d:%d %s" % t


def clip(text, lines=12):
    """The first lines of text, for a readable failure report."""
    t = text.rstrip().splitlines()
    return "\n".join(t[:lines] + (["... (%d more lines)" % (len(t) - lines)] if len(t) > lines else []))


def run(argv, timeout=60):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


UNDER_VALGRIND = os.environ.get("FABCHART_UNDER_VALGRIND") == "1"


def check_case(fabchart, path, expected, messages, patterns, covered, work):
    """Returns a list of problems (empty: pass); adds to covered the schema
    keywords (JSON Pointers) whose diagnostic had its exact message checked."""
    problems = []
    want_error = any(e[0] == "error" for e in expected)
    want_status = 1 if want_error else 0

    # validate --format json
    try:
        rc, out, err = run([fabchart, "validate", path, "--format", "json"])
    except subprocess.TimeoutExpired:
        return ["validate --format json timed out"]
    if SANITIZER.search(err) or rc > 4 or rc < 0:
        problems.append("validate --format json crashed or a sanitizer fired (exit %d):\n%s"
                        % (rc, clip(err)))
        return problems
    try:
        result = json.loads(out)
    except ValueError as e:
        problems.append("validate --format json printed no JSON (%s); stdout:\n%s\nstderr:\n%s"
                        % (e, clip(out), clip(err)))
        return problems
    diags = result.get("diagnostics", [])
    got = []
    for d in diags:
        missing = [f for f in FIELDS if f not in d]
        if missing:
            problems.append("diagnostic without %s: %s" % (", ".join(missing), json.dumps(d)))
            continue
        got.append((d["severity"], d["line"], d["column"], d["code"]))
        if d["file"] != path:
            problems.append("diagnostic names file %r, not %r" % (d["file"], path))
    problems += words_problems(diags, path, patterns)
    for key, want in messages.items():
        have = sorted(d["message"] for d in diags
                      if (d.get("severity"), d.get("line"), d.get("column"), d.get("code")) == key)
        for w in want:
            if w in have:
                have.remove(w)
                for d in diags:
                    if (d["severity"], d["line"], d["column"], d["code"]) == key and d["message"] == w:
                        for n in d["notes"]:
                            if n["message"].startswith("schema: " + SCHEMA_ID + "#"):
                                covered.add(n["message"][len("schema: " + SCHEMA_ID):])
            else:
                problems.append("%s: message differs:\n  expected: %s\n  reported: %s"
                                % (fmt(key), w, " | ".join(have) or "(none)"))
    exp_sorted, got_sorted = sorted(expected), sorted(got)
    if exp_sorted != got_sorted:
        lines = ["diagnostics differ (- expected, + reported):"]
        rest = list(got_sorted)
        for e in exp_sorted:
            if e in rest:
                rest.remove(e)
                lines.append("    " + fmt(e))
            else:
                lines.append("  - " + fmt(e))
        for g in rest:
            msg = next((d.get("message", "") for d in diags
                        if (d.get("severity"), d.get("line"), d.get("column"), d.get("code")) == g), "")
            lines.append("  + %s   (%s)" % (fmt(g), msg))
        problems.append("\n".join(lines))
    n_err = sum(1 for g in got if g[0] == "error")
    n_warn = sum(1 for g in got if g[0] == "warning")
    if result.get("errors") != n_err or result.get("warnings") != n_warn:
        problems.append("JSON counts errors=%r warnings=%r, diagnostics list %d and %d"
                        % (result.get("errors"), result.get("warnings"), n_err, n_warn))
    if result.get("ok") is not (not want_error):
        problems.append("JSON \"ok\" is %r" % result.get("ok"))
    if rc != want_status:
        problems.append("validate --format json exited %d, expected %d" % (rc, want_status))

    # validate, text: one FILE:LINE:COL: SEVERITY: ... [CODE] line per diagnostic.
    # Under valgrind (valgrind_golden_invalid) this third run is left out: it
    # takes the JSON run's path but for the printer, which every case prints
    # through alike and valgrind_golden_cli runs under memcheck; golden_invalid
    # (ASan) runs it for every case
    if not UNDER_VALGRIND:
        rc, out, err = run([fabchart, "validate", path])
        if rc != want_status:
            problems.append("validate exited %d, expected %d" % (rc, want_status))
        for e in expected:
            head = "%s:%d:%d: %s: " % (path, e[1], e[2], e[0])
            tail = "[%s]" % e[3]
            if not any(l.startswith(head) and l.endswith(tail) for l in err.splitlines()):
                problems.append("text output lacks a line '%s... %s'" % (head, tail))

    # build: nothing written on error
    out_dir = os.path.join(work, "out")
    shutil.rmtree(out_dir, ignore_errors=True)
    rc, out, err = run([fabchart, "build", path, "-o", out_dir])
    written = sorted(os.listdir(out_dir)) if os.path.isdir(out_dir) else []
    if SANITIZER.search(err):
        problems.append("build: a sanitizer fired:\n" + clip(err))
    if want_error:
        if rc == 0:
            problems.append("build exited 0 though errors are expected")
        if written:
            problems.append("build wrote %s though errors are expected" % ", ".join(written))
    else:
        if rc != 0:
            problems.append("build exited %d with only warnings expected:\n%s" % (rc, clip(err)))
        elif len(written) != 1 or not written[0].endswith(".tgz"):
            problems.append("build wrote %r, expected one .tgz" % written)
    shutil.rmtree(out_dir, ignore_errors=True)
    return problems


# ---- generated cases: inputs too large to commit -------------------------------

DEV = """\
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
    orderers: 3
consensus:
  type: etcdraft
channels:
  - name: devchannel
    organizations: [devorg]
exposure:
  type: ClusterIP
"""


def generated_cases():
    """(name, bytes, expectations) of inputs built here."""
    cases = []
    # chart description: line 2, value at column 16
    head = "network: dev\nchart:\n  description: "
    rest = DEV[len("network: dev\n"):]
    cases.append(("loader-scalar-too-long (65537 bytes)",
                  (head + "a" * 65537 + "\n" + rest).encode(),
                  [("error", 3, 16, "yaml-scalar-too-long")]))
    # exactly 64 KiB passes the loader; the schema's maxLength 200 rejects it
    cases.append(("loader-scalar-at-limit (65536 bytes)",
                  (head + "a" * 65536 + "\n" + rest).encode(),
                  [("error", 3, 16, "schema-maxLength")]))
    # input: over 1 MiB is rejected at 1:1 before parsing; exactly 1 MiB is fine
    limit = 1 << 20
    pad = limit - len(DEV) - 2  # "# " + padding + "\n" ends at exactly 1 MiB
    exact = (DEV + "#" + " " * pad + "\n").encode()
    assert len(exact) == limit
    cases.append(("loader-input-at-limit (1 MiB)", exact, []))
    cases.append(("loader-input-too-large (1 MiB + 1)", exact + b"\n",
                  [("error", 1, 1, "input-too-large")]))
    # nesting: root mapping, channels, the channel, organizations = 4 levels;
    # k more flow sequences inside organizations reach depth 4 + k
    line = DEV.split("\n").index("    organizations: [devorg]") + 1
    col0 = len("    organizations: ") + 1

    def nested(k):
        inner = "[" * k + "devorg" + "]" * k
        return DEV.replace("organizations: [devorg]", "organizations: [%s]" % inner).encode()
    # depth 65: the 65th collection's '[' is reported
    cases.append(("loader-too-deep (65 levels)", nested(61),
                  [("error", line, col0 + 61, "yaml-too-deep")]))
    # depth 64 loads; the schema then wants a string where a list is
    cases.append(("loader-depth-at-limit (64 levels)", nested(60),
                  [("error", line, col0 + 1, "schema-type")]))
    # UTF-16 with a byte order mark
    cases.append(("loader-utf16", b"\xff\xfe" + DEV.encode("utf-16-le"),
                  [("error", 1, 1, "yaml-encoding")]))
    return cases


def main():
    fabchart = os.environ.get("FABCHART")
    source = os.environ.get("FABCHART_SOURCE_DIR",
                            os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
    if not fabchart or not os.access(fabchart, os.X_OK):
        print("FABCHART must name the fabchart binary")
        return 2
    filters = sys.argv[1:]
    invalid_dir = os.path.join(source, "tests", "invalid")
    files = sorted(f for f in os.listdir(invalid_dir) if f.endswith(".yaml"))
    passed = failed = 0
    work = tempfile.mkdtemp(prefix="fabchart-invalid.")
    try:
        cases = []
        for f in files:
            path = os.path.join(invalid_dir, f)
            with open(path, "rb") as fh:
                data = fh.read()
            expected, messages = parse_expectations(data)
            cases.append((f, path, expected, messages))
        gen_dir = os.path.join(work, "generated")
        os.makedirs(gen_dir)
        for name, data, expected in generated_cases():
            path = os.path.join(gen_dir, name.split(" ")[0] + ".yaml")
            with open(path, "wb") as fh:
                fh.write(data)
            cases.append((name, path, expected, {}))
        todo = [c for c in cases if not filters or any(x in c[0] for x in filters)]
        pointers, patterns, schema_problems = schema_words()
        covered = set()

        def check(i_case):
            i, (name, path, expected, messages) = i_case
            if not expected and "at-limit" not in name:
                return ["no '# expect:' lines"]
            case_work = os.path.join(work, "case%d" % i)
            os.makedirs(case_work)
            return check_case(fabchart, path, expected, messages, patterns, covered, case_work)

        # the cases are independent (each has its own output directory): run
        # them side by side, as many as FC_JOBS (default: the CPUs), reported
        # in order
        jobs = int(os.environ.get("FC_JOBS") or os.cpu_count() or 1)
        with concurrent.futures.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
            results = list(pool.map(check, enumerate(todo)))
        # the topology schema's words, and golden messages for each of them
        if not filters:
            missing = sorted(pointers - covered)
            schema_problems += ["no case checks the exact message of %s" % p for p in missing]
        todo.append(("topology schema words", None, None, None))
        results.append(schema_problems)
        for (name, path, expected, messages), problems in zip(todo, results):
            if problems:
                failed += 1
                print("FAIL %s" % name)
                for p in problems:
                    print("  " + p.replace("\n", "\n  "))
            else:
                passed += 1
                print("PASS %s" % name)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
