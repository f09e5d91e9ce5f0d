import shutil
import sqlite3
import subprocess
import sys

import pytest

import db
from db import dump
from db.schema import SCHEMA_VERSION, migrations
from tests.conftest import digest


def test_new_database_uses_a_rollback_journal_and_foreign_keys(tmp_path):
    database = db.create(tmp_path / "s.db")
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert database.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute("PRAGMA busy_timeout").fetchone()[0] >= 1000
    assert database.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    database.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]


def test_opening_and_reading_leaves_the_file_byte_identical(tmp_path):
    path = tmp_path / "s.db"
    db.create(path).close()
    before = digest(path)
    mtime = path.stat().st_mtime_ns
    for _ in range(3):
        database = db.connect(path)
        db.query(database, "SELECT * FROM weeks")
        database.close()
    assert digest(path) == before
    assert path.stat().st_mtime_ns == mtime


def test_foreign_keys_are_enforced(tmp_path):
    database = db.create(tmp_path / "s.db")
    with pytest.raises(sqlite3.IntegrityError):
        database.execute("INSERT INTO notes VALUES ('a', '2026-W47', 'kudos', 'x', 'y', 't', 't')")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "an empty file"),
        (b"hello, I am a text file\n" * 40, "not an SQLite database"),
    ],
)
def test_a_file_that_is_not_our_database(tmp_path, content, message):
    path = tmp_path / "s.db"
    path.write_bytes(content)
    with pytest.raises(db.NotOurDatabaseError, match=message):
        db.connect(path)
    assert path.read_bytes() == content


def test_another_sqlite_database_is_not_ours(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
    conn.commit()
    conn.close()
    before = digest(path)
    with pytest.raises(db.NotOurDatabaseError, match="not a scorecard database"):
        db.connect(path)
    assert digest(path) == before


def test_a_newer_schema_is_refused_untouched(tmp_path):
    path = tmp_path / "s.db"
    database = db.create(path)
    database.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    database.close()
    before = digest(path)
    with pytest.raises(db.NewerSchemaError, match="newer version of scorecard"):
        db.connect(path)
    assert digest(path) == before


def test_a_directory_is_not_a_database(tmp_path):
    with pytest.raises(db.NotOurDatabaseError, match="is a directory"):
        db.connect(tmp_path)


def test_missing_database_says_how_to_create_one(tmp_path):
    with pytest.raises(db.DatabaseError, match="run 'scorecard init'"):
        db.connect(tmp_path / "nope.db")


def test_a_database_left_in_wal_mode_goes_back_to_a_rollback_journal(tmp_path):
    path = tmp_path / "s.db"
    db.create(path).close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode = WAL").fetchone()[0] == "wal"
    conn.close()
    database = db.connect(path)
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    database.close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]


def _schema_1_file(path):
    """A file as the first release wrote it (before the conflicts table)."""
    from sqlite_utils import Database

    legacy = Database(sqlite3.connect(path))
    migrations().apply(legacy, stop_before="0002_conflicts")
    legacy.execute(
        "INSERT INTO weeks (week, closed, updated_at) "
        "VALUES ('2026-W47', 0, '2026-11-18T12:00:00Z')"
    )
    legacy.close()
    return path


def test_opening_an_up_to_date_file_does_not_import_sqlite_utils(tmp_path):
    path = tmp_path / "s.db"
    db.create(path).close()
    code = (
        "import sys, db\n"
        "database = db.connect(sys.argv[1])\n"
        "db.query(database, 'SELECT * FROM weeks')\n"
        "database.close()\n"
        "print(sorted(m for m in sys.modules if m.startswith('sqlite_utils')))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    assert done.stdout.strip() == "[]"


def test_a_schema_1_file_is_migrated_on_open(tmp_path):
    path = _schema_1_file(tmp_path / "s.db")
    database = db.connect(path)
    assert database.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert "conflicts" in dump.tables(database)
    assert db.query(database, "SELECT week FROM weeks") == [{"week": "2026-W47"}]
    database.close()
    database = db.connect(path, migrate=False)
    assert database.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    database.close()


def _files(tmp_path):
    fresh = tmp_path / "fresh.db"
    db.create(fresh).close()
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    unrecorded = tmp_path / "unrecorded.db"  # our tables, but no record of the migrations
    shutil.copy(fresh, unrecorded)
    conn = sqlite3.connect(unrecorded)
    conn.execute("DROP TABLE _sqlite_migrations")
    conn.commit()
    conn.close()
    return [fresh, empty, unrecorded, _schema_1_file(tmp_path / "one.db")]


def test_the_cheap_pending_check_agrees_with_sqlite_utils(tmp_path):
    from sqlite_utils import Database

    from db.connection import _pending, _table_names

    for path in _files(tmp_path):
        conn = sqlite3.connect(path)
        expected = bool(migrations().pending(Database(conn, execute_plugins=False)))
        assert _pending(conn, _table_names(conn)) is expected, path.name
        conn.close()


def test_a_nested_transaction_is_a_savepoint(tmp_path):
    database = db.create(tmp_path / "s.db")
    week = "INSERT INTO weeks (week, closed, updated_at) VALUES (?, 0, 't')"
    with db.transaction(database):
        database.execute(week, ["2026-W46"])
        with pytest.raises(RuntimeError), db.transaction(database):
            database.execute(week, ["2026-W47"])
            raise RuntimeError
        assert database.in_transaction
    assert db.query(database, "SELECT week FROM weeks") == [{"week": "2026-W46"}]
    with pytest.raises(RuntimeError), db.transaction(database):
        database.execute(week, ["2026-W48"])
        raise RuntimeError
    assert not database.in_transaction
    assert db.query(database, "SELECT week FROM weeks") == [{"week": "2026-W46"}]
    database.close()
