"""Resolving merge conflicts through the Workspace service (no git needed)."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from db.merge import merge_files
from scorecard.errors import InvalidInput, NotFound
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.conftest import digest

W47 = parse_week("2026-W47")
NOW = "2026-11-18T12:00:00Z"


def _diverge(folder, ours_edit, theirs_edit):
    """Make OURS and THEIRS from the workspace database and merge them into it."""
    db_path = folder / "scorecard.db"
    base = folder / "base.db"
    theirs = folder / "theirs.db"
    shutil.copy(db_path, base)
    shutil.copy(db_path, theirs)
    with Workspace.open(folder / "scorecard.toml") as ws:
        ours_edit(ws)
    other = folder / "other.toml"
    shutil.copy(folder / "scorecard.toml", other)
    text = other.read_text().replace('database = "scorecard.db"', 'database = "theirs.db"')
    other.write_text(text)
    with Workspace.open(other) as ws:
        theirs_edit(ws)
    conflicts = merge_files(base, db_path, theirs, NOW)
    base.unlink()
    theirs.unlink()
    other.unlink()
    return conflicts


def test_field_conflict_resolves_to_ours_theirs_or_a_typed_value(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 100)
        ws.set_value(W47, "pipeline", 1000)
    found = _diverge(
        workspace_dir,
        lambda ws: (ws.set_value(W47, "mqls", 110), ws.set_value(W47, "pipeline", 2000)),
        lambda ws: (ws.set_value(W47, "mqls", 120), ws.set_value(W47, "pipeline", 3000)),
    )
    assert len(found) == 2
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.close_week(W47)  # resolving still works in a closed week
        by_metric = {c.key[1]: c for c in ws.conflicts()}
        assert by_metric["mqls"].ours == 110 and by_metric["mqls"].theirs == 120
        assert by_metric["mqls"].base == 100
        ws.resolve_conflict(by_metric["mqls"].id, "theirs")
        before = digest(ws.db_path)
        with pytest.raises(InvalidInput):
            ws.resolve_conflict(by_metric["pipeline"].id, "value", "lots")
        with pytest.raises(NotFound):
            ws.resolve_conflict(by_metric["mqls"].id, "ours")  # already resolved
        assert digest(ws.db_path) == before
        ws.resolve_conflict(by_metric["pipeline"].short_id, "value", "2,500")
        assert ws.value(W47, "mqls").value == 120
        assert ws.value(W47, "pipeline").value == 2500
        assert ws.value(W47, "pipeline").entered_by == "tester"
        assert ws.conflicts() == []


def test_deleted_against_changed_note_keeps_the_change_until_resolved(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        note = ws.add_note("idea", "Try a webinar", week=W47)
    found = _diverge(
        workspace_dir,
        lambda ws: ws.edit_note(note.id, text="Try two webinars"),
        lambda ws: ws.delete_note(note.id),
    )
    [conflict] = found
    assert conflict.column is None
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        [item] = ws.conflicts()
        assert item.describe(item.ours) == "text=Try two webinars"
        assert item.describe(item.theirs) == "deleted"
        assert ws.notes(W47)[0].text == "Try two webinars"
        with pytest.raises(InvalidInput):
            ws.resolve_conflict(item.id, "value", "anything")
        ws.resolve_conflict(item.id, "theirs")
        assert ws.notes(W47) == []


def test_status_typed_value_must_be_a_known_status(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        made = ws.add_commitment("Ship it", "Sam Rivera", week=W47)
    _diverge(
        workspace_dir,
        lambda ws: ws.set_commitment_status(made.id, "done", week=W47),
        lambda ws: ws.set_commitment_status(made.id, "missed", week=W47),
    )
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        [item] = [c for c in ws.conflicts() if c.column == "status"]
        with pytest.raises(InvalidInput):
            ws.resolve_conflict(item.id, "value", "finished")
        ws.resolve_conflict(item.id, "value", "dropped")
        assert ws.find_commitment(made.id).status == "dropped"
        conn = sqlite3.connect(ws.db_path)
        events = conn.execute("SELECT status FROM commitment_events").fetchall()
        conn.close()
        # both sides' reviews are kept, and the resolution is the last word
        assert sorted(e[0] for e in events) == ["done", "dropped", "missed", "open"]
        assert ws.history(made.id)[-1].status == "dropped"


def test_an_edit_after_the_merge_is_not_overwritten_by_resolving(workspace_dir):
    from scorecard.errors import StaleEdit

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 100)
    _diverge(
        workspace_dir,
        lambda ws: ws.set_value(W47, "mqls", 110),
        lambda ws: ws.set_value(W47, "mqls", 120),
    )
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        (conflict,) = ws.conflicts()
        ws.set_value(W47, "mqls", 5)  # someone typed the right number meanwhile
        before = digest(ws.db_path)
        with pytest.raises(StaleEdit, match="changed after the merge"):
            ws.resolve_conflict(conflict.id, "theirs")
        assert digest(ws.db_path) == before
        ws.resolve_conflict(conflict.id, "value", "5")  # typed: a deliberate choice
        assert ws.value(W47, "mqls").value == 5


def test_resolving_a_status_conflict_records_it_in_the_history(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        made = ws.add_commitment("Send list", "Sam Rivera", week=W47 - 1, due=W47)
    _diverge(
        workspace_dir,
        lambda ws: ws.set_commitment_status(made.id, "done", week=W47),
        lambda ws: ws.set_commitment_status(made.id, "missed", week=W47),
    )
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        (conflict,) = [c for c in ws.conflicts() if c.column == "status"]
        ws.resolve_conflict(conflict.id, "theirs")
        assert ws.find_commitment(made.id).status == "missed"
        assert ws.history(made.id)[-1].status == "missed"


def test_a_week_is_not_closed_while_conflicts_are_pending(workspace_dir):
    from scorecard.closing import close_week
    from scorecard.errors import ScorecardError

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 100)
    _diverge(
        workspace_dir,
        lambda ws: ws.set_value(W47, "mqls", 110),
        lambda ws: ws.set_value(W47, "mqls", 120),
    )
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        before = digest(ws.db_path)
        with pytest.raises(ScorecardError, match="1 merge conflict to resolve first"):
            close_week(ws, W47)
        assert digest(ws.db_path) == before
        assert not ws.week_info(W47).closed
        assert not (workspace_dir / "reports").exists()
