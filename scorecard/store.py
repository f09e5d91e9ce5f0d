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
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Concatenate, ParamSpec, Protocol, TypeVar

import db
from db import queries as q
from scorecard import clock
from scorecard.errors import ScorecardError, WeekClosed
from scorecard.weeks import Week

P = ParamSpec("P")
R = TypeVar("R")


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

    @classmethod
    def open(cls, db_path: Path) -> Store:
        try:
            return cls(db.connect(db_path), db_path)
        except db.DatabaseError as exc:
            raise as_error(exc) from None

    @classmethod
    def create(cls, db_path: Path) -> Store:
        try:
            return cls(db.create(db_path), db_path)
        except db.DatabaseError as exc:
            raise as_error(exc) from None

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    def error(self, exc: sqlite3.Error) -> ScorecardError:
        return as_error(db.connection.translate(exc, self.db_path))

    @contextmanager
    def write(self, week: Week | None = None) -> Iterator[str]:
        """One transaction; yields the timestamp of this action.

        With ``week``, refuses with :class:`WeekClosed` if that week is closed.
        """
        with db.transaction(self.conn):
            if week is not None:
                row = q.get_week(self.conn, week.id)
                if row and row["closed"]:
                    raise WeekClosed(f"week {week} is closed; reopen it to make changes")
            yield clock.stamp()
        self._seen_version = db.connection.data_version(self.conn)

    def changed_elsewhere(self) -> bool:
        """True once after another process committed to the database."""
        with self.lock:
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
