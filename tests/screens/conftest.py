"""Helpers for driving the app with Pilot: a demo or fresh workspace, no polling
(tests trigger change detection themselves), and a way to wait for workers."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerState

from scorecard.workspace import Workspace
from screens.app import ScorecardApp


async def settle(pilot: Pilot[None]) -> None:
    """Let messages, screen switches and thread workers finish.

    A worker superseded by a newer one of its exclusive group ends cancelled;
    that is how a second reload replaces the first, not a failure.
    """
    for _ in range(3):
        await pilot.pause()
        await wait_for_workers(pilot.app)
    # On a loaded machine a thread worker can still be waiting to start after those
    # rounds (a screen's load, say): wait for it too, a bounded while, then for it.
    for _ in range(500):
        if not any(w.state is WorkerState.PENDING for w in pilot.app.workers):
            break
        await pilot.pause(0.01)
    await wait_for_workers(pilot.app)
    await pilot.pause()


async def wait_for_workers(app: App[object]) -> None:
    """Wait until every worker has ended; cancelled ones are fine, failed ones raise."""
    for worker in list(app.workers):
        if worker.state is WorkerState.PENDING:  # not started yet: the next round waits
            continue
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()


async def git_checked(pilot: Pilot[None], timeout: float = 30.0) -> None:
    """Wait until the app has asked git and shown what it said (a moment after
    its first frame: ``screens.app.GIT_CHECK_DELAY``), then let that settle."""
    import time

    app = pilot.app
    deadline = time.monotonic() + timeout
    while not getattr(app, "git_checks", 0):
        assert time.monotonic() < deadline, "git was never asked"
        await pilot.pause(0.01)
    await settle(pilot)


async def press(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
    await settle(pilot)


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type ``text`` into the focused widget.

    A plain text field (Textual's own ``Input`` editing, no ``restrict`` or
    ``max_length``) gets it as one paste, which a field applies exactly as the
    same keys one by one, in a fraction of the time (each key press is a round
    of Pilot's waits). Anything else gets the keys: the value entry and the
    scorecard handle every key themselves (type-to-edit, their own order).
    """
    focused = pilot.app.focused
    if text and "\n" not in text and _plain_field(focused):
        focused.post_message(events.Paste(text))
        await pilot.pause()
        return
    await pilot.press(*[_key(c) for c in text])


def _plain_field(widget: object) -> bool:
    return (
        isinstance(widget, Input)
        and type(widget)._on_paste is Input._on_paste
        and type(widget)._on_key is Input._on_key
        and widget.restrict is None
        and not widget.max_length
    )


def _key(char: str) -> str:
    names = {" ": "space", ",": "comma", ".": "full_stop", "-": "minus", "$": "dollar_sign"}
    names |= {"%": "percent_sign", "'": "apostrophe", ":": "colon", "!": "exclamation_mark"}
    return names.get(char, char)


@pytest.fixture
def demo_ws(demo_dir: Path) -> Iterator[Workspace]:
    ws = Workspace.open(demo_dir / "scorecard.toml")
    yield ws
    ws.close()


@pytest.fixture
def make_app():
    def factory(ws: Workspace, week: str | None = None) -> ScorecardApp:
        from scorecard.weeks import parse_week

        return ScorecardApp(ws, parse_week(week) if week else None, poll_interval=None)

    return factory
