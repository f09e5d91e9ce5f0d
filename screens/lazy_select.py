"""A compact ``Select`` made when first used: until then one line drawn as the
closed Select draws itself (its value and ``▼``).

Textual's Select is six widgets, its drop-down list among them with a line
made for every option, all composed, styled and laid out each time the screen
holding it opens, though most openings never pick anything (the history's
metric: thirty options). Focused (its key, Tab) or clicked, the real Select
takes its place, focused, and a key that would open it (Enter, Space, ↑ ↓) or
the click opens it; from then on it is Textual's Select.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Select, Static


class ClosedSelect(Static):
    """The closed Select's line: its value, then the arrow."""

    DEFAULT_CSS = """
    ClosedSelect {
        width: 1fr;
        height: 1;
        padding: 0 1 0 0;
        color: $foreground;
        background: $surface;
        pointer: pointer;
        &:ansi {
            color: ansi_default;
            background: ansi_default;
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {"closed--arrow"}

    def __init__(self, label: str | Text) -> None:
        super().__init__()
        self.label = label

    def render(self) -> Text:
        width = self.content_size.width
        arrow = "▼"
        room = max(0, width - len(arrow) - 1)
        label = self.label
        text = label.copy() if isinstance(label, Text) else Text(label)
        text.no_wrap, text.overflow, text.end = True, "ellipsis", ""
        text.truncate(room, overflow="ellipsis", pad=True)
        text.append(" ")
        text.append(arrow, style=self.get_component_rich_style("closed--arrow"))
        return text


class LazySelect(Widget, can_focus=True):
    """Holds a value of ``options`` (label, value); says ``Changed`` when
    another is picked."""

    DEFAULT_CSS = """
    LazySelect {
        height: auto;
        min-height: 1;
        & > ClosedSelect > .closed--arrow {
            color: $foreground 50%;
        }
        &:focus > ClosedSelect {
            background-tint: $foreground 5%;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter,down,space,up", "open", "Show menu", show=False),
    ]

    class Changed(Message):
        def __init__(self, picker: LazySelect, value: str) -> None:
            super().__init__()
            self.picker = picker
            self.value = value

        @property
        def control(self) -> LazySelect:
            return self.picker

    def __init__(self, options: Sequence[tuple[str | Text, str]], value: str, *, id: str) -> None:
        super().__init__(id=id)
        self.options = list(options)
        self.value = value
        self.select: Select[str] | None = None
        """The real Select, once made."""

    def _label(self) -> str | Text:
        return next(label for label, value in self.options if value == self.value)

    def compose(self) -> ComposeResult:
        yield ClosedSelect(self._label())

    def on_focus(self, event: events.Focus) -> None:
        self.call_later(self._make, False)

    def action_open(self) -> None:
        self.call_later(self._make, True)

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.call_later(self._make, True)

    async def _make(self, expand: bool) -> None:
        """The real Select in place of the line, focused; opened with ``expand``."""
        if self.select is None:
            self.select = Select(self.options, value=self.value, allow_blank=False, compact=True)
            self.can_focus = False
            closed = self.query_one(ClosedSelect)
            closed.display = False  # (the Select, mounted next, takes its line)
            await self.mount(self.select)
            await closed.remove()
            self.select.focus()
        if expand and self.select.is_mounted:
            self.select.action_show_overlay()

    @on(Select.Changed)
    def _changed(self, event: Select.Changed) -> None:
        event.stop()
        value = str(event.value)
        if value != self.value:
            self.value = value
            self.post_message(self.Changed(self, value))
