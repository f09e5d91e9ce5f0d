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

from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.footer import FittedFooter
from screens.formatting import safe
from screens.header import ScreenHeader
from screens.issue_actions import IssuesShown
from screens.issue_table import IssueTable, SuggestionTable
from screens.week import issues_row
from screens.week_view import Known, WeekView
from screens.wrapped import WrappedLines


class IssuesScreen(WeekView):
    CSS_PATH: ClassVar[CSSPathType | None] = "issues.tcss"
    AUTO_FOCUS = "#issues"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="issues.back"),
    ]

    FOOTER_FIRST: ClassVar[tuple[str, ...]] = ("issues.back",)
    """Shown in the footer at any width (screens/footer.py)."""

    def __init__(self, workspace: Workspace, week: Week, *, known: Known | None = None) -> None:
        super().__init__(workspace, week, known=known)

    def compose(self) -> ComposeResult:
        yield ScreenHeader(icon="◆")
        yield WrappedLines(id="issues-banner")
        with VerticalScroll(id="issues-body", can_focus=False):
            yield IssueTable(empty="no open issues: press i to raise one", id="issues")
            yield SuggestionTable(id="suggested")
            yield IssueTable(empty="nothing settled this week", id="settled")
        yield FittedFooter()

    def on_mount(self) -> None:
        self.title = f"Issues · {safe(self.workspace.config.title)}"
        self.show_heading()
        self.query_one("#issues").border_title = "Open issues, ranked (top three first)"
        self.query_one("#suggested").border_title = "Suggested by this week's data"
        self.query_one("#settled").border_title = f"Settled in {self.week}"

    def show_issues(self, shown: IssuesShown) -> None:
        self.query_one("#issues-banner", WrappedLines).show([issues_row(shown)])
        self.query_one("#issues", IssueTable).show(shown.open)
        self.query_one("#suggested", SuggestionTable).show(shown.suggestions)
        self.query_one("#settled", IssueTable).show((*shown.week.solved, *shown.week.dropped))

    def action_back(self) -> None:
        self.dismiss()
