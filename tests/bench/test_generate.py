"""The benchmark's generated workspace: the requested size, the same content
for the same seed, and status histories that agree with the commitments."""

import sqlite3
from collections import Counter

import pytest

from bench import generate
from scorecard.weeks import Week
from scorecard.workspace import Workspace

TINY = generate.Size(weeks=8, metrics=7, commitments=40, notes=25)


def canonical(db_path):
    """Every row of every table, sorted: the content, whatever the page layout."""
    conn = sqlite3.connect(db_path)
    try:
        return {
            table: sorted(conn.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in generate.counts(db_path)
        }
    finally:
        conn.close()


@pytest.fixture
def tiny(tmp_path):
    return generate.build(tmp_path / "a", TINY, seed=7)


def test_requested_counts(tiny):
    counts = generate.counts(tiny.db_path)
    conn = sqlite3.connect(tiny.db_path)
    met = conn.execute("SELECT count(*) FROM weeks WHERE week <= ?", [Week.of(tiny.today).id])
    assert met.fetchone()[0] == TINY.weeks  # and the weeks the last commitments fall due
    conn.close()
    assert counts["commitments"] == TINY.commitments
    assert counts["notes"] == TINY.notes
    with Workspace.open(tiny.config_path) as ws:
        assert len(ws.config.metrics) == TINY.metrics
        assert {m.area for m in ws.config.metrics} == {"awareness", "revenue", "trust"}


def test_same_seed_same_content_other_seed_other_content(tiny, tmp_path):
    again = generate.build(tmp_path / "b", TINY, seed=7)
    other = generate.build(tmp_path / "c", TINY, seed=8)
    assert canonical(again.db_path) == canonical(tiny.db_path)
    assert again.config_path.read_bytes() == tiny.config_path.read_bytes()
    assert canonical(other.db_path) != canonical(tiny.db_path)


def test_status_histories_agree_with_commitments(tiny):
    conn = sqlite3.connect(tiny.db_path)
    rows = conn.execute("SELECT id, status, carried_from FROM commitments").fetchall()
    events: dict[str, list[str]] = {}
    for cid, status in conn.execute(
        "SELECT commitment_id, status FROM commitment_events ORDER BY at, rowid"
    ):
        events.setdefault(cid, []).append(status)
    conn.close()
    for cid, status, _ in rows:
        assert events[cid][0] == "open"
        assert events[cid][-1] == status
    carried = {cid for cid, status, _ in rows if status == "carried"}
    successors = {src for _, _, src in rows if src is not None}
    assert carried == successors
    outcomes = Counter(status for _, status, _ in rows)
    assert outcomes["done"] and outcomes["open"]


def test_the_current_week_is_open_and_the_past_closed(tiny):
    with Workspace.open(tiny.config_path) as ws:
        this_week = ws.week_info(tiny.week)
        last_week = ws.week_info(tiny.week - 1)
        summary = ws.summary(tiny.week)
    assert not this_week.closed and last_week.closed and last_week.rating
    entered = [line for line in summary.lines if line.actual is not None]
    assert 0 < len(entered) < TINY.metrics
    assert summary.due  # last week's commitments wait for review
