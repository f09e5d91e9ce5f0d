"""Metric bounds: what each unit accepts, what scorecard.toml may change, why a value is refused."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from scorecard import config_file
from scorecard.bounds import Bounds, bounds_of, check_value, check_week, parse_value
from scorecard.defaults import DEFAULT_METRICS, default_config
from scorecard.errors import ConfigError, InvalidInput, OutOfBounds, WeekAhead
from scorecard.weeks import parse_week

METRICS = {m.key: m for m in DEFAULT_METRICS}
MQLS, PIPELINE, WIN_RATE = METRICS["mqls"], METRICS["pipeline"], METRICS["sla-followup"]


@pytest.mark.parametrize(
    ("metric", "typed", "value"),
    [
        (MQLS, "131", 131),
        (MQLS, "1,204", 1204),
        (MQLS, "95k", 95_000),
        (MQLS, "95K", 95_000),
        (MQLS, "1.2m", 1_200_000),
        (MQLS, "0", 0),
        (PIPELINE, "$48,000", 48_000),
        (PIPELINE, "48,000 USD", 48_000),
        (PIPELINE, "$95k", 95_000),
        (PIPELINE, "1.2m", 1_200_000),  # exactly, not 1199999.9999
        (PIPELINE, "1.2M", 1_200_000),
        (PIPELINE, "2bn", 2_000_000_000),
        (PIPELINE, "1,234.56", 1234.56),
        (WIN_RATE, "27", 27),
        (WIN_RATE, "27%", 27),
        (WIN_RATE, "27.5 %", 27.5),
        (WIN_RATE, "100", 100),
        (WIN_RATE, "0", 0),
        (WIN_RATE, "0.27%", 0.27),  # the % says a fraction of a percent is meant
        (WIN_RATE, "1", 1),
    ],
)
def test_values_each_unit_accepts(metric, typed, value):
    got = parse_value(metric, typed)
    assert got == value and isinstance(got, float)


@pytest.mark.parametrize(
    ("metric", "typed", "reason"),
    [
        (MQLS, "12.7", "Marketing-qualified leads is a whole number (got 12.7)"),
        (MQLS, "-3", "Marketing-qualified leads cannot be below 0 (got -3)"),
        (MQLS, "35%", "'35%' has a % sign, but Marketing-qualified leads is a count"),
        (MQLS, "$5", "'$5' has a currency sign, but Marketing-qualified leads is a count"),
        (MQLS, "1.2345k", "Marketing-qualified leads is a whole number (got 1234.5)"),
        (PIPELINE, "-$5", "Pipeline created cannot be below $0 (got -$5)"),
        (PIPELINE, "35%", "'35%' has a % sign, but Pipeline created is an amount of money"),
        (PIPELINE, "€5", "'€5' is not in USD, the currency of this workspace"),
        (PIPELINE, "5 EUR", "'5 EUR' is not in USD, the currency of this workspace"),
        (WIN_RATE, "250", "Follow-up within SLA cannot be above 100% (got 250%)"),
        (WIN_RATE, "48000%", "Follow-up within SLA cannot be above 100% (got 48,000%)"),
        (WIN_RATE, "-1", "Follow-up within SLA cannot be below 0% (got -1%)"),
        (WIN_RATE, "$5", "'$5' has a currency sign, but Follow-up within SLA is a percentage"),
        (WIN_RATE, "5k", "'5k': k, m and bn are for counts and amounts, not percentages"),
        (WIN_RATE, "0.27", "Follow-up within SLA is a percentage: did you mean 27%?"),
        (WIN_RATE, ".5", "did you mean 50%?"),
        (WIN_RATE, "0.955", "did you mean 95.5%?"),
    ],
)
def test_values_refused_with_the_reason(metric, typed, reason):
    with pytest.raises(OutOfBounds) as refused:
        parse_value(metric, typed)
    assert reason in str(refused.value)
    assert "\n" not in str(refused.value)


def test_words_are_still_not_numbers():
    with pytest.raises(InvalidInput, match="'lots' is not a number"):
        parse_value(MQLS, "lots")


def test_a_fraction_is_fine_when_the_target_is_a_fraction_too():
    tiny = dataclasses.replace(WIN_RATE, key="ctr", name="Click rate", target=0.8)
    assert parse_value(tiny, "0.27") == 0.27
    # the target in force for the week decides, not only the configured one
    assert parse_value(WIN_RATE, "0.27", target=0.5) == 0.27
    with pytest.raises(OutOfBounds, match="did you mean 27%"):
        parse_value(tiny, "0.27", target=25)


def test_unit_defaults():
    assert bounds_of(MQLS) == Bounds(min=0, max=None, decimals=0)
    assert bounds_of(PIPELINE) == Bounds(min=0, max=None, decimals=None)
    assert bounds_of(WIN_RATE) == Bounds(min=0, max=100, decimals=None)
    assert bounds_of(MQLS).describe() == "a whole number, at least 0"
    assert bounds_of(WIN_RATE).describe("percent") == "0% to 100%"


def test_a_metric_narrows_or_widens_its_bounds():
    nps = dataclasses.replace(MQLS, key="nps", name="NPS", min=-100, max=100, target=30)
    assert parse_value(nps, "-40") == -40
    with pytest.raises(OutOfBounds, match="cannot be above 100"):
        parse_value(nps, "101")
    hours = dataclasses.replace(MQLS, key="hours", name="Hours", decimals=1, target=3)
    assert parse_value(hours, "2.5") == 2.5
    with pytest.raises(OutOfBounds, match="Hours takes at most 1 decimal \\(got 2.25\\)"):
        parse_value(hours, "2.25")
    cents = dataclasses.replace(PIPELINE, decimals=2)
    assert parse_value(cents, "$1,234.56") == 1234.56
    with pytest.raises(OutOfBounds, match="at most 2 decimals"):
        parse_value(cents, "1.005")
    growth = dataclasses.replace(WIN_RATE, max=float("inf"))  # max = inf in the toml
    assert parse_value(growth, "250") == 250
    assert bounds_of(growth).describe("percent") == "at least 0%"


def test_check_value_applies_to_numbers_from_files_too():
    assert check_value(MQLS, 5.0) == 5.0
    assert str(check_value(MQLS, -0.0)) == "0.0"
    for bad in (12.7, -1.0, float("nan"), float("inf")):
        with pytest.raises(OutOfBounds):
            check_value(MQLS, bad)
    # JSON carries numbers, not text: no fraction guess (an export comes back exactly)
    assert check_value(WIN_RATE, 0.5) == 0.5


def test_weeks_ahead():
    this = parse_week("2026-W47")
    assert check_week(this, this_week=this) == this
    assert check_week(this + 1, this_week=this) == this + 1
    assert check_week(this - 500, this_week=this) == this - 500
    with pytest.raises(WeekAhead, match="2026-W49 is 2 weeks ahead of this week \\(2026-W47\\)"):
        check_week(this + 2, this_week=this)
    assert check_week(this + 200, this_week=this, force=True) == this + 200


def _toml_with(tmp_path: Path, **fields: object) -> Path:
    config = default_config("Bounds")
    data = config_file.dump(config)
    data["metrics"][0].update(fields)  # type: ignore[index]
    import tomli_w

    path = tmp_path / "scorecard.toml"
    path.write_text(tomli_w.dumps(data), encoding="utf-8")
    return path


def test_bounds_are_read_from_scorecard_toml(tmp_path):
    loaded = config_file.load(_toml_with(tmp_path, min=10, max=500, decimals=1))
    mqls = loaded.metric("mqls")
    assert mqls is not None and (mqls.min, mqls.max, mqls.decimals) == (10.0, 500.0, 1)
    assert parse_value(mqls, "12.5") == 12.5
    with pytest.raises(OutOfBounds, match="cannot be below 10"):
        parse_value(mqls, "9")
    unlimited = config_file.load(_toml_with(tmp_path, min=float("-inf"), max=float("inf")))
    assert parse_value(unlimited.metrics[0], "-1000") == -1000


def test_unset_bounds_are_not_written_back(tmp_path):
    path = tmp_path / "scorecard.toml"
    config_file.write(default_config("Plain"), path)
    assert "min" not in path.read_text() and "decimals" not in path.read_text()
    assert config_file.load(path).metric("mqls") == MQLS


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"min": 10, "max": 5}, "metrics[0]: min 10 is above max 5"),
        ({"max": 100}, "metrics[0]: target 120 is above the maximum 100"),
        ({"min": 200}, "metrics[0]: target 120 is below the minimum 200"),
        ({"decimals": -1}, "metrics[0].decimals"),
        ({"decimals": 1.5}, "metrics[0].decimals"),
        ({"max": "lots"}, "metrics[0].max"),
        ({"max": float("nan")}, "metrics[0]: min and max must be numbers"),
    ],
)
def test_bad_bounds_in_scorecard_toml_name_the_field(tmp_path, fields, message):
    with pytest.raises(ConfigError) as bad:
        config_file.load(_toml_with(tmp_path, **fields))
    assert message in str(bad.value) and "\n" not in str(bad.value)


def test_the_workspace_enforces_bounds_and_weeks_for_every_caller(workspace):
    this = parse_week("2026-W47")
    with pytest.raises(OutOfBounds, match="whole number"):
        workspace.set_value(this, "mqls", 12.7)
    with pytest.raises(OutOfBounds, match="above 100%"):
        workspace.set_values([(this, "sla-followup", 250.0, None)])
    with pytest.raises(WeekAhead):
        workspace.set_value(this + 2, "mqls", 5)
    with pytest.raises(WeekAhead):
        workspace.set_values([(this + 2, "mqls", 5.0, None)])
    assert workspace.values_between(this - 10, this + 10) == []
    assert workspace.set_value(this + 2, "mqls", 5, force=True).value == 5
    assert workspace.set_values([(this + 3, "mqls", 6.0, None)], force=True) == 1
