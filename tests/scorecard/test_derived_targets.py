"""A derived metric is graded against the target in force in its week, as a typed
value is: changing its target in scorecard.toml re-grades only weeks entered later.

The default workspace's ``mql-to-sql`` is ``sqls-accepted / mqls * 100`` with a
target of 33 (%); 30 SQLs of 100 MQLs is 30%, at risk against 33, on track against 25.
"""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import digest


def _set_target(config: Path, metric: str, target: int) -> None:
    text = config.read_text(encoding="utf-8")
    block = re.compile(rf'(key = "{re.escape(metric)}"\n(?:(?!\[\[).*\n)*?)target = [0-9.]+')
    changed, count = block.subn(rf"\g<1>target = {target}", text, count=1)
    assert count == 1
    config.write_text(changed, encoding="utf-8")


def _enter(run, week: str) -> None:
    for metric, value in (("mqls", "100"), ("sqls-accepted", "30")):
        result = run("set", metric, value, "--week", week)
        assert result.exit_code == 0, result.stderr


def _line(run, week: str) -> dict:
    doc = json.loads(run("show", "--json", "--week", week).stdout)
    return next(m for m in doc["metrics"] if m["key"] == "mql-to-sql")


def _grid_cell(run, week: str) -> dict:
    doc = json.loads(run("show", "--grid", "--json", "--week", week, "--weeks", "2").stdout)
    row = next(r for r in doc["rows"] if r["metric"] == "mql-to-sql")
    return dict(zip(doc["weeks"], row["cells"], strict=True))[week]


def test_a_week_entered_keeps_the_target_of_its_week(workspace_dir, run):
    _enter(run, "2026-W44")
    before = _line(run, "2026-W44")
    assert before["actual"] == 30 and before["target"] == 33 and before["status"] == "at risk"

    _set_target(workspace_dir / "scorecard.toml", "mql-to-sql", 25)
    _enter(run, "2026-W45")

    # the week entered before the change is graded as it was, everywhere
    assert _line(run, "2026-W44") == before
    assert _grid_cell(run, "2026-W44")["status"] == "at risk"
    assert _grid_cell(run, "2026-W44")["target"] == 33
    # the week entered after it, against the new target
    after = _line(run, "2026-W45")
    assert after["target"] == 25 and after["status"] == "on track"
    assert _grid_cell(run, "2026-W45")["status"] == "on track"


def test_a_week_with_nothing_entered_yet_takes_the_new_target(workspace_dir, run):
    _set_target(workspace_dir / "scorecard.toml", "mql-to-sql", 25)
    _enter(run, "2026-W44")
    assert _line(run, "2026-W44")["target"] == 25


def test_closing_records_the_target_of_a_week_entered_by_an_older_release(workspace_dir, run):
    _enter(run, "2026-W44")
    db = workspace_dir / "scorecard.db"
    with sqlite3.connect(db) as conn:  # what a release without derived targets left
        conn.execute("DELETE FROM derived_targets")
    conn.close()
    _set_target(workspace_dir / "scorecard.toml", "mql-to-sql", 25)
    assert _line(run, "2026-W44")["target"] == 25  # nothing recorded: the target now
    assert run("close", "2026-W44", "--no-commit").exit_code == 0
    _set_target(workspace_dir / "scorecard.toml", "mql-to-sql", 40)
    # closed against 25: that grade stays whatever the toml says later
    line = _line(run, "2026-W44")
    assert line["target"] == 25 and line["status"] == "on track"


def test_the_history_of_a_derived_metric_has_its_values_and_targets(workspace):
    from scorecard.weeks import parse_week

    w44, w45 = parse_week("2026-W44"), parse_week("2026-W45")
    workspace.set_value(w44, "mqls", 100)
    workspace.set_value(w44, "sqls-accepted", 30)
    found = workspace.metric_history("mql-to-sql", w44, w45)
    points = {p.week.id: p for p in found.points}
    assert points["2026-W44"].value == 30 and points["2026-W44"].target == 33
    assert points["2026-W44"].status.value == "at risk"
    assert points["2026-W45"].value is None


def test_a_bad_recorded_target_is_reported_and_left_out(workspace_dir, run):
    _enter(run, "2026-W44")
    db = workspace_dir / "scorecard.db"
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE derived_targets SET target = 'lots' WHERE metric = 'mql-to-sql'")
    conn.close()
    before = digest(db)
    line = _line(run, "2026-W44")
    assert line["target"] == 33 and line["actual"] == 30  # the toml's target grades it
    result = run("check")
    assert result.exit_code == 1
    assert "derived_targets" in result.stderr and "2026-W44" in result.stderr
    assert digest(db) == before


def test_a_derived_rate_over_weeks_is_its_formula_over_the_totals(workspace_dir, run):
    """10 SQLs of 100 MQLs, then 2 of 2: 12 of 102 (11.8%), not the 55% the two
    weekly rates average to, in the grid, its JSON and the range report."""
    for week, mqls, sqls in (("2026-W44", "100", "10"), ("2026-W45", "2", "2")):
        assert run("set", "mqls", mqls, "--week", week).exit_code == 0
        assert run("set", "sqls-accepted", sqls, "--week", week).exit_code == 0
    doc = json.loads(run("show", "--grid", "--json", "--week", "2026-W45", "--weeks", "2").stdout)
    rows = {r["metric"]: r for r in doc["rows"]}
    assert rows["mql-to-sql"]["summary"] == pytest.approx(1200 / 102)
    assert rows["mql-to-sql"]["summary_kind"] == "average"
    assert rows["mqls"]["summary"] == 102  # counts still add up
    # a typed percentage is still the average of its weeks
    for week, value in (("2026-W44", "80"), ("2026-W45", "100")):
        assert run("set", "sla-followup", value, "--week", week).exit_code == 0
    doc = json.loads(run("show", "--grid", "--json", "--week", "2026-W45", "--weeks", "2").stdout)
    assert {r["metric"]: r for r in doc["rows"]}["sla-followup"]["summary"] == 90
    grid_text = run("show", "--grid", "--week", "2026-W45", "--weeks", "2").stdout
    assert "11.8%" in next(x for x in grid_text.splitlines() if "MQL → SQL" in x)

    report = run("export", "--from", "2026-W44", "--to", "2026-W45").stdout
    weekly = report[report.index("## Weekly numbers") :]
    assert "⌀ 11.8%" in next(x for x in weekly.splitlines() if "MQL → SQL" in x)
    scorecard = report[: report.index("## Weekly numbers")]
    assert "| 11.76% |" in next(x for x in scorecard.splitlines() if "MQL → SQL" in x)
    ranged = json.loads(
        run("export", "--from", "2026-W44", "--to", "2026-W45", "-f", "json").stdout
    )
    totals = {m["key"]: m for m in ranged["metrics"]}
    assert totals["mql-to-sql"]["average"] == pytest.approx(1200 / 102)
