"""Whether a screen can still take a worker's result."""

from __future__ import annotations

from typing import Any

from textual.screen import Screen


def still_shown(screen: Screen[Any]) -> bool:
    """True while ``screen`` is on the app's stack (shown, or under a dialog).

    A thread worker's result can arrive while its screen is being left: the
    screen is taken off the stack first and its widgets are removed after, so
    ``is_attached`` alone lets a late result query widgets that are gone. When
    the app quits, screens lose their widgets while still on the stack.
    """
    app = screen.app
    return app.is_running and screen.is_attached and screen in app.screen_stack
