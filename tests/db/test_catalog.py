"""The database describes itself: the ``metrics`` table follows scorecard.toml on
writes only, merges without conflicts, and the views agree with the app."""

from __future__ import annotations

import dataclasses
import sqlite3

from db import dump
from db.merge import merge_rows
from scorecard import config_file
from scorecard.status import evaluate
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.conftest import digest


def _rows(path, sql):
    conn = dump.open_readonly(path)
    try:
        conn.row_factory = sqlite3.Row
        return [dict(r) for r in conn.execute(sql)]
    finally:
        conn.close()


def test_init_fills_the_metrics_table_from_the_toml(workspace_dir):
    config = config_file.load(workspace_dir / "scorecard.toml")
    rows = _rows(workspace_dir / "scorecard.db", "SELECT * FROM metrics ORDER BY position")
    assert [r["key"] for r in rows] == [m.key for m in config.metrics]
    mqls = rows[0]
    assert (mqls["name"], mqls["area"], mqls["owner"], mqls["unit"]) == (
        "Marketing-qualified leads",
        "awareness",
        "marketing",
        "count",
    )
    assert (mqls["direction"], mqls["tolerance"], mqls["target"]) == ("higher", 0.1, 120.0)
    assert (mqls["min"], mqls["max"], mqls["decimals"]) == (0.0, None, 0)  # a count's defaults
    assert all(r["active"] == 1 for r in rows)
    by_key = {r["key"]: r for r in rows}
    assert (mqls["formula"], mqls["stage"]) == (None, 2)
    assert by_key["win-rate"]["formula"] == "deals-won / opportunities * 100"
    assert by_key["win-rate"]["stage"] is None
    assert [r["key"] for r in sorted(rows, key=lambda r: r["stage"] or 99) if r["stage"]] == [
        m.key for m in config.funnel
    ]


def test_a_file_from_before_formulas_gets_them_with_the_next_write(run, workspace_dir):
    """Schema 4 had no formula or stage columns: reading such a file writes nothing;
    the next write migrates it and the catalog says each metric's formula and stage."""
    from sqlite_utils import Database

    from db.schema import migrations

    db_path = workspace_dir / "scorecard.db"
    db_path.unlink()
    legacy = Database(sqlite3.connect(db_path))
    migrations().apply(legacy, stop_before="0007_metrics_formula_stage")
    legacy.close()
    before = digest(db_path)
    assert run("show").exit_code == 0
    assert digest(db_path) == before
    assert run("set", "mqls", "131").exit_code == 0
    rows = {r["key"]: r for r in _rows(db_path, "SELECT * FROM metrics")}
    assert rows["mql-to-sql"]["formula"] == "sqls-accepted / mqls * 100"
    assert rows["deals-won"]["stage"] == 5 and rows["deals-won"]["formula"] is None


def test_reads_never_write_and_writes_follow_the_toml(run, workspace_dir):
    db_path, toml = workspace_dir / "scorecard.db", workspace_dir / "scorecard.toml"
    config = config_file.load(toml)
    changed = dataclasses.replace(
        config,
        metrics=[dataclasses.replace(config.metrics[0], target=150.0), *config.metrics[2:]],
    )
    config_file.write(changed, toml)
    before = digest(db_path)
    for args in (["show"], ["show", "--json"], ["export"], ["commitment", "list", "--json"], []):
        assert run(*args).exit_code == 0
    assert digest(db_path) == before  # the toml changed, but reading wrote nothing
    assert run("set", "mqls", "131").exit_code == 0
    rows = {r["key"]: r for r in _rows(db_path, "SELECT * FROM metrics")}
    assert rows["mqls"]["target"] == 150.0
    assert rows["web-visits"]["active"] == 0 and rows["web-visits"]["position"] is None
    assert rows["attended-calls"]["position"] == 2
    stamps = {k: r["updated_at"] for k, r in rows.items()}
    assert run("set", "mqls", "132").exit_code == 0
    again = {r["key"]: r["updated_at"] for r in _rows(db_path, "SELECT * FROM metrics")}
    assert again == stamps  # an unchanged toml rewrites no metric row


def test_metric_status_grades_every_value_as_the_app_does(demo_dir):
    config = config_file.load(demo_dir / "scorecard.toml")
    graded = _rows(demo_dir / "scorecard.db", "SELECT * FROM metric_status")
    values = _rows(demo_dir / "scorecard.db", "SELECT * FROM metric_values")
    assert len(graded) == len(values) > 100
    by_key = {(r["week"], r["metric"]): r for r in graded}
    for value in values:
        spec = config.metric(value["metric"])
        assert spec is not None
        target = value["target"] if value["target"] is not None else spec.target
        row = by_key[(value["week"], value["metric"])]
        assert (row["name"], row["area"], row["target"]) == (spec.name, spec.area, target)
        assert row["status"] == evaluate(value["value"], target, spec.direction, spec.tolerance)
    assert {r["status"] for r in graded} == {"on track", "at risk", "off track"}


def test_say_do_and_open_commitments_agree_with_the_workspace(demo_dir):
    path = demo_dir / "scorecard.db"
    with Workspace.open(demo_dir / "scorecard.toml") as ws:
        week = parse_week("2026-W47")
        expected = ws.say_do(week)
        open_ids = sorted(c.id for c in ws.commitments(open_only=True))
    rows = _rows(
        path,
        "SELECT team, sum(done) AS done, sum(missed) AS missed, sum(carried) AS carried, "
        "sum(dropped) AS dropped FROM say_do WHERE week BETWEEN '2026-W35' AND '2026-W47' "
        "GROUP BY team",
    )
    for row in rows:
        ratio = expected[row["team"]]
        assert (row["done"], row["missed"], row["carried"], row["dropped"]) == (
            ratio.done,
            ratio.missed,
            ratio.carried,
            ratio.dropped,
        )
    assert sum(r["done"] for r in rows) > 0
    assert sorted(r["id"] for r in _rows(path, "SELECT id FROM open_commitments")) == open_ids


def test_the_metrics_table_diffs_one_line_a_metric(workspace_dir):
    text = dump.dump(workspace_dir / "scorecard.db")
    lines = [ln for ln in text.splitlines() if ln.startswith("metrics ")]
    assert len(lines) == 13
    assert lines[0].startswith('metrics "attended-calls": name="Sales calls attended by marketing"')
    assert "metric_status" not in text  # views are not rows


def test_two_edits_of_one_definition_merge_to_the_newer_without_conflict():
    from db.catalog import COLUMNS
    from db.merge import STAMPS

    row = {c: None for c in COLUMNS} | {"key": "mqls", "active": 1}
    base = {("mqls",): {**row, "target": 120.0, "name": "MQLs", "updated_at": "1"}}
    ours = {("mqls",): {**base[("mqls",)], "target": 130.0, "updated_at": "2"}}
    theirs = {("mqls",): {**base[("mqls",)], "target": 140.0, "name": "Leads", "updated_at": "3"}}

    merged, conflicts = merge_rows("metrics", base, ours, theirs, STAMPS["metrics"])
    assert conflicts == []
    assert merged[("mqls",)] == theirs[("mqls",)]
