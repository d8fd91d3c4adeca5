"""Stand-in `sleep` of the bring-up test: advances the emulated cluster's
virtual clock instead of waiting.  When the clock passes the running Job's
activeDeadlineSeconds ($FC_BRINGUP_STATE/deadline) the container is killed,
as the Job controller does (reason DeadlineExceeded).  While a container
runs nothing else changes the emulated cluster (one container at a time, and
pods' readiness follows from the objects), so a second sleep that finds the
cluster exactly as the previous one left it is a wait that can only end at
the deadline: the clock jumps there."""
import hashlib
import os
import re
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402


def main(argv):
    total = 0.0
    for a in argv:
        m = re.match(r"^(\d+(?:\.\d+)?)([smhd]?)$", a)
        if not m:
            fcapi.die("sleep: invalid time interval '%s'" % a)
        total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
    digest = hashlib.sha256()
    for name in ("objects.json", "nodes.json", "ledgers.json"):
        try:
            with open(os.path.join(fcapi.STATE, name), "rb") as f:
                digest.update(f.read())
        except OSError:
            pass
    world = digest.hexdigest()
    deadline = fcapi.load("deadline", None)
    now = fcapi.clock() + total
    if deadline is not None and fcapi.load("last_sleep_world", None) == world:
        fcapi.log_event("sleep: nothing changed since the last sleep: the wait ends at the deadline")
        now = max(now, deadline)
    fcapi.save("last_sleep_world", world)
    fcapi.save("clock", now)
    if deadline is not None and now >= deadline:
        fcapi.log_event("deadline: virtual clock %ds passed the Job's deadline %ds" % (now, deadline))
        fcapi.save("deadline_hit", True)
        fcapi.kill_container()
    return 0
