"""The footer, fitted to the terminal's width.

Textual's footer lays every key out in one row and lets the ones that do not
fit run under the command-palette key at the right edge (at 80 columns the
week screen lost Quit and Help, and a cut-off letter sat beside ``^p``). This
one always shows the app's own keys (Quit, Help) and the keys a screen names
in ``FOOTER_FIRST`` (the guided sync's step keys), then the other keys in
their order for as long as they fit; the rest are one key away, in help
(``?``) and the command palette (``ctrl+p``). Shown keys keep their order.

Textual's footer is rebuilt (every key mounted and styled again) whenever the
screen's bindings are refreshed: a change of focus, a list that became empty.
This one is rebuilt only when what it shows would change, and its keys are
made with the compact class they are given once mounted (Textual's get it from
a data binding then: every key restyled once more as the footer appears).
And Textual's composes its keys one refresh after the screen's bindings are
first signalled: every screen (and start-up) was laid out and drawn once
without them, and again with them. This one is given its keys by its screen
as the screen is first resumed (``screens/lifecycle.py``), once the screen has
its focus and before Textual lays it out, so the first frame shows them; the
signal that follows changes nothing unless the keys shown do.
"""

from __future__ import annotations

import asyncio
from typing import Any

from rich.cells import cell_len
from textual import events
from textual.app import ComposeResult
from textual.dom import NoScreen
from textual.reactive import Reactive
from textual.widget import Widget
from textual.widgets import Footer

#: The palette key at the right edge: its border, ``^p``, a space, ``palette``.
PALETTE_CELLS = 11


def key_cells(key: Widget) -> int:
    """Cells one compact footer key takes: the key, a space, its words, a gap."""
    display, words = getattr(key, "key_display", ""), getattr(key, "description", "")
    return cell_len(display + (f" {words}" if words else "")) + 1


class FittedFooter(Footer):
    """A compact footer that leaves out the screen's last keys rather than cut any."""

    DEFAULT_CSS = """
    FittedFooter.-compact {
        KeyGroup FooterKey.-grouped { margin: 0 1 0 0; }
        FooterLabel { margin: 0 1 0 0; }
    }
    """

    def __init__(self) -> None:
        super().__init__(compact=True)
        self._shown_for: tuple[Any, ...] | None = None
        """What the keys shown were made from (see :meth:`shows`)."""
        self._keys_shown: asyncio.Future[None] | None = None
        """Done once :meth:`show_keys` has mounted the keys (or the footer is gone)."""

    def shows(self) -> tuple[Any, ...]:
        """Everything the footer's keys are made from: the screen's active
        bindings that a footer shows (and the palette's), whether each can run
        now, their tooltips and key displays."""
        app = self.app
        palette = app.COMMAND_PALETTE_BINDING
        return tuple(
            (binding, enabled, tooltip, app.get_key_display(binding))
            for key, (_, binding, enabled, tooltip) in self.screen.active_bindings.items()
            if binding.show or key == palette
        )

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            if self.compact and type(widget).__name__ == "FooterKey":  # not public
                # FooterKey's watcher adds the class when mounted, restyling the
                # key; made with it, the key is styled once, as it is mounted.
                widget.add_class("-compact", update=False)
            yield widget

    async def show_keys(self) -> None:
        """Compose the keys now, from the screen's bindings as they are (its
        focus set), instead of a refresh after the first bindings signal;
        returns once they are mounted."""
        # Textual's footer composes nothing until this flag is set (by that
        # signal). A release without it: the keys come as Textual brings them.
        ready = getattr(Footer, "_bindings_ready", None)
        if not isinstance(ready, Reactive) or self._shown_for is not None:
            return
        done = self._keys_shown = asyncio.get_running_loop().create_future()

        async def compose_keys() -> None:
            try:
                self.set_reactive(ready, True)
                await self.recompose()
            finally:
                _resolve(done)

        # In the footer's own message loop: its keys bind to it as they are made.
        if self.call_later(compose_keys):
            await done

    def on_unmount(self) -> None:
        if self._keys_shown is not None:
            _resolve(self._keys_shown)  # removed first: nobody waits for its keys

    async def recompose(self) -> None:
        try:
            shows = self.shows()
        except NoScreen:  # its screen was closed before a pending recompose ran
            return
        if shows == self._shown_for:
            return  # the same keys: rebuilding them would only cost a layout
        await super().recompose()
        # Nothing is composed until Textual says the bindings are ready.
        self._shown_for = shows if self.query("FooterKey") else None
        self.fit(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    def _units(self) -> list[list[Widget]]:
        """The footer's parts that show or hide together, in order: one key, or a
        group of keys (``Binding.Group``: ``⇧↑ ⇧↓ Move``) with its label."""
        groups = set(self.query_children("KeyGroup"))
        labels = set(self.query_children("FooterLabel"))
        keys = set(self.query_children("FooterKey"))
        units: list[list[Widget]] = []
        children = list(self.children)
        for at, child in enumerate(children):
            if child.has_class("-command-palette"):
                continue
            if child in groups:
                units.append([child, *(w for w in children[at + 1 : at + 2] if w in labels)])
            elif child in keys:
                units.append([child])
        return units

    def fit(self, width: int) -> None:
        """Show the keys that must show and, in order, the others that fit ``width``."""
        try:
            screen = self.screen
        except NoScreen:  # its screen was closed before a pending recompose ran
            return
        first = set(getattr(screen, "FOOTER_FIRST", ()))
        kept = {
            binding.action
            for node, binding, _, _ in screen.active_bindings.values()
            if node is self.app or binding.id in first
        }
        units = self._units()
        everything = len(self.query("FooterKey"))
        shown_keys = sum(len(list(_keys(unit))) for unit in units)
        palette = PALETTE_CELLS if shown_keys < everything else 0
        room = width - palette
        room -= sum(_cells(unit) for unit in units if _kept(unit, kept))
        full = False
        for unit in units:
            if _kept(unit, kept):
                continue
            full = full or _cells(unit) > room
            for part in unit:
                part.display = not full
            if not full:
                room -= _cells(unit)


def _keys(unit: list[Widget]) -> list[Widget]:
    return [
        key for part in unit for key in (part, *part.query("FooterKey")) if hasattr(key, "action")
    ]


def _kept(unit: list[Widget], kept: set[str]) -> bool:
    return any(getattr(key, "action", None) in kept for key in _keys(unit))


def _cells(unit: list[Widget]) -> int:
    """Cells a unit takes: its keys, and a group's label after them."""
    label = sum(cell_len(str(part.render())) + 1 for part in unit[1:])
    return sum(key_cells(key) for key in _keys(unit)) + label


def _resolve(done: asyncio.Future[None]) -> None:
    if not done.done():
        done.set_result(None)
