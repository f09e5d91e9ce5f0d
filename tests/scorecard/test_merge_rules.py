"""Merge rules beyond cells (db/merge_rules.py), through the service and real files."""

from __future__ import annotations

import sqlite3

import pytest

from scorecard import ids
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.scorecard.test_conflicts import _diverge

W46 = parse_week("2026-W46")
W47 = parse_week("2026-W47")


def _events(folder, cid):
    conn = sqlite3.connect(folder / "scorecard.db")
    try:
        return conn.execute(
            "SELECT seq, status FROM commitment_events WHERE commitment_id = ? ORDER BY seq",
            (cid,),
        ).fetchall()
    finally:
        conn.close()


def _made(folder):
    with Workspace.open(folder / "scorecard.toml") as ws:
        return ws.add_commitment("Send the list", "Sam Rivera", week=W46, due=W47).id


def test_the_same_review_on_both_sides_is_one_event(workspace_dir):
    cid = _made(workspace_dir)
    found = _diverge(
        workspace_dir,
        lambda ws: ws.set_commitment_status(cid, "done", week=W47),
        lambda ws: ws.set_commitment_status(cid, "done", week=W47),
    )
    assert found == []
    assert _events(workspace_dir, cid) == [(1, "open"), (2, "done")]


def test_different_reviews_are_one_conflict_and_never_share_a_seq(workspace_dir):
    cid = _made(workspace_dir)
    found = _diverge(
        workspace_dir,
        lambda ws: ws.set_commitment_status(cid, "done", week=W47),
        lambda ws: ws.set_commitment_status(cid, "missed", week=W47),
    )
    assert [(c.table, c.column) for c in found] == [("commitments", "status")]
    assert _events(workspace_dir, cid) == [(1, "open"), (2, "done"), (3, "missed")]
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        [item] = ws.conflicts()
        ws.resolve_conflict(item.id, "theirs")
        assert ws.find_commitment(cid).status == "missed"
    assert _events(workspace_dir, cid)[-1][1] == "missed"


def test_both_closing_the_same_week_merge_cleanly_keeping_the_earlier_close(
    workspace_dir, monkeypatch
):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 120)

    def close_at(stamp):
        def run(ws):
            monkeypatch.setattr("scorecard.clock.stamp", lambda: stamp)
            ws.close_week(W47)

        return run

    found = _diverge(
        workspace_dir, close_at("2026-11-18T15:00:00Z"), close_at("2026-11-18T14:00:00Z")
    )
    assert found == []
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        info = ws.week_info(W47)
        assert info.closed and info.closed_at == "2026-11-18T14:00:00Z"


def test_a_late_edit_to_a_week_closed_on_the_other_side_is_a_conflict(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 120)
    found = _diverge(
        workspace_dir,
        lambda ws: ws.close_week(W47),
        lambda ws: (ws.set_value(W47, "mqls", 150), ws.add_note("idea", "Late", week=W47)),
    )
    tables = sorted((c.table, c.column) for c in found)
    assert tables == [("metric_values", None), ("notes", None), ("weeks", "closed")]
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        items = {c.table: c for c in ws.conflicts()}
        week = items["weeks"]
        assert week.describe(week.ours) == "closed" and week.describe(week.theirs) == "open"
        value = items["metric_values"]
        assert value.describe(value.ours) == "unchanged"
        assert "value=150" in value.describe(value.theirs)
        assert items["notes"].describe(items["notes"].ours) == "(none)"
        # keep the close: the late edits are dropped
        ws.resolve_conflict(ws.conflicts()[0].id, "ours")
        for item in ws.conflicts():
            ws.resolve_conflict(item.id, "ours")
        assert ws.value(W47, "mqls").value == 120  # type: ignore[union-attr]
        assert ws.notes(W47) == [] and ws.week_info(W47).closed


def test_reopening_keeps_the_late_edits(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        ws.set_value(W47, "mqls", 120)
    _diverge(
        workspace_dir,
        lambda ws: ws.set_value(W47, "mqls", 150),
        lambda ws: ws.close_week(W47),
    )
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        for item in ws.conflicts():
            ws.resolve_conflict(item.id, "ours")  # ours is the open side here
        info = ws.week_info(W47)
        assert not info.closed and info.closed_at is None
        assert ws.value(W47, "mqls").value == 150  # type: ignore[union-attr]


@pytest.mark.skipif(
    not hasattr(ids, "successor_id"),
    reason="needs the deterministic successor id (structure, #11), not landed yet",
)
def test_carrying_the_same_commitment_on_both_sides_gives_one_successor(workspace_dir):
    cid = _made(workspace_dir)
    found = _diverge(
        workspace_dir,
        lambda ws: ws.carry_commitment(cid, week=W47),
        lambda ws: ws.carry_commitment(cid, week=W47),
    )
    assert found == []
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        successors = [c for c in ws.commitments() if c.carried_from == cid]
        assert len(successors) == 1 and successors[0].status == "open"
        assert ws.find_commitment(cid).status == "carried"
    assert _events(workspace_dir, cid) == [(1, "open"), (2, "carried")]
    assert _events(workspace_dir, successors[0].id) == [(1, "open")]
