"""The footer, fitted to the terminal's width: one widget that draws its line.

Textual's footer lays every key out in one row and lets the ones that do not
fit run under the command-palette key at the right edge (at 80 columns the
week screen lost Quit and Help, and a cut-off letter sat beside ``^p``). This
one always shows the app's own keys (Quit, Help) and the keys a screen names
in ``FOOTER_FIRST`` (the guided sync's step keys), then the other keys in
their order for as long as they fit; the rest are one key away, in help
(``?``) and the command palette (``ctrl+p``). Shown keys keep their order.

Textual's footer mounts a widget for every key (and a group and a label for
keys shown together, ``shift+↑ shift+↓ Move``) and mounts them all again
whenever the screen's bindings are refreshed: a change of focus, a list that
became empty. Each key was styled, laid out and drawn on every screen: a third
of the calls as History opened. This footer is one widget of one line, drawn
from the screen's active bindings as Textual's footer reads them (the same
keys, order, groups, key displays and look: compact, the key in its colour, a
key that cannot run now dimmed, ``^p palette`` at the right edge). When the
bindings are refreshed it compares what it would show with what it shows and
repaints its line only if that changed; a focus move that changes no key costs
one read of the bindings. Its keys are read as it is first drawn, after the
screen's focus is set, so every screen's first frame shows them.

A click on a key presses it (a key that cannot run now rings the bell), as on
Textual's footer; the key under the mouse is highlighted and its tooltip shown.
"""

from __future__ import annotations

from itertools import groupby
from typing import Any, ClassVar, NamedTuple

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import ActiveBinding, Binding
from textual.color import Color
from textual.dom import NoScreen
from textual.screen import Screen
from textual.strip import Strip
from textual.widget import Widget

#: The palette key at the right edge: its border, ``^p``, a space, ``palette``.
PALETTE_CELLS = 11


class FooterKey(NamedTuple):
    """One key the footer offers: what it shows and what a click on it does."""

    key: str
    """The key a click presses."""
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    kept: bool = False
    """Shown at any width: an app key (Quit, Help) or in the screen's ``FOOTER_FIRST``."""


class FooterUnit(NamedTuple):
    """Keys shown or left out together: one key, or a group with its label."""

    keys: tuple[FooterKey, ...]
    label: str = ""
    """A group's description, after its keys (``Move``); empty for one key."""

    @property
    def kept(self) -> bool:
        return any(key.kept for key in self.keys)

    @property
    def cells(self) -> int:
        """Cells the unit takes: its keys (each with its words), the label, a gap after each."""
        if self.label:
            return sum(cell_len(k.display) + 1 for k in self.keys) + cell_len(self.label) + 1
        return sum(
            cell_len(k.display + (f" {k.description}" if k.description else "")) + 1
            for k in self.keys
        )


def footer_units(
    screen: Screen[Any], active: dict[str, ActiveBinding], first: frozenset[str] = frozenset()
) -> tuple[list[FooterUnit], FooterKey | None]:
    """The footer's units in order, and the palette key, from ``screen``'s
    ``active`` bindings as Textual's footer makes its keys: the shown bindings,
    one key per action (the first), consecutive actions of one group as one unit."""
    app = screen.app
    by_action: dict[str, tuple[Any, Binding, bool, str]] = {}
    for node, binding, enabled, tooltip in active.values():
        if binding.show:
            by_action.setdefault(binding.action, (node, binding, enabled, tooltip))

    def made(node: Any, binding: Binding, enabled: bool, tooltip: str, grouped: bool) -> FooterKey:
        return FooterKey(
            binding.key,
            app.get_key_display(binding),
            "" if grouped else binding.description,
            binding.action,
            enabled,
            (tooltip or binding.description) if grouped else tooltip,
            node is app or binding.id in first,
        )

    units: list[FooterUnit] = []
    for group, members in groupby(by_action.values(), lambda m: m[1].group):
        found = list(members)
        if group is not None and len(found) > 1:
            units.append(FooterUnit(tuple(made(*m, True) for m in found), group.description))
        else:
            units.extend(FooterUnit((made(*m, False),)) for m in found)
    palette = None
    if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
        _, binding, enabled, _ = active[app.COMMAND_PALETTE_BINDING]
        palette = FooterKey(
            binding.key,
            app.get_key_display(binding),
            binding.description,
            binding.action,
            enabled,
            binding.tooltip or binding.description,
        )
    return units, palette


def fitted(units: list[FooterUnit], width: int, palette: bool) -> list[FooterUnit]:
    """The units shown at ``width``: every kept one, then the others in order
    while they fit; a unit that does not fit leaves out the ones after it."""
    room = width - (PALETTE_CELLS if palette else 0)
    room -= sum(unit.cells for unit in units if unit.kept)
    shown: list[FooterUnit] = []
    full = False
    for unit in units:
        if not unit.kept:
            full = full or unit.cells > room
            if full:
                continue
            room -= unit.cells
        shown.append(unit)
    return shown


class _Look(NamedTuple):
    """The rich styles of the footer's parts, from its CSS (see ``_look_now``)."""

    gap: Style
    key: Style
    description: Style
    hover_key: Style
    hover_description: Style
    label: Style
    edge: Style


class FittedFooter(Widget, can_focus=False):
    """A compact footer that leaves out the screen's last keys rather than cut any."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "footer--key",
        "footer--description",
        "footer--item",
        "footer--hover",
        "footer--edge",
    }
    DEFAULT_CSS = """
    FittedFooter {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
        .footer--item { background: $footer-item-background; }
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--hover { color: $footer-key-foreground; background: $block-hover-background; }
        .footer--edge { color: $foreground 20%; }
    }
    """

    def __init__(self) -> None:
        super().__init__()
        self._shown_for: tuple[Any, ...] | None = None
        """The screen's bindings the units were read from (see :meth:`_read_keys`)."""
        self._units: list[FooterUnit] = []
        self._palette: FooterKey | None = None
        self._check_pending = False
        self._look: _Look | None = None
        self._drawn: tuple[Any, ...] | None = None
        """What the cached line was drawn from: the units, width, hovered key."""
        self._line = Strip([])
        self._spans: list[tuple[int, int, FooterKey]] = []
        """Each shown key's cells on the line (start, end), for the mouse."""
        self._hover: FooterKey | None = None

    def _read_keys(self) -> bool:
        """Read the screen's keys; whether what the footer shows changed: the
        active bindings it shows (and the palette's), each with its node,
        whether it can run now and its tooltip."""
        try:
            screen = self.screen
            active = screen.active_bindings
        except NoScreen:  # its screen was closed before a pending check ran
            return False
        palette = self.app.COMMAND_PALETTE_BINDING
        shows = tuple(
            found for key, found in active.items() if found.binding.show or key == palette
        )
        if shows == self._shown_for:
            return False
        self._shown_for = shows
        first = frozenset(getattr(screen, "FOOTER_FIRST", ()))
        self._units, self._palette = footer_units(screen, active, first)
        return True

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        # Bindings are refreshed in bursts (a focus move, then a list's state):
        # one check once the burst's message is handled.
        if not self._check_pending and self.is_attached:
            self._check_pending = True
            self.call_next(self._check_keys)

    def _check_keys(self) -> None:
        self._check_pending = False
        if self._read_keys():
            self.refresh()

    def notify_style_update(self) -> None:
        self._look = None
        self._drawn = None
        super().notify_style_update()

    def _look_now(self) -> _Look:
        """The parts' styles, blended as Textual blends a footer key's: its
        background over the footer's, the key's and words' over that."""
        if self._look is None:
            _, back = self.background_colors
            part = self.get_component_styles

            def style(under: Color, name: str) -> Style:
                styles = part(name)
                over = under + styles.background
                color = over + styles.color
                made = Style(color=color.rich_color, bgcolor=over.rich_color)
                return made + styles.text_style

            item = back + part("footer--item").background
            hover = back + part("footer--hover").background
            self._look = _Look(
                gap=Style(bgcolor=back.rich_color),
                key=style(item, "footer--key"),
                description=style(item, "footer--description"),
                hover_key=style(hover, "footer--key"),
                hover_description=style(hover, "footer--description"),
                label=style(back, "footer--description"),
                edge=style(item, "footer--edge"),
            )
        return self._look

    def _draw(self, width: int) -> None:
        """Make the line for ``width`` (and each key's cells) if anything it shows changed."""
        if self._shown_for is None:
            self._read_keys()  # the first frame: the screen has its focus now
        drawn = (self._shown_for, width, self._hover)
        if drawn == self._drawn:
            return
        look = self._look_now()
        dim = Style(dim=True)
        segments: list[Segment] = []
        spans: list[tuple[int, int, FooterKey]] = []
        at = 0

        def add(text: str, style: Style) -> None:
            nonlocal at
            segments.append(Segment(text, style))
            at += cell_len(text)

        def add_key(key: FooterKey) -> None:
            hovered = key == self._hover
            key_style = look.hover_key if hovered else look.key
            words_style = look.hover_description if hovered else look.description
            if not key.enabled:
                key_style, words_style = key_style + dim, words_style + dim
            start = at
            add(key.display, key_style)
            if key.description:
                add(f" {key.description}", words_style)
            spans.append((start, at, key))

        palette = self._palette
        room = width - (PALETTE_CELLS + 1 if palette else 0)
        for unit in fitted(self._units, width, palette is not None):
            for key in unit.keys:
                add_key(key)
                add(" ", look.gap)
            if unit.label:
                add(unit.label, look.label)
                add(" ", look.gap)
        line = Strip(segments).crop_extend(0, max(room, 0), look.gap)
        spans = [span for span in spans if span[1] <= room]
        if palette is not None:
            at = max(room, 0)
            segments = list(line)
            add("▏", look.edge)
            add_key(palette)
            add(" ", look.gap)
            line = Strip(segments)
        self._line = line.crop_extend(0, width, look.gap)
        self._spans = spans
        self._drawn = drawn

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y:
            return Strip.blank(width, self._look_now().gap)
        self._draw(width)
        return self._line

    @property
    def units(self) -> list[FooterUnit]:
        """Every unit the screen's bindings give, shown or not, in order."""
        return list(self._units)

    @property
    def palette(self) -> FooterKey | None:
        """The command-palette key at the right edge, if the app has one."""
        return self._palette

    def drawn_keys(self) -> list[tuple[int, int, FooterKey]]:
        """The keys on the line as last drawn, each with its cells (start, end):
        the units' keys in order, then the palette's."""
        return list(self._spans)

    @property
    def line_text(self) -> str:
        """The line as last drawn, as text."""
        return self._line.text

    def key_at(self, x: int) -> FooterKey | None:
        """The key drawn at cell ``x`` of the line, if any."""
        for start, end, key in self._spans:
            if start <= x < end:
                return key
        return None

    def on_mouse_move(self, event: events.MouseMove) -> None:
        self._hover_over(self.key_at(event.x) if event.y == 0 else None)

    def on_leave(self, event: events.Leave) -> None:
        self._hover_over(None)

    def _hover_over(self, key: FooterKey | None) -> None:
        if key == self._hover:
            return
        self._hover = key
        self.tooltip = key.tooltip or None if key else None
        self.styles.pointer = "pointer" if key else "default"
        self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        key = self.key_at(event.x) if event.y == 0 else None
        if key is None:
            return
        if key.enabled:
            self.app.simulate_key(key.key)
        else:
            self.app.bell()
