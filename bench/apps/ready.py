"""Time to ready, as the benchmark measures it for every app alike.

An auto pilot that waits (without the fixed sleeps of ``Pilot.pause``) until
the app says its first screen shows its data, with no worker still running;
then sends one key and waits until it is handled, draws the screen, notes
the monotonic clock and exits. The launcher prints that time after the app
has exited, and the parent compares it with its own clock before the spawn.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Callable
from typing import Any

from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.worker import WorkerState
from vmhwm import peak_kb

TIMEOUT_S = 60.0
_ready_ns: list[int] = []


def busy(app: App[Any]) -> bool:
    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)


def auto_pilot(ready: Callable[[App[Any]], bool], key: str = "down") -> Any:
    async def pilot_fn(pilot: Pilot[Any]) -> None:
        app = pilot.app
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            await pilot._wait_for_screen()
            if not busy(app) and ready(app):
                break
            if time.monotonic() > deadline:
                app.exit(message="not ready in time")
                return
            await asyncio.sleep(0.001)
        # It accepts keys: one key press, handled.
        assert app._driver is not None
        app._driver.send_message(events.Key(key, None))
        await pilot._wait_for_screen()
        # Fully drawn: render the screen now rather than at the next frame tick.
        app.screen._on_timer_update()
        _ready_ns.append(time.monotonic_ns())
        app.exit()

    return pilot_fn


def report() -> None:
    """Print the ready time (monotonic ns) for the parent; exit 3 if never ready."""
    if not _ready_ns:
        print("not ready", file=sys.stderr)
        sys.exit(3)
    print(f"READY {_ready_ns[0]}")
    print(f"PEAK {peak_kb()}")
