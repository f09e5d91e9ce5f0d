"""The palette offers the app's own actions by human names; the user's settings
file (XDG config folder) holds the theme, remembered, and a keymap; help lists
every key. Hermetic: XDG_CONFIG_HOME is a temporary folder (tests/conftest.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from scorecard import settings
from scorecard.paths import settings_path
from scorecard.workspace import Workspace
from screens.app import ScorecardApp
from screens.help import HelpScreen
from tests.screens.conftest import press, settle


def _app(ws: Workspace, **kwargs) -> ScorecardApp:
    return ScorecardApp(ws, None, poll_interval=None, prepare_after=None, **kwargs)


@pytest.mark.asyncio
async def test_palette_has_human_names_once_and_no_widget_noise(demo_ws: Workspace) -> None:
    app = _app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        commands = list(app.get_system_commands(app.screen))
        titles = [c.title for c in commands]
        assert len(titles) == len(set(titles)), titles
        for wanted in (
            "Add a commitment",
            "Add a retro note",
            "Mark the commitment done",
            "Carry the commitment over",
            "Edit note",
            "Guided sync",
            "History",
            "Prev week",
            "Toggle light/dark theme",
            "Theme",
            "Quit",
            "Help",
        ):
            assert wanted in titles, wanted
        for title in titles:
            assert ":" not in title and "Cursor" not in title and "Scroll" not in title
            assert not title.startswith(("key ", "app action"))
        assert "Keys" not in titles  # Textual's panel of widget keys: our help replaces it
        ours = [c for c in commands if c.title == "Mark the commitment done"]
        assert ours[0].help == "Key: d"
        assert len(titles) < 40


def test_settings_path_follows_xdg_and_the_variable(run, tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    assert settings_path() == tmp_path / "xdg" / "scorecard" / "settings.toml"
    assert run("config", "path").stdout == f"{tmp_path / 'xdg' / 'scorecard' / 'settings.toml'}\n"
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/not/allowed")
    assert settings_path() == Path.home() / ".config" / "scorecard" / "settings.toml"
    monkeypatch.setenv("SCORECARD_SETTINGS", str(tmp_path / "mine.toml"))
    assert run("config", "path").stdout == f"{tmp_path / 'mine.toml'}\n"


@pytest.mark.asyncio
async def test_the_chosen_theme_is_remembered(demo_ws: Workspace) -> None:
    assert not settings_path().exists()
    app = _app(demo_ws, settings=settings.load(), remember=True)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.theme == "textual-dark"
        await press(pilot, "ctrl+t")
        assert app.theme == "textual-light"
    assert settings.load().theme == "textual-light"
    assert 'theme = "textual-light"' in settings_path().read_text()
    again = _app(demo_ws, settings=settings.load(), remember=True)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert again.theme == "textual-light"


@pytest.mark.asyncio
async def test_a_keymap_remaps_by_binding_id_and_help_shows_it(demo_ws: Workspace) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True)
    path.write_text('[keymap]\n"week.history" = "f6"\n"app.help" = "f1"\n')
    app = _app(demo_ws, settings=settings.load())
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "f1")
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-text").render())
        assert "f6" in text and "week.history" in text
        for key in ("tab", "ctrl+p", "ctrl+q"):
            assert key in text, key
        await press(pilot, "escape")
        await press(pilot, "f6")
        from screens.history import HistoryScreen

        assert isinstance(app.screen, HistoryScreen)


def test_a_bad_settings_file_is_one_line_and_the_app_does_not_start(
    run, workspace_dir, monkeypatch
) -> None:
    started = []
    monkeypatch.setattr(ScorecardApp, "run", lambda self: started.append(True))
    monkeypatch.setattr("scorecard.cli.base.interactive", lambda: True)
    path = settings_path()
    path.parent.mkdir(parents=True)
    for text, message in (
        ("theme = 3\n", "theme: Input should be a valid string"),
        ("colour = 'red'\n", "colour: unknown field"),
        ("theme = \n", "invalid TOML"),
    ):
        path.write_text(text)
        before = path.read_bytes()
        refused = run("tui")
        assert refused.exit_code == 2
        assert refused.stderr.startswith(f"scorecard: {path}: ")
        assert message in refused.stderr and len(refused.stderr.splitlines()) == 1
        assert path.read_bytes() == before
    assert started == []
    os.remove(path)
    assert run("tui").exit_code == 0 and started == [True]


@pytest.mark.asyncio
async def test_a_long_form_error_wraps_inside_the_dialog_at_80_columns(
    workspace: Workspace,
) -> None:
    from screens.commitment_form import CommitmentForm
    from tests.screens.conftest import type_text

    app = _app(workspace)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await type_text(pilot, "Fix the lead form")
        await press(pilot, "tab")
        await type_text(pilot, "Somebody Withalongname")
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        error = form.query_one("#form-error")
        dialog = form.query_one(".dialog")
        assert error.region.right <= dialog.region.right
        assert error.region.height >= 2  # wrapped, not cut
        shown = " ".join(
            line.text.rstrip() for line in error.render_lines(error.region.reset_offset)
        )
        assert "choose sales, marketing or shared" in " ".join(shown.split())
