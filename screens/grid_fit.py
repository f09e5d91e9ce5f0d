"""The 13-week grid at the width the terminal has: the latest weeks that fit.

Thirteen columns of numbers need about 130 columns; a narrower terminal shows
the latest weeks that fit (the total or average is then of the weeks shown,
and the table's title says how many). Pure functions of the grid and a width,
so the table only draws what this decides.
"""

from __future__ import annotations

from dataclasses import dataclass

from scorecard.config import Config
from scorecard.goals_text import compact
from scorecard.grid import Grid, GridRow

#: DataTable pads each cell by one column either side.
PAD = 2
NAME_MIN, NAME_MAX = 12, 36
SUMMARY_HEAD = "Σ / ⌀"


@dataclass(frozen=True, slots=True)
class FittedGrid:
    grid: Grid
    """The latest weeks that fit, as a grid of its own (its totals are of those)."""
    name_width: int
    cells: dict[str, list[str | None]]
    """Per metric, per week: the value and status mark, or None for no value."""
    summaries: dict[str, str]
    width: int
    """The columns it takes, padding included."""


def cell_text(row: GridRow, config: Config) -> list[str | None]:
    unit = row.metric.unit
    return [
        None if c is None else f"{compact(c.value, unit, config.currency)}{c.status.symbol}"
        for c in row.cells
    ]


def summary_text(row: GridRow, config: Config) -> str:
    total = row.summary
    if total is None:
        return "—"
    return ("Σ " if row.summed else "⌀ ") + compact(total, row.metric.unit, config.currency)


def fit(grid: Grid, config: Config, width: int) -> FittedGrid:
    """The most recent weeks of ``grid`` whose columns fit in ``width`` (at least one)."""
    count = len(grid.weeks)
    while True:
        part = grid.parts(count)[-1] if count else grid
        cells = {row.metric.key: cell_text(row, config) for row in part.rows}
        summaries = {row.metric.key: summary_text(row, config) for row in part.rows}
        weeks = sum(
            PAD + max([3, *(len(c[i] or "") for c in cells.values())])
            for i in range(len(part.weeks))
        )
        summary = PAD + max([len(SUMMARY_HEAD), *(len(s) for s in summaries.values())])
        room = width - weeks - summary - PAD
        if room >= NAME_MIN or count <= 1:
            name = max(NAME_MIN, min(NAME_MAX, room))
            return FittedGrid(part, name, cells, summaries, weeks + summary + PAD + name)
        count -= 1
