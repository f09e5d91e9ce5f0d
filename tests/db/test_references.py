"""Declared references: a due week, a carried commitment and a value's metric are
foreign keys that SQL tools see, that SQLite enforces, and that older files get."""

from __future__ import annotations

import sqlite3

import pytest
import sqlite_utils

import db
from db.schema import MIGRATIONS, SCHEMA_VERSION, migrations

OLD = "2026-11-18T00:00:00Z"


def _references(path) -> set[tuple[str, str, str, str]]:
    database = sqlite_utils.Database(path)
    try:
        return {
            (fk.table, fk.column, fk.other_table, fk.other_column)
            for table in ("commitments", "metric_values")
            for fk in database[table].foreign_keys
        }
    finally:
        database.close()


DECLARED = {
    ("commitments", "week_made", "weeks", "week"),
    ("commitments", "due_week", "weeks", "week"),
    ("commitments", "carried_from", "commitments", "id"),
    ("metric_values", "week", "weeks", "week"),
    ("metric_values", "metric", "metrics", "key"),
}


def test_a_new_file_declares_every_reference(tmp_path):
    path = tmp_path / "s.db"
    db.create(path).close()
    assert _references(path) == DECLARED


def test_sqlite_enforces_them(tmp_path):
    path = tmp_path / "s.db"
    database = db.create(path)
    database.execute(
        "INSERT INTO weeks (week, closed, updated_at) VALUES ('2026-W47', 0, ?)", [OLD]
    )
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        database.execute(
            "INSERT INTO metric_values (week, metric, value, entered_at) "
            "VALUES ('2026-W47', 'nobody-knows', 1, ?)",
            [OLD],
        )
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        database.execute(
            "INSERT INTO commitments (id, text, owner, team, week_made, due_week, created_at, "
            "updated_at) VALUES (?, 't', 'Sam', 'sales', '2026-W47', '2026-W48', ?, ?)",
            ["a" * 32, OLD, OLD],
        )
    database.close()


def _version_5_file(path):
    """A file as the release before the declared references wrote it, with rows
    that name what it has no row for: a due week, a metric that left the toml
    before the catalog existed, the commitment a carried one came from."""
    legacy = sqlite_utils.Database(sqlite3.connect(path))
    migrations().apply(legacy, stop_before="0008_declared_references")
    assert legacy.execute("PRAGMA user_version").fetchone()[0] == 5
    legacy.executescript(
        f"""
        INSERT INTO weeks (week, closed, updated_at) VALUES ('2026-W47', 0, '{OLD}');
        INSERT INTO metrics (key, name, area, owner, unit, direction, tolerance, target,
                             updated_at)
            VALUES ('mqls', 'MQLs', 'Awareness', 'marketing', 'count', 'higher', 0.1, 120,
                    '{OLD}');
        INSERT INTO metric_values (week, metric, value, entered_at)
            VALUES ('2026-W47', 'mqls', 100, '{OLD}'), ('2026-W47', 'old-leads', 7, '{OLD}');
        INSERT INTO commitments (id, text, owner, team, week_made, due_week, carried_from,
                                 created_at, updated_at)
            VALUES ('{"a" * 32}', 'one', 'Sam', 'sales', '2026-W47', '2026-W49', NULL,
                    '{OLD}', '{OLD}'),
                   ('{"b" * 32}', 'two', 'Sam', 'sales', '2026-W47', '2026-W48', '{"c" * 32}',
                    '{OLD}', '{OLD}');
        """
    )
    legacy.close()
    return path


def test_an_older_file_gets_the_rows_its_references_name(tmp_path):
    path = _version_5_file(tmp_path / "s.db")
    database = db.connect(path)  # migrates
    try:
        assert database.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
        weeks = db.query(database, "SELECT week, updated_at FROM weeks ORDER BY week")
        assert [w["week"] for w in weeks] == ["2026-W47", "2026-W48", "2026-W49"]
        # fixed stamps: two clones migrating apart write the same rows
        assert {w["updated_at"] for w in weeks[1:]} == {"1970-01-01T00:00:00+00:00"}
        unknown = db.query_one(database, "SELECT * FROM metrics WHERE key = 'old-leads'")
        assert unknown is not None
        assert (unknown["name"], unknown["area"], unknown["active"]) == ("old-leads", "", 0)
        # the value is kept, and named by its row
        assert db.query(database, "SELECT count(*) AS n FROM metric_values") == [{"n": 2}]
        carried = db.query(database, "SELECT id, carried_from FROM commitments ORDER BY id")
        assert carried == [
            {"id": "a" * 32, "carried_from": None},
            {"id": "b" * 32, "carried_from": None},  # named no commitment: emptied
        ]
    finally:
        database.close()
    assert _references(path) == DECLARED


def test_the_migrated_file_matches_a_new_one(tmp_path):
    """Same tables, same text: the schema check accepts it as it accepts a new file."""
    old = _version_5_file(tmp_path / "old.db")
    db.connect(old).close()
    new = tmp_path / "new.db"
    db.create(new).close()

    def schema(path):
        conn = sqlite3.connect(path)
        try:
            return conn.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' "
                "ORDER BY type, name"
            ).fetchall()
        finally:
            conn.close()

    assert schema(old) == schema(new)


def test_the_declared_references_are_user_version_6():
    assert MIGRATIONS[6 - 1][0] == "0008_declared_references"
