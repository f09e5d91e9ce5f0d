"""The funnel both teams share, for one week: each stage, and how many reach the next.

Stages are the metrics with ``stage = N`` (all counts), top first. The
conversion of a stage is the next stage's value as a percentage of its own;
its median is over the weeks of the trend (13 ending with the week shown)
that have both values. The leak is the stage whose conversion this week is
furthest below its median: where to look first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from scorecard.config import Config, Metric
from scorecard.weeks import Week

Values = Mapping[tuple[str, str], float]
"""Metric values by ``(metric key, week id)``, derived ones included."""


def conversion(top: float | None, bottom: float | None) -> float | None:
    """``bottom`` as a percentage of ``top`` (None without both, or from zero)."""
    if top is None or bottom is None or top == 0:
        return None
    return bottom / top * 100


@dataclass(frozen=True, slots=True)
class Stage:
    metric: Metric
    value: float | None
    """This week's value of the stage."""
    next: Metric | None
    """The stage below (None for the last one)."""
    conversion: float | None
    """The next stage's value as a % of this one's, this week."""
    median: float | None
    """The median weekly conversion over the trend's weeks."""
    leak: bool = False
    """The conversion furthest below its median this week."""

    @property
    def versus_median(self) -> float | None:
        """This week's conversion minus the median, in percentage points."""
        if self.conversion is None or self.median is None:
            return None
        return self.conversion - self.median


def funnel(config: Config, weeks: list[Week], values: Values) -> tuple[Stage, ...]:
    """The funnel of the last of ``weeks`` (its trend: the weeks, oldest first)."""
    stages = config.funnel
    if not stages:
        return ()
    week = weeks[-1].id
    out: list[Stage] = []
    for top, bottom in zip(stages, [*stages[1:], None], strict=True):
        value = values.get((top.key, week))
        if bottom is None:
            out.append(Stage(top, value, None, None, None))
            continue
        history = [
            c
            for w in weeks
            if (c := conversion(values.get((top.key, w.id)), values.get((bottom.key, w.id))))
            is not None
        ]
        out.append(
            Stage(
                top,
                value,
                bottom,
                conversion(value, values.get((bottom.key, week))),
                median(history) if history else None,
            )
        )
    gaps = [(s.versus_median, i) for i, s in enumerate(out) if s.versus_median is not None]
    worst = min(gaps, default=None)
    if worst is not None and worst[0] < 0:
        i = worst[1]
        stage = out[i]
        out[i] = Stage(stage.metric, stage.value, stage.next, stage.conversion, stage.median, True)
    return tuple(out)


def median(values: Sequence[float]) -> float:
    """The middle value, or the mean of the middle two (as ``statistics.median``,
    which costs every command that shows a week its import: ``fractions``,
    ``decimal`` and ``random`` with it, ~10 ms of start-up)."""
    if not values:
        raise ValueError("no median of no values")
    ordered = sorted(values)
    middle = len(ordered) // 2
    return ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
