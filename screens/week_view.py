"""What the week screen and the guided sync share: loading a week in a worker,
and turning the panels' requests (save a value, mark a commitment, edit a
note…) into Workspace calls that never block the UI.

Errors from the Workspace are shown, never swallowed: a refused value keeps
its text in the entry; a stale value (changed elsewhere) is refused, not
overwritten, and the fresh data is loaded so the user can review it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.reactive import var
from textual.screen import Screen
from textual.timer import Timer
from textual.worker import Worker, get_current_worker

from scorecard.config import Metric
from scorecard.derived import refusal
from scorecard.errors import ScorecardError
from scorecard.models import WeekSummary
from scorecard.numbers import format_number
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.commitment_table import CommitmentTable
from screens.formatting import safe, shorten, week_heading
from screens.issue_actions import IssueActions, IssuesShown
from screens.lifecycle import OpensOnce, still_shown
from screens.notes_table import NotesTable
from screens.planned import measured, plan
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from screens.value_saving import ValueSaving

AFTER_TYPING = 0.5
"""Seconds without a value saved before the issue suggestions (off track two weeks
running…) are read again: not once per value typed."""


def _derived_message(spec: Metric) -> str:
    return safe(refusal(spec))


@dataclass(frozen=True)
class Known:
    """What a week screen has read, and at which generation of the workspace: a
    screen opened from it over the same week shows it without reading it again."""

    week: Week
    summary: WeekSummary
    at: object
    issues: IssuesShown | None
    issues_at: object


class WeekView(IssueActions, OpensOnce, Screen[None]):
    """A screen showing one week of one workspace."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "a",
            "add_commitment",
            "Commitment",
            tooltip="Add a commitment",
            id="week.add_commitment",
        ),
        Binding("n", "add_note", "Note", tooltip="Add a retro note", id="week.add_note"),
        Binding(
            "i",
            "raise_issue",
            "Issue",
            tooltip="Raise an issue from the highlighted metric, commitment or note",
            id="week.raise_issue",
        ),
        Binding("o", "reopen_week", "Reopen week", id="week.reopen"),
    ]

    closed = var(False, bindings=True)
    """The week shown is closed (read only): the footer offers "o Reopen week"."""

    def __init__(
        self,
        workspace: Workspace,
        week: Week,
        *,
        classes: str | None = None,
        known: Known | None = None,
    ) -> None:
        super().__init__(classes=classes)
        self.workspace = workspace
        self.week = week
        self.summary: WeekSummary | None = None
        self._fresh = False
        self._loaded_at: object = None
        """The workspace's generation the summary shown was read at."""
        self._known = known
        self._after_typing: Timer | None = None
        self.values = ValueSaving(self)

    def known(self) -> Known | None:
        """What this screen has read (for a screen opened from it), if anything."""
        if self.summary is None or self.summary.week != self.week:
            return None
        return Known(self.week, self.summary, self._loaded_at, self.issues_shown, self.issues_at)

    # -- loading --------------------------------------------------------------

    def on_mount(self) -> None:
        # Textual calls on_mount of every class in the MRO: subclasses add theirs.
        # The first paint already shows the week and its issues: reading them
        # takes a few ms even after ten years, while a worker would draw the
        # screen twice (empty, then full) and lay it out again for the issues
        # line, which costs more than the read (docs/benchmarks.md).
        self._wire_entry()
        known, self._known = self._known, None
        try:
            at = self._loaded_at = self.workspace.generation()
            if known is not None and known.week == self.week and known.at == at:
                summary = known.summary  # nothing was written since it was read
                if known.issues is not None and known.issues_at == at:
                    self.issues_shown, self.issues_at = known.issues, at
            else:
                summary = self.workspace.summary(self.week)
        except ScorecardError:
            self.load()  # the worker reports the problem and keeps running
            return
        self._apply(summary, issues=False)
        self._fresh = True
        if self.issues_shown is None:
            try:
                self.issues_shown, self.issues_at = self.read_issues((at, summary.lines))
            except ScorecardError:
                self.load_issues()  # the worker reports the problem
                return
        self.show_issues(self.issues_shown)

    def show_heading(self) -> None:
        """The week in the Header after the title: as long a name as fits."""
        self.sub_title = week_heading(self.title or "", self.week, self.app.size.width)

    def on_resize(self) -> None:
        self.show_heading()

    async def on_screen_resume(self) -> None:
        if self._fresh:  # just loaded by on_mount
            self._fresh = False
            # Before Textual first lays the screen out (Screen._on_screen_resume
            # runs after this), now that the screen is mounted and its layout can
            # be planned: the lists fill at their real width, not at their first
            # Resize, and the first frame shows the week (screens/planned.py).
            if self.summary is not None and plan(self):
                self.show_summary(self.summary)
                if self.issues_shown is not None:
                    self.show_issues(self.issues_shown)
                await measured(self)
        elif self.summary is not None and self._stale():
            self.load()

    def _stale(self) -> bool:
        """Whether anything was written since the week shown was read: back from
        a dialog that changed nothing (help, a cancelled form), there is no
        ten-year week to read again and redraw."""
        try:
            return self.workspace.generation() != self._loaded_at
        except ScorecardError:
            return True  # the load says what is wrong

    def refresh_data(self) -> None:
        """Called by the app when another process changed the database."""
        self.reload()

    def reload(self) -> None:
        """Load again, unless the screen was left meanwhile."""
        if self.is_attached:
            self.load()

    @work(thread=True, exclusive=True, group="load")
    def load(self) -> None:
        try:
            at = self.workspace.generation()  # before the read: a later write shows next time
            summary = self.workspace.summary(self.week)
        except ScorecardError as exc:  # e.g. the file is locked: say so, keep running
            self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=8)
            return
        self.app.call_from_thread(self._apply, summary, at=at, by=get_current_worker())

    def _apply(
        self,
        summary: WeekSummary,
        *,
        issues: bool = True,
        at: object = None,
        by: Worker[None] | None = None,
    ) -> None:
        """Show ``summary``, read at ``at`` (None: said already) by the load ``by``:
        not if a newer load replaced it meanwhile (checked in the app's loop)."""
        if not still_shown(self) or summary.week != self.week or (by and by.is_cancelled):
            return  # the screen or the week was left, or a newer read is coming
        if at is not None:
            # With the summary it was read with, never before it is shown: a
            # screen opened from this one meanwhile (known()) took the older
            # summary for the newer read.
            self._loaded_at = at
        self.summary = summary
        # Reactive: the footer follows only when a key comes or goes ("o Reopen
        # week"; the lists say when they become empty or not), not on every load.
        self.closed = summary.info.closed
        self.show_summary(summary)
        if issues:
            self.refresh_issues()

    def apply_summary(self, summary: WeekSummary) -> None:
        """Show ``summary``: the week with the values just saved (only what values
        change is drawn again: :meth:`show_values`). The issue suggestions they
        feed are read again once typing pauses (:data:`AFTER_TYPING`)."""
        if not still_shown(self) or summary.week != self.week:
            return
        self.summary = summary
        self.show_values(summary)
        if self._after_typing is not None:
            self._after_typing.stop()
        self._after_typing = self.set_timer(AFTER_TYPING, self._typing_paused)

    def _typing_paused(self) -> None:
        self._after_typing = None
        if still_shown(self) and self.summary is not None and self.summary.week == self.week:
            self.refresh_issues()

    def show_summary(self, summary: WeekSummary) -> None:
        """Put ``summary`` into the widgets (subclasses)."""

    def show_values(self, summary: WeekSummary) -> None:
        """Put ``summary`` into the widgets that show metric values: after a save,
        only its values differ from what is shown (subclasses may do less)."""
        self.show_summary(summary)

    # -- writes ---------------------------------------------------------------

    def write(
        self,
        change: Callable[[], Any],
        done: str,
        *,
        refused: Callable[[ScorecardError], None] | None = None,
    ) -> None:
        """Run ``change`` in a thread; report ``done`` or the error, then reload."""
        self._write(change, done, refused)

    @work(thread=True, group="write")
    def _write(
        self,
        change: Callable[[], Any],
        done: str,
        refused: Callable[[ScorecardError], None] | None,
    ) -> None:
        try:
            change()
        except ScorecardError as exc:
            if refused is not None:
                self.app.call_from_thread(refused, exc)
            else:
                self.app.call_from_thread(self.notify, str(exc), severity="error", timeout=6)
        else:
            self.app.call_from_thread(self.notify, done, timeout=3)
        self.app.call_from_thread(self.reload)

    def refuse_if_closed(self) -> bool:
        if self.closed:
            self.notify(
                f"week {self.week} is closed; press o to reopen it", severity="warning", timeout=5
            )
        return self.closed

    # -- values (typed in the entry, saved by screens/value_saving.py) -----------

    def _wire_entry(self) -> None:
        tables, entries = self.query(ScorecardTable), self.query(ValueEntry)
        if not tables or not entries:  # a week view without a scorecard (the issues screen)
            return
        table, entry = tables.first(), entries.first()
        table.entry = entry
        entry.host = self.values

    @on(ScorecardTable.EditRequested)
    def _edit_value(self, event: ScorecardTable.EditRequested) -> None:
        self.query_one(ValueEntry).begin(self.query_one(ScorecardTable), event.metric)

    @on(ScorecardTable.ClearRequested)
    def _clear_value(self, event: ScorecardTable.ClearRequested) -> None:
        line = self.query_one(ScorecardTable).lines.get(event.metric)
        if line is None or self.refuse_if_closed():
            return
        name = line.metric.name
        if line.metric.derived:
            self.notify(_derived_message(line.metric), timeout=5)
            return
        if line.actual is None:
            self.notify(f"{name} has no value in {self.week}", timeout=3)
            return
        shown = format_number(line.actual, line.metric.unit, self.workspace.config.currency)
        from screens.confirm import ConfirmScreen  # dialogs load when first used

        def answered(clear: bool | None) -> None:
            if clear:
                self.write(
                    lambda: self.workspace.clear_value(self.week, event.metric),
                    f"Cleared {name} for {self.week}",
                )

        question = f"Clear {name} for {self.week} (now {shown})?"
        self.app.push_screen(ConfirmScreen(question, yes="Clear", no="Keep"), answered)

    @on(ValueEntry.Left)
    def _entry_left(self) -> None:
        self.query_one(ScorecardTable).focus()

    @property
    def has_unsaved_text(self) -> bool:
        return any(entry.has_unsaved_text for entry in self.query(ValueEntry))

    # -- commitments ------------------------------------------------------------

    def action_add_commitment(self) -> None:
        if self.refuse_if_closed():
            return
        from screens.commitment_form import CommitmentForm

        self.app.push_screen(CommitmentForm(self.workspace, self.week), self._commitment_saved)

    def _commitment_saved(self, result: object) -> None:
        if result is not None:
            self.notify("Commitment saved", timeout=3)
            self.load()

    @on(CommitmentTable.Requested)
    def _commitment_request(self, event: CommitmentTable.Requested) -> None:
        c = event.commitment
        ws, week = self.workspace, self.week
        if event.what == "edit":
            from screens.commitment_form import CommitmentForm

            if not self.refuse_if_closed():
                self.app.push_screen(CommitmentForm(ws, week, c), self._commitment_saved)
        elif event.what == "carry":
            self.write(lambda: ws.carry_commitment(c.id, week=week), f"Carried {c.short_id} over")
        else:
            self.write(
                lambda: ws.set_commitment_status(c.id, event.what, week=week),
                f"{c.short_id} is now {event.what}",
            )

    # -- notes ----------------------------------------------------------------

    def action_add_note(self, kind: str = "worked") -> None:
        if self.refuse_if_closed():
            return
        from screens.note_form import NoteForm

        self.app.push_screen(NoteForm(self.workspace, self.week, kind=kind), self._note_saved)

    def _note_saved(self, result: object) -> None:
        if result is not None:
            self.notify("Note saved", timeout=3)
            self.load()

    @on(NotesTable.Requested)
    def _note_request(self, event: NotesTable.Requested) -> None:
        from screens.confirm import ConfirmScreen
        from screens.note_form import NoteForm

        note = event.note
        if event.what == "edit":
            self.app.push_screen(NoteForm(self.workspace, self.week, note), self._note_saved)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self.workspace.delete_note(note.id), "Note deleted")

        self.app.push_screen(
            ConfirmScreen(f"Delete this note?\n\n“{shorten(safe(note.text), 200)}”", yes="Delete"),
            answered,
        )

    # -- the week -------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "reopen_week":
            return self.closed
        return True

    def action_reopen_week(self) -> None:
        if not self.closed:
            return
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                self.write(lambda: self.workspace.reopen_week(self.week), f"{self.week} reopened")

        self.app.push_screen(
            ConfirmScreen(f"Reopen {self.week}? It can then be edited again.", yes="Reopen"),
            answered,
        )
