"""The app: the goals & funnel strip, the goals view (G), the 13-week grid (v),
and derived metrics that the entry refuses and keeps up to date."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable, Static

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.goals import GoalsScreen
from screens.scorecard_table import ScorecardTable
from screens.value_entry import ValueEntry
from screens.week import WeekScreen
from tests.screens.conftest import notices, press, settle, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


def strip(app) -> str:
    return str(app.screen.query_one("#goals-strip", Static).render())


async def test_week_screen_shows_goals_and_funnel(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        text = strip(app)
        assert "Goals 2026-Q4 (week 8/14):" in text
        assert "Pipeline created in Q4 $" in text and "/$3.25M" in text
        assert "Funnel: Website visits" in text and "Deals won" in text


async def test_goals_view_and_back(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        await press(pilot, "G")
        assert isinstance(app.screen, GoalsScreen)
        goals = app.screen.query_one("#goals-table", DataTable)
        funnel = app.screen.query_one("#funnel-table", DataTable)
        assert goals.row_count == 3 and funnel.row_count == 5
        row = [str(c) for c in goals.get_row("pipeline")]
        assert row[0] == "Pipeline created in Q4" and "of $3,250,000" in row[2]
        assert "│" in row[3]  # the pace marker on the bar
        await press(pilot, "left_square_bracket")
        assert app.screen.week == W47 - 1
        assert "week 7 of 14" in str(app.screen.query_one("#goals-heading", Static).render())
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)


async def test_the_goals_view_shows_a_value_saved_since_the_week_was_read(
    demo_ws: Workspace, make_app
) -> None:
    """The goals view starts from what the week screen has read only while
    nothing was written since: a value just saved is in its progress."""
    from scorecard.goals_text import goal_progress_label

    app = make_app(demo_ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)

        def revenue() -> str:
            return str(app.screen.query_one("#goals-table", DataTable).get_row("revenue")[2])

        def fresh() -> str:
            read = {p.goal.key: p for p in demo_ws.summary(W47).goals}
            return str(goal_progress_label(read["revenue"], demo_ws.config, short=False))

        await press(pilot, "G")
        before = revenue()
        assert before == fresh()
        await press(pilot, "escape")
        table = app.screen.query_one(ScorecardTable)
        table.select_metric("closed-won")
        await press(pilot, "enter")
        await type_text(pilot, "100000")
        await press(pilot, "enter", "escape", "G")
        assert isinstance(app.screen, GoalsScreen)
        assert revenue() == fresh() != before


async def test_the_goals_view_never_starts_from_a_week_read_not_yet_shown(
    demo_ws: Workspace, demo_dir, make_app
) -> None:
    """A reload of the week (a write made elsewhere) that has read the week but
    whose result the app has not yet shown: G, pressed meanwhile, must not take
    the week screen's older summary for one read at the newer generation."""
    from scorecard.goals_text import goal_progress_label

    def fresh() -> str:
        read = {p.goal.key: p for p in demo_ws.summary(W47).goals}
        return str(goal_progress_label(read["revenue"], demo_ws.config, short=False))

    app = make_app(demo_ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        week = app.screen
        assert isinstance(week, WeekScreen)
        before = fresh()
        with Workspace.open(demo_dir / "scorecard.toml") as other:
            other.set_value(W47, "closed-won", 100000)
        assert fresh() != before
        held: list[object] = []
        week._apply = lambda summary, **kw: held.append(summary)  # type: ignore[method-assign]
        week.load()  # read, its result not yet handed to the screen
        await settle(pilot)
        assert held
        del week._apply
        await press(pilot, "G")
        assert isinstance(app.screen, GoalsScreen)
        shown = app.screen.query_one("#goals-table", DataTable).get_row("revenue")[2]
        assert str(shown) == fresh()


async def test_a_reload_overtaken_by_a_newer_one_never_shows_its_older_read(
    demo_ws: Workspace, demo_dir, make_app, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two reloads of the week (writes made elsewhere): the first, cancelled by
    the second, finishes its read last. The screen keeps the newer read."""
    import threading

    app = make_app(demo_ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        week = app.screen
        assert isinstance(week, WeekScreen)
        real = demo_ws.summary
        release, read = threading.Event(), threading.Event()
        calls: list[int] = []

        def summary(at):
            found = real(at)
            calls.append(1)
            if len(calls) == 1:  # the first reload: read, then held back
                read.set()
                release.wait(10)
            return found

        monkeypatch.setattr(demo_ws, "summary", summary)
        with Workspace.open(demo_dir / "scorecard.toml") as other:
            other.set_value(W47, "mqls", 150)
            week.reload()
            for _ in range(1000):
                if read.is_set():
                    break
                await pilot.pause(0.01)
            assert read.is_set()
            other.set_value(W47, "mqls", 160)
        week.reload()  # overtakes the first: it reads 160 and shows it
        for _ in range(500):
            if week.summary is not None and actual(week, "mqls") == 160:
                break
            await pilot.pause(0.01)
        assert actual(week, "mqls") == 160
        release.set()  # the first now hands its read (150) over
        for _ in range(500):
            if not any(w.is_running for w in app.workers):
                break
            await pilot.pause(0.01)
        await settle(pilot)
        assert actual(week, "mqls") == 160


def actual(week: WeekScreen, metric: str) -> float | None:
    assert week.summary is not None
    line = next(line for line in week.summary.lines if line.metric.key == metric)
    return line.actual


async def test_grid_toggle_shows_thirteen_weeks(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        await press(pilot, "v")
        assert table.grid
        labels = [str(c.label) for c in table.columns.values()]
        assert labels == ["Metric", *(f"W{n}" for n in range(35, 48)), "Σ / ⌀"]
        cells = [str(c) for c in table.get_row("win-rate")]
        assert cells[-1].startswith("⌀ ") and cells[1].endswith(("✓", "!", "✗"))
        assert str(table.get_row("closed-won")[-2]) == "·"  # not entered yet this week
        await press(pilot, "v")
        assert not table.grid
        assert [str(c.label) for c in table.columns.values()][-1] == "Last 13 weeks"


async def test_a_narrow_grid_shows_the_latest_weeks_that_fit(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        await press(pilot, "v")
        weeks = [str(c.label) for c in table.columns.values()][1:-1]
        assert 3 <= len(weeks) < 13 and weeks[-1] == "W47"
        assert table.border_title == f"Last {len(weeks)} weeks"
        assert table.virtual_size.width <= table.size.width  # no sideways scrolling
        # the total is of the weeks shown
        shown = [demo_ws.value(W47 - n, "mqls") for n in range(len(weeks))]
        total = sum(v.value for v in shown if v is not None)
        assert str(table.get_row("mqls")[-1]) == f"Σ {total:,.0f}"


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 60)])
async def test_the_goals_view_fits_the_terminal(demo_ws: Workspace, make_app, size) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await press(pilot, "G")
        for name in ("#goals-table", "#funnel-table"):
            table = app.screen.query_one(name, DataTable)
            assert table.virtual_size.width <= table.size.width, (name, size)
        row = [str(c) for c in app.screen.query_one("#goals-table", DataTable).get_row("pipeline")]
        assert "$3.25M" in row[2] if size[0] < 120 else "$3,250,000" in row[2]


async def test_a_derived_metric_is_not_typed_and_follows_its_inputs(
    workspace: Workspace, make_app
) -> None:
    app = make_app(workspace)
    said = notices(app)
    async with app.run_test(size=(140, 45)) as pilot:
        await settle(pilot)
        table = app.screen.query_one(ScorecardTable)
        table.select_metric("mql-to-sql")
        await press(pilot, "enter")
        assert app.screen.query_one(ValueEntry).metric != "mql-to-sql"
        assert any("mql-to-sql is derived" in m for m in said)
        # Typing the inputs: the conversion, the funnel and the entry order follow.
        table.select_metric("mqls")
        await press(pilot, "enter")
        await type_text(pilot, "120")
        await press(pilot, "enter", "escape")  # saved; back to the table
        table.select_metric("sqls-accepted")
        await press(pilot, "enter")
        await type_text(pilot, "30")
        await press(pilot, "enter")
        await settle(pilot)
        assert app.screen.query_one(ValueEntry).metric == "opportunities"  # skipped the derived
        assert table.lines["mql-to-sql"].actual == 25
        assert "Marketing-qualified leads 120 →25%" in strip(app)
    assert workspace.value(W47, "mql-to-sql") is None  # never stored


async def test_shrinking_the_terminal_leaves_no_sideways_scrollbar(
    demo_ws: Workspace, make_app
) -> None:
    """A wide layout's scrollbar would stay as a blank line under the tables."""
    app = make_app(demo_ws)
    async with app.run_test(size=(200, 60)) as pilot:
        await settle(pilot)
        await press(pilot, "v")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        grid = app.screen.query_one(ScorecardTable)
        assert grid.virtual_size.width <= grid.size.width and not grid.show_horizontal_scrollbar
        await pilot.resize_terminal(200, 60)
        await press(pilot, "G")
        await pilot.resize_terminal(80, 24)
        await settle(pilot)
        for name in ("#goals-table", "#funnel-table"):
            table = app.screen.query_one(name, DataTable)
            assert not table.show_horizontal_scrollbar, name
