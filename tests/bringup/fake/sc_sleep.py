#!/usr/bin/python3 -S
"""Stand-in `sleep` of the bring-up test: advances the emulated cluster's
virtual clock instead of waiting.  When the clock passes the running Job's
activeDeadlineSeconds ($FC_BRINGUP_STATE/deadline) the container is killed,
as the Job controller does (reason DeadlineExceeded)."""
import os
import re
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.realpath(__file__)))
import fcapi  # noqa: E402

total = 0.0
for a in sys.argv[1:]:
    m = re.match(r"^(\d+(?:\.\d+)?)([smhd]?)$", a)
    if not m:
        fcapi.die("sleep: invalid time interval '%s'" % a)
    total += float(m.group(1)) * {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[m.group(2)]
now = fcapi.clock() + total
fcapi.save("clock", now)
deadline = fcapi.load("deadline", None)
if deadline is not None and now >= deadline:
    fcapi.log_event("deadline: virtual clock %ds passed the Job's deadline %ds" % (now, deadline))
    fcapi.save("deadline_hit", True)
    os.killpg(0, signal.SIGKILL)
