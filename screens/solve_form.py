"""Solve an issue: how, and the commitments it becomes (owner prefilled).

One commitment to start with; ``ctrl+n`` adds another. A commitment left
without text is not made; if any commitment is refused, nothing is saved.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, Select

from scorecard.errors import InvalidInput
from scorecard.models import TEAMS, Issue
from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace
from screens.form import FormScreen
from screens.formatting import safe, shorten

MAX_COMMITMENTS = 9


class SolveForm(FormScreen[Issue]):
    FIRST_FIELD = "#c1-text"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "another", "Another commitment", id="solve.another"),
    ]

    def __init__(self, workspace: Workspace, week: Week, issue: Issue) -> None:
        super().__init__()
        self.workspace = workspace
        self.week = week
        self.issue = issue
        self.count = 1
        self.TITLE_TEXT = f"Solve issue {issue.short_id}: {shorten(safe(issue.text), 40)}"

    def _commitment_fields(self, n: int) -> list[Label | Input | Select[str]]:
        leads = [team.lead for team in self.workspace.config.teams.values()]
        return [
            Label(f"Commitment {n} (blank: none)"),
            Input(placeholder="who does what", id=f"c{n}-text", compact=True),
            Label("  owner · team (blank: the owner's) · due week"),
            Input(
                self.issue.owner or "",
                placeholder=" or ".join(leads),
                suggester=SuggestFromList(leads, case_sensitive=False),
                id=f"c{n}-owner",
                compact=True,
            ),
            Select(
                [(team, team) for team in TEAMS],
                prompt="from the owner",
                allow_blank=True,
                id=f"c{n}-team",
                compact=True,
            ),
            Input((self.week + 1).id, id=f"c{n}-due", compact=True),
        ]

    def fields(self) -> ComposeResult:
        yield Label("How it was solved (optional)")
        yield Input(placeholder="e.g. agreed a 24-hour follow-up SLA", id="note", compact=True)
        with Vertical(id="solve-commitments"):
            yield from self._commitment_fields(1)
        yield Label("ctrl+n: another commitment", classes="dim")

    async def action_another(self) -> None:
        if self.count >= MAX_COMMITMENTS:
            self.notify(f"at most {MAX_COMMITMENTS} commitments at once", severity="warning")
            return
        self.count += 1
        fields = self._commitment_fields(self.count)
        for field in fields:
            if isinstance(field, Input):
                field.select_on_focus = False
        await self.query_one("#solve-commitments").mount_all(fields)
        fields[1].focus()

    def save(self, values: dict[str, Any]) -> Issue:
        wanted = []
        for n in range(1, self.count + 1):
            text = values.get(f"c{n}-text", "").strip()
            if not text:
                continue
            owner = values.get(f"c{n}-owner", "").strip()
            if not owner:
                raise InvalidInput(f"commitment {n} needs an owner")
            due_text = values.get(f"c{n}-due", "").strip()
            if not due_text:
                raise InvalidInput(f"commitment {n} needs a due week")
            due = parse_week(due_text, relative_to=self.week)
            wanted.append((text, owner, values.get(f"c{n}-team"), due))
        return self.workspace.solve_issue(
            self.issue.id, note=values["note"], commitments=wanted, week=self.week
        )
