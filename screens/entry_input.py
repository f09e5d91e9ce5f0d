"""The value entry's text field: every key it gets goes through the entry, in order.

Imported when the first value is entered (start-up only draws the prompt).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events
from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input

if TYPE_CHECKING:
    from screens.value_entry import ValueEntry


class EntryInput(Input):
    """An Input whose keys and pastes the :class:`ValueEntry` applies itself."""

    #: Input sets its virtual size (the text's width) on every change of its value,
    #: and a Widget's asks for a layout of the whole screen when it changes: a
    #: layout pass per key. The field's own size is set by its styles (never
    #: auto), so only its scrolling depends on it: a repaint, no layout.
    virtual_size = Reactive(Size(0, 0), layout=False, repaint=True)

    def __init__(self, entry: ValueEntry) -> None:
        super().__init__(id="entry-input", select_on_focus=False)
        self.entry = entry

    def on_mount(self) -> None:
        self.entry.input_ready()

    async def _on_key(self, event: events.Key) -> None:
        if self.entry.take(event):
            event.stop()
            event.prevent_default()  # Input's own handler would apply it a second time

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        self.entry.take_paste(event.text)
