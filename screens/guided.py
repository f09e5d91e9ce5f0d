"""The guided sync: the agenda of the weekly meeting, one step at a time,
each with a visible timebox. Leaving (Escape) keeps the step and the time
left in the app's :class:`SyncSession`; ``s`` resumes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import ContentSwitcher, DataTable, Input, Label, Static

from scorecard.errors import ScorecardError
from scorecard.models import NOTE_LABELS, WeekSummary
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.commitment_table import CommitmentTable
from screens.confirm import ConfirmScreen
from screens.footer import FittedFooter
from screens.formatting import plain, safe
from screens.header import ScreenHeader
from screens.issue_actions import IssuesShown
from screens.issue_table import IssueTable, SuggestionTable
from screens.notes_table import NotesTable
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from screens.week import say_do_rows, say_do_text
from screens.week_view import Known, WeekView
from screens.wrapped import WrappedLines


class SyncFinished(Message):
    """The guided sync reached its end: the app forgets the session."""

    def __init__(self, week: Week) -> None:
        super().__init__()
        self.week = week


@dataclass(frozen=True)
class Step:
    key: str
    title: str
    hint: str
    minutes: int

    @property
    def short(self) -> str:
        """The step's name in the progress line."""
        return {"review": "Review", "commit": "Commit"}.get(self.key, self.title)


STEPS = (
    Step(
        "scorecard", "Scorecard", "Enter this week's actuals: Enter on a metric, type, Enter.", 10
    ),
    Step(
        "review",
        "Last week's commitments",
        "Review what was due, overdue ones too: d done · m missed · x drop · c carry over.",
        10,
    ),
    Step("retro", "Retro", "n adds a note: what worked, what didn't, why, ideas, kudos.", 15),
    Step(
        "issues",
        "Issues",
        "Top three first: s solves one into commitments · x drops · shift+↑/↓ ranks · "
        "r raises a suggestion · i raises a new one.",
        15,
    ),
    Step("commit", "New commitments", "a adds one: text, owner, team, due week.", 10),
    Step("wrapup", "Wrap-up", "Rate the meeting from 1 to 10 and press Enter to finish.", 5),
)


@dataclass
class SyncSession:
    """Where a guided sync stands; kept by the app while the session lasts."""

    week: Week
    step: int = 0
    remaining: list[int] = field(default_factory=lambda: [s.minutes * 60 for s in STEPS])


def expect_scrollbar(table: DataTable[Any]) -> None:
    """Before ``table`` is first laid out: its vertical scrollbar shown when its
    rows cannot fit its maximum height. Textual finds that out only after the
    screen's first layout, and showing the bar then lays the whole screen out and
    draws it once more (a fifth of the guided sync's opening: the scorecard's
    thirty metrics under a height of 20). A guess that turns out wrong (the
    terminal even shorter, or taller rows) is put right by that same layout, as
    before."""
    limit = table.styles.max_height
    if table.size or limit is None or not limit.is_cells:
        return
    lines = (table.header_height if table.show_header else 0) + sum(
        row.height for row in table.rows.values()
    )
    if lines > limit.value:
        table.show_vertical_scrollbar = True


def clock_text(seconds: int) -> str:
    sign = "-" if seconds < 0 else ""
    minutes, secs = divmod(abs(seconds), 60)
    return f"{sign}{minutes:02d}:{secs:02d}"


class GuidedSyncScreen(WeekView):
    CSS_PATH: ClassVar[CSSPathType | None] = "guided.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("greater_than_sign,ctrl+right", "move(1)", "Next step", id="sync.next"),
        Binding("less_than_sign,ctrl+left", "move(-1)", "Prev step", id="sync.prev"),
        Binding("escape", "leave", "Leave", id="sync.leave"),
    ]

    FOOTER_FIRST: ClassVar[tuple[str, ...]] = ("sync.next", "sync.prev", "sync.leave")
    """Shown in the footer at any width (screens/footer.py)."""

    TICK = 1.0
    """Seconds between timer ticks (tests and screenshots stop the clock)."""

    def __init__(
        self, workspace: Workspace, session: SyncSession, *, known: Known | None = None
    ) -> None:
        super().__init__(workspace, session.week, known=known)
        self.session = session
        self._built: set[str] = set()
        """The steps whose widgets are made (each when it is first shown)."""

    def compose(self) -> ComposeResult:
        # Only the step shown is built now; each other step when first shown:
        # fewer widgets to style and lay out when the sync opens (docs/benchmarks.md).
        yield ScreenHeader(icon="◆")
        yield Static("", id="sync-steps")
        yield Static("", id="sync-timer")
        yield Label("", id="sync-hint")
        with ContentSwitcher(initial=f"step-{self.step.key}", id="sync-body"):
            for step in STEPS:
                with Vertical(id=f"step-{step.key}"):
                    if step is self.step:
                        yield from self._step_widgets(step.key)
        yield FittedFooter()

    def _step_widgets(self, key: str) -> list[Widget]:
        """What one step shows (made once, when it is first shown)."""
        self._built.add(key)
        if key == "scorecard":
            return [ScorecardTable(id="scorecard"), ValueEntry(id="entry")]
        if key == "review":
            return [
                CommitmentTable(empty="nothing was due this week", id="review"),
                WrappedLines(classes="saydo"),
            ]
        if key == "retro":
            return [NotesTable(id="notes")]
        if key == "issues":
            return [
                IssueTable(empty="no open issues: press i to raise one", id="sync-issues"),
                SuggestionTable(id="sync-suggested"),
            ]
        if key == "commit":
            return [CommitmentTable(empty="none yet: press a to add one", id="made")]
        return [
            Static("", id="wrapup-summary"),
            Label("Meeting rating (1–10, blank to skip), then Enter to finish:"),
            Input(placeholder="8", id="rating", max_length=2, compact=True),
            Label("", id="rating-error"),
        ]

    def on_mount(self) -> None:
        self.title = f"Guided sync · {safe(self.workspace.config.title)}"
        self.show_heading()
        self.set_interval(self.TICK, self._tick)
        self._show_step()

    # -- steps ----------------------------------------------------------------

    @property
    def step(self) -> Step:
        return STEPS[self.session.step]

    def _show_step(self) -> None:
        steps = Text()
        for i, step in enumerate(STEPS):
            style = "reverse bold" if i == self.session.step else "dim"
            steps.append(f" {i + 1} {step.short} ", style=style)
            if i < len(STEPS) - 1:
                steps.append(" › ", style="dim")
        self.query_one("#sync-steps", Static).update(steps)
        self.query_one("#sync-hint", Label).update(self.step.hint)
        self.query_one(ContentSwitcher).current = f"step-{self.step.key}"
        self._render_timer()
        focus = {
            "scorecard": "#scorecard",
            "review": "#review",
            "retro": "#notes",
            "issues": "#sync-issues",
            "commit": "#made",
            "wrapup": "#rating",
        }[self.step.key]
        self.query_one(focus).focus()

    async def action_move(self, delta: int) -> None:
        target = self.session.step + delta
        if not 0 <= target < len(STEPS):
            return
        self.session.step = target
        key = self.step.key
        if key not in self._built:
            await self.query_one(f"#step-{key}").mount_all(self._step_widgets(key))
            self._wire_entry()
            if self.summary is not None:
                self.show_summary(self.summary)
            if self.issues_shown is not None:
                self.show_issues(self.issues_shown)
        self._show_step()

    def action_leave(self) -> None:
        self.dismiss()

    # -- timebox ----------------------------------------------------------------

    def _tick(self) -> None:
        self.session.remaining[self.session.step] -= 1
        self._render_timer()

    def _render_timer(self) -> None:
        left = self.session.remaining[self.session.step]
        total = self.step.minutes * 60
        timer = self.query_one("#sync-timer", Static)
        text = Text(f" Step {self.session.step + 1} of {len(STEPS)}: {self.step.title}  ")
        if left >= 0:
            text.append(f"{clock_text(left)} left", style="bold")
            text.append(f" of {clock_text(total)}", style="dim")
        else:
            text.append(f"{clock_text(-left)} over time", style="bold red")
        timer.update(text)
        timer.set_class(left < 0, "-over")

    # -- content ----------------------------------------------------------------

    def show_summary(self, summary: WeekSummary) -> None:
        # Into the steps built so far; the others are filled when first shown.
        for table in self.query(ScorecardTable):
            table.show(summary, self.workspace.config)
            expect_scrollbar(table)  # when filled before the first layout
        for review in self.query("#review").results(CommitmentTable):
            review.show_week(summary.review, summary.week)
        for made in self.query("#made").results(CommitmentTable):
            made.show_week(summary.made, summary.week)
        for notes in self.query(NotesTable):
            notes.show(summary.notes)
        for saydo in self.query(".saydo").results(WrappedLines):
            saydo.show(say_do_rows(summary))
        for wrapup in self.query("#wrapup-summary").results(Static):
            wrapup.update(self._wrapup(summary))
        for rating in self.query("#rating").results(Input):
            if summary.info.rating is not None and not rating.value:
                rating.placeholder = str(summary.info.rating)

    def show_issues(self, shown: IssuesShown) -> None:
        for issues in self.query("#sync-issues").results(IssueTable):
            issues.show(shown.open)
        for suggested in self.query("#sync-suggested").results(SuggestionTable):
            suggested.show(shown.suggestions)
        if self.summary is not None:
            for wrapup in self.query("#wrapup-summary").results(Static):
                wrapup.update(self._wrapup(self.summary))

    def _wrapup(self, summary: WeekSummary) -> Text:
        entered = sum(1 for line in summary.lines if line.actual is not None)
        reviewed = len(summary.reviewed)
        overdue = sum(1 for c in summary.review if c.is_open and summary.weeks_late(c))
        text = Text()
        text.append(f"Values entered: {entered} of {len(summary.lines)}\n")
        text.append(f"Commitments reviewed: {reviewed} of {len(summary.review)}")
        text.append(f" ({overdue} overdue still open)\n" if overdue else "\n")
        text.append(f"New commitments: {len(summary.made)}\n")
        kinds = ", ".join(
            f"{len(summary.notes_of(k))} {label.lower()}"
            for k, label in NOTE_LABELS.items()
            if summary.notes_of(k)
        )
        text.append(f"Retro notes: {kinds or 'none'}\n")
        if self.issues_shown is not None:
            solved = len(self.issues_shown.week.solved)
            text.append(f"Issues solved: {solved} · still open: {len(self.issues_shown.open)}\n")
        text.append_text(say_do_text(summary))
        text.append(
            "\n\nEnter the rating (or leave it empty) and press Enter: you are then asked "
            "whether to close the week (lock it, write its report and commit it to git).",
            style="dim",
        )
        return text

    @on(Input.Submitted, "#rating")
    def _rating(self, event: Input.Submitted) -> None:
        event.stop()
        raw = event.value.strip()
        error = self.query_one("#rating-error", Label)
        if raw and (not raw.isdigit() or not 1 <= int(raw) <= 10):
            error.update(plain(f"✗ '{raw}' is not a rating: type a whole number from 1 to 10"))
            return
        error.update("")
        rating = int(raw) if raw else None
        self._finish(rating)

    @work(thread=True, exclusive=True, group="finish")
    def _finish(self, rating: int | None) -> None:
        try:
            if rating is not None:
                self.workspace.set_rating(self.week, rating)
        except ScorecardError as exc:
            error = self.query_one("#rating-error", Label)
            self.app.call_from_thread(error.update, plain(f"✗ {exc}"))
            return
        self.app.call_from_thread(self._ask_close)

    def _ask_close(self) -> None:
        def answered(close: bool | None) -> None:
            if close:
                self._close()
            else:
                self._done("Sync finished. Close the week later with: scorecard close")

        question = (
            f"Close {self.week} now? It is locked, its report is written to "
            f"{self.workspace.config.reports_dir}/{self.week}.md and, in git, committed."
        )
        self.app.push_screen(ConfirmScreen(question, yes="Close week", no="Not now"), answered)

    @work(thread=True, exclusive=True, group="finish")
    def _close(self) -> None:
        from scorecard.closing import close_and_commit

        try:
            done = close_and_commit(self.workspace, self.week)
        except ScorecardError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=10)
            self.app.call_from_thread(self._done, "Sync finished; the week is still open.")
            return
        committed = f", committed {done.commit[:7]}" if done.commit else ""
        message = f"Closed {self.week}: report {done.report.name}{committed}."
        self.app.call_from_thread(self._done, message)

    def _done(self, message: str) -> None:
        self.app.post_message(SyncFinished(self.week))
        self.notify(message, timeout=6)
        self.dismiss()
