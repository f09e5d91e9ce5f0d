"""The temporary files of a merge: where they go, and removing those a killed merge left.

The merged file is built beside OURS (or in the git directory, where ``git
add`` never looks, when it is on the same file system: ``os.replace`` must be
able to move it onto OURS). Every name starts with :data:`SCRATCH_PREFIX` and
the merging process id, so the next merge can tell a dead merge's leftovers
from a running one's.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

#: Every temporary file and folder of a merge starts so, then the merging process id.
SCRATCH_PREFIX = "scorecard-merge-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # it exists, owned by someone else
        return True
    return True


def clean_scratch(folder: Path) -> None:
    """Remove what merges that were killed left in ``folder`` (their process is gone)."""
    try:
        entries = list(Path(folder).glob(f"{SCRATCH_PREFIX}*"))
    except OSError:
        return
    for entry in entries:
        pid = entry.name.removeprefix(SCRATCH_PREFIX).split("-", 1)[0]
        if not pid.isdigit() or int(pid) == os.getpid() or _alive(int(pid)):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)
        else:
            entry.unlink(missing_ok=True)


def scratch_for(ours: Path, scratch: Path | None) -> Path:
    """Where the merged file is built: ``scratch`` when ``os.replace`` can move it onto OURS."""
    if scratch is not None:
        try:
            if Path(scratch).is_dir() and Path(scratch).stat().st_dev == ours.parent.stat().st_dev:
                return Path(scratch)
        except OSError:
            pass
    return ours.parent
