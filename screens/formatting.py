"""How domain values look on screen: statuses as colour AND a word or symbol.

Every field from storage or config goes through :func:`safe` (the terminal
sink of :mod:`scorecard.text`: control characters shown as visible escapes)
before it reaches a widget, and markup is never interpreted in it: it is built
as :class:`rich.text.Text` (:func:`plain`), never passed as a markup string.
"""

from __future__ import annotations

from rich.text import Text

from scorecard.config import Config
from scorecard.labels import status_label, target_label, value_label
from scorecard.models import Commitment, MetricLine
from scorecard.status import Status, sparkline
from scorecard.text import terminal
from scorecard.weeks import Week

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


def safe(text: object, *, single_line: bool = True) -> str:
    """Text from storage or config made inert for display."""
    return terminal("" if text is None else text, single_line=single_line)


def plain(text: object, style: str = "", *, single_line: bool = True) -> Text:
    """Inert text for a widget that would otherwise read a string as markup
    (Label, Static, DataTable cells, Select options)."""
    return Text(safe(text, single_line=single_line), style=style)


def status_text(status: Status, *, short: bool = False) -> Text:
    """``✓ on track`` in green: the colour never carries the meaning alone.

    ``short`` (narrow terminals) keeps the symbol and drops the words."""
    label = status.symbol if short else status_label(status)
    return Text(label, style=STATUS_STYLES[status])


def commitment_status(status: str) -> Text:
    symbol, word, style = COMMITMENT_MARKS.get(status, ("?", safe(status), ""))
    return Text(f"{symbol} {word}", style=style)


def target_text(line: MetricLine, config: Config) -> str:
    return target_label(line.metric, line.target, config)


def actual_text(line: MetricLine, config: Config) -> Text:
    return Text(
        value_label(line.actual, line.metric, config), style="dim" if line.actual is None else ""
    )


def trend_text(line: MetricLine, *, cells: int = 1) -> Text:
    """The 13-week sparkline, ``cells`` wide a week (wide terminals draw it larger)."""
    style = STATUS_STYLES[line.status] if line.actual is not None else ""
    return Text("".join(block * cells for block in sparkline(line.trend)), style=style)


def shorten(text: str, size: int) -> str:
    """Cut ``text`` to ``size`` characters with an ellipsis."""
    return text if len(text) <= size else text[: max(0, size - 1)] + "…"


def commitment_owner(c: Commitment) -> str:
    return f"{safe(c.owner)} ({safe(c.team)})"


#: Cells of a Header that are not its title: the icon at the left, the clock space at the right.
HEADER_EDGES = 18


def week_heading(title: str, week: Week, width: int) -> str:
    """The longest name of ``week`` that fits a Header after ``title`` at ``width``:
    ``2026-W47 (16 Nov – 22 Nov 2026)``, ``2026-W47 · 16 Nov – 22 Nov``, ``2026-W47``."""
    mon, sun = week.monday, week.sunday
    names = (week.label(), f"{week} · {mon.day} {mon:%b} – {sun.day} {sun:%b}", str(week))
    room = width - HEADER_EDGES - len(title) - len(" — ")
    return next((name for name in names if len(name) <= room), names[-1])
