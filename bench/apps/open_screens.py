"""Every screen of the app, opened by its key on the benchmark's workspace.

For each screen: from the key press on the week screen until that screen is
the active one and mounted, none of its workers is still loading, every
message queued meanwhile is handled, and it has been drawn, with what waits
for that frame (Textual's footer composes its keys after a refresh) done and
drawn too;
then Escape goes back to the week screen, which is drawn (untimed). A tab inside a screen
(History's commitments and say/do tabs) is timed the same way from its key.
Each screen is opened ``ROUNDS`` times; prints ``{name: [ms, ...]}`` as JSON.
With ``--first``, each is opened once, in the same order, by an app that has
not opened it before (what a person meets the first time a session needs it:
nothing made by an earlier opening is there to reuse); the benchmark runs that
in several processes. Screens whose key the app does not have (yet) are left out.

    SCORECARD_CONFIG=.../scorecard.toml python bench/apps/open_screens.py [--first]
"""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ready
from textual import events
from textual.app import App
from textual.pilot import Pilot

from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp

TIMEOUT_S = 10.0
ROUNDS = 5
POLL_S = 0.0005
FRAMES = 10
"""At most this many frames drawn for one opening (each one's after-refresh work)."""


@dataclass(frozen=True)
class Opening:
    name: str
    keys: tuple[str, ...]
    """From the week screen: all but the last are untimed steps to get there
    (pressed through Pilot, so characters can be typed)."""
    screen: str
    """The class name of the screen that must be active."""
    done: Callable[[Any], bool] = lambda screen: True
    """Anything else that must hold once it is drawn (a tab shown)."""
    back: tuple[str, ...] = ("escape",)
    """Keys back to the week screen as it was (untimed)."""


def _tab(name: str) -> Callable[[Any], bool]:
    def shown(screen: Any) -> bool:
        # The history's tabs (screens/tabs.py): ``active`` is the tab shown.
        found = screen.query("#history-tabs")
        return bool(found) and getattr(found.first(), "active", None) == name

    return shown


def _grid(screen: Any) -> bool:
    from textual.widgets import DataTable

    table = screen.query_one("#scorecard", DataTable)
    return bool(getattr(table, "grid", False)) and len(table.columns) > 8


TEN_YEARS_BACK = (Week.current() - 519).id
KEY_NAMES = {"-": "minus"}


def _ten_years(screen: Any) -> bool:
    return str(getattr(screen, "first", "")) == TEN_YEARS_BACK


OPENINGS = [
    Opening("history (trend)", ("h",), "HistoryScreen"),
    Opening("history: commitments", ("h", "2"), "HistoryScreen", _tab("commitments")),
    Opening("history: say/do", ("h", "3"), "HistoryScreen", _tab("saydo")),
    # The range typed into the history's "from" field, then Enter (timed): 520 weeks
    # of the metric, every commitment and say/do week of ten years.
    Opening(
        "history over 520 weeks",
        ("h", "f", "ctrl+a", "ctrl+k", *(KEY_NAMES.get(c, c) for c in TEN_YEARS_BACK), "enter"),
        "HistoryScreen",
        _ten_years,
        back=("escape", "escape"),
    ),
    Opening("guided sync", ("s",), "GuidedSyncScreen"),
    Opening("issues", ("I",), "IssuesScreen"),
    Opening("goals", ("G",), "GoalsScreen"),
    Opening("grid (13 weeks)", ("v",), "WeekScreen", _grid, back=("v",)),
    Opening("agreements", ("r",), "AgreementsScreen"),
    Opening("help", ("question_mark",), "HelpScreen"),
]


async def _until(condition: Callable[[], bool], timeout: float = TIMEOUT_S) -> bool:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await asyncio.sleep(POLL_S)
    return True


def _key(app: App[Any], key: str) -> None:
    # Straight to the driver, as a terminal's key arrives: Pilot.press would
    # add its own waits to the time measured. (Private API: benchmark only.)
    assert app._driver is not None
    character = {"enter": "\r", "escape": "\x1b"}.get(key, key if len(key) == 1 else None)
    app._driver.send_message(events.Key(key, character))


async def _settled(pilot: Pilot[Any], shown: Callable[[], bool]) -> bool:
    """Until ``shown`` holds, the screen is mounted (its ``on_mount`` has run: a
    pushed screen is the active one before that), and it stays so once every
    message queued meanwhile is handled (a highlighted row may start a worker)."""
    app = pilot.app

    def ready_now() -> bool:
        return app.screen.is_mounted and not ready.busy(app) and shown()

    while True:
        if not await _until(ready_now):
            return False
        await pilot._wait_for_screen()  # (private: benchmark only)
        if ready_now():
            return True


async def _open(pilot: Pilot[Any], opening: Opening) -> float | None:
    app = pilot.app
    *steps, last = opening.keys
    for key in steps:
        await pilot.press(key)
        await _settled(pilot, lambda: True)
    if steps and type(app.screen).__name__ != opening.screen:
        return None  # this app has no such screen (yet)
    start = time.perf_counter()
    _key(app, last)

    def shown() -> bool:
        screen = app.screen
        return type(screen).__name__ == opening.screen and opening.done(screen)

    if not await _settled(pilot, shown):
        return None
    screen = app.screen
    for _ in range(FRAMES):
        screen._on_timer_update()  # drawn now, not at the next frame (private: benchmark only)
        # What waits for a frame to be drawn (call_after_refresh: Textual's footer
        # composes its keys so) runs and is drawn too: until then the screen is
        # not all there (private: benchmark only).
        if not screen._callbacks:
            break
        await screen._invoke_and_clear_callbacks()
        if not await _settled(pilot, shown):
            return None
    return (time.perf_counter() - start) * 1000


async def _back(pilot: Pilot[Any], opening: Opening) -> None:
    app = pilot.app
    for key in opening.back:
        await pilot.press(key)
        await _settled(pilot, lambda: True)
    for _ in range(3):
        if type(app.screen).__name__ == "WeekScreen":
            break
        _key(app, "escape")
        await _until(lambda: type(app.screen).__name__ == "WeekScreen", 2.0)
    # Drawn, as a person sees it before the next key: the next opening is not
    # charged with the week screen's own frame (a dialog draws it underneath).
    await _settled(pilot, lambda: True)
    app.screen._on_timer_update()  # (private: benchmark only)


async def open_screens(workspace: Workspace, rounds: int = ROUNDS) -> dict[str, list[float]]:
    app = ScorecardApp(workspace, Week.current(), poll_interval=None)
    # As `scorecard` does before it runs the app (scorecard/cli/app.py): what the
    # imports made is left out of the garbage collector's full passes.
    gc.freeze()
    timings: dict[str, list[float]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await _settled(pilot, lambda: type(app.screen).__name__ == "WeekScreen")
        # The first key is pressed once the app has made ready, in idle time after
        # the week was drawn, what the other screens' first openings need
        # (screens/prepare.py: it starts half a second after the first frame and
        # takes a few tenths more): a person reads the week before pressing a key.
        preparation = getattr(app, "preparation", None)
        if preparation is not None:
            await _until(lambda: preparation.done)
        for opening in OPENINGS:
            for _ in range(rounds):
                took = await _open(pilot, opening)
                await _back(pilot, opening)
                if took is None:  # this app has no such screen (yet)
                    break
                timings.setdefault(opening.name, []).append(took)
    return timings


if __name__ == "__main__":
    first = "--first" in sys.argv[1:]
    with Workspace.open() as ws:
        print(json.dumps(asyncio.run(open_screens(ws, 1 if first else ROUNDS))))
