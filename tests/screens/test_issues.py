"""Issues in the app: raise one from what is highlighted, rank, solve, drop, reopen,
suggestions raised with one key, the history's issues tab."""

from __future__ import annotations

import pytest
from textual.widgets import Input, Static

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.history import HistoryScreen
from screens.issue_form import IssueForm
from screens.issue_table import IssueTable, SuggestionTable
from screens.issues import IssuesScreen
from screens.line_table import LineTable
from screens.solve_form import SolveForm
from screens.week import WeekScreen
from tests.screens.conftest import press, settle, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


def _texts(ws: Workspace) -> list[str]:
    return [i.text for i in ws.issues()]


async def test_i_on_a_metric_raises_an_issue_prefilled_and_editable(
    demo_ws: Workspace, make_app
) -> None:
    before = _texts(demo_ws)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "i")  # the scorecard has the focus, on the first metric
        form = app.screen
        assert isinstance(form, IssueForm)
        text = form.query_one("#text", Input)
        assert text.value == "Marketing-qualified leads on track (142, target ≥ 120)"
        assert form.query_one("#owner", Input).value == "Maya Chen"
        await press(pilot, "ctrl+u")
        await type_text(pilot, "MQLs depend on one channel")
        await press(pilot, "enter")
        assert isinstance(app.screen, WeekScreen)
    raised = demo_ws.issues()[-1]
    assert _texts(demo_ws) == [*before, "MQLs depend on one channel"]
    assert raised.source is not None and (raised.source.kind, raised.source.id) == (
        "metric",
        "mqls",
    )
    assert raised.owner == "Maya Chen" and raised.raised_in == W47.id


async def test_i_on_a_commitment_and_on_a_note(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        due = screen.query_one("#due")
        due.focus()
        await press(pilot, "i")
        assert isinstance(app.screen, IssueForm)
        first_due = due.current  # type: ignore[attr-defined]
        assert app.screen.query_one("#text", Input).value == first_due.text
        await press(pilot, "enter")
        screen.query_one("#notes").focus()
        await press(pilot, "i")
        assert isinstance(app.screen, IssueForm)
        await press(pilot, "enter")
    kinds = [i.source.kind for i in demo_ws.issues()[-2:] if i.source]
    assert kinds == ["commitment", "note"]
    assert demo_ws.issues()[-2].owner == first_due.owner


async def test_week_screen_offers_a_suggestion_and_one_key_raises_it(
    demo_ws: Workspace, make_app
) -> None:
    (suggested,) = demo_ws.issue_suggestions(W47)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        line = str(app.screen.query_one("#issues-line", Static).render())
        assert "1 suggested" in line and suggested.text in line
        await press(pilot, "exclamation_mark")
        assert demo_ws.issues()[-1].text == suggested.text
        assert demo_ws.issue_suggestions(W47) == []
        line = str(app.screen.query_one("#issues-line", Static).render())
        assert "suggested" not in line


async def test_issues_screen_ranks_solves_drops_and_reopens(demo_ws: Workspace, make_app) -> None:
    first, second = demo_ws.issues()
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "I")
        screen = app.screen
        assert isinstance(screen, IssuesScreen)
        table = screen.query_one("#issues", IssueTable)
        assert screen.focused is table and [i.id for i in table.items] == [first.id, second.id]
        await press(pilot, "shift+down")  # the top issue goes down one
        assert [i.id for i in demo_ws.issues()] == [second.id, first.id]
        assert table.current is not None and table.current.id == first.id  # the cursor follows
        await press(pilot, "K")  # and back up
        assert [i.id for i in demo_ws.issues()] == [first.id, second.id]

        # solve the top one into two commitments, owner prefilled
        await press(pilot, "s")
        form = app.screen
        assert isinstance(form, SolveForm)
        assert form.query_one("#c1-owner", Input).value == first.owner
        await type_text(pilot, "Write down what sales may reject")
        await press(pilot, "ctrl+n")
        await type_text(pilot, "Review rejections every Monday")
        await press(pilot, "ctrl+s")
        assert isinstance(app.screen, IssuesScreen)
        solved = demo_ws.find_issue(first.id)
        assert solved.status == "solved" and len(solved.solved_into) == 2
        owners = {demo_ws.find_commitment(c).owner for c in solved.solved_into}
        assert owners == {first.owner}
        settled = screen.query_one("#settled", IssueTable)
        assert [i.id for i in settled.items] == [first.id]
        assert [i.id for i in table.items] == [second.id]

        # drop the other, then reopen the solved one from the settled list
        await press(pilot, "x")
        assert demo_ws.find_issue(second.id).status == "dropped"
        settled.focus()
        await press(pilot, "u")
        assert demo_ws.find_issue(first.id).status == "open"
        await press(pilot, "escape")
        assert isinstance(app.screen, WeekScreen)


async def test_a_refused_solve_keeps_the_form_and_changes_nothing(
    demo_ws: Workspace, make_app
) -> None:
    top = demo_ws.issues()[0]
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "I", "s")
        form = app.screen
        assert isinstance(form, SolveForm)
        await type_text(pilot, "Someone should do it")
        form.query_one("#c1-owner", Input).value = "Newcomer"
        await press(pilot, "ctrl+s")
        assert app.screen is form
        assert "which team does Newcomer belong to" in str(form.query_one("#form-error").render())
        assert form.query_one("#c1-text", Input).value == "Someone should do it"
    assert demo_ws.find_issue(top.id).is_open


async def test_suggestions_on_the_issues_screen_raise_with_r(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "I", "tab")
        screen = app.screen
        suggested = screen.query_one("#suggested", SuggestionTable)
        assert screen.focused is suggested and len(suggested.items) == 1
        text = suggested.items[0].text
        await press(pilot, "r")
        assert demo_ws.issues()[-1].text == text
        assert [i.text for i in screen.query_one("#issues", IssueTable).items][-1] == text
        assert suggested.items == []


async def test_closed_week_refuses_issue_actions(demo_ws: Workspace, make_app) -> None:
    demo_ws.close_week(W47)
    before = [(i.id, i.status, i.rank) for i in demo_ws.issues()]
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "i")
        assert isinstance(app.screen, WeekScreen)  # no form on a closed week
        await press(pilot, "I", "shift+down", "x", "s")
        assert isinstance(app.screen, IssuesScreen)
    assert [(i.id, i.status, i.rank) for i in demo_ws.issues()] == before


async def test_history_has_an_issues_tab_with_each_story(demo_ws: Workspace, make_app) -> None:
    solved = next(i for i in demo_ws.issues(open_only=False) if i.status == "solved")
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "h")
        assert isinstance(app.screen, HistoryScreen)
        await press(pilot, "4")
        listing = app.screen.query_one("#issue-list", LineTable)
        listing.focus()
        ids = list(listing.row_keys)
        assert solved.id in ids and len(ids) == 4
        listing.move_cursor(row=ids.index(solved.id))
        await settle(pilot)
        story = str(app.screen.query_one("#issue-events", Static).render())
        assert "raised" in story and "solved" in story and solved.resolution in story
