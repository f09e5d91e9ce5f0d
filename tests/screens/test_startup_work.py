"""Start-up does no work that changes nothing: no layout for a Resize of the size
the screen was laid out at, no layout for hiding notifications that are hidden,
no git banner code loaded when git has nothing to say. Each guard also checks
that what is shown is right (docs/benchmarks.md, "What keeps it fast")."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.screen import Screen
from textual.widgets import DataTable

from scorecard.workspace import Workspace
from screens.footer import FittedFooter
from screens.week import WeekScreen
from tests.screens.conftest import git_checked, press, settle


def count_layouts(monkeypatch: pytest.MonkeyPatch) -> list[Screen[Any]]:
    passes: list[Screen[Any]] = []
    real = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        passes.append(self)
        real(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return passes


@pytest.mark.asyncio
async def test_a_resize_of_the_same_size_lays_nothing_out_a_real_one_does(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, WeekScreen)
        passes = count_layouts(monkeypatch)
        # What a terminal sends when nothing changed (the driver's first size).
        screen.post_message(events.Resize(app.size, app.size))
        await settle(pilot)
        assert passes == []
        # A real resize, and back: laid out at each size, with its classes.
        await pilot.resize_terminal(90, 30)
        await settle(pilot)
        assert passes
        assert "-narrow" in screen.classes
        assert screen.query_one(FittedFooter).region.width == 90
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert "-wide" in screen.classes and "-narrow" not in screen.classes
        assert screen.query_one(FittedFooter).region.width == 120
        assert all(w.region.right <= 120 for w in screen.walk_children() if w.display)


@pytest.mark.asyncio
async def test_notifications_still_show_on_the_week_and_on_a_screen_opened(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        rack = app.screen.query_one("ToastRack")
        assert not rack.display
        app.notify("Saved it", timeout=30)
        await settle(pilot)
        assert rack.display
        assert [str(t.render()).strip() for t in rack.query("Toast")] == ["Saved it"]
        await press(pilot, "h")  # a screen opened while the toast shows: shown there too
        assert type(app.screen).__name__ == "HistoryScreen"
        rack = app.screen.query_one("ToastRack")
        assert rack.display and rack.query("Toast")
        app.clear_notifications()
        await settle(pilot)
        assert not rack.display
        await press(pilot, "escape")
        assert not app.screen.query_one("ToastRack").display


@pytest.mark.asyncio
async def test_opening_the_week_lays_it_out_no_more_than_textual_needs(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Once, and once more for the scrollbars its first layout shows: not for
    its widgets' first sizes (Textual's asked for a second pass for them, and a
    third for the scrollbars that one sized: screens/lifecycle.py,
    ``sized_quietly``), the Resizes at start-up or the notifications' rack."""
    passes = count_layouts(monkeypatch)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        week = [p for p in passes if isinstance(p, WeekScreen)]
        assert len(week) <= 2, len(week)
        assert any(w.show_vertical_scrollbar for w in app.screen.walk_children())


def test_no_git_banner_code_loads_when_git_has_nothing_to_say(
    demo_dir: Path, tmp_path: Path
) -> None:
    """Outside a git work tree, with no conflicts: the check runs and shows nothing,
    and the banner's module (and the conflicts' code under it) is never loaded."""
    script = textwrap.dedent(
        """
        import asyncio, sys
        from scorecard.workspace import Workspace
        from screens.app import ScorecardApp

        async def main():
            ws = Workspace.open("scorecard.toml")
            app = ScorecardApp(ws, poll_interval=None)
            shown = []
            show = app._show_git_notices

            def watched(notices):
                shown.append(list(notices))
                show(notices)

            app._show_git_notices = watched
            async with app.run_test(size=(120, 40)) as pilot:
                await app._check_git().wait()  # as its timer would, now
                for _ in range(100):  # its result comes back through the loop
                    if shown:
                        break
                    await pilot.pause(0.05)
                banners = len(app.screen.query("GitBanner"))
            ws.close()
            said_nothing = bool(shown) and not any(shown)
            print(said_nothing, banners, "screens.conflicts" in sys.modules)

        asyncio.run(main())
        """
    )
    program = tmp_path / "watch_git_check.py"  # a file: Textual finds the app's CSS by it
    program.write_text(script)
    done = subprocess.run(
        [sys.executable, str(program)], cwd=demo_dir, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "0", "False"], done.stdout


@pytest.mark.asyncio
async def test_git_is_asked_after_the_first_frame_however_slow_start_up_is(
    demo_ws: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The delay before git is asked runs from the first frame: with almost none
    (a start-up slower than the delay: 1 ms), git still waits for the week to be drawn."""
    import screens.app

    happened: list[str] = []
    real_frame = Screen._compositor_refresh

    def frame(self: Screen[Any]) -> None:
        real_frame(self)
        if not happened or happened[-1] != "frame":
            happened.append("frame")

    real_show = screens.app.ScorecardApp._show_git_notices

    def shown(self: screens.app.ScorecardApp, notices: list[str]) -> None:
        happened.append("git")
        real_show(self, notices)

    monkeypatch.setattr(screens.app, "GIT_CHECK_DELAY", 0.001)
    monkeypatch.setattr(Screen, "_compositor_refresh", frame)
    monkeypatch.setattr(screens.app.ScorecardApp, "_show_git_notices", shown)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await git_checked(pilot)
        assert app.git_checks == 1
        assert happened[0] == "frame" and "git" in happened
        assert app.screen.query_one("#scorecard", DataTable).row_count
