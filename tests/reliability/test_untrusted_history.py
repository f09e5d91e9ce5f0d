"""The history's read model validates the commitments it reads, as every read does:
a damaged row is left out and reported, never shown or a crash."""

from __future__ import annotations

import sqlite3

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace


def test_a_damaged_commitment_is_left_out_of_the_history(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        week = parse_week("2026-W44")
        kept = ws.add_commitment("Share the lost-deal reasons", "Sam Rivera", week=week)
        damaged = ws.add_commitment("Refresh the nurture sequence", "Maya Chen", week=week)
    with sqlite3.connect(workspace_dir / "scorecard.db") as conn:
        conn.execute("UPDATE commitments SET due_week = 47 WHERE id = ?", [damaged.id])
    conn.close()
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        found = ws.metric_history("mqls", parse_week("2026-W40"), parse_week("2026-W52"))
        assert [c.id for c in found.commitments] == [kept.id]
        assert [(b.table, b.primary_key) for b in ws.store.bad_rows.values()] == [
            ("commitments", (damaged.id,))
        ]


def test_a_commitment_damaged_after_it_was_read_is_left_out_when_read_again(workspace_dir):
    """Rows read before are not validated again only while their values are the
    same: one another tool changes (here, to a bad value) is validated again."""
    first, last = parse_week("2026-W40"), parse_week("2026-W52")
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        week = parse_week("2026-W44")
        kept = ws.add_commitment("Share the lost-deal reasons", "Sam Rivera", week=week)
        damaged = ws.add_commitment("Refresh the nurture sequence", "Maya Chen", week=week)
        before = ws.metric_history("mqls", first, last).commitments
        assert {c.id for c in before} == {kept.id, damaged.id}
        # A shorter range, then the same range again: the rows are the same objects.
        ws.metric_history("mqls", week, week)
        again = ws.metric_history("mqls", first, last).commitments
        assert again == before
        assert all(a is b for a, b in zip(again, before, strict=True))

        with sqlite3.connect(workspace_dir / "scorecard.db") as conn:
            conn.execute("UPDATE commitments SET due_week = 47 WHERE id = ?", [damaged.id])
            conn.execute(
                "UPDATE commitments SET text = 'Share every lost-deal reason' WHERE id = ?",
                [kept.id],
            )
        conn.close()
        found = ws.metric_history("mqls", first, last).commitments
        assert [(c.id, c.text) for c in found] == [(kept.id, "Share every lost-deal reason")]
        assert [(b.table, b.primary_key) for b in ws.store.bad_rows.values()] == [
            ("commitments", (damaged.id,))
        ]
