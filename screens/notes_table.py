"""The retro notes of one week, grouped by kind, with edit and delete keys."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.message import Message

from scorecard.models import NOTE_KINDS, NOTE_LABELS, Note
from screens.formatting import safe, shorten
from screens.item_table import ItemTable

KIND_WIDTH = 16
KIND_STYLES = {
    "worked": "green",
    "didnt": "red",
    "why": "dark_orange",
    "idea": "blue",
    "kudos": "magenta",
}


class NotesTable(ItemTable[Note]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "request('edit')", "Edit note", id="note.edit"),
        Binding("delete,backspace", "request('delete')", "Delete note", id="note.delete"),
    ]

    class Requested(Message):
        def __init__(self, note: Note, what: str) -> None:
            super().__init__()
            self.note = note
            self.what = what

    COLUMNS = ("Kind · by", "Note")
    _previous_kind: str | None = None

    def show(self, items: Sequence[Note]) -> None:
        """Grouped by kind; the text wraps onto a second line if it needs one."""
        order = {kind: i for i, kind in enumerate(NOTE_KINDS)}
        self._previous_kind = None
        super().show(sorted(items, key=lambda n: order.get(n.kind, len(order))))

    def cells(self, note: Note) -> tuple[Text | str, Text | str]:
        size = max(16, (self.fill_width or 60) - KIND_WIDTH - 6)
        label = (
            NOTE_LABELS.get(note.kind, safe(note.kind)) if note.kind != self._previous_kind else ""
        )
        self._previous_kind = note.kind
        lines = textwrap.wrap(safe(note.text), size) or [""]
        if len(lines) > 2:
            lines = [lines[0], shorten(" ".join(lines[1:]), size)]
        kind = Text(label, style=KIND_STYLES.get(note.kind, ""))
        kind.append("\n" + shorten(safe(note.author), KIND_WIDTH), style="dim")
        return kind, Text("\n".join(lines))

    def empty_cells(self) -> tuple[Text | str, Text | str]:
        return Text("no notes yet", style="dim"), Text("press n to add one")

    def requested(self, item: Note, what: str) -> Message:
        return self.Requested(item, what)
