"""Accountability: a carried commitment has one successor, whatever the order of keys."""

import pytest

from scorecard.errors import InvalidInput
from scorecard.ids import successor_id
from scorecard.weeks import parse_week

W47 = parse_week("2026-W47")


def _open_copies(ws, source_id):
    return [c for c in ws.commitments(open_only=True) if c.carried_from == source_id]


def test_the_successor_id_is_derived_from_the_source_id(workspace):
    made = workspace.add_commitment("Send list", "Maya Chen", week=W47 - 1)
    carried = workspace.carry_commitment(made.id, week=W47)
    assert carried.id == successor_id(made.id)
    assert successor_id(made.id) == successor_id(made.id)
    assert successor_id(made.id) != successor_id(carried.id)
    assert len(carried.id) == 32 and int(carried.id, 16) >= 0


def test_carry_reopen_carry_leaves_one_open_successor(workspace):
    made = workspace.add_commitment("Send list", "Maya Chen", week=W47 - 1)
    first = workspace.carry_commitment(made.id, week=W47)
    reopened = workspace.set_commitment_status(made.id, "open", week=W47)
    assert reopened.status == "open"
    assert _open_copies(workspace, made.id) == []  # reopening undid the carry
    again = workspace.carry_commitment(made.id, week=W47)
    assert again.id == first.id
    assert [c.id for c in _open_copies(workspace, made.id)] == [first.id]
    assert [e.status for e in workspace.history(made.id)] == ["open", "carried", "open", "carried"]
    assert [e.status for e in workspace.history(again.id)] == ["open"]


def test_reopening_is_refused_once_the_successor_was_reviewed(workspace):
    made = workspace.add_commitment("Send list", "Maya Chen", week=W47 - 1)
    carried = workspace.carry_commitment(made.id, week=W47)
    workspace.set_commitment_status(carried.id, "done", week=W47 + 1)
    with pytest.raises(InvalidInput, match=f"reopen {carried.short_id} instead"):
        workspace.set_commitment_status(made.id, "open", week=W47 + 1)
    assert workspace.find_commitment(made.id).status == "carried"
    assert workspace.find_commitment(carried.id).status == "done"


def test_carrying_twice_is_refused(workspace):
    made = workspace.add_commitment("Send list", "Maya Chen", week=W47 - 1)
    workspace.carry_commitment(made.id, week=W47)
    with pytest.raises(InvalidInput, match="is carried, not open"):
        workspace.carry_commitment(made.id, week=W47)
    assert len(workspace.commitments()) == 2


def test_cli_carry_reopen_carry(run, workspace_dir):
    first = run("commitment", "add", "Call back", "--owner", "Sam Rivera", "--week", "last")
    source = first.stdout.strip()
    one = run("commitment", "carry", source[:6]).stdout.strip()
    assert run("commitment", "reopen", source[:6]).exit_code == 0
    two = run("commitment", "carry", source[:6]).stdout.strip()
    assert one == two == successor_id(source)
    listing = run("commitment", "list", "--open").stdout.splitlines()
    assert [line[:7] for line in listing if "Call back" in line] == [two[:7]]
