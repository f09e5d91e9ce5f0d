"""Helpers for driving the app with Pilot: a demo or fresh workspace, no polling
(tests trigger change detection themselves), and a way to wait for workers."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.app import App
from textual.message_pump import MessagePump
from textual.pilot import Pilot
from textual.widgets import Input
from textual.worker import WorkerCancelled, WorkerState

from scorecard.workspace import Workspace
from screens.app import ScorecardApp


async def settle(pilot: Pilot[None]) -> None:
    """Let messages, screen switches, frames and thread workers finish.

    Rounds of Pilot's pause (every widget of the screen handles what was sent
    to it before, then a frame), each followed by a wait for the workers,
    until a round ends quiet (:func:`quiet`): nothing queued for any widget of
    any screen, no worker started or running, no frame or callback due. A
    worker superseded by a newer one of its exclusive group ends cancelled;
    that is how a second reload replaces the first, not a failure.
    """
    app = pilot.app
    deadline = time.monotonic() + SETTLE_DEADLINE_S
    while True:
        await pilot.pause()
        waited = await wait_for_workers(app)
        if app._exit or not app.is_running or app._closing:
            return  # quit: nothing more comes
        if not waited and quiet(app):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the app never settled: {busy(app)}")
        if not waited and any(w.state is WorkerState.PENDING for w in app.workers):
            # A thread worker not started yet (a loaded machine): give it the loop.
            await pilot.pause(0.01)


#: Only a hang reaches it (docs/testing.md: waits are for conditions).
SETTLE_DEADLINE_S = 30.0


def busy(app: App[object]) -> str | None:
    """What the app is still doing, or None when it is quiet."""
    for worker in app.workers:
        if worker.state in (WorkerState.PENDING, WorkerState.RUNNING):
            return f"worker {worker.name!r} {worker.state.name}"
    if app._batch_count:
        return "an update batch is open"
    if app._resize_event is not None:  # the app passes a resize on a moment later
        return "a resize is due"
    if app.animator._animations or app.animator._scheduled:
        return "an animation"
    nodes: list[MessagePump] = [app]
    for screen in app.screen_stack:
        if screen._callbacks or screen._recompose_required:
            return f"callbacks due after {screen!r}'s refresh"
        nodes += screen.walk_children(with_self=True)
    for node in nodes:
        if node._pending_message is not None or not node._message_queue.empty():
            return f"messages queued for {node!r}"
        if node._next_callbacks:
            return f"callbacks queued for {node!r}"
    screen = app.screen
    if screen._layout_required or screen._repaint_required or screen._dirty_widgets:
        return "a frame is due"
    return None


def quiet(app: App[object]) -> bool:
    return busy(app) is None


async def wait_for_workers(app: App[object]) -> bool:
    """Wait until every started worker has ended; cancelled ones are fine,
    failed ones raise. Whether there was one to wait for."""
    waited = False
    for worker in list(app.workers):
        if worker.state is WorkerState.PENDING:  # not started yet: the next round waits
            continue
        if worker.state is WorkerState.RUNNING:
            waited = True
        with contextlib.suppress(WorkerCancelled):
            await worker.wait()
    return waited


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


def notices(app: App[Any]) -> list[str]:
    """Every message ``app`` notifies from now on, as it was said.

    Textual forgets a notification once its timeout has passed (``App._notifications``
    drops it when next read), and on a loaded machine that can come before a test
    looks: a test asks this list instead.
    """
    heard: list[str] = []
    notify = app.notify

    def recording(message: str, **kwargs: Any) -> None:
        heard.append(str(message))
        notify(message, **kwargs)

    app.notify = recording  # type: ignore[method-assign]
    return heard


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
    """The app with polling off (a test calls ``app.data_changed()``) and without
    its idle preparation (screens/prepare.py: on a loaded machine it ran in some
    tests and not others; a screen opened after it looks as one opened cold,
    tests/screens/test_prepare.py holds that)."""

    def factory(ws: Workspace, week: str | None = None) -> ScorecardApp:
        from scorecard.weeks import parse_week

        return ScorecardApp(
            ws, parse_week(week) if week else None, poll_interval=None, prepare_after=None
        )

    return factory
