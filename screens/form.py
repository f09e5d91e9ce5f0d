"""The base of every form: fields, an inline error, save in a worker.

A form never loses text: a refused save keeps every field as typed and shows
the reason; Escape (or quitting the app) with unsaved changes asks first.
Enter in a single-line field or ``ctrl+s`` saves.
"""

from __future__ import annotations

from typing import Any, ClassVar, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult, CSSPathType
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select

from scorecard.errors import ScorecardError
from screens.confirm import ConfirmScreen
from screens.formatting import plain, safe

T = TypeVar("T")


class FormScreen(ModalScreen[T | None], Generic[T]):
    """Subclasses set ``TITLE_TEXT``, yield their fields in :meth:`fields` and
    implement :meth:`save` (runs in a thread; raise ScorecardError to refuse)."""

    CSS_PATH: ClassVar[CSSPathType | None] = "dialogs.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="form.save"),
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
    ]
    TITLE_TEXT = "Form"
    FIRST_FIELD: str | None = None
    """The selector of the field focused first (default: the first field)."""

    def __init__(self) -> None:
        super().__init__(classes="modal")
        self._initial: dict[str, Any] = {}
        self._stored: dict[str, tuple[str, str]] = {}
        self.saving = False

    def stored_input(self, value: str, *, id: str, **options: Any) -> Input:
        """A field prefilled with stored text, shown inert (an Input draws its
        value raw). Saved unchanged, the stored text is kept exactly."""
        shown = safe(value)
        self._stored[id] = (shown, value)
        return Input(shown, id=id, **options)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(self.TITLE_TEXT, classes="dialog-title")
            yield from self.fields()
            yield Label("", id="form-error")
            with Horizontal(classes="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="cancel", compact=True)

    def fields(self) -> ComposeResult:  # pragma: no cover - abstract
        raise NotImplementedError
        yield

    def on_mount(self) -> None:
        self._initial = self.values()
        for field in self.query(Input):
            field.select_on_focus = False  # typing must never replace a whole field
            field.cursor_position = len(field.value)
        first = next(iter(self.query(self.FIRST_FIELD or "Input, Select")), None)
        if first is not None:
            first.focus()

    # -- values ---------------------------------------------------------------

    def _fields(self) -> list[Widget]:
        return [w for w in self.query("Input, Select") if w.id]

    def values(self) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for widget in self._fields():
            assert widget.id is not None
            if isinstance(widget, Input):
                shown, stored = self._stored.get(widget.id, (None, None))
                out[widget.id] = stored if widget.value == shown else widget.value
            elif isinstance(widget, Select):
                out[widget.id] = None if widget.is_blank() else widget.value
        return out

    @property
    def is_dirty(self) -> bool:
        return self.values() != self._initial

    def save(self, values: dict[str, Any]) -> T:  # pragma: no cover - abstract
        raise NotImplementedError

    # -- actions ----------------------------------------------------------------

    @on(Input.Submitted)
    def _enter(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if not self.saving:
            self.saving = True
            self._save(self.values())

    @work(thread=True, exclusive=True, group="form-save")
    def _save(self, values: dict[str, Any]) -> None:
        try:
            result = self.save(values)
        except ScorecardError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
        else:
            self.app.call_from_thread(self.dismiss, result)
        finally:
            self.saving = False

    def show_error(self, message: str) -> None:
        self.query_one("#form-error", Label).update(plain(f"✗ {message}"))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        if not self.is_dirty:
            self.dismiss(None)
            return

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen("Discard what you typed?", yes="Discard", no="Keep editing"), answered
        )
