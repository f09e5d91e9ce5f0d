"""Quarterly goals: progress so far, the pace a linear path would have reached, a status.

For a count or currency metric the progress is the sum of the quarter's weeks so
far and the pace is ``target × weeks elapsed ÷ weeks in the quarter``. For a
percent metric (a level, not a sum) the progress is the latest value so far and
the pace is the target itself. The status compares progress with the pace by
the metric's own rule (direction and tolerance, :func:`scorecard.status.evaluate`).

Weeks elapsed are the quarter's weeks up to the week shown; while that week
has no value yet for the goal's metric it is still in progress and does not
count (so a Monday morning is not "behind" by a whole week).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from scorecard.config import Config, Goal, Metric
from scorecard.quarters import Quarter, parse_quarter
from scorecard.status import Status, evaluate
from scorecard.weeks import Week

Values = Mapping[tuple[str, str], float]
"""Metric values by ``(metric key, week id)``, derived ones included."""


@dataclass(frozen=True, slots=True)
class GoalProgress:
    goal: Goal
    metric: Metric
    quarter: Quarter
    as_of: Week
    """The week the progress is measured at (clipped to the quarter)."""
    weeks_total: int
    weeks_elapsed: int
    """Weeks of the quarter counted so far."""
    progress: float | None
    """The sum so far (a percent metric: the latest value); None without any value."""
    pace: float
    """Where a linear path to the target would be now (a percent metric: the target)."""
    status: Status

    @property
    def summed(self) -> bool:
        return self.metric.unit != "percent"

    @property
    def week_number(self) -> int:
        """The place of the week measured in the quarter (0: before it starts)."""
        return self.quarter.first_week.weeks_until(self.as_of) + 1

    @property
    def share(self) -> float | None:
        """Progress as a fraction of the target (None without progress or target)."""
        if self.progress is None or self.goal.target == 0:
            return None
        return self.progress / self.goal.target

    @property
    def projection(self) -> float | None:
        """The quarter's end at the pace so far (sums only)."""
        if not self.summed or self.progress is None or not self.weeks_elapsed:
            return None
        result = self.progress / self.weeks_elapsed * self.weeks_total
        return result if math.isfinite(result) else None


def quarter_of(goal: Goal) -> Quarter:
    return parse_quarter(goal.quarter)  # validated with the config


def progress(config: Config, goal: Goal, as_of: Week, values: Values) -> GoalProgress:
    """``goal`` measured at ``as_of`` from ``values`` (which must cover the quarter so far)."""
    metric = config.metric(goal.metric)
    assert metric is not None  # the config checks goals' metrics
    quarter = quarter_of(goal)
    weeks = quarter.weeks()
    shown = as_of
    as_of = min(max(as_of, weeks[0] - 1), weeks[-1])
    so_far = [w for w in weeks if w <= as_of]
    in_progress = bool(so_far) and so_far[-1] == shown and (metric.key, shown.id) not in values
    counted = so_far[:-1] if in_progress else so_far  # the week shown is still being entered
    found = [values[(metric.key, w.id)] for w in so_far if (metric.key, w.id) in values]
    value: float | None = None
    if metric.unit == "percent":
        value = found[-1] if found else None
        pace = goal.target
    else:
        total = math.fsum(found)
        value = total if found and math.isfinite(total) else None
        pace = goal.target * len(counted) / len(weeks)
    judged = value is not None and (bool(counted) or metric.unit == "percent")
    status = evaluate(value, pace, metric.direction, metric.tolerance) if judged else Status.NO_DATA
    return GoalProgress(
        goal=goal,
        metric=metric,
        quarter=quarter,
        as_of=as_of,
        weeks_total=len(weeks),
        weeks_elapsed=len(counted),
        progress=value,
        pace=pace,
        status=status,
    )


def goals_for(config: Config, week: Week, values: Values) -> tuple[GoalProgress, ...]:
    """The goals of ``week``'s quarter, measured at ``week``."""
    quarter = Quarter.of(week)
    return tuple(progress(config, g, week, values) for g in config.goals_in(quarter.id))


def first_week_needed(config: Config, week: Week) -> Week:
    """The earliest week :func:`goals_for` reads for ``week``."""
    return Quarter.of(week).first_week if config.goals else week
