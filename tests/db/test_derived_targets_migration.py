"""Migration 0009: weeks closed before derived targets were recorded keep the grade
they had, the target the catalog held then (read from the file alone)."""

from __future__ import annotations

import sqlite3

import sqlite_utils

import db
from db.schema import migrations

OLD = "2026-11-20T10:00:00+00:00"


def _version_6_file(path):
    legacy = sqlite_utils.Database(sqlite3.connect(path))
    migrations().apply(legacy, stop_before="0009_derived_targets")
    assert legacy.execute("PRAGMA user_version").fetchone()[0] == 6
    metric = (
        "INSERT INTO metrics (key, name, area, owner, unit, direction, tolerance, target, "
        "formula, active, updated_at) VALUES "
    )
    legacy.executescript(
        f"""
        INSERT INTO weeks (week, closed, updated_at) VALUES
            ('2026-W45', 1, '{OLD}'), ('2026-W46', 1, '{OLD}'), ('2026-W47', 0, '{OLD}');
        {metric}
            ('mqls', 'MQLs', 'awareness', 'marketing', 'count', 'higher', 0.1, 120,
             NULL, 1, '{OLD}'),
            ('sqls', 'SQLs', 'revenue', 'sales', 'count', 'higher', 0.1, 40, NULL, 1, '{OLD}'),
            ('conversion', 'MQL → SQL', 'revenue', 'shared', 'percent', 'higher', 0.1, 33,
             'sqls / mqls * 100', 1, '{OLD}'),
            ('old-rate', 'Old rate', 'revenue', 'shared', 'percent', 'higher', 0.1, 10,
             'sqls / mqls * 100', 0, '{OLD}');
        INSERT INTO metric_values (week, metric, value, entered_at) VALUES
            ('2026-W45', 'mqls', 100, '{OLD}'), ('2026-W47', 'mqls', 90, '{OLD}');
        """
    )
    legacy.close()
    return path


def test_closed_weeks_with_values_get_the_catalogs_target(tmp_path):
    path = _version_6_file(tmp_path / "s.db")
    database = db.connect(path)  # migrates
    try:
        pinned = database.execute("SELECT week, metric, target FROM derived_targets").fetchall()
        # W45: closed, with a value; W46 closed without any; W47 open; old-rate inactive
        assert pinned == [("2026-W45", "conversion", 33.0)]
        assert database.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        database.close()
