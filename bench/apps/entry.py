"""Keyboard entry: a whole week's scorecard typed through Pilot, as in the sync.

For each metric, the value is typed (untimed), then Enter is sent and the
clock runs until the scorecard table holds the new value in its Actual cell
and the row is committed to the database file (read by a second connection).
Prints the latencies in milliseconds as JSON.

    SCORECARD_CONFIG=.../scorecard.toml python bench/apps/entry.py
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
import time
from typing import Any

import ready
from textual import events
from textual.widgets import DataTable

from scorecard.numbers import format_number
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp

TIMEOUT_S = 10.0
POLL_S = 0.0005
"""Sleep between checks: a busy loop would starve the worker thread of the GIL."""


def _typed(target: float, unit: str, current: float | None) -> float:
    value = float(max(1, round(target * 1.05)))
    if unit == "percent":
        value = min(value, 99.0)
    return value + 1 if value == current else value


async def _until(app: Any, condition: Any) -> None:
    deadline = time.monotonic() + TIMEOUT_S
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not get there in time")
        await asyncio.sleep(POLL_S)


async def enter_scorecard(workspace: Workspace) -> list[float]:
    week = Week.current()
    app = ScorecardApp(workspace, week)
    reader = sqlite3.connect(workspace.db_path.as_uri() + "?mode=ro", uri=True)
    latencies: list[float] = []
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(app, lambda: not ready.busy(app) and _table(app).row_count > 0)
        table = _table(app)
        config = workspace.config
        # Derived metrics are computed, not typed: the entry skips them by itself.
        keys = [k for k in table.metric_keys if not getattr(config.metric(k), "formula", "")]
        table.focus()
        table.select_metric(keys[0])
        await pilot.press("enter")  # starts the entry on the first metric
        for key in keys:
            spec = config.metric(key)
            assert spec is not None
            value = _typed(table.lines[key].target, spec.unit, table.lines[key].actual)
            await pilot.press(*f"{value:g}")
            shown = format_number(value, spec.unit, config.currency)

            def done(key: str = key, value: float = value, shown: str = shown) -> bool:
                line = table.lines.get(key)
                if line is None or line.actual != value:
                    return False
                if shown not in str(table.get_cell(key, "Actual")):
                    return False
                row = reader.execute(
                    "SELECT value FROM metric_values WHERE week = ? AND metric = ?",
                    [week.id, key],
                ).fetchone()
                return row is not None and row[0] == value

            assert app._driver is not None
            start = time.perf_counter()
            app._driver.send_message(events.Key("enter", "\r"))
            await _until(app, done)
            latencies.append((time.perf_counter() - start) * 1000)
            # Settle (untimed) before the next value: the entry moves on by itself.
            await _until(app, lambda: not ready.busy(app))
            await pilot._wait_for_screen()
    reader.close()
    return latencies


def _table(app: Any) -> Any:
    return app.screen.query_one("#scorecard", DataTable)


if __name__ == "__main__":
    with Workspace.open() as ws:
        print(json.dumps(asyncio.run(enter_scorecard(ws))))
