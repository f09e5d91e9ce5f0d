"""Raise an issue (text prefilled from what it is raised from, editable), or edit one."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label

from scorecard.models import Issue, Source
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.form import FormScreen
from screens.formatting import safe


class IssueForm(FormScreen[Issue]):
    """With ``issue`` it edits that one; otherwise it raises one in ``week``."""

    FIRST_FIELD = "#text"

    def __init__(
        self,
        workspace: Workspace,
        week: Week,
        issue: Issue | None = None,
        *,
        text: str = "",
        owner: str | None = None,
        source: Source | None = None,
    ) -> None:
        super().__init__()
        self.workspace = workspace
        self.week = week
        self.issue = issue
        self.text = issue.text if issue else text
        self.owner = (issue.owner if issue else owner) or ""
        self.source = issue.source if issue else source
        if issue is not None:
            self.TITLE_TEXT = f"Edit issue {issue.short_id}"
        else:
            self.TITLE_TEXT = f"Raise an issue in {week}"

    def fields(self) -> ComposeResult:
        leads = [team.lead for team in self.workspace.config.teams.values()]
        if self.source is not None:
            yield Label(f"From {self.source.kind} {safe(self.source.ref)}", classes="dim")
        yield Label("What isn't working")
        yield Input(self.text, placeholder="e.g. Webinar leads go cold", id="text", compact=True)
        yield Label("Owner (blank: nobody yet)")
        yield Input(
            self.owner,
            placeholder=" or ".join(leads),
            suggester=SuggestFromList(leads, case_sensitive=False),
            id="owner",
            compact=True,
        )

    def save(self, values: dict[str, Any]) -> Issue:
        if self.issue is not None:
            return self.workspace.edit_issue(
                self.issue.id, text=values["text"], owner=values["owner"]
            )
        return self.workspace.add_issue(
            values["text"], source=self.source, owner=values["owner"], week=self.week
        )
