"""``scorecard goals`` and ``scorecard show --grid`` on the sample workspace."""

from __future__ import annotations

import json

import pytest

from tests.conftest import digest


def test_goals_of_this_quarter(demo_dir, run):
    result = run("goals")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == (
        "Northwind — Sales & Marketing · goals 2026-Q4 (28 Sep 2026 – 3 Jan 2027, 14 weeks)"
    )
    assert lines[1] == "As of 2026-W47, week 8 of 14."
    pipeline = next(line for line in lines if "Pipeline created in Q4" in line)
    assert "of $3,250,000" in pipeline and "pace $" in pipeline
    assert pipeline.rstrip().endswith(("✓ on track", "! at risk", "✗ off track"))
    win = next(line for line in lines if "Win rate at 25%" in line)
    assert "(latest) for 25%" in win and "level 25%" in win


def test_goals_json_matches_the_text(demo_dir, run):
    doc = json.loads(run("goals", "--json", "--quarter", "2026-Q4").stdout)
    assert doc["kind"] == "goals" and doc["as_of"] == "2026-W47"
    assert doc["quarter"] == {
        "id": "2026-Q4",
        "first_week": "2026-W40",
        "last_week": "2026-W53",
        "weeks": 14,
    }
    by_key = {g["key"]: g for g in doc["goals"]}
    pipeline = by_key["pipeline"]
    assert pipeline["measure"] == "sum" and pipeline["weeks_total"] == 14
    # the current week has a pipeline value in the sample, so it counts
    assert pipeline["weeks_elapsed"] == 8
    assert pipeline["pace"] == pytest.approx(3_250_000 * 8 / 14)
    # closed-won is not entered yet this week: the pace waits for it
    assert by_key["revenue"]["weeks_elapsed"] == 7
    assert by_key["win-rate"]["measure"] == "latest" and by_key["win-rate"]["pace"] == 25
    text = run("goals").stdout
    assert pipeline["display"]["progress"] in text


def test_goals_of_a_quarter_without_goals_say_so(demo_dir, run):
    result = run("goals", "--quarter", "next")
    assert result.exit_code == 0
    assert "No goals for 2027-Q1 in scorecard.toml ([[goals]]); goals exist for 2026-Q4." in (
        result.stdout
    )
    assert json.loads(run("goals", "-q", "2027-Q1", "--json").stdout)["goals"] == []


def test_bad_quarter_is_one_line_and_exit_2(demo_dir, run):
    result = run("goals", "--quarter", "2026-Q5")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr == ("scorecard: invalid quarter '2026-Q5': use a quarter like 2026-Q4\n")


def test_show_has_goals_and_funnel(demo_dir, run):
    out = run("show", "--week", "2026-W46").stdout
    assert "GOALS 2026-Q4 (week 7 of 14)" in out
    funnel = out.split("FUNNEL\n")[1].split("\n\n")[0].splitlines()
    assert [line.split("  ")[1] for line in funnel] == [
        "Website visits",
        "Marketing-qualified leads",
        "SQLs accepted by sales",
        "Opportunities created",
        "Deals won",
    ]
    assert "→" in funnel[0] and "13-week median" in funnel[0] and "→" not in funnel[-1]


def test_show_grid_thirteen_weeks(demo_dir, run):
    before = digest(demo_dir / "scorecard.db")
    result = run("show", "--grid")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Northwind — Sales & Marketing · 13 weeks, 2026-W35 to 2026-W47"
    header = lines[2].split()
    assert header[1:] == [*(f"W{n}" for n in range(35, 48)), "total/avg"]
    mqls = next(line for line in lines if line.startswith("Marketing-qualified leads"))
    assert mqls.count("✓") + mqls.count("!") + mqls.count("✗") == 13 and "Σ " in mqls
    win = next(line for line in lines if line.startswith("Win rate"))
    assert "⌀ " in win and "%" in win  # derived, a percentage: averaged
    closed = next(line for line in lines if line.startswith("Closed-won revenue"))
    assert closed.split()[-3] == "·"  # not entered yet this week
    assert "\x1b[" not in result.stdout  # no colour when not a terminal
    assert digest(demo_dir / "scorecard.db") == before


def test_show_grid_weeks_and_week(demo_dir, run):
    lines = run("show", "--grid", "--weeks", "4", "--week", "2026-W46").stdout.splitlines()
    assert lines[0].endswith("4 weeks, 2026-W43 to 2026-W46")
    assert lines[2].split()[1:] == ["W43", "W44", "W45", "W46", "total/avg"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--weeks", "4"), "--weeks goes with --grid"),
        (("--grid", "--weeks", "0"), "0 is not in the range 1<=x<=53"),
        (("--grid", "--weeks", "x"), "'x' is not a valid integer"),
    ],
)
def test_show_grid_bad_usage(demo_dir, run, args, message):
    result = run("show", *args)
    assert result.exit_code == 2 and message in result.stderr
    assert result.stderr.count("\n") == 1


def test_set_refuses_a_derived_metric_in_one_line(demo_dir, run):
    before = digest(demo_dir / "scorecard.db")
    result = run("set", "win-rate", "30")
    assert result.exit_code == 2
    assert result.stderr == (
        "scorecard: win-rate is derived (deals-won / opportunities * 100); "
        "it is computed from those metrics, not typed\n"
    )
    assert digest(demo_dir / "scorecard.db") == before


def test_import_refuses_a_derived_metric_and_writes_nothing(demo_dir, run):
    (demo_dir / "crm.csv").write_text("week,metric,value\n2026-W47,mqls,1\n2026-W47,mql-to-sql,9\n")
    before = digest(demo_dir / "scorecard.db")
    result = run("import", "crm.csv")
    assert result.exit_code == 2
    assert "crm.csv: line 3: mql-to-sql is derived" in result.stderr
    assert digest(demo_dir / "scorecard.db") == before


def test_the_range_json_has_the_grid_of_show_grid(demo_dir, run):
    doc = json.loads(run("export", "--from", "2026-W35", "--to", "2026-W47", "-f", "json").stdout)
    shown = json.loads(run("show", "--grid", "--json").stdout)  # the same 13 weeks
    assert doc["grid"] == {"weeks": shown["weeks"], "rows": shown["rows"]}
    assert doc["grid"]["weeks"] == [f"2026-W{n}" for n in range(35, 48)]
    win = next(r for r in doc["grid"]["rows"] if r["metric"] == "win-rate")
    assert win["summary_kind"] == "average" and win["cells"][-1]["status"] == "off track"
    # a longer range: one grid over all its weeks (the Markdown cuts it in 13s)
    long = json.loads(run("export", "--from", "2026-W30", "--to", "2026-W47", "-f", "json").stdout)
    assert len(long["grid"]["weeks"]) == 18
    assert all(len(r["cells"]) == 18 for r in long["grid"]["rows"])
