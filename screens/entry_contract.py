"""What the value entry and its screen agree on: the keys the entry takes, and
how the screen describes each metric to it (:class:`Slot`, :class:`EntryHost`).

The entry (screens/value_entry.py) never saves by itself and never decides what
a value may be: the screen says, metric by metric, and saves what is submitted
(screens/value_saving.py): the entry hands each value over with
:meth:`EntryHost.save`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from scorecard.weeks import Week

IDLE_PROMPT = "Type a value, or Enter on a metric:"
#: Characters that, typed on a highlighted metric, open its entry with them.
TYPE_TO_EDIT = frozenset("0123456789-.$")
SUBMIT_KEYS = frozenset({"enter", "ctrl+j"})  # ctrl+j: a newline in a paste without brackets
BACK_KEYS = frozenset({"up", "shift+enter"})
#: Editing keys of the field, applied in order like the characters.
EDIT_ACTIONS = {
    "backspace": "action_delete_left",
    "delete": "action_delete_right",
    "ctrl+d": "action_delete_right",
    "left": "action_cursor_left",
    "right": "action_cursor_right",
    "home": "action_home",
    "ctrl+a": "action_home",
    "end": "action_end",
    "ctrl+e": "action_end",
    "ctrl+u": "action_delete_left_all",
    "ctrl+k": "action_delete_right_all",
    "ctrl+w": "action_delete_left_word",
}


def is_entry_key(key: str, printable: bool) -> bool:
    """Whether the entry takes this key itself (in order), rather than the screen."""
    return (
        key in SUBMIT_KEYS
        or key in BACK_KEYS
        or key in EDIT_ACTIONS
        or key == "escape"
        or printable
    )


@dataclass(frozen=True, slots=True)
class Slot:
    """What the entry needs to know about one metric, from the screen."""

    prompt: str
    shown: float | None
    """The value on screen now (``None``: empty)."""
    read: Callable[[str], float]
    """Typed text to value, with the metric's bounds (:func:`scorecard.bounds.parse_value`)."""
    show: Callable[[float], str]
    """A value as the scorecard shows it."""
    example: str
    """What to type, for the message when the text is not a number."""
    week: Week
    """The week the value is for (the screen may have moved on by the time it is saved)."""


@dataclass(frozen=True, slots=True)
class Submission:
    """A value for ``metric`` that its bounds accept, for the screen to save.

    ``expected`` is the value that was on screen when the user began typing
    it: the save is refused if the stored value is no longer that.
    """

    week: Week
    metric: str
    value: float
    text: str
    expected: float | None


class EntryHost(Protocol):
    """The screen, as the entry sees it."""

    def slot(self, metric: str) -> Slot | None: ...
    def metric_after(self, metric: str) -> str | None: ...
    def metric_before(self, metric: str) -> str | None: ...
    def highlight(self, metric: str) -> None: ...
    def may_enter(self, metric: str, initial: str) -> bool: ...
    def entry_finished(self) -> None: ...
    def save(self, submission: Submission) -> None:
        """Save ``submission`` behind the entry, in the order submitted. Called as
        Enter is handled, not through a message: the save starts before the
        next frame is drawn, not after it."""
