"""The baselines: a bare Textual app with a Header, a DataTable and a Footer.

``python bench/apps/bare.py`` is baseline (a); ``--deps`` also imports
sqlite_utils, pydantic and click first: baseline (b), the floor our
dependencies set. The table gets 30 rows of six columns, like a scorecard.
``--terminal`` runs it as a user would, on the terminal it was started in,
until ctrl+q (``bench/terminal.py`` measures it there).
"""

from __future__ import annotations

import sys

if "--deps" in sys.argv:
    import click  # noqa: F401
    import pydantic  # noqa: F401
    import sqlite_utils  # noqa: F401

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ROWS = [
    (f"Metric {i}", "shared", f"≥ {i * 10}", str(i * 9), "on track", "▁▂▃▄▅▆▇█") for i in range(30)
]


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Metric", "Owner", "Target", "Actual", "Status", "Last 13 weeks")
        table.add_rows(ROWS)
        table.focus()


def _ready(app: App[None]) -> bool:
    return app.query_one(DataTable).row_count == len(ROWS)


if __name__ == "__main__":
    if "--terminal" in sys.argv:
        Bare().run()
    else:
        import ready

        Bare().run(headless=True, size=(120, 40), auto_pilot=ready.auto_pilot(_ready))
        ready.report()
