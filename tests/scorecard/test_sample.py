"""The built-in sample: realistic, complete and deterministic."""

import sqlite3

from scorecard.models import NOTE_KINDS
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace

TABLES = ["weeks", "metric_values", "commitments", "commitment_events", "notes"]


def content(path):
    conn = sqlite3.connect(path)
    try:
        return {t: conn.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall() for t in TABLES}
    finally:
        conn.close()


def test_same_week_same_sample(tmp_path):
    from scorecard import sample

    week = parse_week("2026-W47")
    sample.build(tmp_path / "a", current=week).close()
    sample.build(tmp_path / "b", current=week).close()
    assert content(tmp_path / "a" / "scorecard.db") == content(tmp_path / "b" / "scorecard.db")


def test_sample_has_13_weeks_every_state_and_every_note_kind(demo_dir):
    ws = Workspace.open(demo_dir / "scorecard.toml")
    this = parse_week("2026-W47")
    data = content(demo_dir / "scorecard.db")
    weeks_with_values = {row[0] for row in data["metric_values"]}
    assert len(weeks_with_values) == 13
    assert max(weeks_with_values) == "2026-W47"
    statuses = {c.status for c in ws.commitments()}
    assert statuses == {"open", "done", "missed", "dropped", "carried"}
    assert {row[2] for row in data["notes"]} == set(NOTE_KINDS)
    summary = ws.summary(this)
    assert summary.due and summary.made and summary.notes
    entered = [line for line in summary.lines if line.actual is not None]
    assert 0 < len(entered) < len(summary.lines)  # this week is half done
    assert all(line.trend[0] is not None for line in summary.lines)
    assert {s.ratio is not None for s in summary.say_do.values()} == {True}
    ws.close()
