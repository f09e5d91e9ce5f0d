"""Add or edit a retro note: kind, author and text."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Label, Select

from scorecard.errors import InvalidInput
from scorecard.ids import current_user
from scorecard.models import NOTE_KINDS, NOTE_LABELS, Note
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.form import FormScreen


class NoteForm(FormScreen[Note]):
    FIRST_FIELD = "#text"

    def __init__(
        self,
        workspace: Workspace,
        week: Week,
        note: Note | None = None,
        *,
        kind: str = "worked",
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.week = week
        self.note = note
        self.kind = note.kind if note else kind
        self.TITLE_TEXT = f"Edit note {note.short_id}" if note else f"New retro note for {week}"

    def fields(self) -> ComposeResult:
        yield Label("Kind")
        yield Select(
            [(NOTE_LABELS[k], k) for k in NOTE_KINDS],
            value=self.kind,
            allow_blank=False,
            id="kind",
            compact=True,
        )
        yield Label("Note")
        yield self.stored_input(
            self.note.text if self.note else "",
            placeholder="what happened",
            id="text",
            compact=True,
        )
        yield Label("Author")
        yield self.stored_input(
            self.note.author if self.note else current_user(), id="author", compact=True
        )

    def save(self, values: dict[str, Any]) -> Note:
        if values["kind"] is None:
            raise InvalidInput("choose a kind")
        if self.note is None:
            return self.workspace.add_note(
                values["kind"], values["text"], author=values["author"], week=self.week
            )
        return self.workspace.edit_note(
            self.note.id, text=values["text"], kind=values["kind"], author=values["author"]
        )
