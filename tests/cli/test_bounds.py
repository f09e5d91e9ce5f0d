"""Bounds on the command line: ``scorecard set`` and ``scorecard import`` refuse in one line."""

from __future__ import annotations

import json

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.conftest import THIS_WEEK, digest


def _stored(folder, metric, week=THIS_WEEK):
    with Workspace.open(folder / "scorecard.toml") as ws:
        found = ws.value(parse_week(week), metric)
    return None if found is None else found.value


def _one_line(result, code=2) -> str:
    assert result.exit_code == code, (result.stdout, result.stderr)
    assert result.stderr.startswith("scorecard: ") and result.stderr.count("\n") == 1
    assert "Traceback" not in result.stderr
    return result.stderr.strip()


@pytest.mark.parametrize(
    ("metric", "typed", "shown", "stored"),
    [
        ("mqls", "95k", "95,000", 95_000),
        ("pipeline", "$1.2m", "$1,200,000", 1_200_000),
        ("pipeline", "250k", "$250,000", 250_000),
        ("sla-followup", "27%", "27%", 27),
        ("sla-followup", "0.27%", "0.27%", 0.27),
    ],
)
def test_set_accepts_suffixes_and_the_units_own_sign(
    workspace_dir, run, metric, typed, shown, stored
):
    result = run("set", metric, typed)
    assert result.exit_code == 0, result.stderr
    assert f"{metric} {THIS_WEEK} = {shown} " in result.stdout
    assert _stored(workspace_dir, metric) == stored


@pytest.mark.parametrize(
    ("metric", "typed", "message"),
    [
        ("sla-followup", "250", "Follow-up within SLA cannot be above 100% (got 250%)"),
        ("sla-followup", "48000", "Follow-up within SLA cannot be above 100% (got 48,000%)"),
        ("mqls", "12.7", "Marketing-qualified leads is a whole number (got 12.7)"),
        ("mqls", "35%", "'35%' has a % sign, but Marketing-qualified leads is a count"),
        ("pipeline", "35%", "'35%' has a % sign, but Pipeline created is an amount of money"),
        (
            "sla-followup",
            "$30",
            "'$30' has a currency sign, but Follow-up within SLA is a percentage",
        ),
        ("mqls", "$30", "'$30' has a currency sign, but Marketing-qualified leads is a count"),
        ("sla-followup", "0.27", "Follow-up within SLA is a percentage: did you mean 27%?"),
        ("mqls", "-5", "Marketing-qualified leads cannot be below 0 (got -5)"),
    ],
)
def test_set_refuses_out_of_bounds_in_one_line(workspace_dir, run, metric, typed, message):
    db_file = workspace_dir / "scorecard.db"
    before = digest(db_file)
    line = _one_line(run("set", metric, "--", typed))
    assert message in line
    assert digest(db_file) == before


def test_bounds_from_scorecard_toml_apply(workspace_dir, run):
    toml = workspace_dir / "scorecard.toml"
    text = toml.read_text().replace('key = "mqls"\n', 'key = "mqls"\nmax = 500\ndecimals = 1\n')
    toml.write_text(text)
    assert run("set", "mqls", "120.5").exit_code == 0
    assert "cannot be above 500 (got 501)" in _one_line(run("set", "mqls", "501"))
    assert "takes at most 1 decimal (got 1.25)" in _one_line(run("set", "mqls", "1.25"))


def test_week_more_than_one_ahead_needs_force(workspace_dir, run):
    assert run("set", "mqls", "5", "--week", "next").exit_code == 0
    before = digest(workspace_dir / "scorecard.db")
    line = _one_line(run("set", "mqls", "5", "--week", "2026-W49"))
    assert "2026-W49 is 2 weeks ahead of this week (2026-W47); pass --force" in line
    assert digest(workspace_dir / "scorecard.db") == before
    result = run("set", "mqls", "6", "--week", "2026-W49", "--force")
    assert result.exit_code == 0, result.stderr
    assert _stored(workspace_dir, "mqls", "2026-W49") == 6
    # the past is always fine
    assert run("set", "mqls", "7", "--week", "2020-W01").exit_code == 0


def test_the_fraction_check_uses_the_target_in_force_that_week(workspace_dir, run):
    # a week whose stored target was 0.5 (say, before the metric was redefined)
    import sqlite3

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(parse_week("2026-W40"), "sla-followup", 1)
    with sqlite3.connect(workspace_dir / "scorecard.db") as conn:
        conn.execute("UPDATE metric_values SET target = 0.5 WHERE week = '2026-W40'")
    conn.close()
    assert run("set", "sla-followup", "0.4", "--week", "2026-W40").exit_code == 0
    assert "did you mean 40%" in _one_line(run("set", "sla-followup", "0.4"))


def _csv(folder, body):
    path = folder / "crm.csv"
    path.write_text("week,metric,value\n" + body, encoding="utf-8")
    return path


def test_import_names_every_line_out_of_bounds_and_writes_nothing(workspace_dir, run):
    before = digest(workspace_dir / "scorecard.db")
    path = _csv(
        workspace_dir,
        "2026-W45,mqls,131\n"
        "2026-W45,sla-followup,250\n"
        "2026-W45,mqls-typo,1\n"
        "2026-W46,mqls,12.7\n"
        "2026-W46,sla-followup,0.27\n"
        "2026-W46,pipeline,95k\n"
        "2026-W46,sqls-accepted,35%\n"
        "2026-W52,mqls,5\n",
    )
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"scorecard: {path}: line 3: Follow-up within SLA cannot be above 100% (got 250%)",
        f"scorecard: {path}: line 4: unknown metric 'mqls-typo'",
        f"scorecard: {path}: line 5: Marketing-qualified leads is a whole number (got 12.7)",
        f"scorecard: {path}: line 6: Follow-up within SLA is a percentage: did you mean 27%? "
        "(type 0.27% if you mean less than 1%)",
        f"scorecard: {path}: line 8: '35%' has a % sign, but SQLs accepted by sales is a count",
        f"scorecard: {path}: line 9: 2026-W52 is 5 weeks ahead of this week (2026-W47)",
        f"scorecard: {path}: 6 bad rows; nothing was imported",
    ]
    assert digest(workspace_dir / "scorecard.db") == before


def test_import_takes_suffixes(workspace_dir, run):
    path = _csv(workspace_dir, "2026-W46,pipeline,95k\n2026-W46,web-visits,1.2m\n")
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert _stored(workspace_dir, "pipeline", "2026-W46") == 95_000
    assert _stored(workspace_dir, "web-visits", "2026-W46") == 1_200_000


def test_json_import_checks_bounds_too(workspace_dir, run):
    path = workspace_dir / "values.json"
    values = [
        {"week": "2026-W46", "metric": "mqls", "value": 5},
        {"week": "2026-W46", "metric": "sla-followup", "value": 101},
        {"week": "2026-W46", "metric": "sqls-accepted", "value": 2.5},
    ]
    path.write_text(json.dumps({"values": values}), encoding="utf-8")
    before = digest(workspace_dir / "scorecard.db")
    result = run("import", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"scorecard: {path}: values[1]: Follow-up within SLA cannot be above 100% (got 101%)",
        f"scorecard: {path}: values[2]: SQLs accepted by sales is a whole number (got 2.5)",
    ]
    assert digest(workspace_dir / "scorecard.db") == before
