"""The cyclic garbage collector is held off while the app starts (its passes over
what start-up makes found next to nothing: docs/benchmarks.md) and is on again
once the first frame is drawn, or whenever the app ends without one."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
from textual.widgets import DataTable

from scorecard.cli import app as cli_app
from scorecard.workspace import Workspace
from screens import app as screens_app
from tests.screens.conftest import settle


@pytest.fixture
def collector(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """What was frozen and when; the test process's collector is left as it was
    (on, nothing frozen by the test)."""
    frozen: list[str] = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append("freeze"))
    try:
        yield frozen
    finally:
        gc.enable()


def _cli_tui(monkeypatch: pytest.MonkeyPatch, app: type) -> None:
    monkeypatch.setattr(cli_app, "app_class", lambda: app)
    monkeypatch.setattr("scorecard.cli.base.interactive", lambda: True)
    from scorecard.cli import cli

    cli.main(["tui"], prog_name="scorecard", standalone_mode=False)


def test_the_cli_opens_the_app_with_the_collector_off_and_it_is_on_after(
    demo_ws: Workspace, collector: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCORECARD_CONFIG", str(demo_ws.config_path))
    seen: list[tuple[str, bool]] = []

    class Recorded:
        def __init__(self, *args: object, **kwargs: object) -> None:
            seen.append(("made", gc.isenabled()))

        def run(self) -> None:
            seen.append(("run", gc.isenabled()))

    _cli_tui(monkeypatch, Recorded)
    assert seen == [("made", False), ("run", False)]
    assert gc.isenabled()
    assert collector == ["freeze"]  # the imports' objects, before the app runs


def test_the_collector_is_on_again_when_the_app_fails_to_open(
    demo_ws: Workspace, collector: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SCORECARD_CONFIG", str(demo_ws.config_path))

    class Broken:
        def __init__(self, *args: object, **kwargs: object) -> None:
            raise RuntimeError("no app today")

    with pytest.raises(RuntimeError, match="no app today"):
        _cli_tui(monkeypatch, Broken)
    assert gc.isenabled()


@pytest.mark.asyncio
async def test_the_app_turns_the_collector_on_once_its_first_frame_is_drawn(
    demo_ws: Workspace, make_app, collector: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    shown: list[tuple[int, bool]] = []
    real = screens_app.resume_garbage_collection

    def resumed() -> None:
        # By then the week is on the screen: its scorecard filled and laid out.
        table = app.screen.query_one("#scorecard", DataTable)
        shown.append((table.row_count, table.region.height > 0))
        real()

    monkeypatch.setattr(screens_app, "resume_garbage_collection", resumed)
    app = make_app(demo_ws)
    gc.disable()  # as scorecard.cli.app.open_app leaves it
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        assert collector == ["freeze"]  # start-up's objects, left out of later passes
        # The week in full (what the settled screen shows), laid out.
        rows = app.screen.query_one("#scorecard", DataTable).row_count
        assert rows >= len(demo_ws.config.metrics)
        assert shown == [(rows, True)]


@pytest.mark.asyncio
async def test_an_app_started_with_the_collector_on_leaves_it_alone(
    demo_ws: Workspace, make_app, collector: list[str]
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert gc.isenabled()
        assert collector == []  # nothing frozen: it was not held off
