"""Which commits changed the database, read back from git (``scorecard log --git``).

One ``git log --raw`` names, for every commit that touched the file, the blob
before (its first parent's) and after; one ``git cat-file --batch`` process
hands over each blob (:mod:`scorecard.gitblobs`), which SQLite reads from
memory (``deserialize``: no temporary file, nothing written anywhere).

- For one commitment, each version is read once: its row (a look-up by key),
  kept by blob id, is compared with the row of the commit's parent.
- For the whole database, each commit is compared with its first parent,
  table by table, rows matched by primary key and counted by SQLite. Only the
  rows in the leaf pages the commit rewrote are compared (:mod:`db.pages`):
  the rest of a ten-year file is the same bytes in both versions. Two
  versions are held at a time, so memory does not grow with the history.

Changes are yielded oldest first, as they are found.
"""

from __future__ import annotations

import functools
import sqlite3
from collections import OrderedDict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.boundary import problems
from scorecard import gitrun
from scorecard.gitblobs import Blobs, reuse_freed_buffers
from scorecard.gitops import GitError, repo_root
from scorecard.versions import Reader, Slots, Version, rows_changed

_SEP = "\x1f"
_START = "\x1e"
_NO_BLOB = "0" * 40


@dataclass(frozen=True, slots=True)
class Change:
    sha: str
    date: str
    author: str
    subject: str
    what: str
    """What changed, for people: ``status open → done`` or ``+2 -1 rows``."""


@dataclass(frozen=True, slots=True)
class _Commit:
    sha: str
    date: str
    author: str
    subject: str
    before: str | None
    after: str | None


def _commits(out: Iterable[str]) -> Iterator[_Commit]:
    """Parse ``git log --raw`` output (see :func:`db_changes`) as it arrives."""
    head: list[str] | None = None
    before: str | None = None
    after: str | None = None
    for line in out:
        line = line.rstrip("\n")
        if line.startswith(_START):
            if head is not None:
                yield _commit(head, before, after)
            head = line[1:].split(_SEP, 3)
            before = after = None
        elif line.startswith(":") and head is not None:
            # ":100644 100644 <old> <new> M\tpath"
            fields = line.split("\t", 1)[0].split()
            before = None if fields[2] == _NO_BLOB else fields[2]
            after = None if fields[3] == _NO_BLOB else fields[3]
    if head is not None:
        yield _commit(head, before, after)


def _commit(head: list[str], before: str | None, after: str | None) -> _Commit:
    sha, date, author, subject = [*head, "", "", ""][:4]
    return _Commit(sha, date, author, subject, before, after)


def _history(root: Path, rel: str) -> list[_Commit]:
    """Every commit that changed ``rel``, oldest first (a few hundred bytes each)."""
    log = gitrun.run(
        "log", "--reverse", "--no-renames", "--raw", "--no-abbrev",
        "--diff-merges=first-parent", f"--format={_START}%H{_SEP}%aI{_SEP}%an{_SEP}%s",
        "--", rel,
        cwd=root,
        check=False,
    )  # fmt: skip
    return list(_commits(iter(log.stdout.split("\n"))))


def _loads(commits: list[_Commit], keep: int) -> list[str]:
    """The blobs to read, in order, for versions kept ``keep`` at a time (as :class:`_Kept`)."""
    kept: OrderedDict[str, None] = OrderedDict()
    order: list[str] = []
    for commit in commits:
        for blob in (commit.before, commit.after):
            if blob is None:
                continue
            if blob in kept:
                kept.move_to_end(blob)
                continue
            order.append(blob)
            kept[blob] = None
            if len(kept) > keep:
                kept.popitem(last=False)
    return order


class _Kept:
    """The last ``keep`` versions read, by blob id, each made by
    ``make(read, evicted)``: ``read(buffer)`` reads the blob into ``buffer``
    (:meth:`Blobs.next`), and the version takes the place of ``evicted``."""

    def __init__(self, blobs: Blobs, keep: int, make: Any):
        self.blobs, self.keep, self.make = blobs, keep, make
        self.items: OrderedDict[str, Any] = OrderedDict()

    def get(self, blob: str | None) -> Any:
        if blob is None:
            return None
        if blob in self.items:
            self.items.move_to_end(blob)
            return self.items[blob]
        evicted = self.items.popitem(last=False)[1] if len(self.items) >= self.keep else None
        self.items[blob] = self.make(functools.partial(self.blobs.next, blob), evicted)
        return self.items[blob]


class _Rows:
    """One commitment's row in each version (deserialized into one reused connection)."""

    def __init__(self, commitment_id: str):
        self.id = commitment_id
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("PRAGMA trusted_schema = OFF")
        self.conn.row_factory = sqlite3.Row
        self.checked: dict[tuple[Any, ...], bool] = {}
        self.buffer = bytearray()

    def row(self, read: Reader, _evicted: object = None) -> dict[str, Any] | None:
        data = read(self.buffer)
        if data is None:
            return None
        try:
            self.conn.deserialize(data)
            if not self._ours():  # never read a view or a changed table
                return None
            found = self.conn.execute("SELECT * FROM commitments WHERE id = ?", [self.id])
            row = found.fetchone()
            return dict(row) if row else None
        except sqlite3.Error:  # not our schema (yet), or damaged
            return None

    def _ours(self) -> bool:
        """The schema check (:mod:`db.boundary`), once per distinct schema."""
        schema = (
            self.conn.execute("PRAGMA user_version").fetchone()[0],
            *map(tuple, self.conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master")),
        )
        if schema not in self.checked:
            self.checked[schema] = not any(p.refused for p in problems(self.conn))
        return self.checked[schema]

    def close(self) -> None:
        self.conn.close()


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


def _rows_between(old: Version | None, new: Version | None) -> str:
    if old is None and new is None:
        return ""
    try:
        added, removed = rows_changed(old, new)
    except sqlite3.Error:
        return ""
    return f"+{added} -{removed} rows" if added or removed else ""


def db_changes(db_path: Path, commitment_id: str | None = None) -> Iterator[Change]:
    """Commits that changed the database (or one commitment), oldest first, as found."""
    root = repo_root(db_path.parent)
    if root is None:
        raise GitError(f"{db_path.parent} is not inside a git work tree")
    rel = db_path.resolve().relative_to(root).as_posix()
    commits = _history(root, rel)
    if not commits:
        return
    # one commitment: every version once (its row is small); the whole file: two at a time
    keep = len(commits) * 2 if commitment_id is not None else 2
    reuse_freed_buffers()
    blobs = Blobs(root, _loads(commits, keep))
    rows = _Rows(commitment_id) if commitment_id is not None else None
    slots = Slots() if rows is None else None
    try:
        kept = _Kept(blobs, keep, rows.row if rows is not None else slots.load)  # type: ignore[union-attr]
        for commit in commits:
            old, new = kept.get(commit.before), kept.get(commit.after)
            what = _describe(old, new) if rows is not None else _rows_between(old, new)
            if what:
                yield Change(commit.sha, commit.date[:10], commit.author, commit.subject, what)
    finally:
        blobs.close()
        for reader in (rows, slots):
            if reader is not None:
                reader.close()
