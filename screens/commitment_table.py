"""A list of commitments with the review keys: done, missed, drop, carry, edit.

The table asks; the screen does the work (it posts :class:`Requested`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from scorecard.labels import late_label
from scorecard.models import Commitment, weeks_late
from scorecard.weeks import Week
from screens.formatting import commitment_owner, commitment_status, safe, shorten
from screens.item_table import ItemTable

COLUMNS = ("Status", "Commitment · owner, team, id")
STATUS_WIDTH = 10


class CommitmentTable(ItemTable[Commitment]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "d", "request('done')", "Done", tooltip="Mark the commitment done", id="commitment.done"
        ),
        Binding(
            "m",
            "request('missed')",
            "Missed",
            tooltip="Mark the commitment missed",
            id="commitment.missed",
        ),
        Binding(
            "x", "request('dropped')", "Drop", tooltip="Drop the commitment", id="commitment.drop"
        ),
        Binding(
            "c",
            "request('carry')",
            "Carry",
            tooltip="Carry the commitment over",
            id="commitment.carry",
        ),
        Binding(
            "u",
            "request('open')",
            "Reopen",
            tooltip="Reopen the commitment",
            id="commitment.reopen",
            show=False,
        ),
        Binding(
            "e",
            "request('edit')",
            "Edit",
            tooltip="Edit the commitment",
            id="commitment.edit",
            show=False,
        ),
    ]

    class Requested(Message):
        """``what`` (a status, ``carry`` or ``edit``) for ``commitment``."""

        def __init__(self, commitment: Commitment, what: str) -> None:
            super().__init__()
            self.commitment = commitment
            self.what = what

    COLUMNS = COLUMNS

    def __init__(self, *, empty: str = "none", id: str | None = None) -> None:
        super().__init__(id=id)
        self.empty = empty
        self.week: Week | None = None
        """The week shown: commitments due before it say how late they are."""

    def show_week(self, items: Sequence[Commitment], week: Week) -> None:
        """Show ``items`` as the list of ``week``."""
        if week != self.week:
            self.week = week
            self._width_used = -1  # the late labels change: redraw
        self.show(items)

    def _text_width(self) -> int:
        """Room for the commitment text: the table width less the status column."""
        width = self.fill_width or 60
        return max(16, width - STATUS_WIDTH - 6)

    def cells(self, c: Commitment) -> tuple[Text | str, Text | str]:
        """Two lines a commitment: its text, then owner, team, due week and id."""
        size = self._text_width()
        status = commitment_status(c.status)
        status.append(f"\ndue {safe(c.due_week[5:])}", style="dim")
        about = f"{commitment_owner(c)} · {safe(c.short_id)}"
        if c.carried_from:
            about += f" · carried from {safe(c.carried_from[:7])}"
        body = Text(shorten(safe(c.text), size))
        late = late_label(weeks_late(c, self.week)) if self.week else ""
        if late:
            about = shorten(f"{late} · {about}", size)
            body.append("\n" + late, style="bold red")
            body.append(about[len(late) :], style="dim")
        else:
            body.append("\n" + shorten(about, size), style="dim")
        return status, body

    def empty_cells(self) -> tuple[Text | str, Text | str]:
        return "", Text(self.empty, style="dim")

    def requested(self, item: Commitment, what: str) -> Message:
        return self.Requested(item, what)
