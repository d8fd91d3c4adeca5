#!/usr/bin/env python3
"""`fabchart init` on a terminal: runs it on a pseudo-terminal (stdin and stdout), answers
its questions, and checks the questions, the defaults in brackets, the re-asking after a
bad answer, the file written, and the end of input.

Usage: interactive.py FABCHART DIR
Prints "ok"/"FAIL" lines; exits 1 on any failure.
"""
import os
import pty
import select
import subprocess
import sys
import time

FAILED = []


def check(what, cond, detail=""):
    print(("ok    " if cond else "FAIL  ") + what + ("" if cond else f": {detail}"))
    if not cond:
        FAILED.append(what)


class Session:
    def __init__(self, argv, cwd):
        self.master, slave = pty.openpty()
        self.proc = subprocess.Popen(argv, stdin=slave, stdout=slave, stderr=subprocess.PIPE,
                                     cwd=cwd, close_fds=True)
        os.close(slave)
        self.seen = ""
        self.pos = 0  # where the next expect looks from: after the last match

    def expect(self, text, timeout=20):
        """Reads until text appears after the last match; returns what came up to it."""
        end = time.monotonic() + timeout
        start = self.pos
        while text not in self.seen[start:]:
            left = end - time.monotonic()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.master], [], [], left)
            if not ready:
                continue
            try:
                data = os.read(self.master, 4096)
            except OSError:
                return None
            if not data:
                return None
            self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        self.pos = self.seen.index(text, start) + len(text)
        return self.seen[start:self.pos]

    def send(self, text):
        os.write(self.master, text.encode())

    def finish(self, timeout=20):
        try:
            rc = self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rc = self.proc.wait()
        while True:  # the rest of the terminal's output
            ready, _, _ = select.select([self.master], [], [], 0.2)
            if not ready:
                break
            try:
                data = os.read(self.master, 4096)
            except OSError:
                break
            if not data:
                break
            self.seen += data.decode("utf-8", "replace").replace("\r\n", "\n")
        os.close(self.master)
        return rc, self.proc.stderr.read().decode()


def main():
    fabchart, work = sys.argv[1], sys.argv[2]

    # every question with its default; a bad answer (BFT on 2.5, an organization count
    # of 0) is refused with the allowed values and asked again
    s = Session([fabchart, "init", "asked.yaml"], work)
    steps = [
        ("Network name [mynetwork]: ", "supply\n"),
        ("Fabric version (1.4.x, 2.5.x or 3.x.y) [3.1.1]: ", "2.5\n"),
        ("Consensus (etcdraft) [etcdraft]: ", "BFT\n"),
        ("consensus 'BFT' needs Fabric 3.0 or later; Fabric 2.5.12 runs etcdraft", None),
        ("Consensus (etcdraft) [etcdraft]: ", "\n"),
        ("Peer organizations (1-20) [1]: ", "0\n"),
        ("organizations '0' is not a whole number from 1 to 20", None),
        ("Peer organizations (1-20) [1]: ", "3\n"),
        ("Peers per organization (1-20) [1]: ", "2\n"),
        ("Storage (default, storageClass, nfs) [default]: ", "NFS\n"),
        ("Exposure (ClusterIP, NodePort, LoadBalancer) [ClusterIP]: ", "\n"),
        ("wrote asked.yaml", None),
    ]
    for prompt, answer in steps:
        got = s.expect(prompt)
        check(f"asks/says {prompt.strip()!r}", got is not None, repr(s.seen[-300:]))
        if got is None:
            break
        if answer is not None:
            s.send(answer)
    rc, err = s.finish()
    check("interactive init exits 0", rc == 0, f"exit {rc}, stderr {err!r}")
    path = os.path.join(work, "asked.yaml")
    text = open(path, encoding="utf-8").read() if os.path.exists(path) else ""
    for line in ["network: supply", "  version: 2.5.12", "  type: etcdraft",
                 "  - name: org3", "    peers: 2", "  nfs:", "  type: ClusterIP",
                 "    organizations: [org1, org2, org3]"]:
        check(f"asked.yaml has {line.strip()!r}", line + "\n" in text)
    check("asked.yaml has no org4", "name: org4" not in text)

    # end of input before the last answer: a usage error, nothing written
    s = Session([fabchart, "init", "eof.yaml"], work)
    check("asks the network name", s.expect("Network name [mynetwork]: ") is not None)
    s.send("\x04")  # ^D: the terminal's end of input
    rc, err = s.finish()
    check("end of input exits 2", rc == 2, f"exit {rc}, stderr {err!r}")
    check("end of input is explained", "no answer (end of input); nothing written" in err, err)
    check("end of input writes nothing", not os.path.exists(os.path.join(work, "eof.yaml")))

    # an option given: no question, even on a terminal
    s = Session([fabchart, "init", "--orgs", "2", "quiet.yaml"], work)
    rc, err = s.finish()
    check("with an option, init asks nothing", rc == 0 and "Network name" not in s.seen
          and "[" not in s.seen, f"exit {rc}, output {s.seen!r}")
    check("with an option, the file is written",
          os.path.exists(os.path.join(work, "quiet.yaml")))

    print(f"{'FAILED' if FAILED else 'passed'}: {len(FAILED)} failures")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
