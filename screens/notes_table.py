"""The retro notes of one week, grouped by kind, with edit and delete keys."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import DataTable

from scorecard.models import NOTE_KINDS, NOTE_LABELS, Note
from screens.formatting import safe, shorten

KIND_WIDTH = 16
KIND_STYLES = {
    "worked": "green",
    "didnt": "red",
    "why": "dark_orange",
    "idea": "blue",
    "kudos": "magenta",
}


class NotesTable(DataTable[Text | str]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "request('edit')", "Edit note", id="note.edit"),
        Binding("delete,backspace", "request('delete')", "Delete note", id="note.delete"),
    ]

    class Requested(Message):
        def __init__(self, note: Note, what: str) -> None:
            super().__init__()
            self.note = note
            self.what = what

    _width_used = 0

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.items: list[Note] = []

    def on_mount(self) -> None:
        for label in ("Kind · by", "Note"):
            self.add_column(label, key=label)

    def on_resize(self, event: events.Resize) -> None:
        if self.items and event.size.width != self._width_used:
            self.show(self.items)

    def show(self, notes: Sequence[Note]) -> None:
        """Grouped by kind; the text wraps onto a second line if it needs one."""
        keep = self.current.id if self.current else None
        self.clear()
        self._width_used = self.size.width
        size = max(16, (self.size.width or 60) - KIND_WIDTH - 6)
        order = {kind: i for i, kind in enumerate(NOTE_KINDS)}
        self.items = sorted(notes, key=lambda n: order.get(n.kind, len(order)))
        previous = None
        for note in self.items:
            label = NOTE_LABELS.get(note.kind, note.kind) if note.kind != previous else ""
            previous = note.kind
            lines = textwrap.wrap(safe(note.text), size) or [""]
            if len(lines) > 2:
                lines = [lines[0], shorten(" ".join(lines[1:]), size)]
            body = Text("\n".join(lines))
            kind = Text(label, style=KIND_STYLES.get(note.kind, ""))
            kind.append("\n" + shorten(safe(note.author), KIND_WIDTH), style="dim")
            self.add_row(kind, body, key=note.id, height=2)
        if not self.items:
            self.add_row(Text("no notes yet", style="dim"), Text("press n to add one"))
        ids = [n.id for n in self.items]
        if keep in ids:
            self.move_cursor(row=ids.index(keep), animate=False)

    @property
    def current(self) -> Note | None:
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
