"""The 13-week grid (EOS-style): actual numbers per metric, weeks as columns.

Each cell is graded against the target in force that week (the one stored with
the value; for a derived metric, the one recorded for the week, see
scorecard.derived.pin; else the target in scorecard.toml). The last column
is the total (counts, currency) or the average (percentages) of the weeks entered;
for a derived rate, its formula over its inputs' totals (scorecard.derived.pooled).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from scorecard import derived
from scorecard.config import Config, Metric
from scorecard.models import MetricValue
from scorecard.status import Status, evaluate, target_in_force
from scorecard.weeks import Week

GRID_WEEKS = 13


@dataclass(frozen=True, slots=True)
class Cell:
    value: float
    target: float
    status: Status
    inputs: Mapping[str, float] | None = None
    """A derived rate's inputs that week (what its summary pools), else None."""


@dataclass(frozen=True, slots=True)
class GridRow:
    metric: Metric
    cells: tuple[Cell | None, ...]
    """One per week of the grid (None: no value)."""

    @property
    def summed(self) -> bool:
        """Counts and money add up over weeks; percentages are averaged."""
        return self.metric.unit != "percent"

    @property
    def summary(self) -> float | None:
        present = [c.value for c in self.cells if c is not None]
        if not present:
            return None
        pooled = [c.inputs for c in self.cells if c is not None and c.inputs is not None]
        if len(pooled) == len(present):
            rate = derived.pooled(self.metric, pooled)
            if rate is not None:  # else (totals that divide by zero) as the range report
                return rate
        total = math.fsum(present)
        result = total if self.summed else total / len(present)
        if not math.isfinite(result):
            return None if self.summed else math.fsum(v / len(present) for v in present)
        return result


@dataclass(frozen=True, slots=True)
class Grid:
    weeks: tuple[Week, ...]
    rows: tuple[GridRow, ...]

    def parts(self, size: int = GRID_WEEKS) -> list[Grid]:
        """The grid cut into grids of at most ``size`` weeks, oldest first; the
        latest weeks make a whole one (20 weeks: the first 7, then 13)."""
        count = len(self.weeks)
        ends = range(count, 0, -size)
        spans = [(max(0, end - size), end) for end in reversed(ends)]
        return [
            Grid(
                self.weeks[start:end],
                tuple(GridRow(row.metric, row.cells[start:end]) for row in self.rows),
            )
            for start, end in spans
        ]

    @property
    def empty(self) -> bool:
        return all(c is None for row in self.rows for c in row.cells)


def grid(config: Config, weeks: list[Week], values: Iterable[MetricValue]) -> Grid:
    """The grid of ``weeks`` from ``values`` (derived ones included)."""
    by_key = {(v.metric, v.week): v for v in values}
    rows = []
    for spec in config.metrics:
        pool = derived.pooled_inputs(config, spec)
        cells: list[Cell | None] = []
        for week in weeks:
            found = by_key.get((spec.key, week.id))
            if found is None:
                cells.append(None)
                continue
            target = target_in_force(found.target, spec)
            status = evaluate(found.value, target, spec.direction, spec.tolerance)
            inputs = None
            if pool is not None:
                inputs = {k: by_key[(k, week.id)].value for k in pool if (k, week.id) in by_key}
            cells.append(Cell(found.value, target, status, inputs))
        rows.append(GridRow(spec, tuple(cells)))
    return Grid(tuple(weeks), tuple(rows))
