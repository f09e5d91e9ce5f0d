"""Resource bounds: memory does not grow with history.

The same actions on a one-year and a ten-year workspace: opening it, the week
the app shows first, ``show``, exporting the week in every format, a quarter's
report. Their peak memory (tracemalloc) must stay within a small factor: what
they hold is bounded by what they show, not by how much history there is.
A ratio of allocations, never a timing.
"""

from __future__ import annotations

import gc
import tracemalloc
from collections.abc import Callable

import pytest

from scorecard.workspace import Workspace
from tests.reliability import history
from tests.reliability.conftest import terminal

pytestmark = pytest.mark.slow

FACTOR = 1.5


@pytest.fixture(scope="module")
def workspaces(tmp_path_factory):
    return {years: history.build(tmp_path_factory.mktemp(f"y{years}"), years) for years in (1, 10)}


def _peak(action: Callable[[], object], *, warm_up: bool = True) -> int:
    if warm_up:
        action()  # imports and caches are not history
    gc.collect()
    tracemalloc.start()
    try:
        action()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def _open_and_summarise(config):
    def action():
        with Workspace.open(config) as ws:
            return ws.summary(history.LAST)

    return action


def _cli(config, *args):
    def action():
        done = terminal("--config", str(config), *args)
        assert done.exit_code == 0, done.stderr
        return done.stdout

    return action


ACTIONS = {
    "open+summary": lambda c: _open_and_summarise(c),
    "show": lambda c: _cli(c, "show"),
    "export-markdown": lambda c: _cli(c, "export"),
    "export-json": lambda c: _cli(c, "export", "-f", "json"),
    "export-csv": lambda c: _cli(c, "export", "-f", "csv"),
    "export-commitments": lambda c: _cli(c, "export", "-f", "csv", "--commitments"),
    "quarter": lambda c: _cli(c, "export", "--from", "2026-W35", "--to", "2026-W47"),
    "commitments-open": lambda c: _cli(c, "commitment", "list", "--open"),
}


def test_the_ten_year_workspace_is_what_it_claims(workspaces):
    with Workspace.open(workspaces[10]) as ws:
        oldest = history.LAST - (10 * 52 - 1)
        assert len(ws.values_between(oldest, history.LAST)) == 10 * 52 * len(
            [m for m in ws.config.metrics if not m.derived]
        )
        assert len(ws.notes(oldest)) == 4
    assert workspaces[10].with_name("scorecard.db").stat().st_size > 3_000_000


@pytest.mark.parametrize("name", sorted(ACTIONS))
def test_memory_does_not_grow_with_history(workspaces, name):
    one, ten = (_peak(ACTIONS[name](workspaces[years])) for years in (1, 10))
    assert ten <= FACTOR * one + 256 * 1024, f"{name}: {one:,} bytes for 1 year, {ten:,} for 10"


def test_the_app_opening_on_ten_years_holds_what_one_year_holds(workspaces):
    import asyncio

    from screens.app import ScorecardApp
    from tests.screens.conftest import settle

    def action(config):
        async def run():
            with Workspace.open(config) as ws:
                app = ScorecardApp(ws, history.LAST, poll_interval=None)
                async with app.run_test(size=(120, 40)) as pilot:
                    await settle(pilot)
                    await pilot.press("h")  # history: the trend chart of the default range
                    await settle(pilot)

        return lambda: asyncio.run(run())

    # One warm-up (imports, Textual's caches) serves both: it is the app, not history.
    one = _peak(action(workspaces[1]))
    ten = _peak(action(workspaces[10]), warm_up=False)
    assert ten <= FACTOR * one, f"app: {one:,} bytes for 1 year, {ten:,} for 10"
