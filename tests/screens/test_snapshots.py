"""Snapshots of the main screens on the sample workspace.

Today is frozen by tests/conftest.py (2026-W47), the sample is seeded, the
guided sync's clock is stopped and cursors do not blink, so these never flake.
Update with ``pytest tests/screens/test_snapshots.py --snapshot-update``.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Input

from scorecard.weeks import Week, parse_week
from scorecard.workspace import Workspace
from screens.app import ScorecardApp
from screens.guided import GuidedSyncScreen
from screens.item_table import ItemTable
from tests.screens.conftest import press, settle, type_text

WIDE, NARROW = (120, 40), (80, 24)
#: The main screens are drawn at each of these: the classic terminal, a laptop, a wide monitor.
SIZES = pytest.mark.parametrize(
    "size", [(80, 24), (120, 40), (200, 60)], ids=["80x24", "120x40", "200x60"]
)


@pytest.fixture
def sample(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Workspace]:
    monkeypatch.setattr(GuidedSyncScreen, "TICK", 3600.0)
    ws = Workspace.open(demo_dir / "scorecard.toml")
    yield ws
    ws.close()


def steps(*keys: str, text: str = "", then: tuple[str, ...] = ()) -> Callable[..., Awaitable[None]]:
    """Press ``keys``, type ``text``, press ``then``; settle; stop cursor blink."""

    async def run_before(pilot: Pilot[None]) -> None:
        await settle(pilot)
        await press(pilot, *keys)
        if text:
            await type_text(pilot, text)
        await press(pilot, *then)
        for screen in pilot.app.screen_stack:
            for field in screen.query(Input):
                field.cursor_blink = False
        await settle(pilot)
        # A list whose rows were built at another width than it has now is rebuilt
        # on its next Resize: wait for that, or the snapshot catches it half done.
        # (A hidden list has no width: it keeps the one it was planned at.)
        for _ in range(100):
            tables = [t for s in pilot.app.screen_stack for t in s.query(ItemTable)]
            if all(t._width_used in (0, t.fill_width) for t in tables):
                break
            await pilot.pause(0.02)
        await tables_laid_out(pilot)
        await settle(pilot)
        for table in pilot.app.screen.query(
            ItemTable
        ):  # at the width it has now, as a Resize would
            if table.size.width:
                table._width_used = -1
                table.show(list(table.items))
        await tables_laid_out(pilot)
        await settle(pilot)
        await nothing_to_draw(pilot)

    return run_before


async def tables_laid_out(pilot: Pilot[None]) -> None:
    """Wait (a bounded while) until every DataTable has laid out the rows it was given.

    A DataTable sizes the rows added to it when it is next idle: on a loaded
    machine a snapshot could otherwise catch the goals tables filled but not
    yet drawn (seen once under ``pytest -n 4``).
    """
    for _ in range(200):
        tables = [t for s in pilot.app.screen_stack for t in s.query(DataTable)]
        if not any(t._require_update_dimensions for t in tables):
            return
        await pilot.pause(0.02)


async def nothing_to_draw(pilot: Pilot[None]) -> None:
    """Wait (a bounded while) until the screen has laid out and drawn everything
    it was asked to: Textual does both on the screen's update timer, not when
    the app is next idle, so on a loaded machine a table just filled (and shown)
    could still be waiting for its layout when the snapshot is taken, and be
    drawn empty (seen under ``pytest -n 4``: the goals tables without a row)."""
    screen = pilot.app.screen
    for _ in range(250):
        widgets = [screen, *screen.walk_children()]
        if (
            not any(
                w._layout_required or w._repaint_required or w._recompose_required for w in widgets
            )
            and not screen._dirty_widgets
        ):
            return
        await pilot.pause(0.02)


def snapshot_app(ws: Workspace, week: Week | None = None) -> ScorecardApp:
    """The app as the Pilot tests run it (tests/screens/conftest.py ``make_app``):
    no polling, no idle preparation (a screen opened after it looks as one
    opened cold: tests/screens/test_prepare.py)."""
    return ScorecardApp(ws, week, poll_interval=None, prepare_after=None)


class TestWeekScreen:
    @SIZES
    def test_week(self, snap_compare, sample: Workspace, size: tuple[int, int]) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=size, run_before=steps())

    def test_invalid_value_explained(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        run_before = steps("end", "enter", text="lots", then=("enter",))
        assert snap_compare(app, terminal_size=WIDE, run_before=run_before)

    def test_closed_week_light_theme(self, snap_compare, sample: Workspace) -> None:
        sample.close_week(parse_week("2026-W46"))
        app = snapshot_app(sample, parse_week("2026-W46"))
        assert snap_compare(app, terminal_size=WIDE, run_before=steps("ctrl+t"))


class TestDialogs:
    def test_commitment_form(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        run_before = steps("a", text="Send the webinar list", then=("tab",))
        assert snap_compare(app, terminal_size=NARROW, run_before=run_before)

    def test_help(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=WIDE, run_before=steps("question_mark"))


class TestOtherScreens:
    def test_guided_sync_review_step(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        run_before = steps("s", "greater_than_sign")
        assert snap_compare(app, terminal_size=WIDE, run_before=run_before)

    @SIZES
    def test_guided_sync_issues_step(
        self, snap_compare, sample: Workspace, size: tuple[int, int]
    ) -> None:
        app = snapshot_app(sample)
        run_before = steps("s", *["greater_than_sign"] * 3)
        assert snap_compare(app, terminal_size=size, run_before=run_before)

    @SIZES
    def test_history_commitments(
        self, snap_compare, sample: Workspace, size: tuple[int, int]
    ) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=size, run_before=steps("h", "2"))

    @SIZES
    def test_issues(self, snap_compare, sample: Workspace, size: tuple[int, int]) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=size, run_before=steps("I"))

    def test_history_trend(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=WIDE, run_before=steps("h"))


class TestGoalsAndGrid:
    def test_goals_view(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=WIDE, run_before=steps("G"))

    def test_goals_view_narrow(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=NARROW, run_before=steps("G"))

    def test_grid(self, snap_compare, sample: Workspace) -> None:
        app = snapshot_app(sample)
        assert snap_compare(app, terminal_size=WIDE, run_before=steps("v"))
