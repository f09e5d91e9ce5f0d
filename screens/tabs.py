"""Tabs drawn by one widget: a row of labels over an underline, the active tab
highlighted, above a ``ContentSwitcher`` of panes.

It looks and reads as Textual's ``TabbedContent`` does (the same labels, colours
and underline bar), but Textual's builds fifteen widgets for four tabs (a widget
per tab, an underline, three containers to scroll them) that every opening of a
screen composes, styles, lays out and draws, and it animates the underline at
each change of tab, drawing frames meanwhile (docs/benchmarks.md, "Screens").
The tabs are switched by the screen's keys, a click, or ← → on the bar, which Tab
reaches as it reaches Textual's tabs (the active label then drawn as a cursor).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.console import Group
from rich.style import Style
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.renderables.bar import Bar
from textual.widget import Widget
from textual.widgets import ContentSwitcher

PADDING = 1
"""Cells either side of a label (as Textual's tabs)."""


class TabBar(Widget):
    """The labels, one line, and the underline under the active one."""

    DEFAULT_CSS = """
    TabBar {
        width: 100%;
        height: 2;
        & > .tab-bar--tab { color: $foreground 50%; }
        & > .tab-bar--hover { color: $foreground; }
        & > .tab-bar--active { color: $foreground; }
        & > .tab-bar--bar {
            color: $block-cursor-background;
            background: $foreground 10%;
        }
        &:focus {
            & > .tab-bar--bar { background: $foreground 30%; }
            & > .tab-bar--focused {
                text-style: $block-cursor-text-style;
                color: $block-cursor-foreground;
                background: $block-cursor-background;
            }
        }
        &:ansi {
            & > .tab-bar--tab { text-style: dim; }
            & > .tab-bar--active { text-style: not dim bold; }
            & > .tab-bar--bar {
                color: $block-cursor-background;
                background: $border-blurred;
            }
        }
    }
    """
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "tab-bar--tab",
        "tab-bar--hover",
        "tab-bar--active",
        "tab-bar--bar",
        "tab-bar--focused",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "step(-1)", "Previous tab", show=False),
        Binding("right", "step(1)", "Next tab", show=False),
    ]
    ALLOW_SELECT = False
    can_focus = True
    FOCUS_ON_CLICK = False  # a click shows its tab with the content focused, as its key

    class Chosen(Message):
        """A tab chosen on the bar: clicked, or stepped to by ← →."""

        def __init__(self, tab: str) -> None:
            super().__init__()
            self.tab = tab

    def __init__(self, tabs: Iterable[tuple[str, str]], active: str) -> None:
        """``tabs``: (id, label) of each tab, in order."""
        super().__init__()
        self.tabs = list(tabs)
        self._active = active
        self._hover: str | None = None
        self._spans: list[tuple[int, int, str]] = []
        x = 0
        for tab, label in self.tabs:
            width = len(label) + 2 * PADDING
            self._spans.append((x, x + width, tab))
            x += width

    @property
    def active(self) -> str:
        return self._active

    @active.setter
    def active(self, tab: str) -> None:
        if tab != self._active:
            self._active = tab
            self.refresh()

    def tab_at(self, x: int) -> str | None:
        return next((tab for start, end, tab in self._spans if start <= x < end), None)

    def render(self) -> Group:
        labels = Text(no_wrap=True, overflow="crop")
        highlight = (0, 0)
        for (tab, label), (start, end, _) in zip(self.tabs, self._spans, strict=True):
            if tab == self._active:
                part = "tab-bar--focused" if self.has_focus else "tab-bar--active"
                highlight = (start + PADDING, end - PADDING)  # under the label
            else:
                part = "tab-bar--hover" if tab == self._hover else "tab-bar--tab"
            pad = " " * PADDING
            labels.append(f"{pad}{label}{pad}", style=self.get_component_rich_style(part))
        bar = self.get_component_rich_style("tab-bar--bar")
        underline = Bar(
            highlight_range=highlight,
            highlight_style=Style.from_color(bar.color),
            background_style=Style.from_color(bar.bgcolor),
        )
        return Group(labels, underline)

    def action_step(self, by: int) -> None:
        """The tab ``by`` places on from the active one, round the ends."""
        tabs = [tab for tab, _ in self.tabs]
        self.post_message(self.Chosen(tabs[(tabs.index(self._active) + by) % len(tabs)]))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_click(self, event: events.Click) -> None:
        tab = self.tab_at(event.x)
        if tab is not None:
            self.post_message(self.Chosen(tab))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._set_hover(self.tab_at(event.x) if event.y == 0 else None)

    def on_leave(self, event: events.Leave) -> None:
        self._set_hover(None)

    def _set_hover(self, tab: str | None) -> None:
        if tab != self._hover:
            self._hover = tab
            self.refresh()


class Pane(Vertical):
    """One tab's content; its label is shown in the bar."""

    DEFAULT_CSS = """
    Pane {
        height: auto;
    }
    """

    def __init__(self, label: str, *children: Widget, id: str) -> None:
        super().__init__(*children, id=id)
        self.label = label


class Tabbed(Widget):
    """A ``TabBar`` over the panes composed into it (``with Tabbed(...)``)."""

    DEFAULT_CSS = """
    Tabbed {
        height: auto;
        & > TabBar {
            dock: top;
        }
    }
    """

    class TabActivated(Message):
        """The tab shown changed (by ``active`` or a click)."""

        def __init__(self, tabbed: Tabbed, pane: Pane) -> None:
            super().__init__()
            self.tabbed = tabbed
            self.pane = pane

        @property
        def control(self) -> Tabbed:
            return self.tabbed

    def __init__(self, *, initial: str, id: str | None = None) -> None:
        super().__init__(id=id)
        self._initial = initial
        self._panes: list[Pane] = []
        self._bar: TabBar | None = None
        self._switcher: ContentSwitcher | None = None

    def compose_add_child(self, widget: Widget) -> None:
        if not isinstance(widget, Pane):
            raise TypeError(f"a Tabbed holds Panes, not {type(widget).__name__}")
        self._panes.append(widget)

    def compose(self) -> ComposeResult:
        self._bar = TabBar(((p.id or "", p.label) for p in self._panes), self._initial)
        self._switcher = ContentSwitcher(*self._panes, initial=self._initial)
        yield self._bar
        yield self._switcher

    @property
    def active(self) -> str:
        return self._bar.active if self._bar is not None else self._initial

    @active.setter
    def active(self, tab: str) -> None:
        if tab == self.active:
            return
        pane = next(p for p in self._panes if p.id == tab)  # an unknown tab: a bug
        assert self._bar is not None and self._switcher is not None
        self._bar.active = tab
        self._switcher.current = tab
        self.post_message(self.TabActivated(self, pane))

    def on_tab_bar_chosen(self, event: TabBar.Chosen) -> None:
        event.stop()
        self.active = event.tab
