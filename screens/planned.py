"""The width a widget will have once its screen is first laid out, known before.

A table or a wrapped line fills its rows for its width, which Textual gives a
widget only when it lays the screen out. Filled then, at its first Resize, the
week's data came one layout and one frame after the first frame (empty
tables), which the terminal showed for a moment: start-up drew the screen
twice. :func:`plan` lays the screen out once ahead, in a compositor of its
own (the screen's is not touched; Textual has no public call for this), so its
widgets fill at their real width before the first layout, and the first frame
already shows the week (docs/benchmarks.md). A plan is only a hint: a widget
still fills again whenever its Resize brings another width.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import events
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable


class Planned:
    """Mixed into a widget that fills its content for its width."""

    planned_width = 0
    """The width :func:`plan` expects this widget's content to have (0: unknown)."""

    def on_resize(self, event: events.Resize) -> None:
        # Textual calls this after the widget's own on_resize (every class of
        # the MRO has its handler called): laid out, it has its real width now.
        self.planned_width = 0

    @property
    def fill_width(self) -> int:
        """The width to fill for: the real one once laid out, else the planned one."""
        assert isinstance(self, Widget)
        return self.size.width or self.planned_width


def plan(screen: Screen[Any]) -> bool:
    """Give every :class:`Planned` widget on ``screen`` the width of its content in
    the layout the screen is about to get (widgets not shown get none). False when
    the screen was laid out already (its widgets have their real width)."""
    if not screen.size or any(w.size.width for w in screen.query(Widget) if isinstance(w, Planned)):
        return False
    try:  # Textual's own compositor, not public API: if a release moves it, no plan
        from textual._compositor import Compositor

        ahead = Compositor()
        ahead.reflow(screen, screen.size)
        placed = ahead._full_map.items()
    except (ImportError, AttributeError, TypeError):
        return False
    planned = False
    for widget, geometry in placed:
        if isinstance(widget, Planned):
            widget.planned_width = geometry.region.shrink(widget.styles.gutter).width
            planned = True
    return planned


async def measured(screen: Screen[Any], turns: int = 20) -> None:
    """Wait until the planned tables of ``screen`` have measured the rows just
    given to them (a DataTable does that when idle, a turn of the event loop
    later): the layout that follows needs their heights. Each table shows a
    header, so a measured one is taller than its number of rows."""
    tables = [t for t in screen.query(DataTable) if isinstance(t, Planned) and t.planned_width]
    for _ in range(turns):
        if all(t.virtual_size.height > t.row_count for t in tables):
            return
        await asyncio.sleep(0)
