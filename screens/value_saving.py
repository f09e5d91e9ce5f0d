"""The screen's side of value entry: describing each metric to the entry, and
saving what it submits, in the order it was submitted, off the UI thread.

One save at a time, oldest first (two saves of one metric must land in the
order they were typed); the entry has already moved on, so typing never waits
for the disk. A save is checked against the value that was on screen when
the user began typing it (``expected``): if another process changed it since,
it is refused, the fresh value is shown and the typed text kept.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import functools
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING

from scorecard.bounds import check_week, parse_value
from scorecard.derived import readers, refusal, shown_elsewhere
from scorecard.errors import ScorecardError, StaleEdit, WeekAhead
from scorecard.models import MetricLine
from scorecard.numbers import format_number
from scorecard.read.week import WeekFigures
from scorecard.weeks import Week
from screens.entry_contract import Slot, Submission
from screens.formatting import safe, shorten, target_text
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry

if TYPE_CHECKING:
    from screens.week_view import WeekView

HOLD_S = 1 / 60
"""Longest a save holds the frame after Enter (:meth:`ValueSaving._hold_frames`): one frame."""

#: What to type, by unit, shown when the text is not a number.
EXAMPLES = {"count": "120 or 95k", "currency": "$48,000 or 1.2m", "percent": "35 or 35%"}


@dataclasses.dataclass(frozen=True, slots=True)
class Save:
    week: Week
    metric: str
    value: float
    text: str
    expected: float | None
    force: bool


Stored = tuple[list[ScorecardError | None], dict[tuple[Week, str], MetricLine], WeekFigures | None]
"""What a batch of saves came to: each one's refusal (or None), and the rows they changed."""


class ValueSaving:
    """The :class:`~screens.entry_contract.EntryHost` of a week screen, and its saves."""

    def __init__(self, screen: WeekView) -> None:
        self.screen = screen
        self.queue: deque[Save] = deque()
        self.saving = False
        self.ahead_ok: Week | None = None
        """A week more than one ahead that the user said to enter values for."""

    @property
    def table(self) -> ScorecardTable:
        return self.screen.query_one(ScorecardTable)

    @property
    def entry(self) -> ValueEntry:
        return self.screen.query_one(ValueEntry)

    # -- EntryHost ------------------------------------------------------------------

    def slot(self, metric: str) -> Slot | None:
        line = self.table.lines.get(metric)
        if line is None:
            return None
        spec = line.metric
        config = self.screen.workspace.config
        return Slot(
            prompt=f"{shorten(spec.name, 28)} (target {target_text(line, config)}):",
            shown=line.actual,
            read=functools.partial(parse_value, spec, target=line.target, currency=config.currency),
            show=functools.partial(format_number, unit=spec.unit, currency=config.currency),
            example=EXAMPLES[spec.unit],
            week=self.screen.week,
        )

    def metric_after(self, metric: str) -> str | None:
        return self.table.next_metric(metric)

    def metric_before(self, metric: str) -> str | None:
        return self.table.previous_metric(metric)

    def highlight(self, metric: str) -> None:
        self.table.select_metric(metric)

    def entry_finished(self) -> None:
        self.screen.set_focus(self.table)  # now: keys typed after the last metric stay out
        self.screen.notify("That was the last metric of the scorecard.", timeout=3)

    def may_enter(self, metric: str, initial: str) -> bool:
        """No entry on a closed week or a derived metric (computed, never typed);
        a week far ahead is entered after a yes."""
        if self.screen.refuse_if_closed():
            return False
        line = self.table.lines.get(metric)
        if line is not None and line.metric.derived:
            self.screen.notify(safe(refusal(line.metric)), timeout=5)
            return False
        week = self.screen.week
        try:
            check_week(week)
        except WeekAhead as exc:
            if self.ahead_ok == week:
                return True
            self._ask_ahead(str(exc), week, metric, initial)
            return False
        return True

    def _ask_ahead(self, reason: str, week: Week, metric: str, initial: str) -> None:
        from screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes and self.screen.week == week:
                self.ahead_ok = week
                self.entry.begin(self.table, metric, initial)

        question = f"{reason}. Enter values for {week} anyway?"
        self.screen.app.push_screen(ConfirmScreen(question, yes="Enter values"), answered)

    # -- saving, in order -------------------------------------------------------------

    def save(self, submission: Submission) -> None:
        week = submission.week
        force = self.ahead_ok == week
        s = submission
        self.queue.append(Save(week, s.metric, s.value, s.text, s.expected, force))
        if not self.saving:
            self.saving = True
            # The thread starts now, as Enter is handled, not once a worker task
            # runs (after the frame the key asked for is drawn). The app runs the
            # worker, not the screen: leaving the screen must not cancel a save.
            first = self._start()
            shown = self._hold_frames()
            self.screen.app.run_worker(
                self._save_all(first, shown), group="values", exit_on_error=False
            )

    def _hold_frames(self) -> Callable[[], None]:
        """Hold the screen's next frame until the save is shown, one frame's time
        at most; returns what lets it go (once is enough).

        The save takes a few milliseconds: the frame after Enter then draws the
        next metric and the value saved at once, not the one and a frame later
        the other, and meanwhile the save's thread has the interpreter to itself
        rather than waiting on a frame being drawn. A slow save (a busy disk, a
        lock) holds nothing longer than :data:`HOLD_S`.
        """
        app = self.screen.app
        held = contextlib.ExitStack()
        held.enter_context(app.batch_update())

        def shown() -> None:
            timer.stop()
            held.close()  # again: nothing is left to close
            if app.is_running:
                app.screen.check_idle()  # draw what waited now, not at the next change

        timer = app.set_timer(HOLD_S, shown)
        return shown

    def _start(self) -> tuple[list[Save], asyncio.Future[Stored]]:
        """Store everything queued, in a thread, from now."""
        # Whatever was typed meanwhile goes in one trip to the thread, still one
        # save after the other: the screen is redrawn once per batch, not per value.
        batch = list(self.queue)
        self.queue.clear()
        # The funnel, the goals or the grid on screen read it too: then the
        # week's figures are read again, else only the rows that changed.
        config = self.screen.workspace.config
        whole = self.table.grid or any(shown_elsewhere(config, s.metric) for s in batch)
        loop = asyncio.get_running_loop()
        return batch, loop.run_in_executor(None, self._store, batch, whole)

    async def _save_all(
        self, first: tuple[list[Save], asyncio.Future[Stored]], shown: Callable[[], None]
    ) -> None:
        try:
            batch, stored = first
            while True:
                self._report(batch, *await stored)
                shown()
                if not self.queue:
                    return
                batch, stored = self._start()
        finally:
            shown()
            self.saving = False

    def _store(self, batch: list[Save], whole: bool) -> Stored:
        """In a thread: save each value in order; then read what they changed."""
        ws = self.screen.workspace
        outcomes: list[ScorecardError | None] = []
        for save in batch:
            try:
                ws.set_value(
                    save.week,
                    save.metric,
                    save.value,
                    expected=save.expected,
                    force=save.force,
                )
            except ScorecardError as exc:
                outcomes.append(exc)
            else:
                outcomes.append(None)
        lines: dict[tuple[Week, str], MetricLine] = {}
        figures = None
        if whole:
            with contextlib.suppress(ScorecardError):  # then the next load shows it
                figures = ws.figures(batch[-1].week)
                lines = {(batch[-1].week, line.metric.key): line for line in figures.lines}
        for save in batch:
            # Only these rows changed (the value's and the derived metrics reading it):
            # reading them alone keeps entry within a frame.
            for metric in (save.metric, *readers(ws.config, save.metric)):
                key = (save.week, metric)
                if key not in lines:
                    with contextlib.suppress(ScorecardError):  # then the next load shows it
                        lines[key] = ws.metric_line(save.week, metric)
        return outcomes, lines, figures

    def _report(
        self,
        batch: list[Save],
        outcomes: list[ScorecardError | None],
        lines: dict[tuple[Week, str], MetricLine],
        figures: WeekFigures | None,
    ) -> None:
        screen = self.screen
        if not screen.is_attached:
            return
        for save, error in zip(batch, outcomes, strict=True):
            line = lines.get((save.week, save.metric))
            if error is None:
                if save.week == screen.week:
                    self.entry.settled(save.metric)
            elif isinstance(error, StaleEdit):
                self._refused(save, str(error), line.actual if line else save.expected)
            else:
                self._refused(save, str(error), save.expected)
        summary = screen.summary
        if summary is None:
            return
        changed = {metric: line for (week, metric), line in lines.items() if week == summary.week}
        if not changed:  # rows of a week the screen has left are not shown
            return
        rows = tuple(changed.get(old.metric.key, old) for old in summary.lines)
        shown = dataclasses.replace(summary, lines=rows)
        if figures is not None and batch[-1].week == summary.week:  # read after the last save
            shown = dataclasses.replace(
                shown, funnel=figures.funnel, goals=figures.goals, grid=figures.grid
            )
        screen.apply_summary(shown)

    def _refused(self, save: Save, reason: str, now: float | None) -> None:
        if self.screen.is_attached and save.week == self.screen.week:
            self.entry.refused_later(save.metric, save.text, reason, now)
        elif self.screen.is_attached:
            self.screen.notify(f"{reason} ({save.text} was not saved)", severity="error")
