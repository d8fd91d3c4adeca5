"""tests/docs/findings.py: the ok/FAIL lines of the tests/docs checkers.

check(ok, what) prints "ok    what" or "FAIL  what" and counts it;
summary() prints "N checks, N failed" and returns the exit status (1 when
any check failed).
"""
_counts = {"checks": 0, "failed": 0}


def check(ok, what):
    _counts["checks"] += 1
    if not ok:
        _counts["failed"] += 1
    print(("ok    " if ok else "FAIL  ") + what)


def summary():
    print("%d checks, %d failed" % (_counts["checks"], _counts["failed"]))
    return 1 if _counts["failed"] else 0
