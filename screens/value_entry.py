"""Value entry: a whole scorecard typed or pasted at any speed, metric by metric.

Keys are applied strictly in the order they were typed. Textual would not do
that for us: it resolves a key's binding (Enter → submit) only once the key
has bubbled up to the App, and moves focus later still, so keys typed quickly
after Enter used to reach the field before the submit did (``22⏎33⏎`` became
2,233). Here the field applies its own keys as they come, Enter included:
it reads the number, hands it to the screen (``EntryHost.save``) and moves
to the next metric before the next key is looked at. Saving happens behind, in order
(the screen's job); keys typed meanwhile are already the next metric's.

The one hand-over is from the table: keys the table received before focus
reached the field are passed on by the table (:meth:`ValueEntry.apply`), and
keys that reached the field first wait (:meth:`ValueEntry.take`) until the
table is through (:meth:`ValueEntry.release`).

The entry never saves by itself and never decides what a value may be: the
screen does (screens/entry_contract.py). A value refused later (changed
elsewhere meanwhile) comes back through :meth:`ValueEntry.refused_later`; its
text is kept for that metric (screens/entry_memory.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Label

from scorecard.errors import InvalidInput, OutOfBounds
from scorecard.weeks import Week
from screens import entry_paste
from screens.entry_contract import (
    BACK_KEYS,
    EDIT_ACTIONS,
    IDLE_PROMPT,
    SUBMIT_KEYS,
    EntryHost,
    Submission,
    is_entry_key,
)
from screens.entry_memory import EntryMemory
from screens.formatting import plain

if TYPE_CHECKING:
    from rich.text import Text
    from textual.widget import Widget
    from textual.widgets import Input


class ValueEntry(Vertical):
    """The line under the scorecard where values are typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to table", id="entry.leave"),
        Binding("up,shift+enter", "back", "Previous metric", id="entry.back", show=False),
    ]

    class Left(Message):
        """The user pressed Escape: focus goes back to the table."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-idle")
        self.host: EntryHost | None = None
        self.metric: str | None = None
        self.holding = False
        """Keys reaching the field wait: the table still has earlier ones to pass on."""
        self._held: list[events.Key | str] = []
        self._source: MessagePump | None = None
        self.memory = EntryMemory()
        self._last_key = ""
        self._field: Input | None = None
        self._prompted = False
        """The prompt shows a metric's (sized for it), not the idle one."""

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # Leaving the entry means something only while typing in it (the palette asks).
        if action == "leave":
            return self.has_focus_within
        return True

    def compose(self) -> ComposeResult:
        # The input is made when the first value is entered: start-up only
        # draws the prompt (docs/benchmarks.md).
        with Horizontal(id="entry-row"):
            yield Label(IDLE_PROMPT, id="entry-prompt")

    @property
    def input(self) -> Input:
        """The text field, made on first use (and kept: no query per key)."""
        field = self._field
        if field is None:
            from screens.entry_input import EntryInput  # made when first used

            field = self._field = EntryInput(self)
            self.query_one("#entry-row").mount(field)
        return field

    def _fields(self) -> list[Input]:
        """The text field if it was made."""
        return [] if self._field is None else [self._field]

    @property
    def active(self) -> bool:
        return self.metric is not None

    @property
    def has_unsaved_text(self) -> bool:
        return bool(self.memory.drafts) or any(field.value.strip() for field in self._fields())

    def draft(self, metric: str) -> str | None:
        """Text typed for ``metric`` and not saved (left with Escape or Up, or refused)."""
        if metric == self.metric and self._fields():
            return self.input.value or None
        found = self.memory.drafts.get(metric)
        return found[0] if found else None

    # -- starting, from the table ---------------------------------------------------

    def begin(self, source: Widget, metric: str, initial: str = "") -> None:
        """Open the entry on ``metric`` from ``source`` (the table), which had the focus.

        Focus moves to the field now; keys already on their way to ``source``
        are passed on by it (:meth:`apply`) before any that reach the field.
        """
        if self.host is not None and not self.host.may_enter(metric, initial):
            return
        self.holding = True
        self._source = source
        self.open(metric)
        if initial:
            self._type(initial)
        field = self.input
        if field.is_mounted:
            self.input_ready()

    def input_ready(self) -> None:
        """The field can take the focus: take it, then let the table finish."""
        if self._source is None:
            return
        source, self._source = self._source, None
        field = self.input
        if self.active:
            self.screen.set_focus(field)  # now, not after the queued keys: they go to the table
        source.call_later(self.release)  # runs after the keys already queued for the table

    def release(self) -> None:
        """The table has passed on its keys: the ones that waited go next."""
        self.holding = False
        if self._held and self._fields():
            self.input.call_later(self._drain)

    def _drain(self) -> None:
        held, self._held = self._held, []
        for item in held:
            if isinstance(item, str):
                self.paste(item)
            else:
                self.apply(item)

    def take(self, event: events.Key) -> bool:
        """A key that reached the field: apply it (or hold it); False if not ours."""
        if not is_entry_key(event.key, event.is_printable):
            return False
        if self.holding:
            self._held.append(event)
            return True
        if self._held:
            self._drain()
        self.apply(event)
        return True

    def take_paste(self, text: str) -> None:
        if self.holding:
            self._held.append(text)
            return
        if self._held:
            self._drain()
        self.paste(text)

    # -- keys, in order ---------------------------------------------------------------

    def apply(self, event: events.Key) -> bool:
        """Apply one key to the entry now; False if it is not an entry key."""
        if not is_entry_key(event.key, event.is_printable):
            return False
        key, last = event.key, self._last_key
        self._last_key = key
        if not self.active:  # keys typed past the last metric: nowhere to go
            return True
        if key == "ctrl+j" and last == "enter":
            return True  # the LF of a CR LF pair
        if key in SUBMIT_KEYS:
            self.submit()
        elif key in BACK_KEYS:
            self.action_back()
        elif key == "escape":
            self.action_leave()
        elif key in EDIT_ACTIONS:
            getattr(self.input, EDIT_ACTIONS[key])()
        elif event.character is not None:
            self._type(event.character)
        return True

    def _type(self, text: str) -> None:
        metric = self.metric
        if metric is None:
            return
        field = self.input
        baselines = self.memory.baselines
        if not field.value or metric not in baselines:  # begins typing this metric now
            baselines[metric] = self._shown(metric)
        selection = field.selection
        if selection.is_empty:
            field.insert_text_at_cursor(text)
        else:
            field.replace(text, *selection)

    def paste(self, text: str) -> None:
        """One line: typed into the field. Several: one line per metric, from this
        one, all or nothing (screens/entry_paste.py)."""
        metric, host = self.metric, self.host
        found = entry_paste.cells(text)
        if metric is None or not found:
            return
        if len(found) == 1:
            self._type(found[0])
            return
        if host is None:
            return
        field = self.input
        before, after = field.value[: field.cursor_position], field.value[field.cursor_position :]
        found[0] = before + found[0]
        found[-1] += after
        planned = entry_paste.plan(host, metric, found)
        if isinstance(planned, str):
            self.refused(planned)
            return
        for line in planned:
            if line.value is not None:
                self.memory.baselines.setdefault(line.metric, self._shown(line.metric))
                self._submit(line.slot.week, line.metric, line.value, line.text.strip())
        self._go(host.metric_after(planned[-1].metric))

    # -- moving between metrics -------------------------------------------------------

    def open(self, metric: str) -> None:
        """Show ``metric``'s entry: its unsaved text if any, else empty."""
        if self.host is None:
            return
        slot = self.host.slot(metric)
        if slot is None:
            return
        same = self.metric == metric
        if self.metric is not None and not same:
            self._keep_draft()
        self.metric = metric
        self.remove_class("-idle")
        self._prompt(plain(slot.prompt))
        field = self.input
        shown = self._shown(metric)
        field.placeholder = f"now {slot.show(shown)}" if shown is not None else "empty"
        self.host.highlight(metric)
        if same and metric not in self.memory.drafts:
            return  # back from the table to the metric being typed: its text stays
        text, error = self.memory.drafts.pop(metric, ("", ""))
        field.value = text
        field.cursor_position = len(text)
        if error:
            self._show_error(error)
        else:
            self.clear_error()

    def _prompt(self, text: Text) -> None:
        """Show ``text`` before the field. The prompt keeps the width of the widest
        one since the entry opened, so one that fits on its line is drawn in place:
        no layout of the whole screen for every value, and the field stays put."""
        label = self.query_one("#entry-prompt", Label)
        room = label.content_size
        fits = "\n" not in text.plain and room.height == 1 and 0 < text.cell_len <= room.width
        if self._prompted and fits:
            label.update(text, layout=False)
            return
        self._prompted = True
        label.styles.min_width = text.cell_len + label.styles.gutter.width
        label.update(text)

    def _keep_draft(self) -> None:
        metric = self.metric
        if metric is None or not self._fields():
            return
        text = self.input.value
        if text.strip():
            self.memory.drafts[metric] = (text, "")

    def _go(self, metric: str | None) -> None:
        if metric is not None:
            self.open(metric)
            return
        self.reset()
        if self.host is not None:
            self.host.entry_finished()

    def submit(self) -> None:
        """Enter: the typed value for the metric shown now, then the next metric."""
        metric, host = self.metric, self.host
        if metric is None or host is None:
            return
        text = self.input.value
        slot = host.slot(metric)
        if slot is None:
            return
        if text.strip():
            try:
                value = slot.read(text)
            except OutOfBounds as exc:
                self.refused(str(exc))
                return
            except InvalidInput as exc:
                self.refused(f"{exc}: type a number like {slot.example}")
                return
            self._submit(slot.week, metric, value, text.strip())
        self.input.value = ""
        self._go(host.metric_after(metric))

    def _submit(self, week: Week, metric: str, value: float, text: str) -> None:
        if self.host is None:
            return
        expected = self.memory.submitted(metric, value, self._shown(metric))
        self.host.save(Submission(week, metric, value, text, expected))

    def _shown(self, metric: str) -> float | None:
        """What the user sees for ``metric``: the value being saved, else the stored one."""
        slot = self.host.slot(metric) if self.host else None
        return self.memory.shown(metric, slot.shown if slot else None)

    def action_back(self) -> None:
        """Up or Shift+Enter: back one metric (what was typed here stays, unsaved)."""
        if self.metric is None or self.host is None:
            return
        previous = self.host.metric_before(self.metric)
        if previous is not None:
            self.open(previous)

    def action_leave(self) -> None:
        self.post_message(self.Left())

    # -- the screen reports back ------------------------------------------------------

    def settled(self, metric: str) -> None:
        """The oldest save for ``metric`` is stored."""
        self.memory.settled(metric)

    def refused_later(self, metric: str, text: str, reason: str, now: float | None) -> None:
        """A submitted value was not saved (``now``: the value stored instead).

        Its text is kept for ``metric``; the next save of it is checked
        against ``now``, which the user has now been shown.
        """
        self.settled(metric)
        self.memory.baselines[metric] = now
        if self.metric == metric:
            field = self.input
            if not field.value.strip():
                field.value = text
                field.cursor_position = len(text)
            self.refused(reason)
            return
        self.memory.drafts[metric] = (text, reason)
        if self.active:
            self._show_error(f"{reason} (your {text} is kept: go back to it with Up)")
        elif self.host is not None and self.host.slot(metric) is not None:
            self.open(metric)  # nothing else is being typed: show it where it belongs
            self.screen.set_focus(self.input)

    # -- showing ------------------------------------------------------------------------

    def clear_error(self) -> None:
        for error in self.query("#entry-error").results(Label):
            error.update("")
        self.remove_class("-error")

    def _show_error(self, reason: str) -> None:
        found = self.query("#entry-error")
        if found:
            found.first(Label).update(plain(f"✗ {reason}"))
        else:  # the first refusal: the line is only made when needed
            self.mount(Label(plain(f"✗ {reason}"), id="entry-error"))
        self.add_class("-error")

    def refused(self, reason: str) -> None:
        """Show why the value was not saved; the typed text stays."""
        self._show_error(reason)

    def reset(self) -> None:
        """Back to the idle prompt (no metric chosen): the field is hidden."""
        self._keep_draft()
        self.metric = None
        self.add_class("-idle")
        for field in self._fields():
            field.value = ""
            field.placeholder = "value"
        label = self.query_one("#entry-prompt", Label)
        label.styles.min_width = None
        self._prompted = False  # the idle prompt's width is not a metric's
        label.update(IDLE_PROMPT)
        self.clear_error()

    def forget(self) -> None:
        """A different week: nothing typed so far belongs to it."""
        self.memory.forget()
        self.reset()
