"""What the app makes ready in idle time for the other screens' first openings
(screens/prepare.py): every screen is covered, what is shown is the same as
when a screen opens cold, the week screen is not touched, and a first opening
after it parses no stylesheet again."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
import time
from pathlib import Path
from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Input

import screens
from scorecard.workspace import Workspace
from screens import prepare
from screens.app import ScorecardApp
from screens.guided import GuidedSyncScreen
from screens.week import WeekScreen
from tests.screens.conftest import press, settle

DEADLINE_S = 30.0  # only a hang reaches it


def app_for(ws: Workspace, **kwargs: Any) -> ScorecardApp:
    return ScorecardApp(ws, None, poll_interval=None, **kwargs)


async def prepared(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, ScorecardApp)
    deadline = time.monotonic() + DEADLINE_S
    while not app.preparation.done:
        assert time.monotonic() < deadline, "the preparation never finished"
        await pilot.pause(0.01)
    await settle(pilot)


def every_screen_class() -> set[type[Screen[Any]]]:
    found: set[type[Screen[Any]]] = set()
    for module in pkgutil.iter_modules(screens.__path__):
        loaded = importlib.import_module(f"screens.{module.name}")
        for _, value in inspect.getmembers(loaded, inspect.isclass):
            if issubclass(value, Screen) and value.__module__ == loaded.__name__:
                found.add(value)
    return found


def test_every_screen_of_the_app_is_prepared() -> None:
    named = tuple(prepare.screen_class(name) for name in prepare.SCREENS)
    missed = {
        cls.__name__
        for cls in every_screen_class()
        if not issubclass(WeekScreen, cls) and not issubclass(cls, named)
    }
    assert missed == set()
    for module in prepare.MODULES:
        importlib.import_module(module)
    assert {cls.__module__ for cls in named} <= {*prepare.MODULES, "screens.goals"}


@pytest.mark.asyncio
async def test_it_runs_after_the_first_frame_in_steps_and_reads_every_stylesheet(
    demo_ws: Workspace,
) -> None:
    app = app_for(demo_ws, prepare_after=0.05)
    async with app.run_test(size=(120, 40)) as pilot:
        await prepared(pilot)
        files = {
            path
            for name in prepare.SCREENS
            for path in prepare.css_paths(prepare.screen_class(name))
        }
        assert {p.name for p in files} >= {"dialogs.tcss", "guided.tcss", "history.tcss"}
        assert all(app.stylesheet.has_source(str(path), "") for path in files)
        assert app.preparation.steps == len(prepare.MODULES) + len(files)


@pytest.mark.asyncio
async def test_never_without_a_delay(demo_ws: Workspace) -> None:
    app = app_for(demo_ws, prepare_after=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.pause(0.2)
        assert not app.preparation.done and app.preparation.steps == 0


@pytest.mark.asyncio
async def test_the_week_screen_is_not_touched(demo_ws: Workspace) -> None:
    """No rule of the prepared stylesheets applies to the week screen: restyled
    with them (as Textual does when it reads a screen's file), it looks the same."""
    app = app_for(demo_ws, prepare_after=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.export_screenshot()
        app.preparation.run_all()
        await settle(pilot)
        assert app.export_screenshot() == before
        app.stylesheet.update(app)
        app.screen.refresh(layout=True)
        await settle(pilot)
        assert app.export_screenshot() == before


OPENED = ["s", "I", "G", "question_mark", "h", "r", "a", "n", "g", "i"]


async def still(pilot: Pilot[None]) -> str:
    """The screen as shown, with nothing that changes with the time it is taken
    (a text field's blinking cursor)."""
    for screen in pilot.app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False
    await settle(pilot)
    return pilot.app.export_screenshot()


@pytest.mark.parametrize("key", OPENED)
@pytest.mark.asyncio
async def test_a_screen_opened_after_it_looks_as_one_opened_cold(
    demo_ws: Workspace, key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(GuidedSyncScreen, "TICK", 3600.0)  # its clock stands still
    shown = []
    for warm in (False, True):
        app = app_for(demo_ws, prepare_after=None)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            if warm:
                app.preparation.run_all()
            await press(pilot, key)
            assert not isinstance(app.screen, WeekScreen)
            opened = await still(pilot)
            await press(pilot, "escape")
            assert isinstance(app.screen, WeekScreen)
            shown.append((opened, await still(pilot)))
    cold, warm_shown = shown
    assert warm_shown == cold


@pytest.mark.asyncio
async def test_a_first_opening_after_it_parses_no_stylesheet_again(
    demo_ws: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    reparsed: list[int] = []
    real = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        reparsed.append(1)
        real(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    for warm in (False, True):
        app = app_for(demo_ws, prepare_after=None)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            if warm:
                app.preparation.run_all()
            reparsed.clear()
            await press(pilot, "s")
            assert type(app.screen).__name__ == "GuidedSyncScreen"
            assert len(reparsed) == (0 if warm else 1)


@pytest.mark.asyncio
async def test_a_stylesheet_that_does_not_parse_is_left_to_its_screen(
    demo_ws: Workspace, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bad = tmp_path / "bad.tcss"
    bad.write_text("#x { colour: not-a-colour; }\n")
    monkeypatch.setattr(prepare, "css_paths", lambda cls: [bad])
    app = app_for(demo_ws, prepare_after=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        before = app.export_screenshot()
        app.preparation.run_all()
        await settle(pilot)
        assert app.preparation.done and app.is_running
        assert not app.stylesheet.has_source(str(bad), "")
        assert app.export_screenshot() == before
