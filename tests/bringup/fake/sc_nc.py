"""Stand-in `nc -z [-w N] HOST PORT` of the bring-up test: succeeds when the
Service HOST (as the pod's DNS resolves it) has port PORT and a Ready pod
behind it (fcapi.resolve), fails like a refused or timed-out connection."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402


def main(argv):
    args = [a for a in argv if not a.startswith("-")]
    if "-w" in argv:
        i = argv.index("-w")
        if i + 1 < len(argv) and argv[i + 1] in args:
            args.remove(argv[i + 1])
    if "-z" not in argv or len(args) != 2:
        fcapi.die("stand-in nc: only `nc -z [-w N] HOST PORT` is emulated", 2)
    w, why = fcapi.resolve(fcapi.objects(), "%s:%s" % (args[0], args[1]),
                           os.environ.get("FC_BRINGUP_NAMESPACE", "default"))
    if w is None:
        fcapi.die("nc: connect to %s port %s (tcp) failed: %s" % (args[0], args[1], why))
    return 0
