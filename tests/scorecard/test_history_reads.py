"""The history's read of a range: the commitments it lists are read again
whenever anything was written, here or by another process, and not otherwise."""

from __future__ import annotations

from pathlib import Path

from scorecard.weeks import Week
from scorecard.workspace import Workspace


def test_the_range_commitments_follow_every_write(demo_dir: Path) -> None:
    week = Week.current()
    first = week - 12
    with Workspace.open(demo_dir / "scorecard.toml") as ws:
        one, other = ws.config.metrics[0].key, ws.config.metrics[1].key
        before = ws.metric_history(one, first, week).commitments
        assert before
        # Another metric over the same range, nothing written: the same list.
        assert ws.metric_history(other, first, week).commitments == before
        # Another range: its own list.
        shorter = ws.metric_history(one, week, week).commitments
        assert set(shorter) < set(before)

        made = ws.add_commitment("Ship the pricing page", "Sam Rivera", week=week)
        after = ws.metric_history(one, first, week).commitments
        assert made.id in {c.id for c in after}
        assert len(after) == len(before) + 1

        # A write by another process (another connection to the file) shows too.
        with Workspace.open(demo_dir / "scorecard.toml") as colleague:
            colleague.set_commitment_status(made.id, "done", week=week)
        again = ws.metric_history(one, first, week).commitments
        assert next(c for c in again if c.id == made.id).status == "done"
        assert ws.metric_history(other, first, week).commitments == again
