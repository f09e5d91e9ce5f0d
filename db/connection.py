"""Opening the database file safely.

The file lives in a git repository and must be safe to commit at any moment:
rollback journal (never WAL), foreign keys on, a busy timeout, and opening or
reading never writes a byte. Migrations run only when something is pending.

A connection is a plain :class:`sqlite3.Connection` in autocommit mode
(``isolation_level=None``): a write outside :func:`transaction` commits at once,
as sqlite-utils' ``execute`` did, and no implicit transaction ever holds a lock.
sqlite-utils itself is imported only to create a file or run a migration.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from db import boundary
from db.schema import MIGRATION_SET, MIGRATIONS, MIGRATIONS_TABLE, SCHEMA_VERSION, migrations

Row = dict[str, Any]

#: How long a write waits for another program's lock before giving up, unless
#: ``SCORECARD_BUSY_TIMEOUT_MS`` says otherwise (tests that hold a lock on
#: purpose set it low rather than wait five seconds).
BUSY_TIMEOUT_MS = 5000


def busy_timeout_ms() -> int:
    """The busy timeout in force: ``$SCORECARD_BUSY_TIMEOUT_MS`` or the default."""
    raw = os.environ.get("SCORECARD_BUSY_TIMEOUT_MS", "")
    return int(raw) if raw.isdigit() else BUSY_TIMEOUT_MS


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


class UntrustedSchemaError(DatabaseError):
    """The file holds a trigger, a shadowing object or a changed table (db.boundary)."""

    exit_code = 2


class TimeLimitError(DatabaseError):
    """A bounded operation (the merge driver) ran past its deadline."""

    exit_code = 1


def _check_file(path: Path) -> None:
    if path.is_dir():
        raise NotOurDatabaseError(f"{path} is a directory, not a scorecard database")
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a FIFO would hang, a device never end
            raise NotOurDatabaseError(f"{path} is not a regular file, not a scorecard database")
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise DatabaseError(f"{path}: cannot read the database ({exc.strerror})") from exc
    if head != _SQLITE_MAGIC:
        what = "an empty file" if not head else "not an SQLite database"
        raise NotOurDatabaseError(f"{path} is {what}, not a scorecard database")


def harden(conn: sqlite3.Connection) -> None:
    """What every connection to a file from elsewhere gets before its first read:
    no extension loading, and schema code (triggers, views, defaults) may call
    only SQLite's innocuous built-in functions (``trusted_schema = OFF``)."""
    if hasattr(conn, "enable_load_extension"):
        conn.enable_load_extension(False)
    conn.execute("PRAGMA trusted_schema = OFF")


def _configure(conn: sqlite3.Connection) -> None:
    harden(conn)
    conn.execute(f"PRAGMA busy_timeout = {busy_timeout_ms()}")
    conn.execute("PRAGMA foreign_keys = ON")


def limit_page_cache(conn: sqlite3.Connection, kib: int) -> None:
    """Keep at most ``kib`` KiB of the file's pages in the connection's own cache
    (SQLite's default: 2 MiB). The file is read through the operating system's
    cache, which holds it anyway: a bigger cache of our own duplicates it."""
    conn.execute(f"PRAGMA cache_size = -{int(kib)}")


def set_deadline(conn: sqlite3.Connection, deadline: float | None) -> None:
    """Interrupt any statement still running at ``deadline`` (``time.monotonic``)."""
    if deadline is None:
        conn.set_progress_handler(None, 0)
        return

    def past() -> int:
        return 1 if time.monotonic() > deadline else 0

    conn.set_progress_handler(past, 10_000)


def _open(path: Path, *, readonly: bool) -> sqlite3.Connection:
    uri = path.resolve().as_uri() + ("?mode=ro" if readonly else "?mode=rw")
    return sqlite3.connect(
        uri,
        uri=True,
        timeout=busy_timeout_ms() / 1000,
        check_same_thread=False,
        isolation_level=None,
    )


def query(conn: sqlite3.Connection, sql: str, params: Sequence[Any] | Row = ()) -> list[Row]:
    """The rows of ``sql`` as dicts of column name to value."""
    cursor = conn.execute(sql, params)
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, values, strict=True)) for values in cursor]


def query_one(conn: sqlite3.Connection, sql: str, params: Sequence[Any] | Row = ()) -> Row | None:
    """The first row of ``sql`` as a dict, or None."""
    cursor = conn.execute(sql, params)
    values = cursor.fetchone()
    if values is None:
        return None
    return dict(zip([d[0] for d in cursor.description], values, strict=True))


def _table_names(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _pending(conn: sqlite3.Connection, tables: set[str]) -> bool:
    """Whether sqlite-utils' ``Migrations.pending`` would list anything.

    The same question it asks (is a migration of our set not recorded in its
    table?), asked in SQL, so that an up-to-date file is opened without
    importing sqlite-utils.
    """
    if MIGRATIONS_TABLE not in tables:
        return bool(MIGRATIONS)
    applied = {
        r[0]
        for r in conn.execute(
            f"SELECT name FROM {MIGRATIONS_TABLE} WHERE migration_set = ?", [MIGRATION_SET]
        )
    }
    return any(name not in applied for name, _ in MIGRATIONS)


def _migrate(conn: sqlite3.Connection) -> None:
    """Apply the pending migrations with sqlite-utils (imported here, not at start-up)."""
    from sqlite_utils import Database

    migrations().apply(Database(conn, execute_plugins=False))


def translate(exc: sqlite3.Error, path: Path) -> DatabaseError:
    """Turn a low-level sqlite3 error into one clear sentence."""
    msg = str(exc)
    if "locked" in msg or "busy" in msg:
        return DatabaseLockedError(f"{path} is locked by another program; try again in a moment")
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyDatabaseError(f"{path} is read-only; cannot save changes")
    if "interrupted" in msg:
        return TimeLimitError(f"{path}: stopped: it took longer than allowed")
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


def _inspect(conn: sqlite3.Connection, shown: str, *, check_schema: bool) -> set[str]:
    """Is the file ours, not newer, and (``check_schema``) is its schema ours?
    Returns its table names."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    tables = _table_names(conn)
    if version > SCHEMA_VERSION:
        raise NewerSchemaError(
            f"{shown} was written by a newer version of scorecard "
            f"(schema {version}, this one reads up to {SCHEMA_VERSION}); upgrade scorecard"
        )
    named = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
    if "weeks" not in named and tables - {MIGRATIONS_TABLE}:
        raise NotOurDatabaseError(f"{shown} is an SQLite file but not a scorecard database")
    if check_schema:
        try:
            boundary.check(conn, shown)
        except boundary.UntrustedSchemaError as exc:
            raise UntrustedSchemaError(str(exc)) from None
    return tables


def connect(
    path: Path,
    *,
    migrate: bool = True,
    check_schema: bool = True,
    label: str | None = None,
    deadline: float | None = None,
) -> sqlite3.Connection:
    """Open an existing scorecard database.

    Raises a :class:`DatabaseError` subclass for a missing, foreign, damaged,
    newer, locked or unreadable file, and (``check_schema``) for a schema that
    is not ours (:mod:`db.boundary`), checked before any statement reads a
    table or a migration runs. Writes nothing unless a migration of an older
    file is pending (and ``migrate`` is true). ``label`` names the file in
    messages; ``deadline`` (``time.monotonic``) bounds every statement.
    """
    path = Path(path)
    shown = label or str(path)
    try:
        if not path.exists():
            raise DatabaseError(f"{shown} does not exist; run 'scorecard init' first")
    except OSError as exc:  # a symlink loop, a name too long
        raise DatabaseError(f"{shown}: cannot open the database ({exc.strerror})") from None
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
        _configure(conn)
        set_deadline(conn, deadline)
        conn.execute("BEGIN")  # one snapshot (and one lock) for every read of the checks
        try:
            tables = _inspect(conn, shown, check_schema=check_schema)
        finally:
            if conn.in_transaction:
                conn.execute("COMMIT")
        if migrate and _pending(conn, tables):
            _migrate(conn)
        if migrate:
            _ensure_rollback_journal(conn)
    except DatabaseError:
        conn.close()
        raise
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, Path(shown)) from exc
    return conn


def connect_for_reading(path: Path) -> tuple[sqlite3.Connection, bool]:
    """Open an existing database without writing a byte, even when it is of an older schema.

    Returns (connection, migrated_copy). When a migration is pending, the
    connection is to an in-memory copy migrated to the newest schema (the
    file is untouched, so ``git status`` stays clean after a read); the
    caller reopens the file with :func:`connect` before its first write.
    """
    conn = connect(path, migrate=False)
    try:
        if not _pending(conn, _table_names(conn)):
            return conn, False
        memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        conn.backup(memory)
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, Path(path)) from exc
    conn.close()
    try:
        _configure(memory)
        _migrate(memory)
    except sqlite3.Error as exc:
        memory.close()
        raise translate(exc, Path(path)) from exc
    return memory, True


def create(
    path: Path, fill: Callable[[sqlite3.Connection], object] | None = None
) -> sqlite3.Connection:
    """Create a new database file with the current schema (and what ``fill`` writes).

    The file is built under a temporary name and renamed into place, so a
    crash never leaves an empty or half-made database at ``path``, nor a hot
    journal beside it: everything a new file holds is written before the rename.
    """
    path = Path(path)
    if path.exists():
        raise DatabaseError(f"{path} already exists")
    path.parent.mkdir(parents=True, exist_ok=True)
    for stale in path.parent.glob(f".{path.name}.*.new*"):  # left by a create that crashed
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")  # created with the usual mode
    try:
        conn = sqlite3.connect(str(tmp), timeout=busy_timeout_ms() / 1000)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            _configure(conn)
            _migrate(conn)
            if fill is not None:
                fill(conn)
                conn.commit()
        finally:
            conn.close()
        os.replace(tmp, path)
    except sqlite3.Error as exc:
        raise translate(exc, path) from exc
    finally:
        tmp.unlink(missing_ok=True)
    return connect(path, migrate=False)


@contextmanager
def transaction(db: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction that takes the write lock first (``BEGIN IMMEDIATE``).

    A deferred ``BEGIN`` reads first and asks for the write lock later; when
    two processes do that at once, SQLite fails one of them at once with
    "database is locked" instead of waiting out the busy timeout (it would
    deadlock). Taking the lock up front makes writers queue.
    Nested use becomes a savepoint.
    """
    if db.in_transaction:
        with _savepoint(db):
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    try:
        db.execute("COMMIT")
    except BaseException:
        db.rollback()
        raise


@contextmanager
def _savepoint(db: sqlite3.Connection) -> Iterator[None]:
    """A nested transaction: undone alone on error, kept with the outer one."""
    db.execute("SAVEPOINT nested")  # ROLLBACK TO / RELEASE take the innermost of the name
    try:
        yield
    except BaseException:
        if db.in_transaction:  # an error can end the whole transaction, savepoints too
            db.execute("ROLLBACK TO SAVEPOINT nested")
            db.execute("RELEASE SAVEPOINT nested")
        raise
    db.execute("RELEASE SAVEPOINT nested")


def data_version(db: sqlite3.Connection) -> int:
    """A number that changes when another connection commits to the file."""
    return int(db.execute("PRAGMA data_version").fetchone()[0])
