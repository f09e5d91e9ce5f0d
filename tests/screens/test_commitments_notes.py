"""Commitments (add, complete, carry, edit) and retro notes (add, edit, delete)."""

from __future__ import annotations

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from screens.commitment_form import CommitmentForm
from screens.commitment_table import CommitmentTable
from screens.confirm import ConfirmScreen
from screens.note_form import NoteForm
from screens.notes_table import NotesTable
from tests.screens.conftest import press, settle, type_text

pytestmark = pytest.mark.asyncio

W47 = parse_week("2026-W47")


async def test_add_commitment_defaults_to_next_week_and_owner_team(
    workspace: Workspace, make_app
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        assert isinstance(app.screen, CommitmentForm)
        await type_text(pilot, "Send the webinar list to sales")
        await press(pilot, "tab")
        await type_text(pilot, "Maya Chen")
        await press(pilot, "ctrl+s")
        assert not isinstance(app.screen, CommitmentForm)
        made = app.screen.query_one("#made", CommitmentTable)
        assert [c.text for c in made.items] == ["Send the webinar list to sales"]
    (added,) = workspace.commitments(week=W47)
    assert (added.owner, added.team, added.due_week, added.week_made) == (
        "Maya Chen",
        "marketing",
        "2026-W48",
        "2026-W47",
    )


async def test_refused_commitment_keeps_the_form_and_says_why(
    workspace: Workspace, make_app
) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "a")
        await type_text(pilot, "Fix the lead form")
        await press(pilot, "tab")
        await type_text(pilot, "Somebody")  # not a lead: which team?
        await press(pilot, "enter")
        form = app.screen
        assert isinstance(form, CommitmentForm)
        assert "which team does Somebody belong to" in str(form.query_one("#form-error").render())
        assert form.values()["text"] == "Fix the lead form"
        assert form.values()["owner"] == "Somebody"
    assert workspace.commitments() == []


async def test_complete_and_carry_commitments(demo_ws: Workspace, make_app) -> None:
    due_before = [c for c in demo_ws.commitments(week=W47) if c.due_week == W47.id]
    assert len(due_before) >= 2 and all(c.is_open for c in due_before)
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        table = app.screen.query_one("#due", CommitmentTable)
        await press(pilot, "tab")  # scorecard -> due (the entry is idle: no field yet)
        assert app.screen.focused is table
        first = table.current
        assert first is not None
        await press(pilot, "d")
        assert table.items[0].status == "done"
        await press(pilot, "down")
        second = table.current
        assert second is not None
        await press(pilot, "c")
        assert table.items[1].status == "carried"
        made = app.screen.query_one("#made", CommitmentTable)
        successor = [c for c in made.items if c.carried_from == second.id]
        assert successor and successor[0].due_week == "2026-W48"
    assert demo_ws.find_commitment(first.id).status == "done"
    assert [e.status for e in demo_ws.history(first.id)][-1] == "done"
    assert demo_ws.find_commitment(second.id).status == "carried"


async def test_edit_commitment(demo_ws: Workspace, make_app) -> None:
    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "tab", "tab")  # the "made this week" list
        table = app.screen.query_one("#made", CommitmentTable)
        target = table.current
        assert target is not None
        await press(pilot, "e")
        assert isinstance(app.screen, CommitmentForm)
        await press(pilot, "end", *["backspace"] * len(target.text))
        await type_text(pilot, "Call back every demo request the same day")
        await press(pilot, "ctrl+s")
    assert demo_ws.find_commitment(target.id).text == "Call back every demo request the same day"


async def test_add_edit_and_delete_a_note(workspace: Workspace, make_app) -> None:
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "n")
        assert isinstance(app.screen, NoteForm)
        await type_text(pilot, "Joint webinar worked")
        await press(pilot, "enter")
        (note,) = workspace.notes(W47)
        assert (note.kind, note.text, note.author) == ("worked", "Joint webinar worked", "tester")

        notes = app.screen.query_one(NotesTable)
        notes.focus()
        await press(pilot, "e")
        assert isinstance(app.screen, NoteForm)
        await type_text(pilot, " twice")
        await press(pilot, "enter")
        assert workspace.find_note(note.id).text == "Joint webinar worked twice"

        await press(pilot, "delete")
        assert isinstance(app.screen, ConfirmScreen)
        await press(pilot, "n")  # changed my mind
        assert len(workspace.notes(W47)) == 1
        await press(pilot, "delete", "y")
        assert workspace.notes(W47) == []
        assert notes.items == []


async def test_note_text_with_terminal_escapes_is_shown_inert(
    workspace: Workspace, make_app
) -> None:
    workspace.add_note("idea", "ring \x1b[31mred\x07 bell", week=W47)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        notes = app.screen.query_one(NotesTable)
        cell = str(notes.get_row_at(0)[1])
        assert "\x1b" not in cell and "\x07" not in cell
        assert "ring \\x1b[31mred\\x07 bell" in cell


async def test_the_footer_offers_a_lists_keys_only_while_it_has_items(
    demo_ws: Workspace, make_app
) -> None:
    from screens.footer import FittedFooter

    def offered() -> dict[str, bool]:
        footer = app.screen.query_one(FittedFooter)
        return {key.description: key.enabled for _, _, key in footer.drawn_keys()}

    app = make_app(demo_ws)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "tab")  # the commitments due this week (the sample has some)
        await settle(pilot)
        assert offered().get("Done") is True
        # before the sample's first week nothing is due (later weeks have the overdue ones)
        await press(pilot, "g")
        await type_text(pilot, "2026-W33")
        await press(pilot, "enter")
        assert app.screen.week.id == "2026-W33"  # type: ignore[attr-defined]
        assert not offered().get("Done")
        await press(pilot, "t")
        await settle(pilot)
        assert offered().get("Done") is True


async def test_an_overdue_commitment_is_on_review_with_how_late_it_is(
    workspace: Workspace, make_app
) -> None:
    late = workspace.add_commitment("Old promise", "Sam Rivera", week=W47 - 3, due=W47 - 2)
    app = make_app(workspace)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        due = app.screen.query_one("#due", CommitmentTable)
        assert [c.id for c in due.items] == [late.id]
        cells = [str(cell) for cell in due.get_row_at(0)]
        assert "2 weeks late" in cells[1]
        await press(pilot, "tab")
        await press(pilot, "d")  # reviewed now: it stays in this week's list, done
        assert [(c.id, c.status) for c in due.items] == [(late.id, "done")]
    assert workspace.find_commitment(late.id).status == "done"
    assert [c.id for c in workspace.summary(W47 + 1).review] == []
