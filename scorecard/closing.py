"""Closing a week: lock it and write its Markdown report beside the toml.

The report goes to ``<reports_dir>/<week>.md`` (``reports_dir`` in
scorecard.toml, default ``reports``, relative to the toml).
:func:`close_and_commit` also commits both to git (``scorecard close`` and the
app's wrap-up use it).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, replace
from pathlib import Path

from scorecard.errors import ConfigError, ScorecardError
from scorecard.files import write_atomically
from scorecard.report.data import week_report
from scorecard.report.markdown import render_week
from scorecard.weeks import Week
from scorecard.workspace import Workspace


@dataclass(frozen=True, slots=True)
class Closed:
    week: Week
    report: Path
    was_closed: bool
    """The week was already closed: only the report was rewritten."""
    report_changed: bool
    commit: str | None = None
    """The git commit of the database and report, if one was made."""
    committed: tuple[str, ...] = ()
    """The files in that commit, from the top of the work tree."""
    tag: str | None = None
    """What happened to the tag: ``created``, ``moved`` or None (already right, or none)."""
    in_git: bool = False


def reports_dir(ws: Workspace) -> Path:
    """The reports folder; it must lie inside the workspace folder."""
    folder = (ws.root / ws.config.reports_dir).resolve()
    if not folder.is_relative_to(ws.root.resolve()):
        raise ConfigError(
            f"{ws.config_path}: reports_dir: '{ws.config.reports_dir}' is outside the "
            "workspace folder"
        )
    return folder


def report_path(ws: Workspace, week: Week) -> Path:
    return reports_dir(ws) / f"{week}.md"


def _refuse_during_merge(ws: Workspace) -> None:
    """A week's report must never be written from half-merged data."""
    from scorecard import gitstate

    pending = ws.conflict_count()
    if pending:
        raise ScorecardError(
            f"{pending} merge conflict{'s' if pending > 1 else ''} to resolve first: "
            "run 'scorecard conflicts', then close the week"
        )
    state = gitstate.read(ws.db_path)
    if state is not None and state.unmerged:
        raise ScorecardError(gitstate.unmerged_refusal(state))


def close_week(ws: Workspace, week: Week) -> Closed:
    """Lock ``week`` and (re)write its report. Idempotent.

    The reports folder is checked for writing before the week is locked, so
    a folder we cannot write to leaves the week open.
    """
    _refuse_during_merge(ws)
    path = report_path(ws, week)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=path.parent):
            pass
    except OSError as exc:
        raise ScorecardError(
            f"cannot write reports to {path.parent} ({exc.strerror}); the week stays open"
        ) from None
    was_closed = ws.week_info(week).closed
    ws.close_week(week)
    text = render_week(week_report(ws, week))
    try:
        changed = write_atomically(path, text)
    except OSError as exc:
        if not was_closed:
            ws.reopen_week(week)
        raise ScorecardError(
            f"cannot write {path} ({exc.strerror}); the week was left as it was"
        ) from None
    return Closed(week, path, was_closed, changed)


def close_and_commit(ws: Workspace, week: Week, commit: bool | None = None) -> Closed:
    """Close ``week`` and, where configured (``[git] commit_on_close``, or
    ``commit``), commit what a clone needs and tag the commit.

    Idempotent to completion: run again after a crash at any point (before
    the report, before the commit, before the tag) it does what is missing
    and the result says what that was.
    """
    done = close_week(ws, week)
    wants_commit = ws.config.git.commit_on_close if commit is None else commit
    if not wants_commit:
        return done
    from scorecard import gitclose, gitops

    if gitops.repo_root(ws.root) is None:
        return done
    sha, files, tag = gitclose.commit_week_close(ws, week, done.report, reports_dir(ws))
    return replace(done, commit=sha, committed=tuple(files), tag=tag, in_git=True)
