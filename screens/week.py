"""The home screen: one week's scorecard, commitments, say/do and retro.

``[`` and ``]`` step through weeks, ``g`` jumps to any week. Everything else
(entering values, reviewing commitments, notes) is inherited from WeekView.
"""

from __future__ import annotations

from typing import ClassVar, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.reactive import var
from textual.widget import Widget
from textual.widgets import Static

from scorecard.models import TEAMS, WeekSummary
from scorecard.weeks import Week
from screens.commitment_table import CommitmentTable
from screens.footer import FittedFooter
from screens.formatting import safe, shorten
from screens.goals import funnel_row, goals_row
from screens.header import ScreenHeader
from screens.issue_actions import IssuesShown
from screens.notes_table import NotesTable
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from screens.week_view import WeekView
from screens.wrapped import Row, WrappedLines, fit_rows


def issues_row(shown: IssuesShown) -> Row:
    """``Issues: 3 open · 1 solved this week · 2 suggested · top: 1. Agree … · 2. …``."""
    from screens.issue_table import TOP

    parts = [Text(f"{len(shown.open)} open")]
    if shown.week.solved:
        parts.append(Text(f"{len(shown.week.solved)} solved this week", style="green"))
    if shown.suggestions:
        parts.append(Text(f"{len(shown.suggestions)} suggested", style="dark_orange"))
    for n, issue in enumerate(shown.open[:TOP], 1):
        part = Text("top: ", style="dim") if n == 1 else Text()
        parts.append(part.append(f"{n}. {shorten(safe(issue.text), 24)}"))
    return Row(Text("Issues: ", style="bold"), parts)


W = TypeVar("W", bound=Widget)


def weeks_text(n: int) -> str:
    return "1 week" if n == 1 else f"{n} weeks"


def say_do_rows(summary: WeekSummary) -> list[Row]:
    """``Say/do (13 weeks): sales 78% (7/9) · …`` and ``By owner: Maya Chen 77% (10/13) · …``."""
    teams = []
    for team in TEAMS:
        ratio = summary.say_do.get(team)
        teams.append(Text(f"{team} ").append(ratio.label() if ratio else "–", style="bold"))
    rows = [Row(Text("Say/do (13 weeks): ", style="bold"), teams)]
    owners = [
        Text(f"{safe(owner)} ").append(ratio.label(), style="bold")
        for owner, ratio in summary.say_do_owners.items()
        if ratio.judged
    ]
    if owners:
        rows.append(Row(Text("By owner: ", style="bold"), owners))
    return rows


def say_do_text(summary: WeekSummary) -> Text:
    return fit_rows(say_do_rows(summary))


def _titled(widget: W, title: str) -> W:
    widget.border_title = title
    return widget


class WeekScreen(WeekView):
    AUTO_FOCUS = "#scorecard"
    suggested = var(False, bindings=True)
    """The week's data suggests an issue: the footer offers "! Raise suggested"."""
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left_square_bracket", "step(-1)", "Prev", tooltip="Prev week", id="week.prev"),
        Binding("right_square_bracket", "step(1)", "Next", tooltip="Next week", id="week.next"),
        Binding("g", "goto_week", "Go to week", id="week.goto", show=False),
        Binding("t", "this_week", "This week", id="week.this", show=False),
        Binding("s", "app.guided_sync", "Sync", tooltip="Guided sync", id="week.sync"),
        Binding("h", "app.history", "History", id="week.history"),
        Binding("G", "app.goals", "Goals", tooltip="Goals & funnel", id="week.goals"),
        Binding("v", "toggle_grid", "Grid", tooltip="13-week grid / this week", id="week.grid"),
        Binding("I", "app.issues", "Issues", tooltip="The ranked issues", id="week.issues"),
        Binding(
            "exclamation_mark",
            "raise_suggested",
            "Raise suggested",
            tooltip="Raise the suggested issue shown",
            id="week.raise_suggested",
        ),
        Binding("r", "app.agreements", "Agreements", id="week.agreements", show=False),
    ]

    def compose(self) -> ComposeResult:
        # Section titles are the tables' border titles: fewer widgets to mount,
        # style and lay out at start-up (docs/benchmarks.md).
        yield ScreenHeader(icon="◆")
        yield Static("", id="week-banner")
        with VerticalScroll(id="body", can_focus=False):
            with Vertical(id="upper"):
                yield _titled(ScorecardTable(id="scorecard"), "Scorecard")
                yield ValueEntry(id="entry")
                yield WrappedLines(id="goals-strip")
                yield WrappedLines(id="saydo")
                yield WrappedLines(id="issues-line")
            with Horizontal(id="lower"):
                with Vertical(id="commitments"):
                    yield _titled(
                        CommitmentTable(empty="nothing due this week", id="due"),
                        "To review: due this week, and overdue",
                    )
                    yield _titled(
                        CommitmentTable(empty="none yet: press a to add one", id="made"),
                        "Made this week",
                    )
                yield _titled(NotesTable(id="notes"), "Retro")
        yield FittedFooter()

    def on_mount(self) -> None:
        self._title()

    def _title(self) -> None:
        self.title = safe(self.workspace.config.title)
        self.show_heading()

    def show_summary(self, summary: WeekSummary) -> None:
        self.query_one(ScorecardTable).show(summary, self.workspace.config)
        self.query_one("#due", CommitmentTable).show_week(summary.review, summary.week)
        self.query_one("#made", CommitmentTable).show_week(summary.made, summary.week)
        self.query_one("#notes", NotesTable).show(summary.notes)
        self.query_one("#saydo", WrappedLines).show(say_do_rows(summary))
        self._show_figures(summary)

    def show_values(self, summary: WeekSummary) -> None:
        # A saved value changes these only: the commitments, notes and say/do stay.
        self.query_one(ScorecardTable).show(summary, self.workspace.config)
        self._show_figures(summary)

    def _show_figures(self, summary: WeekSummary) -> None:
        """The goals and funnel strip, and the banner (values entered, closed, rating)."""
        config = self.workspace.config
        strip = self.query_one("#goals-strip", WrappedLines)
        rows = [r for r in (goals_row(summary, config), funnel_row(summary)) if r is not None]
        strip.show(rows)
        strip.display = bool(rows)
        banner = self.query_one("#week-banner", Static)
        info = summary.info
        parts = Text()
        this = Week.current()
        if self.week == this:
            parts.append(" this week ", style="reverse")
        elif self.week < this:
            parts.append(f" {weeks_text(self.week.weeks_until(this))} ago ", style="dim")
        else:
            parts.append(f" in {weeks_text(this.weeks_until(self.week))} ", style="dim")
        if info.closed:
            parts.append("  ■ CLOSED: read only, press o to reopen ", style="bold red")
        else:
            typed = [line for line in summary.lines if not line.metric.derived]
            entered = sum(1 for line in typed if line.actual is not None)
            parts.append(f"  {entered}/{len(typed)} values entered", style="dim")
        if info.rating is not None:
            parts.append(f"  ·  meeting rated {info.rating}/10", style="dim")
        banner.update(parts, layout=False)  # one line, always (week.tcss)
        self.set_class(info.closed, "-closed")

    # -- issues -----------------------------------------------------------------

    def show_git_notices(self, notices: list[str]) -> None:
        """What git says about the file (conflicts, drivers, damaged rows), in a
        banner above the week's own; mounted only the first time there is one.
        Nothing to say and no banner yet (the usual start): its module is not loaded."""
        if not notices and not self.query("GitBanner"):
            return
        from screens.conflicts import GitBanner

        found = list(self.query(GitBanner))
        banner = found[0] if found else GitBanner()
        if not found:
            self.mount(banner, before=self.query_one("#week-banner"))
        banner.show_notices(notices)

    def show_issues(self, shown: IssuesShown) -> None:
        rows = [issues_row(shown)]
        if shown.suggestions:
            first = shown.suggestions[0]
            heading = Text("Suggested: ", style="bold dark_orange")
            hints = [Text("! raises it", style="dim"), Text("I reviews all", style="dim")]
            rows.append(Row(heading, [Text(shorten(safe(first.text), 80)), *hints]))
        self.query_one("#issues-line", WrappedLines).show(rows)
        self.suggested = bool(shown.suggestions)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "raise_suggested":
            return self.suggested
        return super().check_action(action, parameters)

    def action_raise_suggested(self) -> None:
        if not self.issues_shown or not self.issues_shown.suggestions or self.refuse_if_closed():
            return
        s = self.issues_shown.suggestions[0]
        ws, week = self.workspace, self.week
        self.write(
            lambda: ws.add_issue(s.text, source=s.source, owner=s.owner, week=week),
            "Issue raised: I shows the ranked list",
        )

    # -- weeks ----------------------------------------------------------------

    def show_week(self, week: Week) -> None:
        if week == self.week:
            return
        entry = self.query_one(ValueEntry)
        if entry.has_unsaved_text:
            self.notify(
                "Save (Enter) or clear the value you typed before changing week",
                severity="warning",
            )
            return
        self.week = week
        entry.forget()
        self._title()
        self.load()

    def action_toggle_grid(self) -> None:
        table = self.query_one(ScorecardTable)
        table.grid = not table.grid
        table.border_title = "Last 13 weeks" if table.grid else "Scorecard"
        # The grid takes the whole width (week.tcss): that changes the layout of
        # the widest screens only, so only they restyle every widget for it (a
        # later resize to the widest restyles with the class there).
        self.set_class(table.grid, "-grid", update=self.has_class("-widest"))
        if self.summary is not None:
            table.show(self.summary, self.workspace.config)
        table.focus()

    def action_step(self, weeks: int) -> None:
        self.show_week(self.week + weeks)

    def action_this_week(self) -> None:
        self.show_week(Week.current())

    def action_goto_week(self) -> None:
        from screens.week_picker import WeekPicker

        def chosen(week: Week | None) -> None:
            if week is not None:
                self.show_week(week)

        self.app.push_screen(WeekPicker(self.week), chosen)
