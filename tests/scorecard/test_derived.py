"""Derived metrics through the Workspace: computed in every read, never written."""

from __future__ import annotations

import pytest

from scorecard.errors import ConfigError, InvalidInput
from scorecard.status import Status
from scorecard.weeks import Week
from scorecard.workspace import Workspace

W46, W47 = Week(2026, 46), Week(2026, 47)


def test_a_derived_value_is_computed_from_the_weeks_inputs(workspace):
    workspace.set_value(W47, "mqls", 120)
    line = workspace.metric_line(W47, "mql-to-sql")
    assert line.actual is None and line.status is Status.NO_DATA  # an input is missing
    workspace.set_value(W47, "sqls-accepted", 30)
    line = workspace.metric_line(W47, "mql-to-sql")
    assert line.actual == 25 and line.target == 33 and line.status is Status.OFF_TRACK
    summary = {ln.metric.key: ln for ln in workspace.summary(W47).lines}
    assert summary["mql-to-sql"] == line


def test_division_by_zero_is_no_data(workspace):
    workspace.set_value(W47, "opportunities", 0)
    workspace.set_value(W47, "deals-won", 0)
    assert workspace.metric_line(W47, "win-rate").status is Status.NO_DATA


def test_trend_change_and_series_of_a_derived_metric(workspace):
    for week, (mqls, sqls) in {W46: (100, 40), W47: (120, 30)}.items():
        workspace.set_value(week, "mqls", mqls)
        workspace.set_value(week, "sqls-accepted", sqls)
    line = workspace.metric_line(W47, "mql-to-sql")
    assert line.previous == 40 and line.trend[-2:] == (40, 25)
    assert workspace.series("mql-to-sql", W47, 3) == [None, 40, 25]


def test_values_between_shows_computed_values_only_when_asked(workspace):
    workspace.set_value(W47, "mqls", 120)
    workspace.set_value(W47, "sqls-accepted", 30)
    stored = {v.metric for v in workspace.values_between(W47, W47)}
    shown = {v.metric: v.value for v in workspace.values_between(W47, W47, computed=True)}
    assert stored == {"mqls", "sqls-accepted"}
    assert shown == {"mqls": 120, "sqls-accepted": 30, "mql-to-sql": 25}


def test_a_derived_metric_cannot_be_typed(workspace):
    with pytest.raises(InvalidInput, match=r"^win-rate is derived \(deals-won / opportunities"):
        workspace.set_value(W47, "win-rate", 30)
    with pytest.raises(InvalidInput, match="mql-to-sql is derived"):
        workspace.set_values([(W47, "mqls", 100, None), (W47, "mql-to-sql", 30, None)])
    assert workspace.values_between(W47, W47) == []  # all or nothing


def test_typed_values_of_a_derived_metric_are_a_config_error(workspace_dir, run):
    toml = workspace_dir / "scorecard.toml"
    text = toml.read_text()
    # An older config: win rate was typed, and two weeks were entered.
    toml.write_text(text.replace('formula = "deals-won / opportunities * 100"\n', ""))
    assert run("set", "win-rate", "30", "--week", "2026-W46").exit_code == 0
    assert run("set", "win-rate", "20").exit_code == 0
    toml.write_text(text)
    with pytest.raises(ConfigError, match=r"metrics\[9\]\.formula: win-rate is derived but"):
        Workspace.open(toml)
    result = run("show")
    assert result.exit_code == 2 and result.stdout == ""
    assert result.stderr.count("\n") == 1
    assert "has 2 typed values for it (2026-W46 to 2026-W47)" in result.stderr
    assert "'scorecard unset win-rate --all-weeks'" in result.stderr
    fixed = run("unset", "win-rate", "--all-weeks")
    assert fixed.exit_code == 0 and fixed.stdout == "win-rate: 2 typed values removed.\n"
    assert run("show").exit_code == 0


def test_unset_all_weeks_is_only_for_derived_metrics(workspace, run):
    workspace.set_value(W47, "mqls", 120)
    result = run("unset", "mqls", "--all-weeks")
    assert result.exit_code == 2 and "--all-weeks is for derived metrics" in result.stderr
    assert workspace.value(W47, "mqls") is not None
