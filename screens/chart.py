"""A bar chart drawn with text blocks: one bar per week, any number of weeks.

Horizontal bars read well at any range (a year is 52 rows to scroll) and in
any terminal width. Each bar carries its value and status as text too, so the
colour never carries the meaning alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from scorecard.numbers import format_number
from scorecard.status import Status
from screens.formatting import STATUS_STYLES
from screens.line_table import text_segments

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


class BarChart:
    """The chart's lines, each made when asked for: a view of ten years (520
    bars) draws the screenful it shows, not every bar."""

    def __init__(
        self,
        bars: Sequence[Bar],
        *,
        width: int,
        unit: str = "count",
        currency: str = "USD",
        title: Text | None = None,
    ) -> None:
        self.bars = bars
        self.unit, self.currency = unit, currency
        self.values = [b.value for b in bars if b.value is not None]
        targets = [b.target for b in bars if b.target is not None]
        self.scale = max([*self.values, *targets, 0.0])
        self.label_w = max((len(b.label) for b in bars), default=0)
        self.shown = [
            format_number(b.value, unit, currency) if b.value is not None else "—" for b in bars
        ]
        self.value_w = max((len(s) for s in self.shown), default=0)
        self.bar_w = max(10, width - self.label_w - self.value_w - 16)
        self.head = [] if title is None else [title, Text()]
        self.foot = self._foot()

    def __len__(self) -> int:
        return len(self.head) + max(1, len(self.bars)) + len(self.foot)

    def line(self, index: int) -> Text:
        """Line ``index`` (from 0) of the chart, title and key included."""
        if index < len(self.head):
            return self.head[index]
        index -= len(self.head)
        if not self.bars:
            return Text("no weeks in range", style="dim") if index == 0 else Text()
        if index < len(self.bars):
            return self._bar_line(index)
        index -= len(self.bars)
        return self.foot[index] if index < len(self.foot) else Text()

    def _bar_line(self, index: int) -> Text:
        b, value_text, bar_w, scale = self.bars[index], self.shown[index], self.bar_w, self.scale
        out = Text()
        out.append(f"{b.label:<{self.label_w}} ", style="dim")
        cells = list(bar(b.value or 0.0, scale, bar_w).ljust(bar_w))
        if b.target is not None and scale > 0:
            mark = min(bar_w - 1, round(b.target / scale * bar_w) - 1)
            if mark >= 0 and cells[mark] == " ":
                cells[mark] = "┊"
        style = STATUS_STYLES[b.status] if b.value is not None else "dim"
        out.append("".join(cells), style=style.replace("bold ", ""))
        out.append(f" {value_text:>{self.value_w}} ")
        out.append(
            f"{b.status.symbol} {b.status.value}" if b.value is not None else "", style=style
        )
        return out

    def _foot(self) -> list[Text]:
        if not self.values:
            return []
        unit, currency, values = self.unit, self.currency, self.values
        key = (
            f"┊ target · min {format_number(min(values), unit, currency)}"
            f" · max {format_number(max(values), unit, currency)}"
            f" · {len(values)} of {len(self.bars)} weeks entered"
        )
        return [Text(), Text(key, style="dim")]


def bar_chart(
    bars: Sequence[Bar], *, width: int, unit: str = "count", currency: str = "USD"
) -> Text:
    """Render ``bars`` whole; the target of each week is marked with ``┊``."""
    chart = BarChart(bars, width=width, unit=unit, currency=currency)
    return Text("\n").join(chart.line(i) for i in range(len(chart)))


class ChartView(ScrollView, can_focus=True):
    """A ``BarChart`` that draws only the lines on screen; scrolls as a
    VerticalScroll does (↑ ↓, Page Up / Page Down, Home / End)."""

    DEFAULT_CSS = """
    ChartView {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
    }
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.chart: BarChart | None = None
        self._strips: dict[int, Strip] = {}

    def show(self, chart: BarChart) -> None:
        self.chart = chart
        self._strips.clear()
        self.virtual_size = Size(0, len(chart))
        self.refresh(layout=True)

    def clear(self) -> None:
        """Show nothing (until the next chart)."""
        self.chart = None
        self._strips.clear()
        self.virtual_size = Size(0, 0)
        self.refresh(layout=True)

    def text(self) -> str:
        """Every line of the chart (what scrolling would show)."""
        chart = self.chart
        return "" if chart is None else "\n".join(chart.line(i).plain for i in range(len(chart)))

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._strips.clear()

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        index = y + int(self.scroll_y)
        chart = self.chart
        if chart is None or index >= len(chart):
            return Strip.blank(width, base)
        strip = self._strips.get(index)
        if strip is None or strip.cell_length != width:
            segments = text_segments(chart.line(index), base, self.app.console)
            strip = Strip(segments).adjust_cell_length(width, base).simplify()
            self._strips[index] = strip
        return strip
