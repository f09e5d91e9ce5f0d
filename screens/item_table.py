"""What the commitment and note lists share: rows that follow the width, a
cursor kept on the same item across reloads, and request keys that post the
table's own ``Requested`` message for the item under the cursor.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, Protocol, TypeVar

from rich.text import Text
from textual import events
from textual.message import Message
from textual.reactive import var

from screens.cell_render import FastCells
from screens.planned import Planned


class _Item(Protocol):
    @property
    def id(self) -> str: ...


T = TypeVar("T", bound=_Item)


class ItemTable(Planned, FastCells[Text | str], Generic[T]):
    COLUMNS: ClassVar[tuple[str, str]]
    _width_used = 0
    has_items = var(False, bindings=True)
    """Whether there is an item to act on: the footer offers the table's keys
    (:meth:`check_action`) only then, and follows it when it changes."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, cursor_type="row")
        self.items: list[T] = []

    def on_mount(self) -> None:
        for label in self.COLUMNS:
            self.add_column(label, key=label)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width_used:
            self.show(self.items)

    def show(self, items: Sequence[T]) -> None:
        self.has_items = bool(items)
        if self.row_count and list(items) == self.items and self._width_used == self.fill_width:
            return  # unchanged (a value was saved): nothing to redraw
        if not self.fill_width:
            # Not laid out yet (or hidden): the next Resize fills the rows at the
            # real width. The rows shown are stale until then.
            self.items = list(items)
            self._width_used = 0
            return
        keep = self.current.id if self.current else None
        # Columns too: their widths follow the content shown at the current width.
        self.clear(columns=True)
        for label in self.COLUMNS:
            self.add_column(label, key=label)
        self._width_used = self.fill_width
        self.items = list(items)
        for item in self.items:
            self.add_row(*self.cells(item), key=item.id, height=2)
        if not self.items:
            self.add_row(*self.empty_cells(), key="empty")
        ids = [item.id for item in self.items]
        if keep in ids:
            self.move_cursor(row=ids.index(keep), animate=False)

    def cells(self, item: T) -> tuple[Text | str, Text | str]:
        """The two cells (two lines each) of one item."""
        raise NotImplementedError

    def empty_cells(self) -> tuple[Text | str, Text | str]:
        raise NotImplementedError

    def requested(self, item: T, what: str) -> Message:
        """The message asking the screen to do ``what`` with ``item``."""
        raise NotImplementedError

    @property
    def current(self) -> T | None:
        if not self.items or not 0 <= self.cursor_row < len(self.items):
            return None
        return self.items[self.cursor_row]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "request":
            return self.current is not None
        return True

    def action_request(self, what: str) -> None:
        if self.current is not None:
            self.post_message(self.requested(self.current, what))
