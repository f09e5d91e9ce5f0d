"""A bar chart drawn with text blocks: one bar per week, any number of weeks.

Horizontal bars read well at any range (a year is 52 rows to scroll) and in
any terminal width. Each bar carries its value and status as text too, so the
colour never carries the meaning alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from scorecard.numbers import format_number
from scorecard.status import Status
from screens.formatting import STATUS_STYLES

EIGHTHS = " ▏▎▍▌▋▊▉"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float | None
    target: float | None
    status: Status


def bar(value: float, scale: float, width: int) -> str:
    """A bar of ``value / scale`` of ``width`` cells, in eighths of a cell."""
    if scale <= 0 or value <= 0:
        return ""
    eighths = round(min(value / scale, 1.0) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + (EIGHTHS[part] if part else "")


def bar_chart(
    bars: Sequence[Bar], *, width: int, unit: str = "count", currency: str = "USD"
) -> Text:
    """Render ``bars``; the target of each week is marked with ``┊``."""
    if not bars:
        return Text("no weeks in range", style="dim")
    values = [b.value for b in bars if b.value is not None]
    targets = [b.target for b in bars if b.target is not None]
    scale = max([*values, *targets, 0.0])
    label_w = max(len(b.label) for b in bars)
    shown = [format_number(b.value, unit, currency) if b.value is not None else "—" for b in bars]
    value_w = max(len(s) for s in shown)
    bar_w = max(10, width - label_w - value_w - 16)
    out = Text()
    for b, value_text in zip(bars, shown, strict=True):
        out.append(f"{b.label:<{label_w}} ", style="dim")
        cells = list(bar(b.value or 0.0, scale, bar_w).ljust(bar_w))
        if b.target is not None and scale > 0:
            mark = min(bar_w - 1, round(b.target / scale * bar_w) - 1)
            if mark >= 0 and cells[mark] == " ":
                cells[mark] = "┊"
        line = "".join(cells)
        style = STATUS_STYLES[b.status] if b.value is not None else "dim"
        out.append(line, style=style.replace("bold ", ""))
        out.append(f" {value_text:>{value_w}} ")
        out.append(
            f"{b.status.symbol} {b.status.value}" if b.value is not None else "", style=style
        )
        out.append("\n")
    if values:
        out.append(
            f"\n┊ target · min {format_number(min(values), unit, currency)}"
            f" · max {format_number(max(values), unit, currency)}"
            f" · {len(values)} of {len(bars)} weeks entered",
            style="dim",
        )
    return out
