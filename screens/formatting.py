"""How domain values look on screen: statuses as colour AND a word or symbol.

User text always goes through :func:`safe` (terminal control characters
stripped) before it reaches a widget. Rich markup is never interpreted in it:
everything is built as :class:`rich.text.Text`.
"""

from __future__ import annotations

from rich.text import Text

from scorecard.config import Config
from scorecard.models import Commitment, MetricLine
from scorecard.numbers import format_number
from scorecard.status import Status, sparkline
from scorecard.text import inert

STATUS_STYLES = {
    Status.ON_TRACK: "bold green",
    Status.AT_RISK: "bold dark_orange",
    Status.OFF_TRACK: "bold red",
    Status.NO_DATA: "dim",
}

COMMITMENT_MARKS = {
    "open": ("○", "open", "bold"),
    "done": ("✓", "done", "bold green"),
    "missed": ("✗", "missed", "bold red"),
    "dropped": ("–", "dropped", "dim"),
    "carried": ("→", "carried", "dark_orange"),
}

OWNER_LABELS = {"sales": "sales", "marketing": "marketing", "shared": "shared"}


def safe(text: str | None, *, single_line: bool = True) -> str:
    """User text made inert for display."""
    return inert(text or "", single_line=single_line)


def status_text(status: Status, *, short: bool = False) -> Text:
    """``✓ on track`` in green: the colour never carries the meaning alone.

    ``short`` (narrow terminals) keeps the symbol and drops the words."""
    label = status.symbol if short else f"{status.symbol} {status.value}"
    return Text(label, style=STATUS_STYLES[status])


def commitment_status(status: str) -> Text:
    symbol, word, style = COMMITMENT_MARKS.get(status, ("?", status, ""))
    return Text(f"{symbol} {word}", style=style)


def target_text(line: MetricLine, config: Config) -> str:
    arrow = "≥" if line.metric.direction == "higher" else "≤"
    return f"{arrow} {format_number(line.target, line.metric.unit, config.currency)}"


def actual_text(line: MetricLine, config: Config) -> Text:
    if line.actual is None:
        return Text("—", style="dim")
    return Text(format_number(line.actual, line.metric.unit, config.currency))


def trend_text(line: MetricLine) -> Text:
    return Text(sparkline(line.trend), style=STATUS_STYLES[line.status] if line.actual else "")


def shorten(text: str, size: int) -> str:
    """Cut ``text`` to ``size`` characters with an ellipsis."""
    return text if len(text) <= size else text[: max(0, size - 1)] + "…"


def commitment_owner(c: Commitment) -> str:
    return f"{safe(c.owner)} ({c.team})"
