"""Keyboard entry, sustained: a long scorecard typed in one burst, every value checked.

A workspace of METRICS count metrics (made here, in a scratch folder) is opened
in the app; Enter on the first metric and then every value and its Enter are
sent at once, the way a terminal delivers keys typed or pasted (without
brackets) faster than the app reads them. The clock runs from the first key
until every value is in the scorecard table and committed to the file (read
by a second connection). Prints JSON: keys, values, seconds (to the last
commit), typed_seconds (until the entry had applied every key) and the values
that came out wrong (there must be none).

    python bench/apps/entry_rate.py FOLDER [METRICS]
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

import ready
from textual import events

from scorecard.defaults import default_config
from scorecard.weeks import Week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry

TIMEOUT_S = 120.0
POLL_S = 0.001


def _workspace(folder: Path, count: int) -> Workspace:
    base = default_config("Entry rate")
    template = base.metrics[0]
    metrics = [
        dataclasses.replace(
            template,
            key=f"m{i:03d}",
            name=f"Metric {i}",
            area=("awareness", "revenue", "trust")[i * 3 // count],
            target=100,
            stage=None,  # plain typed counts: no funnel, no formula
            formula="",
        )
        for i in range(count)
    ]
    config = dataclasses.replace(base, metrics=metrics, goals=[])  # the goals name other metrics
    return Workspace.create(config, folder / "scorecard.toml")


def _key(char: str) -> events.Key:
    return events.Key(char, char)


async def burst(ws: Workspace) -> dict[str, Any]:
    week = Week.current()
    keys_in_order = [m.key for m in ws.config.metrics]  # one area after another
    typed = {key: 100 + 7 * i for i, key in enumerate(keys_in_order)}
    app = ScorecardApp(ws, week, poll_interval=None)
    reader = sqlite3.connect(ws.db_path.as_uri() + "?mode=ro", uri=True)
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + TIMEOUT_S
        while ready.busy(app) or not app.screen.query("#scorecard"):
            await asyncio.sleep(POLL_S)
        table = app.screen.query_one("#scorecard", ScorecardTable)
        while not table.metric_keys:
            await asyncio.sleep(POLL_S)
        order = list(table.metric_keys)
        keys = [events.Key("enter", "\r")]
        for key in order:
            keys += [_key(c) for c in str(typed[key])] + [events.Key("enter", "\r")]
        driver = app._driver
        assert driver is not None
        start = time.perf_counter()
        for key_event in keys:
            driver.send_message(key_event)

        def stored() -> dict[str, float]:
            rows = reader.execute(
                "SELECT metric, value FROM metric_values WHERE week = ?", [week.id]
            ).fetchall()
            return dict(rows)

        entry = app.screen.query_one(ValueEntry)
        typed_at: float | None = None
        started = False
        while time.monotonic() < deadline:
            started = started or entry.active
            if typed_at is None and started and not entry.active:
                typed_at = time.perf_counter()  # every key applied: the entry is through
            lines = table.lines
            shown = all(
                (line := lines.get(k)) is not None and line.actual == typed[k] for k in order
            )
            # Read the file only once the table shows everything: a reader polling
            # all along would hold the shared lock the writer needs to commit.
            if shown and stored() == typed:
                break
            await asyncio.sleep(POLL_S)
        seconds = time.perf_counter() - start
        if typed_at is None:  # it finished between two looks
            typed_at = time.perf_counter()
        got = stored()
        await pilot.pause()
    reader.close()
    wrong = {k: got.get(k) for k in order if got.get(k) != typed[k]}
    return {
        "keys": len(keys),
        "values": len(order),
        "seconds": seconds,
        "typed_seconds": min(typed_at - start, seconds),
        "wrong": wrong,
    }


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    with _workspace(folder, count) as workspace:
        print(json.dumps(asyncio.run(burst(workspace))))
