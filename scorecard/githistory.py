"""Which commits changed the database, read back from git (``scorecard log --git``).

One ``git log --raw`` names, for every commit that touched the file, the blob
before (its first parent's) and after; one ``git cat-file --batch`` process
hands over each blob (:mod:`scorecard.gitblobs`), which SQLite reads from
memory (``deserialize``: no temporary file; only the cache below is written).

- For one commitment, its row (a look-up by key, from the table itself) is
  compared in the versions before and after each commit, read two at a time.
  Reading a pair of versions also tells, from the pages they differ in, which
  commitments that commit may have changed (:func:`scorecard.versions.changed_keys`):
  kept under ``.git`` (:mod:`scorecard.logcache`), so the next run, for any
  commitment, reads only the versions around the commits that may have changed
  it, and compares its rows in them as before.
- For the whole database, each commit is compared with its first parent,
  table by table, rows matched by primary key and counted by SQLite. Only the
  rows in the leaf pages the commit rewrote are compared (:mod:`db.pages`):
  the rest of a ten-year file is the same bytes in both versions. Two
  versions are held at a time, so memory does not grow with the history.

The commits are read in two parts at once, each by a ``git cat-file`` of its
own (:mod:`scorecard.gitparts`). Changes are yielded oldest first, as they
are found (the newer part's held until the older one is done).
"""

from __future__ import annotations

import functools
import sqlite3
from collections import OrderedDict
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from db.boundary import problems
from scorecard import gitparts, gitrun
from scorecard.gitblobs import Blobs, attributes_asked, reuse_freed_buffers, stored_as_is
from scorecard.gitfind import in_work_tree
from scorecard.gitrun import GitError
from scorecard.logcache import ChangedIds
from scorecard.versions import Slots, Version, changed_keys, rows_changed

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


#: ``git log`` of every commit that changed the file named last, oldest first, with
#: the blobs before and after (a few hundred bytes each; parsed by :func:`_commits`).
_LOG = (
    "log", "--reverse", "--no-renames", "--raw", "--no-abbrev", "--diff-merges=first-parent",
    f"--format={_START}%H{_SEP}%aI{_SEP}%an{_SEP}%s", "--",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Place:
    """Where the file is in git, and every commit that changed it."""

    root: Path
    rel: str
    """The file's path from the top of the work tree (posix)."""
    path: str | None
    """``rel`` where git checks the file out as stored (cat-file ``--filters``, :class:`Blobs`)."""
    cache: Path | None
    """Where :mod:`scorecard.logcache` keeps its file (``scorecard/`` in the git folder)."""
    commits: list[_Commit]


def _place(db_path: Path) -> _Place:
    """Asked of git at once, from the file's folder: the top of the work tree and
    the git folder (shared by its work trees), the commits that changed the file,
    and whether git checks it out as stored (:func:`scorecard.gitblobs.stored_as_is`)."""
    file = db_path.resolve()
    folder, name = file.parent, file.name
    if not in_work_tree(file):  # no git process at all
        raise GitError(f"{db_path.parent} is not inside a git work tree")
    questions = (
        ("rev-parse", "--show-toplevel", "--git-common-dir"),
        (*_LOG, name),
        attributes_asked(name),
    )
    with gitrun.started(questions, cwd=folder) as asked:
        reuse_freed_buffers()  # meanwhile
        where, log, attributes = (found.result() for found in asked)
    top, _, common = where.stdout.removesuffix("\n").rpartition("\n")
    if where.returncode != 0 or not top or not common:
        raise GitError(f"{db_path.parent} is not inside a git work tree")
    root = Path(top).resolve()
    rel = file.relative_to(root).as_posix()
    as_is = "\n" not in rel and "\r" not in rel and stored_as_is(attributes)  # a line of cat-file's
    return _Place(
        root=root,
        rel=rel,
        path=rel if as_is else None,
        cache=(folder / common).resolve() / "scorecard",
        commits=list(_commits(iter(log.stdout.split("\n")))),
    )


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
    """One commitment's row in the versions of the file (each a :class:`Version`
    of one :class:`Slots`), read once per blob, only where it may have changed."""

    def __init__(self, commitment_id: str, conn: sqlite3.Connection):
        self.id, self.conn = commitment_id, conn
        self.checked: dict[tuple[Any, ...], bool] = {}
        self.found: dict[str, dict[str, Any] | None] = {}

    def schema(self, version: Version) -> tuple[Any, ...]:
        """The version's schema, as the check (:mod:`db.boundary`) sees it."""
        return version.schema_key()

    def row(self, blob: str | None, version: Version | None) -> dict[str, Any] | None:
        if blob is None or version is None:
            return None
        if blob not in self.found:
            self.found[blob] = self._read(version)
        return self.found[blob]

    def _read(self, version: Version) -> dict[str, Any] | None:
        try:
            schema = self.schema(version)
            if schema not in self.checked:  # never read a view or a changed table
                found = problems(self.conn, version.schema)
                self.checked[schema] = not any(p.refused for p in found)
            if not self.checked[schema]:
                return None
            # every row of the table read (not its index): what the pages can vouch for
            sql = f"SELECT * FROM {version.schema}.commitments NOT INDEXED WHERE id = ?"
            cursor = self.conn.execute(sql, [self.id])
            found = cursor.fetchone()
        except sqlite3.Error:  # not our schema (yet), or damaged
            return None
        if found is None:
            return None
        return dict(zip([d[0] for d in cursor.description], found, strict=True))

    def may_differ(self, old: Version | None, new: Version | None) -> frozenset[str] | None:
        """The ids whose rows may differ between two versions of the same schema
        (:func:`scorecard.versions.changed_keys`); None: not known."""
        if old is None or new is None:
            return None
        try:
            if self.schema(old) != self.schema(new):
                return None
        except sqlite3.Error:
            return None
        found = changed_keys(old, new, "commitments", "id")
        return frozenset(found) if found is not None else None


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
    place = _place(db_path)
    if not place.commits:
        return
    root, path, commits = place.root, place.path, place.commits
    if commitment_id is not None:
        yield from _commitment_changes(root, path, commits, commitment_id, place.cache)
        return
    parts, known = gitparts.halves(root, commits)
    yield from gitparts.in_turn([_file_steps(root, path, part, known) for part in parts])


#: One part of the history (:mod:`scorecard.gitparts`): a step per commit, its change or None.
Steps = Generator[Change | None, None, None]


def _file_steps(
    root: Path, path: str | None, commits: list[_Commit], known: gitparts.Stored
) -> Steps:
    """Each commit's rows added and removed (the whole file), two versions at a time
    (``path``: the file's, read with git's filters, as in :class:`Blobs`)."""
    order = _loads(commits, 2)
    limit = gitparts.base_cache(order, known)
    blobs = Blobs(root, order, path, limit, newer_first=limit is not None)
    slots = Slots()
    try:
        kept = _Kept(blobs, 2, slots.load)
        for commit in commits:
            what = _rows_between(kept.get(commit.before), kept.get(commit.after))
            yield _change(commit, what) if what else None
    finally:
        blobs.close()
        slots.close()


def _commitment_changes(
    root: Path, path: str | None, commits: list[_Commit], commitment_id: str, folder: Path | None
) -> Iterator[Change]:
    """The commits that changed one commitment. Only the pairs of versions that may
    have (by the cache, :mod:`scorecard.logcache`) are read, two at a time; what
    is learnt about the others is kept for the next run."""
    cache = ChangedIds(folder)

    def may_differ(commit: _Commit) -> bool:
        if commit.before is None or commit.after is None:
            return True
        ids = cache.get(commit.before, commit.after)
        return ids is None or commitment_id in ids

    wanted = [c for c in commits if may_differ(c)]
    halves, known = gitparts.halves(root, wanted)
    arrivals = gitparts.Arrivals()
    blobs: list[Blobs] = []
    try:
        for part in halves:  # every part's git starts now, and each part goes on when it can
            order = _loads(part, 2)
            limit = gitparts.base_cache(order, known)
            newer_first = limit is not None
            blobs.append(
                Blobs(root, order, path, limit, newer_first=newer_first, told=arrivals.arrived)
            )
        parts = [
            _commitment_steps(part, commitment_id, cache, found)
            for part, found in zip(halves, blobs, strict=True)
        ]
        yield from gitparts.in_turn(parts, [found.ready for found in blobs], arrivals)
    finally:
        for found in blobs:  # also those of parts that never started
            found.close()
    cache.save()


def _commitment_steps(
    commits: list[_Commit], commitment_id: str, cache: ChangedIds, blobs: Blobs
) -> Steps:
    """For each of ``commits``, how it changed the commitment (None: it did not),
    from ``blobs`` (asked for the versions of :func:`_loads`)."""
    slots = Slots(lazy=True)  # most versions are only read as pages
    rows = _Rows(commitment_id, slots.conn)
    try:
        kept = _Kept(blobs, 2, slots.load)
        for commit in commits:
            old, new = kept.get(commit.before), kept.get(commit.after)
            before, after = commit.before, commit.after
            if before is not None and after is not None and cache.get(before, after) is None:
                ids = rows.may_differ(old, new)
                if ids is not None:
                    cache.put(before, after, ids)
                    if commitment_id not in ids:
                        yield None  # its row is the same in both
                        continue
            what = _describe(rows.row(commit.before, old), rows.row(commit.after, new))
            yield _change(commit, what) if what else None
    finally:
        blobs.close()
        slots.close()


def _change(commit: _Commit, what: str) -> Change:
    return Change(commit.sha, commit.date[:10], commit.author, commit.subject, what)
