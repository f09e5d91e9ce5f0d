"""The header of every screen: one widget that draws the line Textual's ``Header`` draws.

Textual's ``Header`` is four widgets (the header, its icon, its title and the
clock's space), each mounted, styled, laid out and drawn as a screen opens; this
is one, drawing the same cells: the icon at the left (8 cells), the screen's
title and sub-title centred between, cut with an ellipsis when they do not fit,
and the clock's 10 cells blank at the right (docs/benchmarks.md). As Textual's:
a click on the icon opens the command palette (the icon is highlighted under
the mouse, with its tooltip), a click elsewhere makes the header three lines
tall or one again.

Textual's ``Header`` also watches the app's ``title`` and ``sub_title``; the app
keeps each watcher (and so the header and every line it drew) until one of them
changes, which in this app they never do once it runs. So every screen opened
left its header behind: the garbage collector's passes walked more each time (a
tenth of a second more after a few openings of ten years of history). This
header takes its watchers back when it is removed.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style as RichStyle
from textual import events
from textual.strip import Strip
from textual.visual import Visual
from textual.widget import Widget

#: Textual keeps the watchers of an object's reactives in this attribute
#: (``textual.reactive._watch``); there is no public way to stop watching.
WATCHERS = "__watchers"
ICON_WIDTH = 8
"""Cells of the icon at the left (Textual's ``HeaderIcon``: padding 0 1, width 8)."""
CLOCK_WIDTH = 10
"""Cells kept blank at the right (Textual's ``HeaderClockSpace``)."""
ICON_TOOLTIP = "Open the command palette"
HOVER = "screen-header--icon-hover"
NOT_REVERSE = RichStyle(reverse=False)


class ScreenHeader(Widget):
    DEFAULT_CSS = """
    ScreenHeader {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    ScreenHeader.-tall {
        height: 3;
    }
    ScreenHeader > .screen-header--icon-hover {
        background: $foreground 10%;
    }
    """
    COMPONENT_CLASSES = {HOVER}  # noqa: RUF012 (Textual's own type)

    def __init__(self, icon: str = "⭘", *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.icon = icon
        self._icon_hovered = False
        self._drawn: tuple[tuple[object, ...], Strip] | None = None

    # -- what it shows ----------------------------------------------------------

    @property
    def screen_title(self) -> str:
        """The screen's title, else the app's (as Textual's ``Header``)."""
        title = self.screen.title
        return title if title is not None else self.app.title

    @property
    def screen_sub_title(self) -> str:
        sub_title = self.screen.sub_title
        return sub_title if sub_title is not None else self.app.sub_title

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        titles = (self.screen_title, self.screen_sub_title)
        key = (width, self.size.height, y, self._icon_hovered, titles, self.visual_style)
        if self._drawn is not None and self._drawn[0] == key:
            return self._drawn[1]
        strip = self._line(width, y)
        self._drawn = (key, strip)
        return strip

    def _line(self, width: int, y: int) -> Strip:
        """The cells Textual's four widgets draw: each part's padding in the
        background alone, its content in the header's style, the room its
        alignment leaves in that style without reverse (Textual's own styles, so
        the picture is theirs to the last cell)."""
        base = self.visual_style
        style = base.rich_style
        room_style = style + NOT_REVERSE
        pad = RichStyle(bgcolor=style.bgcolor)
        icon_style, icon_pad = style, pad
        if self._icon_hovered:
            hovered = self.get_visual_style(HOVER)
            icon_style = hovered.rich_style
            icon_pad = RichStyle(bgcolor=icon_style.bgcolor)
        room = max(0, width - ICON_WIDTH - CLOCK_WIDTH)
        # Each part is drawn as Textual draws it: the icon on the middle line (of
        # a tall header), the title and the clock's empty text on the first.
        icon_room = ICON_WIDTH - 2
        if y == (self.size.height - 1) // 2:
            icon = self.icon[:icon_room]
            icon_cells = [
                Segment(icon, icon_style),
                Segment(" " * (icon_room - cell_len(icon)), icon_style + NOT_REVERSE),
            ]
        else:
            icon_cells = [Segment(" " * icon_room, icon_style + NOT_REVERSE)]
        if y == 0:
            title = self.app.format_title(self.screen_title, self.screen_sub_title)
            title = title.rstrip().truncate(room, ellipsis=True)
            drawn = list(Visual.to_strips(self, title, room, 1, base)[0]) if room else []
            left = (room - title.cell_length) // 2
            right = room - title.cell_length - left
            title_cells = [Segment(" " * left, room_style)] if left else []
            title_cells += drawn
            title_cells += [Segment(" " * right, room_style)] if right else []
            clock_cells = [Segment("", style), Segment(" " * (CLOCK_WIDTH - 2), pad)]
        else:
            title_cells = [Segment(" " * room, pad)]
            clock_cells = [Segment(" " * (CLOCK_WIDTH - 2), style)]
        segments = [
            Segment(" ", icon_pad),
            *icon_cells,
            Segment(" ", icon_pad),
            *title_cells,
            Segment(" ", pad),
            *clock_cells,
            Segment(" ", pad),
        ]
        return Strip(segments, width).crop(0, width)

    def _on_mount(self, _: events.Mount) -> None:
        for obj in (self.app, self.screen):
            self.watch(obj, "title", self._title_changed, init=False)
            self.watch(obj, "sub_title", self._title_changed, init=False)

    def _title_changed(self) -> None:
        self.refresh()

    # -- the mouse (as Textual's HeaderIcon and Header) -------------------------------

    def _on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_icon(event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE)

    def _on_leave(self, _: events.Leave) -> None:
        self._hover_icon(False)

    def _hover_icon(self, on: bool) -> None:
        if on != self._icon_hovered:
            self._icon_hovered = on
            self.tooltip = ICON_TOOLTIP if on else None
            self.refresh()

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self._hover_icon(event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE)
        if event.x < ICON_WIDTH:
            if self.app.ENABLE_COMMAND_PALETTE:
                await self.run_action("app.command_palette")
            return
        self.toggle_class("-tall")

    def _on_unmount(self) -> None:
        watchers = getattr(self.app, WATCHERS, None)
        if not isinstance(watchers, dict):
            return
        for name in ("title", "sub_title"):
            found = watchers.get(name)
            if isinstance(found, list):
                found[:] = [entry for entry in found if entry[0] is not self]
