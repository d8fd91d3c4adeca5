"""fcrun: how a stand-in runs.  Most of the bring-up test's time went into
starting Python for each stand-in call (about 1,100 kubectl, peer, osnadmin,
nc ... calls per sample, 20 to 40 ms each for the interpreter, the imports
and PyYAML's).  So the orchestrator starts one server (`serve`) that has
imported every stand-in, and a stand-in launcher (kubectl, peer, ...: `run`)
only hands its call over and waits:

  client (in the container)      the launcher sends its argv, environment,
                                 umask, groups and process group, and its
                                 stdin/stdout/stderr (SCM_RIGHTS), then exits
                                 with the status the server sends back.
  server (outside, as root)      forks a worker per call; the worker enters
                                 the caller's mount namespace (setns), root
                                 and working directory (/proc/PID/root, cwd),
                                 takes its uid/gid (SO_PEERCRED) and groups,
                                 umask, environment and standard streams, and
                                 runs the same stand-in code the launcher
                                 would have run.

So a stand-in sees exactly what it saw when it ran in the container: the
same files (the container's mounts, read-only where they are), the same
user, the same environment; the state lives in $FC_BRINGUP_STATE as before.
Killing the container (fcapi.kill_container: a Job's deadline, the injected
fault) kills the caller's process group.  Without the server ($FC_BRINGUP_RUN
unset, or it does not answer) the launcher runs the stand-in itself, as
before."""
import os
import sys

ENV = "FC_BRINGUP_RUN"  # the server's abstract socket name (the sandboxes share the network namespace)
TOOLS = ("kubectl", "peer", "osnadmin", "nc", "sleep", "cryptogen", "configtxgen", "configtxlator")


def module(tool):
    return __import__("sc_" + tool)


def in_process(tool, argv):
    return module(tool).main(argv)


# ---- client -----------------------------------------------------------------
def run(tool):
    """The launcher's body: the call runs in the server when there is one."""
    name = os.environ.get(ENV)
    if name:
        code = remote(name, tool)
        if code is not None:
            os._exit(code)
    sys.exit(in_process(tool, sys.argv[1:]))


def request(tool, argv):
    """The call as the server reads it (parse_request): NUL-terminated
    fields; fcrun-client.c writes the same."""
    fds = []
    for fd in (0, 1, 2):
        try:
            os.fstat(fd)
            fds.append(fd)
        except OSError:
            pass
    umask = os.umask(0o022)
    os.umask(umask)
    fields = [tool, str(umask), str(os.getpgrp()), "".join("1" if i in fds else "0" for i in (0, 1, 2)),
              ",".join(str(g) for g in os.getgroups()), str(len(argv))] + list(argv)
    body = b"".join(os.fsencode(f) + b"\0" for f in fields)
    body += b"".join(k + b"=" + v + b"\0" for k, v in os.environb.items())
    return body, fds


def parse_request(body):
    f = [os.fsdecode(x) for x in body.split(b"\0")[:-1]]
    argc = int(f[5])
    env = dict(e.split("=", 1) for e in f[6 + argc:] if "=" in e)
    return {"tool": f[0], "umask": int(f[1]), "pgid": int(f[2]), "fds": [c == "1" for c in f[3]],
            "groups": [int(g) for g in f[4].split(",") if g], "argv": f[6:6 + argc], "env": env}


def remote(name, tool):
    # _socket, not socket: its import (enum) was half of a launcher's time
    import _socket
    import array
    try:
        s = _socket.socket(_socket.AF_UNIX, _socket.SOCK_STREAM)
        s.connect("\0" + name)
    except OSError:
        return None
    body, fds = request(tool, sys.argv[1:])
    try:
        s.sendmsg([len(body).to_bytes(4, "big")], [(_socket.SOL_SOCKET, _socket.SCM_RIGHTS, array.array("i", fds))])
        s.sendall(body)
        reply = b""
        while len(reply) < 4:
            chunk = s.recv(4 - len(reply))
            if not chunk:
                break
            reply += chunk
    except OSError:
        reply = b""
    if len(reply) < 4:
        # the worker died without a status (killed): as a killed process
        sys.stderr.write("%s: stand-in server gave no status\n" % tool)
        return 1
    return int.from_bytes(reply, "big", signed=True) & 0xFF


# ---- server -----------------------------------------------------------------
def serve(name):
    """Accept calls until killed; one forked worker per call."""
    import signal
    import socket
    here = os.path.dirname(os.path.realpath(__file__))
    if here not in sys.path:
        sys.path.insert(0, here)
    import fcapi
    fcapi.yaml()  # PyYAML too: most calls need it
    for tool in TOOLS:
        module(tool)
    # and what a worker needs, so that it imports nothing; gc.freeze: the
    # collector leaves the server's objects alone (fewer copy-on-write faults)
    import ctypes
    import gc
    import io
    import struct
    import traceback
    del ctypes, io, struct  # imported for the workers
    gc.freeze()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # workers are reaped by the kernel
    srv = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    srv.bind("\0" + name)
    srv.listen(64)
    sys.stdout.write("ready\n")
    sys.stdout.flush()
    while True:
        conn, _ = srv.accept()
        if os.fork() == 0:
            srv.close()
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            try:
                worker(conn)
            except BaseException:  # the orchestrator's output shows it; the caller exits 1
                traceback.print_exc()
            finally:
                os._exit(70)
        conn.close()


def _recv_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            raise EOFError("caller went away")
        buf += chunk
    return buf


def worker(conn):
    import ctypes
    import io
    import socket
    import struct
    import traceback
    import fcapi
    head, fds, _, _ = socket.recv_fds(conn, 4, 3)
    head += _recv_exact(conn, 4 - len(head)) if len(head) < 4 else b""
    req = parse_request(_recv_exact(conn, int.from_bytes(head, "big")))
    pid, uid, gid = struct.unpack("3i", conn.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12))
    # the caller's mount namespace, root and working directory
    ns = os.open("/proc/%d/ns/mnt" % pid, os.O_RDONLY)
    root = os.open("/proc/%d/root" % pid, os.O_RDONLY | os.O_DIRECTORY)
    cwd = os.open("/proc/%d/cwd" % pid, os.O_RDONLY | os.O_DIRECTORY)
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.setns(ns, 0x00020000) != 0:  # CLONE_NEWNS
        raise OSError(ctypes.get_errno(), "setns")
    os.fchdir(root)
    os.chroot(".")
    os.fchdir(cwd)
    for fd in (ns, root, cwd):
        os.close(fd)
    os.setgroups(req["groups"])
    os.setgid(gid)
    os.setuid(uid)
    os.umask(req["umask"])
    # its standard streams, environment and arguments
    got = iter(fds)
    for i, present in enumerate(req["fds"]):
        if present:
            fd = next(got)
            os.dup2(fd, i)
            os.close(fd)
        else:
            os.close(i)
    os.environ.clear()
    os.environ.update(req["env"])
    fcapi.STATE = os.environ.get("FC_BRINGUP_STATE", "/fc/state")
    fcapi.CALLER_PGID = req["pgid"]
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False), encoding="utf-8", errors="surrogateescape")
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="surrogateescape")
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="backslashreplace",
                                  line_buffering=True)
    sys.argv = ["/fc/fake/" + req["tool"]] + req["argv"]
    try:
        code = in_process(req["tool"], req["argv"])
    except SystemExit as e:
        code = e.code
    except BaseException:  # as an uncaught exception in the launcher: traceback, status 1
        traceback.print_exc()
        code = 1
    if code is None:
        code = 0
    elif not isinstance(code, int):
        sys.stderr.write("%s\n" % code)
        code = 1
    for f in (sys.stdout, sys.stderr):
        try:
            f.flush()
        except (OSError, ValueError):
            pass
    try:
        conn.sendall(int(code).to_bytes(4, "big", signed=True))
    except OSError:
        pass
    os._exit(0)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "serve":
        serve(sys.argv[2])
    elif len(sys.argv) >= 2 and sys.argv[1] in TOOLS:
        # fcrun-client without a server: python3 -S fcrun.py TOOL ARGS...
        tool = sys.argv[1]
        sys.argv = ["/fc/fake/" + tool] + sys.argv[2:]
        sys.exit(in_process(tool, sys.argv[1:]))
    else:
        sys.exit("usage: fcrun.py serve NAME | TOOL ARGS...")
