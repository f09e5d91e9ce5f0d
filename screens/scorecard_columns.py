"""Which columns the scorecard shows at a width, and the cells of one metric.

- narrow (under 100 cells): short owners, the status as its symbol alone;
- normal: Metric, Owner, Target, Actual, Status, Last 13 weeks;
- wide (room to spare once the name has its 36 cells): the change since last
  week too, then the note of this week's value when any has one, then the
  trend drawn two or three cells a week.

The metric name gets what the other columns leave, up to 36 cells (shortened
with an ellipsis only when it must be).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from scorecard.config import Config
from scorecard.models import MetricLine
from scorecard.numbers import format_change
from screens.formatting import (
    actual_text,
    plain,
    safe,
    shorten,
    status_text,
    target_text,
    trend_text,
)

NARROW = 100
SHORT_OWNERS = {"marketing": "mktg", "sales": "sales", "shared": "shared"}
TREND = "Last 13 weeks"

#: Room each column needs besides the name (the widest usual content).
CELLS = {"Owner": 9, "Target": 10, "Actual": 8, "Change": 9, "Status": 11, TREND: 13}
NARROW_CELLS = {**CELLS, "Owner": 6, "Status": 1}
#: Each column has a cell of padding either side; a little slack for the cursor.
PADDING, SLACK = 2, 3
NAME_MIN, NAME_MAX, NOTE_MIN, NOTE_MAX = 14, 36, 24, 60


def _note(line: MetricLine) -> str:
    return safe(line.value.note) if line.value and line.value.note else ""


@dataclass(frozen=True)
class Layout:
    """The columns at one width; equal layouts show rows the same way."""

    narrow: bool = False
    wide: bool = False
    name_width: int = 36
    trend_cells: int = 1
    """Cells per week in the trend."""
    note_width: int = 0
    """The Note column's width (0: no Note column)."""

    @classmethod
    def at(cls, width: int, lines: Sequence[MetricLine]) -> Layout:
        width = width or 120
        narrow = width < NARROW
        cells = NARROW_CELLS if narrow else CELLS
        shown = [key for key in cells if key != "Change"]
        room = width - sum(cells[key] for key in shown) - PADDING * (len(shown) + 1) - SLACK
        name = max(NAME_MIN, min(NAME_MAX, room))
        room -= name
        if narrow or room < CELLS["Change"] + PADDING:
            return cls(narrow=narrow, name_width=name)
        # Room to spare: the change since last week, the value notes, a larger trend.
        room -= CELLS["Change"] + PADDING
        note = 0
        if any(_note(line) for line in lines) and room >= NOTE_MIN + PADDING:
            note = min(NOTE_MAX, room - PADDING)
            room -= note + PADDING
        trend = max(1, min(3, 1 + room // CELLS[TREND]))
        return cls(wide=True, name_width=name, trend_cells=trend, note_width=note)

    @property
    def columns(self) -> list[tuple[str, str]]:
        """(key, heading) of each column, in order."""
        keys = ["Metric", "Owner", "Target", "Actual"]
        keys += ["Change"] if self.wide else []
        keys += ["Status", TREND]
        keys += ["Note"] if self.note_width else []
        return [(key, "" if key == "Status" and self.narrow else key) for key in keys]

    def cells(self, line: MetricLine, config: Config) -> list[Text | str]:
        """One row: the metric's name and owner, then :meth:`values`."""
        owner = SHORT_OWNERS.get(line.metric.owner, line.metric.owner) if self.narrow else None
        values = self.values(line, config)
        return [
            Text(shorten(safe(line.metric.name), self.name_width)),
            plain(owner or line.metric.owner),
            *(values[key] for key, _ in self.columns[2:]),
        ]

    def values(self, line: MetricLine, config: Config) -> dict[str, Text | str]:
        """The cells a saved value changes, by column key."""
        out: dict[str, Text | str] = {
            "Target": target_text(line, config),
            "Actual": actual_text(line, config),
            "Status": status_text(line.status, short=self.narrow),
            TREND: trend_text(line, cells=self.trend_cells),
        }
        if self.wide:
            delta = line.change
            shown = format_change(delta, line.metric.unit, config.currency)
            out["Change"] = Text(shown, style="dim" if delta is None else "")
        if self.note_width:
            out["Note"] = Text(shorten(_note(line), self.note_width), style="italic")
        return out
