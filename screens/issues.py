"""The issues screen: the ranked open issues (top three first), what the week's
data suggests raising, and what was settled this week.

``i`` raises one, ``r`` raises the highlighted suggestion, shift+up/down (or
K/J) move an issue, ``s`` solves it into commitments, ``x`` drops it, ``u``
reopens a settled one, ``e`` edits it; Tab moves between the lists.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Footer, Header, Static

from scorecard.models import WeekSummary
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.issue_actions import IssuesShown
from screens.issue_table import IssueTable, SuggestionTable
from screens.week import issues_text
from screens.week_view import WeekView


class IssuesScreen(WeekView):
    CSS_PATH: ClassVar[CSSPathType | None] = "issues.tcss"
    AUTO_FOCUS = "#issues"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="issues.back"),
    ]

    def __init__(self, workspace: Workspace, week: Week) -> None:
        super().__init__(workspace, week)

    def compose(self) -> ComposeResult:
        yield Header(icon="◆")
        yield Static("", id="issues-banner")
        with VerticalScroll(id="issues-body", can_focus=False):
            yield IssueTable(empty="no open issues: press i to raise one", id="issues")
            yield SuggestionTable(id="suggested")
            yield IssueTable(empty="nothing settled this week", id="settled")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.title = f"Issues · {self.workspace.config.title}"
        self.sub_title = self.week.label()
        self.query_one("#issues").border_title = "Open issues, ranked (top three first)"
        self.query_one("#suggested").border_title = "Suggested by this week's data"
        self.query_one("#settled").border_title = f"Settled in {self.week}"

    def show_summary(self, summary: WeekSummary) -> None:
        self.load_issues()

    def show_issues(self, shown: IssuesShown) -> None:
        self.query_one("#issues-banner", Static).update(issues_text(shown))
        self.query_one("#issues", IssueTable).show(shown.open)
        self.query_one("#suggested", SuggestionTable).show(shown.suggestions)
        self.query_one("#settled", IssueTable).show((*shown.week.solved, *shown.week.dropped))
        self.refresh_bindings()

    def action_back(self) -> None:
        self.dismiss()
