"""Opening the database file safely.

The file lives in a git repository and must be safe to commit at any moment:
rollback journal (never WAL), foreign keys on, a busy timeout, and opening or
reading never writes a byte. Migrations run only when something is pending.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlite_utils import Database

from db.schema import SCHEMA_VERSION, migrations

BUSY_TIMEOUT_MS = 5000
_SQLITE_MAGIC = b"SQLite format 3\x00"


class DatabaseError(Exception):
    """A problem with the database file that the user can act on."""

    exit_code = 1


class NotOurDatabaseError(DatabaseError):
    exit_code = 2


class NewerSchemaError(DatabaseError):
    exit_code = 2


class DatabaseLockedError(DatabaseError):
    exit_code = 1


class ReadOnlyDatabaseError(DatabaseError):
    exit_code = 1


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise NotOurDatabaseError(f"{path} is a directory, not a scorecard database")
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except PermissionError as exc:
        raise DatabaseError(f"{path}: cannot read the database ({exc.strerror})") from exc
    if head != _SQLITE_MAGIC:
        what = "an empty file" if not head else "not an SQLite database"
        raise NotOurDatabaseError(f"{path} is {what}, not a scorecard database")


def _configure(conn: sqlite3.Connection) -> Database:
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    return Database(conn, execute_plugins=False)


def _open(path: Path, *, readonly: bool) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rw")
    return sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False)


def translate(exc: sqlite3.Error, path: Path) -> DatabaseError:
    """Turn a low-level sqlite3 error into one clear sentence."""
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return DatabaseLockedError(f"{path} is locked by another program; try again in a moment")
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyDatabaseError(f"{path} is read-only; cannot save changes")
    if "not a database" in msg or "malformed" in msg or "disk image" in msg:
        return NotOurDatabaseError(f"{path} is damaged or not a scorecard database ({msg})")
    return DatabaseError(f"{path}: {msg}")


def _ensure_rollback_journal(conn: sqlite3.Connection) -> None:
    """Switch a file someone put in WAL mode back to a rollback journal.

    A ``-wal`` file beside the database would hold data that git never sees.
    Only a file not already in ``delete`` mode is written to.
    """
    mode = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    if mode != "delete":
        with contextlib.suppress(sqlite3.OperationalError):  # busy or read-only: next time
            conn.execute("PRAGMA journal_mode = DELETE")


def connect(path: Path, *, migrate: bool = True) -> Database:
    """Open an existing scorecard database.

    Raises a :class:`DatabaseError` subclass for a missing, foreign, damaged,
    newer, locked or unreadable file. Writes nothing unless a migration of an
    older file is pending (and ``migrate`` is true).
    """
    path = Path(path)
    if not path.exists():
        raise DatabaseError(f"{path} does not exist; run 'scorecard init' first")
    _check_file(path)
    try:
        conn = _open(path, readonly=False)
    except sqlite3.OperationalError:
        # A read-only file (or directory) still opens for reading.
        try:
            conn = _open(path, readonly=True)
        except sqlite3.Error as exc:
            raise translate(exc, path) from exc
    try:
        db = _configure(conn)
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = set(db.table_names())
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path} was written by a newer version of scorecard "
                f"(schema {version}, this one reads up to {SCHEMA_VERSION}); upgrade scorecard"
            )
        if "weeks" not in tables and tables - {migrations.migrations_table}:
            raise NotOurDatabaseError(f"{path} is an SQLite file but not a scorecard database")
        if migrate and migrations.pending(db):
            migrations.apply(db)
        if migrate:
            _ensure_rollback_journal(conn)
    except DatabaseError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, path) from exc
    return db


def create(path: Path) -> Database:
    """Create a new database file with the current schema.

    The file is built under a temporary name and renamed into place, so a
    crash never leaves an empty or half-made database at ``path``.
    """
    path = Path(path)
    if path.exists():
        raise DatabaseError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.new*"):  # left by a create that crashed
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")  # created with the usual mode
    try:
        conn = sqlite3.connect(str(tmp), timeout=BUSY_TIMEOUT_MS / 1000)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            migrations.apply(_configure(conn))
        finally:
            conn.close()
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return connect(path, migrate=False)


@contextmanager
def transaction(db: Database) -> Iterator[Database]:
    """One write transaction that takes the write lock first (``BEGIN IMMEDIATE``).

    A deferred ``BEGIN`` (what ``db.atomic()`` issues) reads first and asks for
    the write lock later; when two processes do that at once, SQLite fails one
    of them at once with "database is locked" instead of waiting out the busy
    timeout (it would deadlock). Taking the lock up front makes writers queue.
    Nested use becomes a savepoint.
    """
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    try:
        db.conn.execute("COMMIT")
    except BaseException:
        db.conn.rollback()
        raise


def data_version(db: Database) -> int:
    """A number that changes when another connection commits to the file."""
    return int(db.conn.execute("PRAGMA data_version").fetchone()[0])
