"""Entering a week's numbers by keyboard, refusals kept and explained, stale edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from tests.screens.conftest import press, settle, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


async def test_full_week_of_numbers_by_keyboard_only(workspace: Workspace, make_app) -> None:
    metrics = [m for m in workspace.config.metrics if not m.derived]  # the entry skips those
    typed = {m.key: str(10 + i) for i, m in enumerate(metrics)}
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")  # the first metric is highlighted: start typing
        for spec in metrics:
            assert app.screen.query_one(ValueEntry).metric == spec.key
            await type_text(pilot, typed[spec.key])
            await press(pilot, "enter")
        # After the last metric the focus is back on the table.
        assert isinstance(app.screen.focused, ScorecardTable)
    summary = workspace.summary(W47)
    actual = {line.metric.key: line.actual for line in summary.lines}
    assert {k: actual[k] for k in typed} == {k: float(v) for k, v in typed.items()}
    # the derived ones follow from what was typed
    assert actual["mql-to-sql"] == float(typed["sqls-accepted"]) / float(typed["mqls"]) * 100


async def test_enter_on_empty_skips_without_saving(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "enter")  # skip the first metric
        await type_text(pilot, "8,250")
        await press(pilot, "enter")
    first, second = workspace.config.metrics[:2]
    assert workspace.value(W47, first.key) is None
    assert workspace.value(W47, second.key).value == 8250  # type: ignore[union-attr]


async def test_invalid_value_is_refused_inline_and_text_kept(
    workspace: Workspace, make_app, workspace_dir: Path
) -> None:
    from tests.conftest import digest

    before = digest(workspace.db_path)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await type_text(pilot, "12o")
        await press(pilot, "enter")
        entry = app.screen.query_one(ValueEntry)
        assert entry.input.value == "12o"
        assert entry.metric == workspace.config.metrics[0].key  # did not move on
        error = str(entry.query_one("#entry-error").render())
        assert "'12o' is not a number" in error
        assert entry.has_class("-error")
        # Fixing the text saves it and clears the error.
        await press(pilot, "backspace")
        await type_text(pilot, "0")
        await press(pilot, "enter")
        assert not entry.has_class("-error")
    assert digest(workspace.db_path) != before
    assert workspace.value(W47, workspace.config.metrics[0].key).value == 120  # type: ignore[union-attr]


async def test_stale_edit_is_refused_not_overwritten(
    demo_ws: Workspace, demo_dir: Path, make_app
) -> None:
    key = demo_ws.config.metrics[0].key
    shown = demo_ws.value(W47, key).value  # type: ignore[union-attr]
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # Someone else (the CLI, another machine) changes the value meanwhile.
        with Workspace.open(demo_dir / "scorecard.toml") as other:
            other.set_value(W47, key, 999)
        await press(pilot, "enter")
        await type_text(pilot, "5")
        await press(pilot, "enter")
        entry = app.screen.query_one(ValueEntry)
        error = str(entry.query_one("#entry-error").render())
        assert "changed elsewhere (now 999)" in error and "your 5 is kept" in error
        # The fresh value is loaded so the user can review it.
        table = app.screen.query_one(ScorecardTable)
        assert table.lines[key].actual == 999
        assert demo_ws.value(W47, key).value == 999  # type: ignore[union-attr]
        # The entry moved on (keys typed meanwhile are the next metric's); Up goes back
        # to the refused value, text kept.
        await press(pilot, "up")
        assert entry.metric == key and entry.input.value == "5"
        assert "changed elsewhere (now 999)" in str(entry.query_one("#entry-error").render())
        # Having seen 999, Enter saves the 5.
        await press(pilot, "enter")
        await settle(pilot)
    assert shown != 999
    assert demo_ws.value(W47, key).value == 5  # type: ignore[union-attr]


async def test_keys_typed_during_a_save_go_to_the_next_metric(
    workspace: Workspace, make_app
) -> None:
    app = make_app(workspace)
    first, second = workspace.config.metrics[:2]
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        await type_text(pilot, "7")
        await pilot.press("enter", "4", "2")  # no pause: typed while saving
        await settle(pilot)
        entry = app.screen.query_one(ValueEntry)
        assert entry.metric == second.key
        assert entry.input.value == "42"
    assert workspace.value(W47, first.key).value == 7  # type: ignore[union-attr]


async def test_delete_clears_a_value_after_confirmation(workspace: Workspace, make_app) -> None:
    from screens.confirm import ConfirmScreen

    first = workspace.config.metrics[0].key
    workspace.set_value(W47, first, 12)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "delete")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # keep it
        assert workspace.value(W47, first).value == 12  # type: ignore[union-attr]
        await press(pilot, "delete")
        await press(pilot, "y")
        await settle(pilot)
    assert workspace.value(W47, first) is None


async def test_a_derived_line_follows_its_inputs_as_they_are_typed(
    tmp_path: Path, make_app
) -> None:
    """Without a funnel or goals to redraw, the win rate's own line is what changes."""
    import dataclasses

    from scorecard.defaults import default_config

    base = default_config("No funnel")
    config = dataclasses.replace(
        base, goals=[], metrics=[dataclasses.replace(m, stage=None) for m in base.metrics]
    )
    ws = Workspace.create(config, tmp_path / "scorecard.toml")
    try:
        app = make_app(ws)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            table = app.screen.query_one(ScorecardTable)
            for key, typed in (("opportunities", "20"), ("deals-won", "5")):
                table.select_metric(key)
                await type_text(pilot, typed)  # a digit starts the entry with itself
                await press(pilot, "enter", "escape")  # saved; the entry moved on: leave it
            assert table.lines["win-rate"].actual == 25.0
            assert "25%" in str(table.get_cell("win-rate", "Actual"))
    finally:
        ws.close()


async def test_the_banner_counts_the_values_as_they_are_saved(
    workspace: Workspace, make_app
) -> None:
    from textual.widgets import Static

    typed = [m for m in workspace.config.metrics if not m.derived]
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)

        def banner() -> str:
            return str(app.screen.query_one("#week-banner", Static).render())

        assert f"0/{len(typed)} values entered" in banner()
        await press(pilot, "enter")
        for value in ("12", "30"):
            await type_text(pilot, value)
            await press(pilot, "enter")
        assert f"2/{len(typed)} values entered" in banner()
