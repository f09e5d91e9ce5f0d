"""The guided sync: every step by keyboard, the timebox, leave and resume."""

from __future__ import annotations

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.commitment_form import CommitmentForm
from screens.confirm import ConfirmScreen
from screens.guided import STEPS, GuidedSyncScreen, clock_text
from screens.note_form import NoteForm
from screens.solve_form import SolveForm
from screens.week import WeekScreen
from tests.screens.conftest import press, settle, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


@pytest.fixture(autouse=True)
def stopped_clock(monkeypatch: pytest.MonkeyPatch) -> None:
    """The timebox only moves when a test ticks it."""
    monkeypatch.setattr(GuidedSyncScreen, "TICK", 3600.0)


@pytest.mark.filterwarnings("ignore::pytest.PytestWarning")
def test_clock_text() -> None:
    assert clock_text(600) == "10:00"
    assert clock_text(59) == "00:59"
    assert clock_text(-61) == "-01:01"


async def test_guided_sync_start_to_end(demo_ws: Workspace, make_app) -> None:
    last_metric = demo_ws.config.metrics[-1].key
    due = [c for c in demo_ws.commitments(week=W47) if c.due_week == W47.id]
    notes_before = len(demo_ws.notes(W47))
    made_before = len([c for c in demo_ws.commitments(week=W47) if c.week_made == W47.id])
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        screen = app.screen
        assert isinstance(screen, GuidedSyncScreen)
        assert "Step 1 of 6: Scorecard" in str(screen.query_one("#sync-timer").render())
        # 1. Scorecard: the last metric is still empty in the sample.
        await press(pilot, "end", "enter")
        await type_text(pilot, "96")
        await press(pilot, "enter")  # the last metric: focus goes back to the table
        assert demo_ws.value(W47, last_metric).value == 96  # type: ignore[union-attr]
        # 2. Last week's commitments: mark each one done.
        await press(pilot, "greater_than_sign")
        assert screen.focused is screen.query_one("#review")
        for _ in due:
            await press(pilot, "d", "down")
        assert all(demo_ws.find_commitment(c.id).status == "done" for c in due)
        # 3. Retro: a note.
        await press(pilot, "greater_than_sign", "n")
        assert isinstance(app.screen, NoteForm)
        await type_text(pilot, "Reviewing in order kept us on time")
        await press(pilot, "enter")
        assert len(demo_ws.notes(W47)) == notes_before + 1
        # 4. Issues: the top one is solved into a commitment, owner prefilled.
        await press(pilot, "greater_than_sign")
        assert "Step 4 of 6: Issues" in str(screen.query_one("#sync-timer").render())
        assert screen.focused is screen.query_one("#sync-issues")
        top = demo_ws.issues()[0]
        await press(pilot, "s")
        assert isinstance(app.screen, SolveForm)
        await type_text(pilot, "Write the follow-up SLA down")
        await press(pilot, "ctrl+s")
        assert demo_ws.find_issue(top.id).status == "solved"
        (linked,) = demo_ws.find_issue(top.id).solved_into
        assert demo_ws.find_commitment(linked).owner == top.owner
        # 5. New commitments.
        await press(pilot, "greater_than_sign", "a")
        assert isinstance(app.screen, CommitmentForm)
        await type_text(pilot, "Share the SLA report")
        await press(pilot, "tab")
        await type_text(pilot, "Sam Rivera")
        await press(pilot, "enter")
        made = [c for c in demo_ws.commitments(week=W47) if c.week_made == W47.id]
        assert len(made) == made_before + 2  # one from the issue solved, one added
        # 6. Wrap-up: it counts the issues solved; a bad rating is explained, a good one finishes.
        await press(pilot, "greater_than_sign")
        assert screen.focused is screen.query_one("#rating")
        assert "Issues solved: 1" in str(screen.query_one("#wrapup-summary").render())
        await type_text(pilot, "11")
        await press(pilot, "enter")
        assert "not a rating" in str(screen.query_one("#rating-error").render())
        await press(pilot, "backspace", "backspace", "8", "enter")
        assert isinstance(app.screen, ConfirmScreen)  # close the week now?
        await press(pilot, "n")
        assert isinstance(app.screen, WeekScreen)
        assert app.sync_session is None
    assert demo_ws.week_info(W47).rating == 8
    assert not demo_ws.week_info(W47).closed


async def test_wrap_up_can_close_the_week_with_its_report(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        for _ in range(len(STEPS) - 1):
            await press(pilot, "greater_than_sign")
        await type_text(pilot, "9")
        await press(pilot, "enter")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "y")
        await settle(pilot)
        assert isinstance(app.screen, WeekScreen)
    assert workspace.week_info(W47).closed
    assert workspace.week_info(W47).rating == 9
    assert (workspace.root / "reports" / "2026-W47.md").is_file()


async def test_leave_and_resume_keeps_step_and_time(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s", "greater_than_sign", "greater_than_sign")
        screen = app.screen
        assert isinstance(screen, GuidedSyncScreen)
        screen._tick()  # one second of the retro's timebox
        screen._tick()
        assert screen.session.remaining[2] == STEPS[2].minutes * 60 - 2
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)
        await press(pilot, "s")
        resumed = app.screen
        assert isinstance(resumed, GuidedSyncScreen) and resumed is not screen
        assert resumed.session.step == 2
        assert resumed.session.remaining[2] == STEPS[2].minutes * 60 - 2
        assert "Step 3 of 6: Retro" in str(resumed.query_one("#sync-timer").render())


async def test_timebox_counts_down_and_shows_over_time(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        screen = app.screen
        assert isinstance(screen, GuidedSyncScreen)
        assert "10:00 left" in str(screen.query_one("#sync-timer").render())
        screen.session.remaining[0] = 1
        screen._tick()
        screen._tick()
        timer = screen.query_one("#sync-timer")
        assert "00:01 over time" in str(timer.render())
        assert timer.has_class("-over")


async def test_a_step_shown_again_shows_what_changed_while_it_was_hidden(
    demo_ws: Workspace, make_app
) -> None:
    """A hidden step's tables are refilled when shown, not left as they were."""
    from screens.commitment_table import CommitmentTable
    from screens.scorecard_table import ScorecardTable

    first = demo_ws.config.metrics[0].key
    due = [c for c in demo_ws.commitments(week=W47) if c.due_week == W47.id]
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "s")
        screen = app.screen
        assert isinstance(screen, GuidedSyncScreen)
        # Step 5 once (its list drawn), then step 2: with the scorecard and the
        # made list hidden, a value changes and a due commitment is carried over.
        await press(pilot, *["greater_than_sign"] * 4, *["less_than_sign"] * 3)
        demo_ws.set_value(W47, first, 999)
        demo_ws.carry_commitment(due[0].id, week=W47)
        app.data_changed()
        await settle(pilot)
        await press(pilot, *["greater_than_sign"] * 3)
        await settle(pilot)
        made = screen.query_one("#made", CommitmentTable)
        # The rows are the items the keys act on (the new successor included).
        assert [row.key.value for row in made.ordered_rows] == [c.id for c in made.items]
        assert len(made.items) == 3
        # Back to step 1: the scorecard shows the value saved meanwhile.
        for _ in range(4):
            await press(pilot, "less_than_sign")
        await settle(pilot)
        table = screen.query_one(ScorecardTable)
        row = table.get_row(first)
        assert "999" in str(row[3])
