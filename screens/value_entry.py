"""Fast entry of one metric's actual: a prompt, an input and an inline error.

The entry never saves by itself: on Enter it checks the number and posts
:class:`ValueEntry.Submitted`; the screen saves and calls :meth:`saved` or
:meth:`refused`. A refused value keeps the typed text and shows the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import Label

from scorecard.errors import InvalidInput, OutOfBounds
from scorecard.numbers import parse_number
from screens.formatting import plain

if TYPE_CHECKING:
    from textual.widgets import Input

IDLE_PROMPT = "Enter on a metric to type its value:"


class ValueEntry(Vertical):
    """The line under the scorecard where values are typed."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Back to table", id="entry.leave"),
    ]

    class Submitted(Message):
        """A well-formed number for ``metric`` (``value`` None: skip without saving)."""

        def __init__(self, metric: str, value: float | None, text: str) -> None:
            super().__init__()
            self.metric = metric
            self.value = value
            self.text = text

    class Left(Message):
        """The user pressed Escape: focus goes back to the table."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, classes="-idle")
        self.metric: str | None = None
        self._read: Callable[[str], float] = parse_number
        self._example = "120, 1,250.50, $48,000 or 35%"

    def compose(self) -> ComposeResult:
        # The input is made when the first value is entered: start-up only
        # draws the prompt (docs/benchmarks.md).
        with Horizontal(id="entry-row"):
            yield Label(IDLE_PROMPT, id="entry-prompt")

    @property
    def input(self) -> Input:
        """The text field, made on first use."""
        from textual.widgets import Input

        found = self.query("#entry-input")
        if found:
            return found.first(Input)
        field = Input(id="entry-input", select_on_focus=False)
        self.query_one("#entry-row").mount(field)
        return field

    def _fields(self) -> list[Input]:
        """The text field, if it was made yet."""
        from textual.widgets import Input

        return list(self.query("#entry-input").results(Input))

    @property
    def has_unsaved_text(self) -> bool:
        return any(field.value.strip() for field in self._fields())

    def start(
        self,
        metric: str,
        prompt: str,
        current: str | None,
        read: Callable[[str], float] = parse_number,
        example: str = "120, 1,250.50, $48,000 or 35%",
    ) -> None:
        """Point the entry at ``metric`` and focus it; keep text typed for it.

        ``read`` turns the typed text into the value (the metric's bounds,
        :func:`scorecard.bounds.parse_value`); ``example`` shows what to type.
        """
        if metric != self.metric:
            self.input.value = ""
        self.metric = metric
        self._read, self._example = read, example
        self.remove_class("-idle")
        self.query_one("#entry-prompt", Label).update(plain(prompt))
        self.input.placeholder = f"now {current}" if current else "empty"
        self.clear_error()
        self.input.focus()

    def clear_error(self) -> None:
        for error in self.query("#entry-error").results(Label):
            error.update("")
        self.remove_class("-error")

    def refused(self, reason: str) -> None:
        """Show why the value was not saved; the typed text stays."""
        found = self.query("#entry-error")
        if found:
            found.first(Label).update(plain(f"✗ {reason}"))
        else:  # the first refusal: the line is only made when needed
            self.mount(Label(plain(f"✗ {reason}"), id="entry-error"))
        self.add_class("-error")
        self.input.focus()

    def reset(self) -> None:
        """Back to the idle prompt (no metric chosen): the field is hidden."""
        self.metric = None
        self.add_class("-idle")
        for field in self._fields():
            field.value = ""
            field.placeholder = "value"
        self.query_one("#entry-prompt", Label).update(IDLE_PROMPT)
        self.clear_error()

    def saved(self) -> None:
        for field in self._fields():
            field.value = ""
        self.clear_error()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id != "entry-input":
            return
        event.stop()
        if self.metric is None:
            return
        text = event.value
        if not text.strip():
            self.post_message(self.Submitted(self.metric, None, text))
            return
        try:
            value = self._read(text)
        except OutOfBounds as exc:
            self.refused(str(exc))
            return
        except InvalidInput as exc:
            self.refused(f"{exc}: type a number like {self._example}")
            return
        self.clear_error()
        self.post_message(self.Submitted(self.metric, value, text))

    def action_leave(self) -> None:
        self.post_message(self.Left())
