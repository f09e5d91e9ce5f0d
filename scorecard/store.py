"""The store: one database connection and the unit of work around it.

Every user action is one transaction (:meth:`Store.write`); reads never
write. The connection is shared by Textual's thread workers, so every public
method of a command or read class takes the store's lock (:func:`locked`),
which also turns sqlite errors into one clear :class:`ScorecardError`.
Change detection (:meth:`Store.changed_elsewhere`) tells the app when another
process committed to the file.
"""

from __future__ import annotations

import functools
import os
import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, Concatenate, Literal, ParamSpec, Protocol, TypeVar

import db
from db import queries as q
from scorecard import clock
from scorecard.errors import ScorecardError, UnmergedFile, WeekClosed
from scorecard.weeks import Week

if TYPE_CHECKING:
    from scorecard.gitstate import UnmergedGuard
    from scorecard.rows import BadRow

Row = dict[str, Any]
P = ParamSpec("P")
R = TypeVar("R")


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device, inode); None while there is none."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_dev, st.st_ino)


def as_error(exc: db.DatabaseError) -> ScorecardError:
    """A storage error as the one line (and exit code) the user sees."""
    err = ScorecardError(str(exc))
    err.exit_code = exc.exit_code
    return err


class Store:
    """An open database file: its connection, the lock around it, the unit of work."""

    def __init__(self, database: sqlite3.Connection, db_path: Path):
        self.conn = database
        self.db_path = db_path
        self.lock = threading.RLock()
        self._seen_version = db.connection.data_version(database)
        self._unmerged: UnmergedGuard | Literal[False] | None = None  # made on the first write
        # An older file is read from a migrated copy; the file itself is migrated
        # by the first write, so reading never changes it (git status stays clean).
        self._migrate_on_write = False
        self._identity = _identity(db_path)
        #: Run first in every write transaction, with the connection and the stamp:
        #: the Workspace keeps the ``metrics`` table in step with scorecard.toml.
        self.before_write: Callable[[sqlite3.Connection, str], object] | None = None
        self.bad_rows: dict[tuple[str, str], BadRow] = {}
        """Stored rows left out of what was read because they failed validation."""
        self.writes = 0
        """Write transactions committed through this store."""
        self._page_cache_kib: int | None = None

    def limit_page_cache(self, kib: int) -> None:
        """Keep SQLite's own cache of the file's pages under ``kib`` KiB, also on a
        connection opened later (a replaced or migrated file)."""
        with self.lock:
            self._page_cache_kib = kib
            self._limit_page_cache()

    def _limit_page_cache(self) -> None:
        if self._page_cache_kib is not None:
            db.connection.limit_page_cache(self.conn, self._page_cache_kib)

    def keep_good(self, table: str, found: Iterable[Row]) -> list[Row]:
        """The rows of ``table`` that pass :mod:`scorecard.rows`; the others are
        remembered in :attr:`bad_rows` (for one line each) and left out."""
        from scorecard import rows

        good, bad = rows.split(table, found)
        for item in bad:
            self.bad_rows.setdefault((item.table, item.key), item)
        return good  # type: ignore[return-value]

    def good_or_none(self, table: str, row: Row | None) -> Row | None:
        """``row`` if it passes validation; None (and remembered) if not."""
        if row is None:
            return None
        kept = self.keep_good(table, [row])
        return kept[0] if kept else None

    @classmethod
    def open(cls, db_path: Path) -> Store:
        try:
            database, migrated_copy = db.connect_for_reading(db_path)
        except db.DatabaseError as exc:
            raise as_error(exc) from None
        store = cls(database, db_path)
        store._migrate_on_write = migrated_copy
        return store

    @classmethod
    def create(
        cls, db_path: Path, fill: Callable[[sqlite3.Connection, str], object] | None = None
    ) -> Store:
        """A new database file; ``fill`` (like :attr:`before_write`) writes into it before
        it takes its name."""
        now = clock.stamp()
        first = None if fill is None else (lambda conn: fill(conn, now))
        try:
            return cls(db.create(db_path, first), db_path)
        except db.DatabaseError as exc:
            raise as_error(exc) from None

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    def error(self, exc: sqlite3.Error) -> ScorecardError:
        return as_error(db.connection.translate(exc, self.db_path))

    @contextmanager
    def write(self, week: Week | None = None, *, merging: bool = False) -> Iterator[str]:
        """One transaction; yields the timestamp of this action.

        With ``week``, refuses with :class:`WeekClosed` if that week is closed.
        Refuses with :class:`UnmergedFile` while git marks the file unmerged,
        unless ``merging`` (resolving a conflict: the writes that finish a merge).
        """
        if not merging:
            self._refuse_unmerged()
        self.follow_file()
        if self._migrate_on_write:
            self._reopen_migrated()
        with db.transaction(self.conn):
            if week is not None:
                row = q.get_week(self.conn, week.id)
                if row and row["closed"]:
                    raise WeekClosed(f"week {week} is closed; reopen it to make changes")
            now = clock.stamp()
            if self.before_write is not None:
                self.before_write(self.conn, now)
            yield now
        self._seen_version = db.connection.data_version(self.conn)
        self.writes += 1

    def _refuse_unmerged(self) -> None:
        if self._unmerged is None:
            from scorecard.gitfind import index_file

            if index_file(self.db_path.resolve().parent) is None:
                self._unmerged = False  # not in git: git's modules stay unloaded
                return
            from scorecard.gitstate import UnmergedGuard  # subprocess: only to write

            self._unmerged = UnmergedGuard(self.db_path)
        if self._unmerged is False:
            return
        refusal = self._unmerged.refusal()
        if refusal is not None:
            raise UnmergedFile(refusal)

    def _reopen_migrated(self) -> None:
        """Swap the migrated in-memory copy for the file, migrated now (first write)."""
        try:
            migrated = db.connect(self.db_path)
        except db.DatabaseError as exc:
            raise as_error(exc) from None
        self.conn.close()
        self.conn, self._migrate_on_write = migrated, False
        self._seen_version = db.connection.data_version(migrated)
        self._limit_page_cache()

    def follow_file(self) -> bool:
        """Reopen the database when its file was replaced (a git merge, pull, checkout or
        rename puts a new file, a new inode, at the path); True if it was.

        The old connection would keep reading the replaced file and refuse
        every write as read-only. While the path is missing (git is midway
        through a checkout) the open file is kept, and asked again next time.
        """
        with self.lock:
            now = _identity(self.db_path)
            if now is None or now == self._identity:
                return False
            try:
                database, migrated_copy = db.connect_for_reading(self.db_path)
            except db.DatabaseError:
                return False  # half-written or foreign for now: keep the old one
            self.conn.close()
            self.conn, self._migrate_on_write = database, migrated_copy
            self._identity = now
            self._seen_version = db.connection.data_version(database)
            self._limit_page_cache()
            return True

    def generation(self) -> tuple[int, int, object]:
        """Changes whenever what a read could return may have: a commit by any
        connection (this one's writes, another process's, a replaced file).
        Cheap (no table is read) and, unlike :meth:`changed_elsewhere`, it
        consumes nothing: a screen compares it with the one it last loaded at."""
        with self.lock:
            try:
                version = db.connection.data_version(self.conn)
            except sqlite3.Error as exc:
                raise self.error(exc) from exc
            return version, self.conn.total_changes, self._identity

    def changed_elsewhere(self) -> bool:
        """True once after another process committed to the database, or replaced it."""
        with self.lock:
            if self.follow_file():
                return True
            try:
                version = db.connection.data_version(self.conn)
            except sqlite3.Error as exc:
                raise self.error(exc) from exc
            changed = version != self._seen_version
            self._seen_version = version
            return changed


class HasStore(Protocol):
    store: Store


S = TypeVar("S", bound=HasStore)


def locked(method: Callable[Concatenate[S, P], R]) -> Callable[Concatenate[S, P], R]:
    """Serialise access to the connection and translate sqlite errors."""

    @functools.wraps(method)
    def wrapper(self: S, /, *args: P.args, **kwargs: P.kwargs) -> R:
        with self.store.lock:
            try:
                return method(self, *args, **kwargs)
            except sqlite3.Error as exc:
                raise self.store.error(exc) from exc

    return wrapper
