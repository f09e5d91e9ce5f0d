import sqlite3

import pytest

import db
from db.schema import SCHEMA_VERSION
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
        list(database.query("SELECT * FROM weeks"))
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
