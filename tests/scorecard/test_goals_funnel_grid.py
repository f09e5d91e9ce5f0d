"""Pure rules: goal progress and pace, the funnel's conversions, the grid's cells."""

from __future__ import annotations

import dataclasses
import statistics

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.config import Goal
from scorecard.defaults import default_config
from scorecard.funnel import conversion, funnel, median
from scorecard.goals import goals_for, progress
from scorecard.grid import grid
from scorecard.models import MetricValue
from scorecard.quarters import Quarter
from scorecard.status import Status
from scorecard.weeks import Week, week_range

Q4 = Quarter(2026, 4)  # 2026-W40 … 2026-W53: 14 weeks
CONFIG = default_config("Test", quarter=Q4)


def goal(metric: str, target: float) -> Goal:
    return Goal(key="g", name="G", metric=metric, quarter="2026-Q4", target=target, owner="shared")


def weekly(metric: str, values: list[float], first: Week = Q4.first_week):
    return {(metric, (first + i).id): v for i, v in enumerate(values)}


def test_summed_goal_progress_pace_and_status():
    g = goal("pipeline", 1_400_000)  # 100k a week over 14 weeks
    on = progress(CONFIG, g, Week(2026, 43), weekly("pipeline", [100_000] * 4))
    assert (on.progress, on.pace, on.weeks_elapsed, on.weeks_total) == (400_000, 400_000, 4, 14)
    assert on.status is Status.ON_TRACK and on.projection == 1_400_000 and on.week_number == 4
    risk = progress(CONFIG, g, Week(2026, 43), weekly("pipeline", [100_000] * 3 + [70_000]))
    assert risk.status is Status.AT_RISK  # 370k vs 400k: within the 10% tolerance
    off = progress(CONFIG, g, Week(2026, 43), weekly("pipeline", [50_000] * 4))
    assert off.status is Status.OFF_TRACK


def test_the_week_shown_counts_only_once_it_has_a_value():
    g = goal("pipeline", 1_400_000)
    p = progress(CONFIG, g, Week(2026, 44), weekly("pipeline", [100_000] * 4))
    assert p.weeks_elapsed == 4 and p.pace == 400_000 and p.status is Status.ON_TRACK
    # an earlier week left empty does count: the pace does not wait for it
    gap = {k: v for k, v in weekly("pipeline", [100_000] * 5).items() if k[1] != "2026-W41"}
    p = progress(CONFIG, g, Week(2026, 44), gap)
    assert p.weeks_elapsed == 5 and p.progress == 400_000 and p.status is Status.OFF_TRACK


def test_percent_goal_is_the_latest_value_against_the_target():
    g = goal("sla-followup", 90)
    p = progress(CONFIG, g, Week(2026, 42), weekly("sla-followup", [70, 95]))
    assert p.progress == 95 and p.pace == 90 and p.status is Status.ON_TRACK
    assert p.projection is None and not p.summed


def test_before_and_after_the_quarter():
    g = goal("pipeline", 1_400_000)
    before = progress(CONFIG, g, Week(2026, 30), {})
    assert before.weeks_elapsed == 0 and before.progress is None
    assert before.status is Status.NO_DATA and before.week_number == 0
    values = weekly("pipeline", [100_000] * 13)  # the last week never entered
    after = progress(CONFIG, g, Week(2027, 5), values)
    assert after.as_of == Week(2026, 53) and after.weeks_elapsed == 14
    assert after.pace == 1_400_000 and after.status is Status.AT_RISK


def test_lower_is_better_goals_mirror():
    cfg = dataclasses.replace(CONFIG, goals=[])
    g = goal("lead-rejection", 10)
    assert progress(cfg, g, Week(2026, 41), weekly("lead-rejection", [9])).status is (
        Status.ON_TRACK
    )


def test_goals_for_picks_the_weeks_quarter():
    assert {p.goal.key for p in goals_for(CONFIG, Week(2026, 47), {})} == {
        "pipeline",
        "revenue",
        "win-rate",
    }
    assert goals_for(CONFIG, Week(2027, 2), {}) == ()


def test_conversion():
    assert conversion(200, 50) == 25
    assert conversion(0, 5) is None and conversion(None, 5) is None and conversion(5, None) is None


def test_funnel_of_the_week_with_medians_and_the_leak():
    weeks = week_range(Week(2026, 47), 13)
    values: dict[tuple[str, str], float] = {}
    for w in weeks:
        values |= {
            ("web-visits", w.id): 8000,
            ("mqls", w.id): 120,
            ("sqls-accepted", w.id): 40,
            ("opportunities", w.id): 16,
            ("deals-won", w.id): 4,
        }
    values[("sqls-accepted", weeks[-1].id)] = 30  # a bad week at the hand-off
    stages = funnel(CONFIG, weeks, values)
    assert [s.metric.key for s in stages] == [
        "web-visits",
        "mqls",
        "sqls-accepted",
        "opportunities",
        "deals-won",
    ]
    mqls = stages[1]
    assert mqls.conversion == 25 and mqls.median == pytest.approx(100 / 3)
    assert mqls.leak and not any(s.leak for s in stages if s is not mqls)
    assert stages[-1].next is None and stages[-1].conversion is None and stages[-1].value == 4


def test_funnel_without_data_has_no_leak():
    stages = funnel(CONFIG, week_range(Week(2026, 47), 13), {})
    assert all(s.value is None and s.conversion is None and not s.leak for s in stages)


def _value(week: str, metric: str, value: float, target: float | None = None) -> MetricValue:
    return MetricValue(week, metric, value, target, None, None, "")


def test_grid_cells_use_the_target_in_force_and_sum_or_average():
    weeks = [Week(2026, 46), Week(2026, 47)]
    values = [
        _value("2026-W46", "mqls", 100, target=90),  # on track then
        _value("2026-W47", "mqls", 100),  # against today's 120: off track
        _value("2026-W46", "sla-followup", 80),
        _value("2026-W47", "sla-followup", 90),
    ]
    rows = {r.metric.key: r for r in grid(CONFIG, weeks, values).rows}
    mqls = rows["mqls"]
    assert [c.status for c in mqls.cells if c] == [Status.ON_TRACK, Status.OFF_TRACK]
    assert mqls.summed and mqls.summary == 200
    assert not rows["sla-followup"].summed and rows["sla-followup"].summary == 85
    assert rows["pipeline"].cells == (None, None) and rows["pipeline"].summary is None


def test_a_long_grid_is_cut_into_thirteen_week_parts_latest_whole():
    weeks = [Week(2026, 30) + n for n in range(20)]  # W30 … W49
    values = [_value(w.id, "mqls", n) for n, w in enumerate(weeks)]
    parts = grid(CONFIG, weeks, values).parts()
    assert [(p.weeks[0].id, len(p.weeks)) for p in parts] == [("2026-W30", 7), ("2026-W37", 13)]
    mqls = [next(r for r in p.rows if r.metric.key == "mqls") for p in parts]
    assert [c.value for c in mqls[0].cells if c] == list(range(7))
    assert mqls[1].summary == sum(range(7, 20))
    assert not parts[0].empty and grid(CONFIG, weeks[:2], []).empty


@given(st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), min_size=1))
def test_the_funnels_median_is_the_standard_librarys(values):
    assert median(values) == statistics.median(values)


def test_there_is_no_median_of_nothing():
    with pytest.raises(ValueError):
        median([])
