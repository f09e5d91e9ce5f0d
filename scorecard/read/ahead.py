"""The week the app opens on, read in a thread of its own while the app loads.

``scorecard tui`` opens the workspace, then imports the app (Textual's widgets
and the screens: tens of milliseconds of Python). The first screen's reads (the
week at a glance and its issues, tens of milliseconds on ten years of data) are
mostly SQLite, which lets go of Python's lock while it reads: started here as
soon as the workspace is open, they run on the other core meanwhile, and the
first screen takes what they found instead of reading it again, if nothing was
written since (:attr:`WeekRead.at`, the workspace's generation before the reads).
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, NamedTuple

from scorecard.weeks import Week

if TYPE_CHECKING:
    from scorecard.models import WeekSummary
    from scorecard.read.issues import IssuesShown
    from scorecard.workspace import Workspace


class WeekRead(NamedTuple):
    """What the first screen shows of ``week``, read at generation ``at``
    (a named tuple: a dataclass costs a millisecond to make at import)."""

    week: Week
    at: object
    summary: WeekSummary
    issues: IssuesShown


class WeekAhead:
    """``week`` read from ``workspace`` in a thread, started now (:meth:`taken`)."""

    def __init__(self, workspace: Workspace, week: Week):
        self._workspace, self.week = workspace, week
        self._found: WeekRead | None = None
        self._thread = threading.Thread(target=self._read, name="week-ahead", daemon=True)
        self._thread.start()

    def _read(self) -> None:
        ws, week = self._workspace, self.week
        try:
            at = ws.generation()  # before the reads: a later write is read again
            summary = ws.summary(week)
            issues = ws.shown_issues(week, lines=summary.lines)
            self._found = WeekRead(week, at, summary, issues)
        except Exception:  # nothing printed over the terminal: the screen reads again
            pass  # and says what is wrong (a locked file, a bug alike)

    def taken(self) -> WeekRead | None:
        """What was read (waiting for the reads to end); None: the screen reads it."""
        self._thread.join()
        found, self._found = self._found, None
        return found
