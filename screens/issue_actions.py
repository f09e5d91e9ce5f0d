"""Issues in the week screens: raise one from what is highlighted (``i``), and
turn the issue and suggestion tables' requests into Workspace calls.

Mixed into the screens built on :class:`~screens.week_view.WeekView` (the
week screen, the guided sync, the issues screen), whose ``write`` runs a change
in a worker and reloads. A screen reads its issues with its week when it is
mounted (its first frame shows them); later, after a change, in a worker of
their own. Each screen shows them in :meth:`show_issues`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from textual import work

from scorecard.errors import ScorecardError
from scorecard.models import Issue, MetricLine, Source
from scorecard.read.issues import IssuesShown as IssuesShown
from scorecard.read.issues import metric_issue_text

if TYPE_CHECKING:
    from scorecard.weeks import Week
    from scorecard.workspace import Workspace
    from screens.issue_table import IssueTable, SuggestionTable


Read = tuple[IssuesShown, object]
"""Issues as read, and the workspace's generation they were read at."""


class IssueActions:
    """Needs ``workspace``, ``week``, ``write`` and ``refuse_if_closed`` (WeekView)."""

    workspace: Workspace
    week: Week
    issues_shown: IssuesShown | None = None
    issues_at: object = None
    """The workspace's generation :attr:`issues_shown` was read at."""

    if TYPE_CHECKING:
        app: Any

        def write(self, change: Any, done: str, *, refused: Any = None) -> None: ...
        def refuse_if_closed(self) -> bool: ...
        def notify(self, message: str, **kwargs: Any) -> None: ...

        focused: Any

        @property
        def is_attached(self) -> bool: ...

    # -- loading --------------------------------------------------------------------

    def refresh_issues(self) -> None:
        """Show the week's issues, read again only if the workspace changed since
        they were read (or another week is shown)."""
        shown = self.issues_shown
        try:
            fresh = shown is not None and shown.week.week == self.week
            fresh = fresh and self.issues_at == self.workspace.generation()
        except ScorecardError:
            fresh = False  # the load says what is wrong
        if fresh and shown is not None:
            self.show_issues(shown)
        else:
            self.load_issues()

    def read_issues(self, known: tuple[object, Sequence[MetricLine]] | None = None) -> Read:
        """The issues of the week shown, and the workspace's generation they were
        read at (raises :class:`ScorecardError`). ``known``: the week's scorecard
        rows just read, and the generation they were read at: used if nothing
        was written since."""
        ws, week = self.workspace, self.week
        at = ws.generation()  # before the reads: a later write shows next time
        lines = known[1] if known is not None and known[0] == at else None
        shown = ws.shown_issues(week, lines=lines)
        return shown, at

    @work(thread=True, exclusive=True, group="issues")
    def load_issues(self) -> None:
        try:
            shown, at = self.read_issues()
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
            return
        self.app.call_from_thread(self._issues_loaded, shown, at)

    def _issues_loaded(self, shown: IssuesShown, at: object) -> None:
        app = self.app  # as screens.lifecycle.still_shown (this is a mixin of screens)
        left = not app.is_running or not self.is_attached or self not in app.screen_stack
        if left or shown.week.week != self.week:
            return
        self.issues_shown, self.issues_at = shown, at
        self.show_issues(shown)

    def show_issues(self, shown: IssuesShown) -> None:
        """Put the issues into the screen's widgets (each screen its own)."""

    # -- raising ------------------------------------------------------------------------

    def action_raise_issue(self) -> None:
        """``i``: raise an issue from the highlighted metric, commitment or note."""
        if self.refuse_if_closed():
            return
        from screens.commitment_table import CommitmentTable
        from screens.issue_form import IssueForm
        from screens.notes_table import NotesTable
        from screens.scorecard_table import ScorecardTable

        focused = self.focused
        text, source = "", None
        if isinstance(focused, ScorecardTable) and focused.current_metric:
            line = focused.lines.get(focused.current_metric)
            if line is not None:
                text = metric_issue_text(self.workspace.config, line)
                source = Source("metric", line.metric.key)
        elif isinstance(focused, CommitmentTable) and focused.current is not None:
            text, source = focused.current.text, Source("commitment", focused.current.id)
        elif isinstance(focused, NotesTable) and focused.current is not None:
            text, source = focused.current.text, Source("note", focused.current.id)
        try:
            owner = self.workspace.issue_owner(source)
        except ScorecardError:  # deleted meanwhile: raise it unlinked
            owner, source = None, None
        form = IssueForm(self.workspace, self.week, text=text, owner=owner, source=source)
        self.app.push_screen(form, self._issue_saved)

    def _issue_saved(self, result: Issue | None) -> None:
        if result is not None:
            self.notify(f"Issue {result.short_id} raised", timeout=3)
            self.load_issues()

    def on_suggestion_table_requested(self, event: SuggestionTable.Requested) -> None:
        event.stop()
        s = event.suggestion
        if self.refuse_if_closed():
            return
        if event.what == "edit":
            from screens.issue_form import IssueForm

            form = IssueForm(self.workspace, self.week, text=s.text, owner=s.owner, source=s.source)
            self.app.push_screen(form, self._issue_saved)
            return
        ws, week = self.workspace, self.week
        self.write(
            lambda: ws.add_issue(s.text, source=s.source, owner=s.owner, week=week),
            "Issue raised: press e on it to edit",
        )

    # -- the ranked list ----------------------------------------------------------------------

    def on_issue_table_requested(self, event: IssueTable.Requested) -> None:
        event.stop()
        issue, what = event.issue, event.what
        ws, week = self.workspace, self.week
        if what == "edit":
            from screens.issue_form import IssueForm

            self.app.push_screen(IssueForm(ws, week, issue), self._issue_saved)
            return
        if self.refuse_if_closed():
            return
        if what in ("up", "down"):
            ranked = [i.id for i in (self.issues_shown.open if self.issues_shown else ())]
            if issue.id not in ranked:
                return
            now = ranked.index(issue.id) + 1
            position = now - 1 if what == "up" else now + 1
            if not 1 <= position <= len(ranked):
                return  # already at the top (or the bottom)
            self.write(lambda: ws.rank_issue(issue.id, position, week=week), f"Moved to {position}")
        elif what == "solve":
            from screens.solve_form import SolveForm

            self.app.push_screen(SolveForm(ws, week, issue), self._solved)
        elif what == "drop":
            self.write(lambda: ws.drop_issue(issue.id, week=week), f"Dropped {issue.short_id}")
        elif what == "reopen":
            self.write(lambda: ws.reopen_issue(issue.id, week=week), f"Reopened {issue.short_id}")

    def _solved(self, result: Issue | None) -> None:
        if result is None:
            return
        made = len(result.solved_into)
        into = f" into {made} commitment{'s' if made != 1 else ''}" if made else ""
        self.notify(f"Solved {result.short_id}{into}", timeout=4)
        reload = getattr(self, "reload", None)
        if reload is not None:
            reload()
