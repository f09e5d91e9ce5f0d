"""The merge driver on crafted inputs: checked, validated and bounded.

Each of BASE, OURS and THEIRS may come from someone else's branch. The schema
of each is checked before any statement reads it or migrates it, its rows are
validated as when read (a bad row of theirs is not merged), and the whole
merge runs under a size cap and a time limit. Whatever happens, OURS is
either the merge or byte-identical, and the failure is one line.
"""

from __future__ import annotations

import shutil
import sqlite3
import time
from pathlib import Path

import pytest

import db
from db import merge as dbm
from tests.conftest import digest
from tests.git.conftest import clone, git, origin, sc  # noqa: F401 (origin: a fixture)
from tests.reliability import history
from tests.reliability.conftest import one_line_error, scorecard

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

NOW = "2026-11-18T12:00:00Z"


def _sides(db_file: Path, tmp_path: Path) -> dict[str, Path]:
    files = {name: tmp_path / f"{name}.db" for name in ("base", "ours", "theirs")}
    for path in files.values():
        shutil.copy(db_file, path)
    return files


def _sql(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def _merge(files: dict[str, Path], cwd: Path):
    return scorecard(
        "git",
        "merge",
        *(str(files[n]) for n in ("base", "ours", "theirs")),
        "scorecard.db",
        cwd=cwd,
        timeout=60,
    )


@pytest.mark.parametrize("side", ["base", "ours", "theirs"])
def test_a_trigger_on_the_migrations_table_is_refused_not_run(db_file, tmp_path, side):
    """It used to make ``git merge`` hang: the migration of the copy fired it."""
    files = _sides(db_file, tmp_path)
    _sql(
        files[side],
        "PRAGMA user_version = 1",
        "DELETE FROM _sqlite_migrations WHERE name != '0001_initial'",
        "DROP TABLE conflicts",
        "CREATE TRIGGER forever BEFORE INSERT ON _sqlite_migrations BEGIN "
        "SELECT count(*) FROM (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
        "SELECT x FROM c); END",
    )
    before = digest(files["ours"])
    started = time.monotonic()
    done = _merge(files, tmp_path)
    assert time.monotonic() - started < 30
    line = one_line_error(done, 1)
    assert f"{side}: trigger forever on _sqlite_migrations" in line, line
    assert digest(files["ours"]) == before


def test_bad_rows_of_theirs_are_not_merged_and_good_ones_are(workspace, db_file, tmp_path):
    from scorecard.weeks import parse_week

    week = parse_week("2026-W47")
    workspace.add_note("idea", "in the base", week=week)
    files = _sides(db_file, tmp_path)
    _sql(
        files["theirs"],
        "INSERT INTO notes VALUES ('" + "a" * 32 + "', '2026-W47', 'idea', 'Maya', "
        f"'their good note', '{NOW}', '{NOW}')",
        "INSERT INTO notes VALUES ('" + "b" * 32 + "', '2026-W47', 'idea', 'Maya', "
        f"'{'x' * 100_001}', '{NOW}', '{NOW}')",
        f"INSERT INTO metric_values VALUES ('2026-W47', 'mqls', 'lots', 120, NULL, 'x', '{NOW}')",
        "INSERT INTO conflicts VALUES ('" + "c" * 32 + "', 'notes', 'not json', 'text', "
        f"'1', '2', '3', '{NOW}')",
    )
    done = _merge(files, tmp_path)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert "theirs: damaged row notes bbbbbbb" in done.stderr
    assert "theirs: damaged row metric_values 2026-W47 mqls" in done.stderr
    assert "theirs: damaged row conflicts ccccccc" in done.stderr
    merged = db.connect(files["ours"])
    try:
        texts = {r["text"] for r in db.query(merged, "SELECT text FROM notes")}
        assert texts == {"in the base", "their good note"}
        assert db.query(merged, "SELECT * FROM metric_values") == []
        assert db.query(merged, "SELECT * FROM conflicts") == []
    finally:
        merged.close()


def test_an_input_over_the_size_cap_is_refused(db_file, tmp_path, monkeypatch):
    files = _sides(db_file, tmp_path)
    monkeypatch.setattr(dbm, "MAX_BYTES", files["theirs"].stat().st_size - 1)
    before = digest(files["ours"])
    with pytest.raises(db.DatabaseError, match="more than a scorecard database may be"):
        dbm.merge_files(files["base"], files["ours"], files["theirs"], NOW)
    assert digest(files["ours"]) == before


def test_a_merge_past_its_time_limit_stops_and_keeps_ours(tmp_path):
    folder = tmp_path / "ws"
    folder.mkdir()
    history.build(folder, 2)
    files = _sides(folder / "scorecard.db", tmp_path)
    _sql(files["theirs"], "UPDATE notes SET text = text || ' (theirs)'")
    before = digest(files["ours"])
    with pytest.raises(db.TimeLimitError, match="took longer than allowed"):
        dbm.merge_files(files["base"], files["ours"], files["theirs"], NOW, time_limit=0.0)
    assert digest(files["ours"]) == before
    assert list(tmp_path.glob(".scorecard-merge-*")) == []


def test_a_colleagues_branch_with_a_trigger_is_not_merged(origin, tmp_path):  # noqa: F811
    """Two leads, two clones, one remote: Maya's laptop pushes a trigger."""
    sales = clone(origin, tmp_path / "sales", "Sam")
    marketing = clone(origin, tmp_path / "marketing", "Maya")
    _sql(
        marketing / "scorecard.db",
        "CREATE TRIGGER double_it AFTER INSERT ON metric_values BEGIN "
        "UPDATE metric_values SET value = value * 2 WHERE rowid = new.rowid; END",
        f"UPDATE metric_values SET note = 'hers', entered_at = '{NOW}'",
    )
    git(marketing, "commit", "--quiet", "-am", "numbers")
    git(marketing, "push", "--quiet")
    sc(sales, "note", "add", "idea", "mine")
    git(sales, "commit", "--quiet", "-am", "a note")
    before = digest(sales / "scorecard.db")
    pulled = git(sales, "pull", "--quiet", "--no-edit", check=False)
    assert pulled.returncode != 0
    assert "theirs: trigger double_it on metric_values" in pulled.stdout + pulled.stderr
    assert digest(sales / "scorecard.db") == before
    shown = sc(sales, "show", check=False)
    assert shown.returncode == 0 and "mine" in shown.stdout
