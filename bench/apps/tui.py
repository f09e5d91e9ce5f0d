"""The scorecard app as a user starts it (``scorecard tui``, through the CLI), run
headless with the benchmark's auto pilot: ready once the week screen shows
every metric of the week and its commitment and retro lists, and no worker
is still loading.

    SCORECARD_CONFIG=.../scorecard.toml python bench/apps/tui.py
"""

from __future__ import annotations

from typing import Any

import ready
from textual.app import App
from textual.widgets import DataTable

_run = App.run
LISTS = ("due", "made", "notes")


def _ready(app: App[Any]) -> bool:
    if type(app.screen).__name__ != "WeekScreen":
        return False
    metrics = len(app.workspace.config.metrics)  # type: ignore[attr-defined]
    table = app.screen.query_one("#scorecard", DataTable)
    if table.row_count < metrics:
        return False
    # The commitment and retro lists too (each shows at least a "none" row).
    return all(app.screen.query_one(f"#{name}", DataTable).row_count for name in LISTS)


def _headless_run(self: App[Any], *args: Any, **kwargs: Any) -> Any:
    return _run(self, headless=True, size=(120, 40), auto_pilot=ready.auto_pilot(_ready))


if __name__ == "__main__":
    App.run = _headless_run  # type: ignore[method-assign]
    from scorecard.cli import base, cli

    # Headless: there is no terminal for the CLI to find, and none is needed.
    base.interactive = lambda: True

    # `scorecard tui`: bare `scorecard` prints the week when stdout is not a terminal.
    cli.main(["tui"], prog_name="scorecard", standalone_mode=False)
    ready.report()
