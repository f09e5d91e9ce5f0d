"""Keys are applied strictly in order, at any speed: Pilot presses with no pause
between keys, a save slowed on purpose, type-to-edit, going back, pastes."""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual import events

import db
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from tests.conftest import digest
from tests.screens.conftest import _key, notices, press, settle

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")
#: A whole scorecard, in display order, as people type it (the derived metrics,
#: MQL → SQL conversion and win rate, are computed: the entry skips them).
TYPED = ["131", "8200", "5", "44", "16", "$250k", "4", "95k", "91", "12%", "96"]
STORED = [131, 8200, 5, 44, 16, 250_000, 4, 95_000, 91, 12, 96]


def keys(*values: str, submit: str = "enter") -> list[str]:
    out: list[str] = []
    for value in values:
        out += [_key(c) for c in value] + [submit]
    return out


def stored(ws: Workspace, week=W47) -> list[float | None]:
    """The typed metrics' stored values, in display order."""
    typed = [m for m in ws.config.metrics if not m.derived]
    return [found.value if (found := ws.value(week, m.key)) else None for m in typed]


@pytest.fixture
def slow_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every commit takes 80 ms more, as on a slow disk (an fsync)."""
    real = db.transaction

    @contextlib.contextmanager
    def slow(conn) -> Iterator[object]:
        with real(conn) as inner:
            yield inner
            time.sleep(0.08)

    monkeypatch.setattr(db, "transaction", slow)


async def test_a_whole_scorecard_pressed_with_no_pause(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", *keys(*TYPED))
        await settle(pilot)
        assert isinstance(app.screen.focused, ScorecardTable)  # past the last metric
        entry = app.screen.query_one(ValueEntry)
        assert not entry.active and not entry.has_unsaved_text
    assert stored(workspace) == STORED


async def test_type_to_edit_starts_with_the_key(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # no Enter first: a digit on the highlighted metric opens its entry with it
        await pilot.press(*keys("22", "33"))
        await settle(pilot)
        await press(pilot, "escape")
        table = app.screen.query_one(ScorecardTable)
        table.select_metric("pipeline")
        await pilot.press(*keys("$48,000"))  # $ opens it too
        await pilot.press("escape", "down", *keys("-"))  # - opens it (and is refused: < 0)
        await settle(pilot)
        entry = app.screen.query_one(ValueEntry)
        assert entry.metric == "closed-won" and entry.input.value == "-"
        await pilot.press("escape", "down", "7")  # win rate is derived: no entry opens
        await settle(pilot)
        assert table.current_metric == "win-rate" and entry.metric != "win-rate"
        assert isinstance(app.screen.focused, ScorecardTable)
        assert any("win-rate is derived" in m for m in said)
        await pilot.press("down", "e", "4", "0", "enter")  # e opens it empty
        await settle(pilot)
    assert workspace.value(W47, "mqls").value == 22  # type: ignore[union-attr]
    assert workspace.value(W47, "web-visits").value == 33  # type: ignore[union-attr]
    assert workspace.value(W47, "pipeline").value == 48_000  # type: ignore[union-attr]
    assert workspace.value(W47, "sla-followup").value == 40  # type: ignore[union-attr]
    assert workspace.value(W47, "closed-won") is None
    assert workspace.value(W47, "win-rate") is None


async def test_newlines_of_a_paste_without_brackets(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # CR LF line ends (a Windows clipboard), LF alone, CR alone: one line each
        await pilot.press("1", "3", "1", "enter", "ctrl+j", "8", "2", "0", "0", "ctrl+j")
        await pilot.press("5", "enter", "4", "4", "enter", "ctrl+j")
        await settle(pilot)
    assert stored(workspace)[:5] == [131, 8200, 5, 44, None]


async def test_a_slow_save_never_glues_or_blames_elsewhere(
    workspace: Workspace, make_app, slow_disk: None
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        for key in keys(*TYPED[:5]):  # 100 ms between keys, each save takes 80+ ms
            await pilot.press(key)
            await pilot.pause(0.1)
        await pilot.press(*keys(*TYPED[5:]))  # and the rest at full speed
        await settle(pilot)
        entry = app.screen.query_one(ValueEntry)
        assert not entry.query("#entry-error") or "elsewhere" not in str(
            entry.query_one("#entry-error").render()
        )
    assert stored(workspace) == STORED


async def test_up_goes_back_and_a_second_value_lands_last(
    workspace: Workspace, make_app, slow_disk: None
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # 5 for the first metric, 7 typed for the second, then back (Up) while both
        # saves are in flight: the first metric again, its text now 6.
        await pilot.press("enter", "5", "enter", "7", "up", "6", "enter")
        entry = app.screen.query_one(ValueEntry)
        second = workspace.config.metrics[1].key
        assert entry.metric == second and entry.input.value == "7"  # kept, not lost
        await pilot.press("shift+enter", "backspace", "8", "enter")
        await settle(pilot)
        assert entry.metric == second and entry.input.value == "7"
    first = workspace.config.metrics[0].key
    assert workspace.value(W47, first).value == 8  # type: ignore[union-attr]
    assert workspace.value(W47, second) is None  # typed, never submitted


async def test_a_paste_fills_consecutive_metrics(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # a column copied from a spreadsheet, pasted on the highlighted first metric
        app.post_message(events.Paste("131\n8200\n5\n44\n"))
        await settle(pilot)
        entry = app.screen.query_one(ValueEntry)
        # the fifth metric, MQL → SQL conversion, is derived: the paste went past it
        assert entry.metric == "opportunities" and entry.input.value == ""
        # a row (tab separated) with a blank cell: that metric is skipped
        app.post_message(events.Paste("16\t$250,000\t\t95k"))
        await settle(pilot)
        assert app.screen.query_one(ScorecardTable).lines["win-rate"].actual is None  # 0 won
    assert stored(workspace)[:8] == [131, 8200, 5, 44, 16, 250_000, None, 95_000]


async def test_a_single_line_paste_is_typed(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("1")
        app.post_message(events.Paste("31"))
        await settle(pilot)
        entry = app.screen.query_one(ValueEntry)
        assert entry.input.value == "131"
        await press(pilot, "enter")
    assert stored(workspace)[0] == 131


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("131\nlots\n5", "line 2 of the paste: 'lots' is not a number"),
        ("131\n8200\n5.5", "line 3 of the paste: Sales calls attended by marketing is a whole"),
        ("\n".join(["1"] * 12), "the paste has 12 lines, more than the metrics from here on"),
    ],
)
async def test_a_bad_paste_enters_nothing(
    workspace: Workspace, make_app, text: str, reason: str
) -> None:
    before = digest(workspace.db_path)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.post_message(events.Paste(text))
        await settle(pilot)
        entry = app.screen.query_one(ValueEntry)
        error = str(entry.query_one("#entry-error").render())
        assert reason in error and "nothing from it was entered" in error
        assert entry.metric == workspace.config.metrics[0].key and entry.input.value == ""
    assert digest(workspace.db_path) == before


async def test_stale_check_uses_the_value_shown_when_typing_began(
    demo_ws: Workspace, demo_dir: Path, make_app
) -> None:
    key = demo_ws.config.metrics[0].key
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "1", "2")  # begins typing over the value shown
        with Workspace.open(demo_dir / "scorecard.toml") as other:
            other.set_value(W47, key, 999)
        app.screen.refresh_data()  # what the app's poll does: the new value is shown
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        assert table.lines[key].actual == 999
        await pilot.press("3", "enter")
        await settle(pilot)
        assert demo_ws.value(W47, key).value == 999  # type: ignore[union-attr]
        await press(pilot, "up")
        entry = app.screen.query_one(ValueEntry)
        assert entry.input.value == "123"
        assert "changed elsewhere (now 999)" in str(entry.query_one("#entry-error").render())
        # A change seen before typing began is no reason to refuse.
        with Workspace.open(demo_dir / "scorecard.toml") as other:
            other.set_value(W47, key, 1000)
        app.screen.refresh_data()
        await settle(pilot)
        await pilot.press("ctrl+u", "1", "2", "4", "enter")
        await settle(pilot)
    assert demo_ws.value(W47, key).value == 124  # type: ignore[union-attr]


async def test_a_week_far_ahead_asks_first(workspace: Workspace, make_app) -> None:
    from screens.confirm import ConfirmScreen

    app = make_app(workspace, "2026-W50")  # three weeks ahead of 2026-W47
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "5")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")
        assert not app.screen.query_one(ValueEntry).active
        await press(pilot, "5")
        await press(pilot, "y")  # opens the entry with the 5 typed
        await pilot.press("enter", "6", "enter")
        await settle(pilot)
    assert stored(workspace, parse_week("2026-W50"))[:2] == [5, 6]


async def test_escape_keeps_what_was_typed_for_that_metric(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    first = workspace.config.metrics[0].key
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter", "1", "2", "escape")
        entry = app.screen.query_one(ValueEntry)
        assert isinstance(app.screen.focused, ScorecardTable)
        await press(pilot, "enter")  # back on the same metric: the text is still there
        assert entry.metric == first and entry.input.value == "12"
        await press(pilot, "escape", "down", "enter")  # another metric: empty, 12 kept
        assert entry.input.value == "" and entry.draft(first) == "12"
        await press(pilot, "up")
        assert entry.metric == first and entry.input.value == "12"
        await press(pilot, "3", "enter")
        await settle(pilot)
    assert workspace.value(W47, first).value == 123  # type: ignore[union-attr]


async def _burst(app, *pressed: tuple[str, str | None]) -> None:
    """Keys as a terminal delivers a burst: all queued before the app reads one."""
    for key, character in pressed:
        app.post_message(events.Key(key, character))


async def test_a_digit_behind_a_binding_waits_for_it(workspace: Workspace, make_app) -> None:
    """``h2`` in one burst opens History (and gives it the 2); ``down 2`` enters
    the metric below: a digit never overtakes the keys typed before it."""
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        first = table.current_metric
        await _burst(app, ("down", None), ("2", "2"), ("enter", "\r"))
        await settle(pilot)
        below = app.screen.query_one(ValueEntry).metric  # the entry went on: one below it
        below = table.previous_metric(below) if below else None
        assert below is not None and below != first
        await press(pilot, "escape")  # out of the entry (it went on to the next metric)
        assert isinstance(app.screen.focused, ScorecardTable)
        await _burst(app, ("h", "h"), ("2", "2"))
        await settle(pilot)
        assert type(app.screen).__name__ == "HistoryScreen"
        assert not app.screen.query(ValueEntry)
        # the 2 went to the history, after the h: its second tab, Commitments
        assert app.screen.query_one("#history-tabs").active == "commitments"
    assert workspace.value(W47, below).value == 2  # type: ignore[arg-type, union-attr]
    assert workspace.value(W47, first) is None  # type: ignore[arg-type]


async def test_typing_values_does_not_lay_out_the_screen_per_key(
    workspace: Workspace, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The field's text and the prompt change in place (a repaint): Textual's Input
    would lay out the whole screen for every key, the prompt for every metric."""
    from textual.screen import Screen

    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter", *keys(TYPED[0]))  # the entry opens: laid out once
        await settle(pilot)
        passes: list[object] = []
        real = Screen._refresh_layout

        def counted(self, *args, **kwargs):
            passes.append(self)
            return real(self, *args, **kwargs)

        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press(*keys(*TYPED[1:5]))  # 13 keys, 4 metrics
        await settle(pilot)
        assert len(passes) <= 4, len(passes)
    assert stored(workspace)[:5] == STORED[:5]


async def test_a_slow_save_holds_the_next_frame_no_longer_than_a_frame(
    workspace: Workspace, make_app, slow_disk: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The frame after Enter waits for the save to show it, not for a slow disk:
    the next metric is drawn while an 80 ms commit is still under way."""
    from textual.screen import Screen

    first = next(m.key for m in workspace.config.metrics if not m.derived)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        await pilot.press("enter", *[_key(c) for c in TYPED[0]])
        await settle(pilot)
        drawn: list[float | None] = []  # what each frame showed for the first metric
        real = Screen._compositor_refresh

        def counted(self):
            drawn.append(table.lines[first].actual)
            return real(self)

        monkeypatch.setattr(Screen, "_compositor_refresh", counted)
        await pilot.press("enter")
        await settle(pilot)
        assert None in drawn  # drawn while saving: the cursor on the next metric
        assert drawn[-1] == STORED[0]  # and the value, once saved
        assert app.screen.query_one(ValueEntry).metric != first
    assert stored(workspace)[0] == STORED[0]
