"""Jump to a week: an ISO week, a date inside it, or this / last / next."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Input, Label

from scorecard.weeks import Week, parse_week
from screens.form import FormScreen


class WeekPicker(FormScreen[Week]):
    TITLE_TEXT = "Go to week"

    def __init__(self, current: Week) -> None:
        super().__init__()
        self.current = current

    def fields(self) -> ComposeResult:
        yield Label(f"Week (now {self.current}): 2026-W40, 2026-10-01, this, last, next")
        yield Input(placeholder=str(self.current), id="week", compact=True)

    @property
    def is_dirty(self) -> bool:
        return False  # nothing worth keeping: a week name

    def save(self, values: dict[str, Any]) -> Week:
        return parse_week(values["week"] or "this")
