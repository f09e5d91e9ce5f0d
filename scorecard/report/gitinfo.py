"""Which git commit the data came from, for the optional report footer."""

from __future__ import annotations

from pathlib import Path

from scorecard.errors import ScorecardError


class NoGitCommit(ScorecardError):
    """The workspace is not in a git repository (or it has no commit yet)."""


def _git(folder: Path, *args: str) -> str:
    from scorecard.gitrun import GitError, run

    try:
        done = run(*args, cwd=folder, check=False, timeout=10)
    except GitError as exc:
        raise NoGitCommit(str(exc)) from None
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or ["git failed"])[-1]
        raise NoGitCommit(reason.removeprefix("fatal: "))
    return done.stdout.strip()


def data_commit(folder: Path, database: Path) -> str:
    """A footer line naming HEAD, and whether the database differs from it."""
    try:
        top = Path(_git(folder, "rev-parse", "--show-toplevel"))
    except NoGitCommit:
        raise NoGitCommit(f"{folder} is not in a git repository") from None
    try:
        head = _git(top, "rev-parse", "--verify", "HEAD^{commit}")
    except NoGitCommit:
        raise NoGitCommit("the git repository has no commit yet") from None
    try:
        rel = database.resolve().relative_to(top.resolve())
    except ValueError:
        return f"Data from git commit {head[:12]}."
    dirty = _git(top, "status", "--porcelain", "--", rel.as_posix())
    state = ", plus uncommitted changes" if dirty else ""
    return f"Data: {rel.as_posix()} at git commit {head[:12]}{state}."
