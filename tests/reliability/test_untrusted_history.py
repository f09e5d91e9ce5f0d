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
