"""Accountability: a carried commitment has one successor, whatever the order of keys."""

import json

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


def test_a_successor_falls_due_after_the_week_it_is_made(workspace):
    """Carried in a week later than its due week (and than today), the new
    commitment is due the week after that one, and stays on that week's review."""
    made = workspace.add_commitment("Send list", "Maya Chen", week=W47 - 1, due=W47 - 1)
    later = W47 + 8
    carried = workspace.carry_commitment(made.id, week=later)
    assert (carried.week_made, carried.due_week) == (later.id, (later + 1).id)
    assert carried.id not in [c.id for c in workspace.summary(later - 1).review]
    assert carried.id in [c.id for c in workspace.summary(later + 1).review]


def test_carrying_to_a_due_week_before_the_review_is_refused(workspace):
    made = workspace.add_commitment("Send list", "Maya Chen", week=W47 - 1)
    with pytest.raises(InvalidInput, match="before the week it is made"):
        workspace.carry_commitment(made.id, week=W47 + 2, due=W47 + 1)
    assert [c.status for c in workspace.commitments()] == ["open"]


def test_cli_carry_reopen_carry(run, workspace_dir):
    first = run("commitment", "add", "Call back", "--owner", "Sam Rivera", "--week", "last")
    source = first.stdout.strip()
    one = run("commitment", "carry", source[:6]).stdout.strip()
    assert run("commitment", "reopen", source[:6]).exit_code == 0
    two = run("commitment", "carry", source[:6]).stdout.strip()
    assert one == two == successor_id(source)
    listing = run("commitment", "list", "--open").stdout.splitlines()
    assert [line[:7] for line in listing if "Call back" in line] == [two[:7]]


# -- overdue commitments stay on review until they are reviewed -------------------------


def _review(ws, week):
    return [c.text for c in ws.summary(week).review]


def test_an_overdue_commitment_stays_on_review_until_reviewed(workspace):
    late = workspace.add_commitment("Late one", "Sam Rivera", week=W47 - 3, due=W47 - 2)
    workspace.add_commitment("Due now", "Maya Chen", week=W47 - 1)
    assert _review(workspace, W47 - 2) == ["Late one"]
    assert _review(workspace, W47 - 1) == ["Late one"]
    assert _review(workspace, W47) == ["Late one", "Due now"]
    summary = workspace.summary(W47)
    assert [summary.weeks_late(c) for c in summary.review] == [2, 0]
    # reviewed in W47: still shown there (with its outcome), gone from later weeks
    workspace.set_commitment_status(late.id, "done", week=W47)
    assert [(c.text, c.status) for c in workspace.summary(W47).review] == [
        ("Late one", "done"),
        ("Due now", "open"),
    ]
    assert _review(workspace, W47 + 1) == ["Due now"]
    # and it was on review in the weeks before it was reviewed
    assert _review(workspace, W47 - 1) == ["Late one"]


def test_a_reviewed_commitment_leaves_the_review_of_later_weeks(workspace):
    c = workspace.add_commitment("Quick", "Sam Rivera", week=W47 - 2)
    workspace.set_commitment_status(c.id, "missed", week=W47 - 1)
    assert _review(workspace, W47 - 1) == ["Quick"]
    assert _review(workspace, W47) == []


def test_a_commitment_made_and_due_this_week_is_still_open_everywhere(workspace, run):
    workspace.add_commitment("Same week", "Sam Rivera", week=W47, due=W47)
    summary = workspace.summary(W47)
    assert [c.text for c in summary.review] == ["Same week"]
    assert [c.text for c in summary.still_open] == ["Same week"]
    markdown = run("export").stdout
    still_open = markdown.split("### Still open")[1].split("###")[0]
    assert "Same week" in still_open and "_None._" not in still_open
    doc = json.loads(run("export", "-f", "json").stdout)
    assert [c["text"] for c in doc["commitments"]["still_open"]] == ["Same week"]
    assert "Same week" in run("show").stdout


def test_overdue_commitments_say_how_late_they_are_in_every_sink(workspace, run):
    workspace.add_commitment("Old promise", "Sam Rivera", week=W47 - 4, due=W47 - 3)
    show = run("show").stdout
    assert "Old promise" in show and "(3 weeks late)" in show
    assert "2026-W44 (3 weeks late)" in run("export").stdout
    doc = json.loads(run("export", "-f", "json").stdout)
    [item] = doc["commitments"]["still_open"]
    assert item["weeks_late"] == 3
    listing = run("commitment", "list", "--week", "this").stdout
    assert "Old promise" in listing


# -- say/do per owner --------------------------------------------------------------------


def test_say_do_per_owner_in_show_and_exports(workspace, run):
    for owner, status in (("Sam Rivera", "done"), ("Sam Rivera", "missed"), ("Maya Chen", "done")):
        c = workspace.add_commitment("x", owner, week=W47 - 1)
        workspace.set_commitment_status(c.id, status, week=W47)
    owners = workspace.summary(W47).say_do_owners
    assert owners["Sam Rivera"].label() == "50% (1/2)"
    assert owners["Maya Chen"].label() == "100% (1/1)"
    assert list(owners) == ["Maya Chen", "Sam Rivera"]
    assert "SAY/DO BY OWNER: Maya Chen 100% (1/1) · Sam Rivera 50% (1/2)" in run("show").stdout
    markdown = run("export").stdout
    assert "| Sam Rivera | 50% (1/2) |" in markdown
    doc = json.loads(run("export", "-f", "json").stdout)
    assert doc["say_do"]["owners"]["Sam Rivera"]["ratio"] == 0.5
    ranged = json.loads(
        run("export", "--from", "2026-W40", "--to", "2026-W47", "-f", "json").stdout
    )
    assert ranged["owners"]["Sam Rivera"] == {
        "made": 2,
        "kept": 1,
        "ratio": 0.5,
        "label": "50% (1/2)",
        "done": 1,
        "missed": 1,
        "carried": 0,
        "dropped": 0,
        "open": 0,
    }
