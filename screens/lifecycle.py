"""A screen's life: whether it can still take a worker's result, and opening
it with one layout, not three."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from textual import events
from textual.geometry import Size
from textual.screen import Screen
from textual.widget import Widget


def still_shown(screen: Screen[Any]) -> bool:
    """True while ``screen`` is on the app's stack (shown, or under a dialog).

    A thread worker's result can arrive while its screen is being left: the
    screen is taken off the stack first and its widgets are removed after, so
    ``is_attached`` alone lets a late result query widgets that are gone. When
    the app quits, screens lose their widgets while still on the stack.
    """
    app = screen.app
    return app.is_running and screen.is_attached and screen in app.screen_stack


def css_read(screen: Screen[Any]) -> bool:
    """Whether the app has read ``screen``'s CSS already (it was opened before)."""
    stylesheet = screen.app.stylesheet
    return not screen.CSS and all(stylesheet.has_source(str(p), "") for p in screen.css_path)


def size_classes(screen: Screen[Any], size: Size) -> dict[str, bool]:
    """The breakpoint classes ``screen`` has at ``size`` (each True or False),
    as Textual gives them on a resize."""
    app = screen.app
    across, down = screen.HORIZONTAL_BREAKPOINTS, screen.VERTICAL_BREAKPOINTS
    classes: dict[str, bool] = {}
    for dimension, breakpoints in (
        (size.width, app.HORIZONTAL_BREAKPOINTS if across is None else across),
        (size.height, app.VERTICAL_BREAKPOINTS if down is None else down),
    ):
        names = sorted(breakpoints or ())
        fits = [name for edge, name in names if dimension >= edge]
        classes |= {name: bool(fits) and name == fits[-1] for _, name in names}
    return classes


@contextmanager
def sized_quietly() -> Iterator[None]:
    """While a screen is laid out: each widget is given its size without asking
    for another layout of the screen.

    Textual's layout gives every widget its size, virtual size and container
    size, and a widget whose virtual size changed asks for the screen to be laid
    out again. The arrangement just made already holds every widget's content
    (its virtual size comes from it), so that layout arranges the same again and
    draws every widget once more: at a screen's first layout every widget's
    virtual size changed (from nothing), and the week screen was laid out twice
    more (the second time for the scrollbars the first one sized), a third of
    the CPU from its first layout to ready (docs/benchmarks.md). What does change
    the layout still asks for one itself: a scrollbar shown or hidden (Textual's
    ``show_vertical_scrollbar`` is a layout reactive), content changed, a widget
    mounted. Layouts are synchronous: nothing else runs while this holds.
    """
    real = Widget.__dict__.get("_size_updated")
    if real is None:  # a release that moved it: Textual's own way
        yield
        return

    def quietly(
        self: Widget, size: Size, virtual_size: Size, container_size: Size, layout: bool = True
    ) -> bool:
        changed: bool = real(self, size, virtual_size, container_size, layout=False)
        return changed

    Widget._size_updated = quietly  # type: ignore[method-assign]
    try:
        yield
    finally:
        Widget._size_updated = real  # type: ignore[method-assign]


if TYPE_CHECKING:
    _Base = Screen[Any]
else:
    _Base = object


class OpensOnce(_Base):
    """For a screen that is given its size classes before it is mounted
    (``ScorecardApp.sized``): opening it lays it out once.

    Textual restyles every widget of a screen when it is resumed, also the first
    time, right after mounting styled them; and every Resize the screen gets lays
    it out again, with the screens under it (a dialog's blended background is the
    week screen drawn again): the one its own first layout sends, and at start-up
    two more of the terminal's size (the app's first size, then the driver's,
    passed on when the app is idle). None changes anything when the screen was
    laid out at that size and has its classes: they are skipped. A real resize
    (another size), and resuming the screen later, do everything.
    """

    # Textual calls the handler of each class of the MRO (``_on_…`` before
    # ``on_…`` in each), so these run before Screen's own and beside a screen's
    # ``on_resize`` / ``on_screen_resume``, which run first.

    _resumed = False
    _laid_out_at: Size | None = None
    styled_when_mounted = False
    """Set by ``ScorecardApp.sized`` when the screen's CSS was read before (it
    opened before): then mounting styled every widget. The first time, the
    screen itself is styled before its CSS is read, and the restyle fixes it."""

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        # Screen's own handler, next, lays the screen out at the app's size.
        self._laid_out_at = self.app.size
        self._hide_toasts_quietly()
        if not self._resumed:
            self._resumed = True
            if self.styled_when_mounted:
                event.refresh_styles = False  # styled as it was mounted, a moment ago

    def _hide_toasts_quietly(self) -> None:
        """Textual shows or hides the screen's notifications as it resumes, just
        after its first layout: hiding the rack, hidden by its CSS already, set
        ``display`` anew and laid the whole screen out once more. Said before
        that layout, without a refresh, hiding it again changes nothing."""
        for rack in self.query_children("ToastRack"):
            if rack.styles.display == "none":
                rack.styles.set_rule("display", "none")

    def _refresh_layout(self, size: Size | None = None, scroll: bool = False) -> None:
        with sized_quietly():
            super()._refresh_layout(size, scroll)

    async def _on_resize(self, event: events.Resize) -> None:
        """A Resize of the size the screen was laid out at, with the classes it has,
        changes nothing; every other one is Textual's to handle (the screen is
        laid out at its size then)."""
        wanted = size_classes(self, event.size)
        if event.size == self._laid_out_at and all(
            self.has_class(name) == on for name, on in wanted.items()
        ):
            event.stop()
            event.prevent_default()  # Screen's own handler: the same layout again
            return
        self._laid_out_at = event.size
