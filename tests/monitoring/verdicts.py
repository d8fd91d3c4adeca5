"""One line per check ("ok    ..." / "FAIL  ...") and the closing "N passed,
N failed", as the project's Python checkers print them; shared by
check_monitoring.py and netpol_monitoring.py."""
import sys


class Verdicts:
    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what):
        """Count and print one check; returns ok."""
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(("ok    " if ok else "FAIL  ") + what)
        return ok

    def finish(self):
        """Print the count; exit 1 when a check failed or none ran."""
        print(f"{self.passed} passed, {self.failed} failed")
        sys.exit(1 if self.failed or not self.passed else 0)
