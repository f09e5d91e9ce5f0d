"""A list of commitments with the review keys: done, missed, drop, carry, edit.

The table asks; the screen does the work (it posts :class:`Requested`).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from scorecard.models import Commitment
from screens.formatting import commitment_owner, commitment_status, safe, shorten

COLUMNS = ("Status", "Commitment · owner, team, id")
STATUS_WIDTH = 10


class CommitmentTable(DataTable[Text | str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "request('done')", "Done", id="commitment.done"),
        Binding("m", "request('missed')", "Missed", id="commitment.missed"),
        Binding("x", "request('dropped')", "Drop", id="commitment.drop"),
        Binding("c", "request('carry')", "Carry", tooltip="Carry over", id="commitment.carry"),
        Binding("u", "request('open')", "Reopen", id="commitment.reopen", show=False),
        Binding("e", "request('edit')", "Edit", id="commitment.edit", show=False),
    ]

    class Requested(Message):
        """``what`` (a status, ``carry`` or ``edit``) for ``commitment``."""

        def __init__(self, commitment: Commitment, what: str) -> None:
            super().__init__()
            self.commitment = commitment
            self.what = what

    _width_used = 0

    def __init__(self, *, empty: str = "none", id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.empty = empty
        self.items: list[Commitment] = []

    def on_mount(self) -> None:
        for label in COLUMNS:
            self.add_column(label, key=label)

    def on_resize(self, event: events.Resize) -> None:
        if self.items and event.size.width != self._width_used:
            self.show(self.items)

    def _text_width(self) -> int:
        """Room for the commitment text: the table width less the status column."""
        width = self.size.width or 60
        return max(16, width - STATUS_WIDTH - 6)

    def show(self, items: Sequence[Commitment]) -> None:
        """Two lines a commitment: its text, then owner, team, due week and id."""
        keep = self.current.id if self.current else None
        self.clear()
        self._width_used = self.size.width
        self.items = list(items)
        size = self._text_width()
        for c in self.items:
            status = commitment_status(c.status)
            status.append(f"\ndue {c.due_week[5:]}", style="dim")
            about = f"{commitment_owner(c)} · {c.short_id}"
            if c.carried_from:
                about += f" · carried from {c.carried_from[:7]}"
            body = Text(shorten(safe(c.text), size))
            body.append("\n" + shorten(about, size), style="dim")
            self.add_row(status, body, key=c.id, height=2)
        if not self.items:
            self.add_row("", Text(self.empty, style="dim"), key="empty")
        ids = [c.id for c in self.items]
        if keep in ids:
            self.move_cursor(row=ids.index(keep), animate=False)

    @property
    def current(self) -> Commitment | None:
        if not self.items or not 0 <= self.cursor_row < len(self.items):
            return None
        return self.items[self.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request":
            return self.current is not None
        return True

    def action_request(self, what: str) -> None:
        if self.current is not None:
            self.post_message(self.Requested(self.current, what))
