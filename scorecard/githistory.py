"""Which commits changed the database, read back from git (``scorecard log --git``).

One ``git log --raw`` names, for every commit that touched the file, the blob
before (its first parent's) and after; one ``git cat-file --batch`` process
hands over each blob, which SQLite reads from memory (``deserialize``: no
temporary file, nothing written anywhere). Each commit is compared with its
first parent: for one commitment, its row; for the whole database, every
table's rows matched by primary key, counted by SQLite without reading a row
into Python. Commits are read as a stream, oldest first, and only the last two
versions are kept, so memory does not grow with the length of the history.

git is started directly here (both commands stream), in the environment of
the one runner (``scorecard.gitrun.environment``: no prompts, no optional locks).
"""

from __future__ import annotations

import sqlite3
import subprocess
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from db import dump
from db.boundary import problems
from scorecard.gitops import GitError, repo_root
from scorecard.gitrun import environment

_SEP = "\x1f"
_SQLITE_MAGIC = b"SQLite format 3\x00"
_START = "\x1e"
_NO_BLOB = "0" * 40
#: Versions kept in memory: a commit's parent is almost always the version before.
_KEEP = 2


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


class _Blobs:
    """Blob contents from one long-running ``git cat-file --batch``; the last
    few are kept (a commit's parent is almost always the version before)."""

    def __init__(self, root: Path):
        self.proc = subprocess.Popen(
            ["git", "cat-file", "--batch"],
            cwd=root,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env=environment(),  # never prompts, takes no optional locks (scorecard.gitrun)
        )
        self._kept: OrderedDict[str, bytes | None] = OrderedDict()

    def get(self, blob: str | None) -> bytes | None:
        if blob is None:
            return None
        if blob in self._kept:
            self._kept.move_to_end(blob)
            return self._kept[blob]
        data = self._read(blob)
        self._kept[blob] = data
        if len(self._kept) > _KEEP:
            self._kept.popitem(last=False)
        return data

    def _read(self, blob: str) -> bytes | None:
        assert self.proc.stdin is not None and self.proc.stdout is not None
        self.proc.stdin.write(blob.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3 or header[1] != b"blob":
            return None  # "<id> missing": a shallow clone, a pruned object
        data = self.proc.stdout.read(int(header[2]))
        self.proc.stdout.read(1)  # the newline after the contents
        return data if data.startswith(_SQLITE_MAGIC) else None

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait()


def _open(new: bytes | None, old: bytes | None = None) -> sqlite3.Connection:
    """The versions as ``main`` and ``old`` of one in-memory connection (an absent
    version is an empty database); read-only, with the schema not trusted."""
    conn = sqlite3.connect(":memory:")
    conn.execute("PRAGMA trusted_schema = OFF")
    conn.execute("ATTACH DATABASE ':memory:' AS old")
    for schema, data in (("main", new), ("old", old)):
        if data is not None:
            conn.deserialize(data, name=schema)
    conn.execute("PRAGMA query_only = ON")
    return conn


def _tables(conn: sqlite3.Connection, schema: str) -> dict[str, list[str]]:
    """Each user table of ``schema`` and its columns."""
    sql = f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'"
    names = [r[0] for r in conn.execute(sql) if not dump.is_internal(r[0])]
    info = f"PRAGMA {schema}.table_info"
    return {t: [r[1] for r in conn.execute(f"{info}({dump.quote(t)})")] for t in names}


def _count(conn: sqlite3.Connection, schema: str, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {schema}.{dump.quote(table)}").fetchone()[0])


def _rows_changed(conn: sqlite3.Connection) -> tuple[int, int]:
    """Rows added and removed from ``old`` to ``main`` (a changed row counts as one
    of each), matched by primary key and counted by SQLite: no row is read into Python."""
    added = removed = 0
    new_tables, old_tables = _tables(conn, "main"), _tables(conn, "old")
    for table, cols in new_tables.items():
        if old_tables.get(table) != cols:  # new, or its columns changed: every row differs
            added += _count(conn, "main", table)
            removed += _count(conn, "old", table) if table in old_tables else 0
            continue
        new, old = _diff_table(conn, table, cols)
        added += new
        removed += old
    for table in old_tables.keys() - new_tables.keys():
        removed += _count(conn, "old", table)
    return added, removed


def _diff_table(conn: sqlite3.Connection, table: str, cols: list[str]) -> tuple[int, int]:
    name = dump.quote(table)
    key = dump.primary_key(conn, table)
    on = " AND ".join(f"n.{dump.quote(c)} IS o.{dump.quote(c)}" for c in key)
    rest = [c for c in cols if c not in key]
    differs = " OR ".join(f"n.{dump.quote(c)} IS NOT o.{dump.quote(c)}" for c in rest) or "0"
    for missing in ("o.rowid IS NULL", f"o.{dump.quote(key[0])} IS NULL"):  # WITHOUT ROWID
        try:
            new_or_changed, changed = conn.execute(
                f"SELECT count(*) FILTER (WHERE {missing} OR {differs}),"
                f" count(*) FILTER (WHERE NOT ({missing}) AND ({differs}))"
                f" FROM main.{name} n LEFT JOIN old.{name} o ON {on}"
            ).fetchone()
            break
        except sqlite3.OperationalError:
            continue
    else:
        raise sqlite3.OperationalError(f"cannot compare {table}")
    gone = conn.execute(
        f"SELECT count(*) FROM old.{name} o WHERE NOT EXISTS"
        f" (SELECT 1 FROM main.{name} n WHERE {on})"
    ).fetchone()[0]
    return new_or_changed, gone + changed


def _commitment(data: bytes | None, commitment_id: str) -> dict[str, Any] | None:
    if data is None:
        return None
    conn = _open(data)
    try:
        if any(p.refused for p in problems(conn)):  # never read a view or a changed table
            return None
        conn.row_factory = sqlite3.Row
        row = conn.execute("SELECT * FROM commitments WHERE id = ?", [commitment_id]).fetchone()
        return dict(row) if row else None
    except sqlite3.Error:  # not our schema (yet)
        return None
    finally:
        conn.close()


def _rows_between(old: bytes | None, new: bytes | None) -> str:
    if old == new:
        return ""
    conn = _open(new, old)
    try:
        added, removed = _rows_changed(conn)
    except sqlite3.Error:
        return ""
    finally:
        conn.close()
    return f"+{added} -{removed} rows" if added or removed else ""


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


def _commits(out: IO[str]) -> Iterator[_Commit]:
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


def db_changes(db_path: Path, commitment_id: str | None = None) -> list[Change]:
    """Commits that changed the database (or one commitment), oldest first."""
    root = repo_root(db_path.parent)
    if root is None:
        raise GitError(f"{db_path.parent} is not inside a git work tree")
    rel = db_path.resolve().relative_to(root).as_posix()
    log = subprocess.Popen(
        [
            "git", "log", "--reverse", "--no-renames", "--raw", "--no-abbrev",
            "--diff-merges=first-parent", f"--format={_START}%H{_SEP}%aI{_SEP}%an{_SEP}%s",
            "--", rel,
        ],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment(),
        text=True,
        encoding="utf-8",
        errors="replace",
    )  # fmt: skip
    blobs = _Blobs(root)
    changes: list[Change] = []
    try:
        assert log.stdout is not None
        for commit in _commits(log.stdout):
            old, new = blobs.get(commit.before), blobs.get(commit.after)
            if commitment_id is not None:
                what = _describe(_commitment(old, commitment_id), _commitment(new, commitment_id))
            else:
                what = _rows_between(old, new)
            if what:
                changes.append(
                    Change(commit.sha, commit.date[:10], commit.author, commit.subject, what)
                )
    finally:
        blobs.close()
        if log.stdout is not None:
            log.stdout.close()
        log.wait()
    return changes
