"""Add or edit a commitment: text, owner, team, due week (default next week)."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Label, Select

from scorecard.errors import InvalidInput
from scorecard.models import TEAMS, Commitment
from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace
from screens.form import FormScreen


class CommitmentForm(FormScreen[Commitment]):
    """With ``commitment`` it edits that one; otherwise it adds one made in ``week``."""

    def __init__(
        self, workspace: Workspace, week: Week, commitment: Commitment | None = None
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.week = week
        self.commitment = commitment
        self.TITLE_TEXT = (
            f"Edit commitment {commitment.short_id}"
            if commitment
            else f"New commitment, made in {week}"
        )

    def fields(self) -> ComposeResult:
        c = self.commitment
        leads = [team.lead for team in self.workspace.config.teams.values()]
        yield Label("What will be done")
        yield self.stored_input(
            c.text if c else "", placeholder="e.g. Send the webinar list", id="text", compact=True
        )
        yield Label("Owner (a person)")
        yield self.stored_input(
            c.owner if c else "",
            placeholder=" or ".join(leads),
            suggester=SuggestFromList(leads, case_sensitive=False),
            id="owner",
            compact=True,
        )
        yield Label("Team (blank: the owner's team)")
        yield Select(
            [(team, team) for team in TEAMS],
            value=c.team if c else Select.NULL,
            prompt="from the owner",
            allow_blank=True,
            id="team",
            compact=True,
        )
        yield Label("Due week (2026-W48, a date, next…)")
        yield self.stored_input(c.due_week if c else (self.week + 1).id, id="due", compact=True)

    def save(self, values: dict[str, Any]) -> Commitment:
        due_text = values["due"].strip()
        if not due_text:
            raise InvalidInput("due week must not be empty")
        due = parse_week(due_text, relative_to=self.week)
        team = values["team"]
        if self.commitment is None:
            return self.workspace.add_commitment(
                values["text"], values["owner"], team=team, due=due, week=self.week
            )
        return self.workspace.edit_commitment(
            self.commitment.id,
            text=values["text"],
            owner=values["owner"],
            team=team or self.workspace.team_of(values["owner"]),
            due=due,
        )
