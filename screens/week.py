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
from textual.widget import Widget
from textual.widgets import Footer, Header, Static

from scorecard.models import TEAMS, WeekSummary
from scorecard.weeks import Week
from screens.commitment_table import CommitmentTable
from screens.formatting import safe, shorten
from screens.goals import funnel_line, goals_line
from screens.issue_actions import IssuesShown
from screens.notes_table import NotesTable
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from screens.week_view import WeekView


def issues_text(shown: IssuesShown) -> Text:
    """``Issues: 3 open · 1 solved this week · 2 suggested  top: 1. 3f2a9c1 …``."""
    from screens.issue_table import TOP

    out = Text("Issues: ", style="bold")
    out.append(f"{len(shown.open)} open")
    if shown.week.solved:
        out.append(f" · {len(shown.week.solved)} solved this week", style="green")
    if shown.suggestions:
        out.append(f" · {len(shown.suggestions)} suggested", style="dark_orange")
    if shown.open:
        out.append("  top: ", style="dim")
        out.append(
            " · ".join(
                f"{n}. {shorten(safe(i.text), 24)}" for n, i in enumerate(shown.open[:TOP], 1)
            )
        )
    return out


W = TypeVar("W", bound=Widget)


def weeks_text(n: int) -> str:
    return "1 week" if n == 1 else f"{n} weeks"


def say_do_text(summary: WeekSummary) -> Text:
    out = Text("Say/do (13 weeks): ", style="bold")
    for i, team in enumerate(TEAMS):
        ratio = summary.say_do.get(team)
        if i:
            out.append(" · ", style="dim")
        out.append(f"{team} ")
        out.append(ratio.label() if ratio else "–", style="bold")
    owners = [(owner, ratio) for owner, ratio in summary.say_do_owners.items() if ratio.judged]
    if owners:
        out.append("\nBy owner: ", style="bold")
        for i, (owner, ratio) in enumerate(owners):
            if i:
                out.append(" · ", style="dim")
            out.append(f"{safe(owner)} ")
            out.append(ratio.label(), style="bold")
    return out


def _titled(widget: W, title: str) -> W:
    widget.border_title = title
    return widget


class WeekScreen(WeekView):
    AUTO_FOCUS = "#scorecard"
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
        yield Header(icon="◆")
        yield Static("", id="week-banner")
        with VerticalScroll(id="body", can_focus=False):
            yield _titled(ScorecardTable(id="scorecard"), "Scorecard")
            yield ValueEntry(id="entry")
            yield Static("", id="goals-strip")
            yield Static("", id="saydo")
            yield Static("", id="issues-line")
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
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self._title()

    def _title(self) -> None:
        self.title = safe(self.workspace.config.title)
        self.sub_title = self.week.label()

    def show_summary(self, summary: WeekSummary) -> None:
        config = self.workspace.config
        self.query_one(ScorecardTable).show(summary, config)
        self.query_one("#due", CommitmentTable).show_week(summary.review, summary.week)
        self.query_one("#made", CommitmentTable).show_week(summary.made, summary.week)
        self.query_one("#notes", NotesTable).show(summary.notes)
        self.query_one("#saydo", Static).update(say_do_text(summary))
        strip = self.query_one("#goals-strip", Static)
        lines = [t for t in (goals_line(summary, config), funnel_line(summary)) if t.plain]
        strip.update(Text("\n").join(lines))
        strip.display = bool(lines)
        self.load_issues()
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
        banner.update(parts)
        self.set_class(info.closed, "-closed")

    # -- issues -----------------------------------------------------------------

    def show_git_notices(self, notices: list[str]) -> None:
        """What git says about the file (conflicts, drivers, damaged rows), in a
        banner above the week's own; mounted only the first time there is one."""
        from screens.conflicts import GitBanner

        found = list(self.query(GitBanner))
        if not notices and not found:
            return
        banner = found[0] if found else GitBanner()
        if not found:
            self.mount(banner, before=self.query_one("#week-banner"))
        banner.show_notices(notices)

    def show_issues(self, shown: IssuesShown) -> None:
        line = issues_text(shown)
        if shown.suggestions:
            first = shown.suggestions[0]
            line.append("\nSuggested: ", style="bold dark_orange")
            line.append(shorten(safe(first.text), 80))
            line.append("  ! raises it · I reviews all", style="dim")
        self.query_one("#issues-line", Static).update(line)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "raise_suggested":
            return bool(self.issues_shown and self.issues_shown.suggestions)
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
