"""The goals, the funnel and the week-by-week grid as Markdown (the week's report
and the range report, :mod:`scorecard.report.markdown`, put them in place)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from scorecard import text
from scorecard.config import Config
from scorecard.labels import status_label
from scorecard.numbers import format_number
from scorecard.report import mdtext as md

if TYPE_CHECKING:
    from scorecard.funnel import Stage
    from scorecard.goals import GoalProgress
    from scorecard.grid import Grid
    from scorecard.report.data import RangeReport

NONE = "_None._"


def goals(goals: tuple[GoalProgress, ...], config: Config) -> list[str]:
    if not goals:
        return []
    from scorecard.goals_text import goal_pace_label, goal_progress_label

    p = goals[0]
    out = [f"## Goals for {p.quarter} (week {p.week_number} of {p.weeks_total})", ""]
    rows = [
        [
            text.md_cell(g.goal.name),
            md.team_name(config, g.goal.owner),
            goal_progress_label(g, config),
            goal_pace_label(g, config),
            status_label(g.status),
        ]
        for g in goals
    ]
    out += [*md.table(("Goal", "Owner", "Progress", "Pace", "Status"), rows, "lllll"), ""]
    out += [
        "Progress is the quarter's sum so far (a percentage: its latest value); pace is "
        "where a straight line to the target would be by now.",
        "",
    ]
    return out


def funnel(stages: tuple[Stage, ...]) -> list[str]:
    if not stages:
        return []
    from scorecard.goals_text import conversion_label

    rows = []
    for s in stages:
        value = "—" if s.value is None else format_number(s.value)
        if s.next is None:
            rows.append([text.md_cell(s.metric.name), value, "", ""])
            continue
        conversion = conversion_label(s.conversion) + (" ⚠ leak" if s.leak else "")
        rows.append([text.md_cell(s.metric.name), value, conversion, conversion_label(s.median)])
    headers = ("Stage", "This week", "To next stage", "13-week median")
    return ["## Funnel", "", *md.table(headers, rows, "lrrr"), ""]


def _grid_cell(value: float | None, unit: str, config: Config) -> str:
    if value is None:
        return "·"
    return format_number(round(value, 1), unit, config.currency)


def grid_table(grid: Grid, config: Config) -> list[str]:
    """The 13-week grid as a Markdown table: value and status symbol per cell."""
    heads = ["Metric", *(f"W{w.number:02d}" for w in grid.weeks), "Total / avg"]
    rows = []
    for row in grid.rows:
        unit = row.metric.unit
        cells = [
            "·" if c is None else f"{_grid_cell(c.value, unit, config)} {c.status.symbol}"
            for c in row.cells
        ]
        summary = _grid_cell(row.summary, unit, config) if row.summary is not None else "—"
        summary = ("Σ " if row.summed else "⌀ ") + summary if row.summary is not None else summary
        rows.append([text.md_cell(row.metric.name), *cells, summary])
    return [*md.table(heads, rows, "l" + "r" * (len(grid.weeks) + 1)), ""]


def range_grids(report: RangeReport) -> list[str]:
    """The range as 13-week grids, the latest weeks first grouped (a longer range
    gives one grid per 13 weeks, oldest first)."""
    parts = report.grid.parts()
    out = ["## Weekly numbers", ""]
    for part in parts:
        if len(parts) > 1:
            out += [f"### {part.weeks[0]} – {part.weeks[-1]}", ""]
        out += [NONE, ""] if part.empty else grid_table(part, report.config)
    out += [
        "Each week against the target in force that week: ✓ on track · ! at risk · "
        "✗ off track · · no value. Σ total, ⌀ average (of a derived rate: its formula "
        "over the totals).",
        "",
    ]
    return out
