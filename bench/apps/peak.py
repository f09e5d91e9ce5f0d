"""Run a ``scorecard`` command in this process and report its own peak memory.

    python bench/apps/peak.py log --git

Prints ``PEAK <kB>`` (this process's high-water mark: the command alone, not
the benchmark that forked it) and ``GIT_PEAK <kB>`` (the largest child it ran,
such as ``git cat-file``) on stderr after the command's own output.
"""

from __future__ import annotations

import resource
import sys

from vmhwm import peak_kb

from scorecard.cli import cli

if __name__ == "__main__":
    try:
        cli.main(sys.argv[1:], prog_name="scorecard", standalone_mode=False)
    finally:
        # VmHWM, not ru_maxrss: that would count the benchmark's pages (see ready.py).
        children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        print(f"PEAK {peak_kb()}\nGIT_PEAK {children}", file=sys.stderr, flush=True)
