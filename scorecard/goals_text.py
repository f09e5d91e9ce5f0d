"""Goals, the funnel and the 13-week grid as plain text (``show``, ``goals``, ``show --grid``).

The numbers and their wording live here once; the Markdown report and the app
use the same labels (:func:`goal_progress_label`, :func:`conversion_label`).
"""

from __future__ import annotations

from collections.abc import Callable

from scorecard.config import Config
from scorecard.funnel import Stage
from scorecard.goals import GoalProgress
from scorecard.grid import Grid, GridRow
from scorecard.numbers import CURRENCY_SYMBOLS, format_number
from scorecard.status import Status
from scorecard.text import pad, width
from scorecard.text import terminal as inert

Style = Callable[[str, Status], str]


def _plain(text: str, status: Status) -> str:
    return text


def compact(value: float, unit: str, currency: str) -> str:
    """``$298k``, ``$3.25M``, ``8,919``, ``27.3%``: short enough for a grid cell."""
    size = abs(value)
    if (unit == "currency" and size >= 1000) or (unit == "count" and size >= 100_000):
        scaled, suffix, places = (size / 1e6, "M", 2) if size >= 999_950 else (size / 1e3, "k", 1)
        body = f"{scaled:.{places}f}".rstrip("0").rstrip(".") + suffix
        sign = "-" if value < 0 else ""
        if unit == "count":
            return sign + body
        symbol = CURRENCY_SYMBOLS.get(currency)
        return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"
    return format_number(round(value, 1), unit, currency)


def goal_progress_label(p: GoalProgress, config: Config, *, short: bool = False) -> str:
    """``$2,010,000 of $3,250,000 (62%)``, or ``27.5% (latest) for 25%``;
    ``short``: ``$2.01M of $3.25M (62%)``, for a narrow screen."""
    unit, cur = p.metric.unit, config.currency
    number = compact if short else format_number
    target = number(p.goal.target, unit, cur)
    if p.progress is None:
        return f"— of {target}" if p.summed else f"— for {target}"
    shown = number(p.progress, unit, cur)
    if not p.summed:
        return f"{shown} (latest) for {target}"
    share = f" ({round(p.share * 100)}%)" if p.share is not None else ""
    return f"{shown} of {target}{share}"


def goal_pace_label(p: GoalProgress, config: Config, *, short: bool = False) -> str:
    """``pace $1,857,143`` (sums), ``level 25%`` (percentages); ``short``: ``pace $1.86M``."""
    number = compact if short else format_number
    pace = number(round(p.pace) if p.summed else p.pace, p.metric.unit, config.currency)
    return f"pace {pace}" if p.summed else f"level {pace}"


def goal_weeks_label(p: GoalProgress) -> str:
    return f"week {p.weeks_elapsed} of {p.weeks_total}"


def conversion_label(value: float | None) -> str:
    return "—" if value is None else format_number(round(value, 1), "percent")


def render_goals(
    goals: tuple[GoalProgress, ...], config: Config, *, style: Style = _plain
) -> list[str]:
    """One line per goal (no heading)."""
    if not goals:
        return []
    name_w = max(width(inert(p.goal.name)) for p in goals)
    progress = [goal_progress_label(p, config) for p in goals]
    prog_w = max(width(t) for t in progress)
    pace = [goal_pace_label(p, config) for p in goals]
    pace_w = max(width(t) for t in pace)
    out = []
    for p, prog, pc in zip(goals, progress, pace, strict=True):
        status = f"{p.status.symbol} {p.status.value}"
        out.append(
            "  "
            + pad(inert(p.goal.name), name_w)
            + "  "
            + pad(inert(p.goal.owner), 10)
            + pad(prog, prog_w + 2)
            + pad(pc, pace_w + 2)
            + style(status, p.status)
        )
    return out


def render_funnel(stages: tuple[Stage, ...], config: Config) -> list[str]:
    """One line per stage with the conversion to the next (no heading)."""
    if not stages:
        return []
    name_w = max(width(inert(s.metric.name)) for s in stages)
    values = ["—" if s.value is None else format_number(s.value) for s in stages]
    value_w = max(width(v) for v in values)
    out = []
    for s, value in zip(stages, values, strict=True):
        line = "  " + pad(inert(s.metric.name), name_w) + "  " + " " * (value_w - width(value))
        line += value
        if s.next is not None:
            line += f"  → {pad(conversion_label(s.conversion), 7)}"
            line += f" (13-week median {conversion_label(s.median)})"
            if s.leak:
                line += "  ← furthest below its median"
        out.append(line)
    return out


def _cell(value: float | None, row: GridRow, config: Config) -> str:
    if value is None:
        return "·"
    return format_number(round(value, 1), row.metric.unit, config.currency)


def render_grid(grid: Grid, config: Config, *, style: Style = _plain) -> list[str]:
    """The grid as aligned text: a metric per line, a week per column, the status
    symbol after each value (and, with ``style``, its colour)."""
    names = [inert(r.metric.name) for r in grid.rows]
    name_w = max([width(n) for n in names] + [6])
    columns: list[list[str]] = []
    for i in range(len(grid.weeks)):
        cells = []
        for row in grid.rows:
            cell = row.cells[i]
            cells.append(
                "·" if cell is None else f"{_cell(cell.value, row, config)} {cell.status.symbol}"
            )
        columns.append(cells)
    heads = [f"W{w.number:02d}" for w in grid.weeks]
    widths = [
        max([width(h)] + [width(c) for c in col]) for h, col in zip(heads, columns, strict=True)
    ]
    sums = [
        ("Σ " if r.summed else "⌀ ") + _cell(r.summary, r, config) if r.summary is not None else "—"
        for r in grid.rows
    ]
    sum_w = max([width(s) for s in sums] + [len("total/avg")])
    out = [
        "  ".join(
            [
                pad("Metric", name_w),
                *(" " * (w - width(h)) + h for h, w in zip(heads, widths, strict=True)),
                pad("total/avg", sum_w),
            ]
        )
    ]
    for r_index, (row, name) in enumerate(zip(grid.rows, names, strict=True)):
        parts = [pad(name, name_w)]
        for col, w, cell in zip(columns, widths, row.cells, strict=True):
            text = col[r_index]
            aligned = " " * (w - width(text)) + text
            parts.append(style(aligned, cell.status) if cell is not None else aligned)
        parts.append(sums[r_index])
        out.append("  ".join(parts).rstrip())
    return out
