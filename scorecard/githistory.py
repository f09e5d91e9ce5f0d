"""Which commits changed the database, read back from git (``scorecard log --git``).

Each version of the file is read from git's object store into a temporary
file and compared with its first parent's version: for one commitment, its
row and status history; for the whole database, the canonical dump's lines.
"""

from __future__ import annotations

import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db import dump
from db.boundary import problems
from scorecard.gitops import GitError, git, repo_root

_SEP = "\x1f"


@dataclass(frozen=True, slots=True)
class Change:
    sha: str
    date: str
    author: str
    subject: str
    what: str
    """What changed, for people: ``status open → done`` or ``+2 -1 rows``."""


class _Versions:
    """The database at each blob id, read once each."""

    def __init__(self, root: Path, tmp: Path):
        self.root = root
        self.tmp = tmp
        self._cache: dict[str, Any] = {}

    def blob(self, rev: str) -> str | None:
        done = git("rev-parse", "--verify", "--quiet", rev, cwd=self.root, check=False)
        return done.stdout.strip() or None

    def path(self, blob: str) -> Path:
        target = self.tmp / f"{blob}.db"
        if not target.exists():
            data = subprocess_bytes(self.root, "cat-file", "blob", blob)
            target.write_bytes(data)
        return target

    def lines(self, blob: str | None) -> set[str]:
        if blob is None:
            return set()
        key = f"lines:{blob}"
        if key not in self._cache:
            text = dump.dump(self.path(blob))
            self._cache[key] = {ln for ln in text.splitlines() if ln and not ln.startswith("#")}
        return set(self._cache[key])

    def commitment(self, blob: str | None, commitment_id: str) -> dict[str, Any] | None:
        if blob is None:
            return None
        key = f"c:{blob}:{commitment_id}"
        if key not in self._cache:
            self._cache[key] = _commitment_state(self.path(blob), commitment_id)
        return self._cache[key]


def subprocess_bytes(root: Path, *args: str) -> bytes:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, check=True).stdout


def _commitment_state(path: Path, commitment_id: str) -> dict[str, Any] | None:
    try:
        conn = dump.open_readonly(path)
    except sqlite3.Error:
        return None
    try:
        if any(p.refused for p in problems(conn)):  # never read a view or a changed table
            return None
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM commitments WHERE id = ?", [commitment_id]).fetchone()
        return dict(row) if row else None
    except sqlite3.Error:
        return None
    finally:
        conn.close()


def _describe(before: dict[str, Any] | None, after: dict[str, Any] | None) -> str:
    if before is None:
        return "created" if after is not None else ""
    if after is None:
        return "deleted"
    parts = []
    for col in ("status", "text", "owner", "team", "due_week"):
        if before.get(col) != after.get(col):
            parts.append(f"{col} {before.get(col)} → {after.get(col)}")
    return ", ".join(parts)


def db_changes(db_path: Path, commitment_id: str | None = None) -> list[Change]:
    """Commits that changed the database (or one commitment), oldest first."""
    root = repo_root(db_path.parent)
    if root is None:
        raise GitError(f"{db_path.parent} is not inside a git work tree")
    rel = db_path.resolve().relative_to(root).as_posix()
    log = git("log", f"--format=%H{_SEP}%aI{_SEP}%an{_SEP}%s", "--", rel, cwd=root, check=False)
    changes: list[Change] = []
    with tempfile.TemporaryDirectory(prefix="scorecard-log-") as tmp:
        versions = _Versions(root, Path(tmp))
        for entry in reversed(log.stdout.splitlines()):
            sha, date, author, subject = entry.split(_SEP, 3)
            now, before = versions.blob(f"{sha}:{rel}"), versions.blob(f"{sha}^:{rel}")
            if commitment_id is not None:
                what = _describe(
                    versions.commitment(before, commitment_id),
                    versions.commitment(now, commitment_id),
                )
            else:
                old, new = versions.lines(before), versions.lines(now)
                what = f"+{len(new - old)} -{len(old - new)} rows" if old != new else ""
            if what:
                changes.append(Change(sha, date[:10], author, subject, what))
    return changes
