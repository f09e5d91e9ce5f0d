"""Retro notes: add, edit and delete (worked, didn't, why, idea, kudos)."""

from __future__ import annotations

from typing import Any

from db import queries as q
from scorecard import ids, validation
from scorecard.ids import current_user
from scorecard.models import Note
from scorecard.read.records import Records
from scorecard.store import Store, locked
from scorecard.weeks import Week, parse_week


class Notes:
    def __init__(self, store: Store, records: Records):
        self.store = store
        self.records = records

    @locked
    def add_note(
        self, kind: str, text: str, *, author: str | None = None, week: Week | None = None
    ) -> Note:
        week = week or Week.current()
        kind = validation.note_kind(kind)
        text = validation.clean_text(text, "note text")
        author = validation.clean_text(
            author or current_user(), "author", max_len=validation.MAX_NAME, single_line=True
        )
        with self.store.write(week) as now:
            row = {
                "id": ids.new_id(),
                "week": week.id,
                "kind": kind,
                "author": author,
                "text": text,
                "created_at": now,
                "updated_at": now,
            }
            q.ensure_week(self.store.conn, week.id, now)
            q.insert_note(self.store.conn, row)
        return Note.from_row(row)

    @locked
    def edit_note(
        self,
        prefix: str,
        *,
        text: str | None = None,
        kind: str | None = None,
        author: str | None = None,
    ) -> Note:
        found = self.records.find_note(prefix)
        fields: dict[str, Any] = {}
        if text is not None:
            fields["text"] = validation.clean_text(text, "note text")
        if kind is not None:
            fields["kind"] = validation.note_kind(kind)
        if author is not None:
            fields["author"] = validation.clean_text(
                author, "author", max_len=validation.MAX_NAME, single_line=True
            )
        if not fields:
            return found
        with self.store.write(parse_week(found.week)) as now:
            q.update_note(self.store.conn, found.id, {**fields, "updated_at": now})
        return self.records.find_note(found.id)

    @locked
    def delete_note(self, prefix: str) -> Note:
        found = self.records.find_note(prefix)
        with self.store.write(parse_week(found.week)):
            q.delete_note(self.store.conn, found.id)
        return found
