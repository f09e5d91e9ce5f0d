"""Concurrency: several processes write one database at once and nothing is lost.

Writer processes (the Workspace service), ``scorecard`` CLI processes and a
Workspace in this process all write together. The busy timeout makes them
wait their turn: no write is lost, no "database is locked" reaches anyone,
and a value changed elsewhere is never silently overwritten.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from scorecard.errors import ScorecardError, StaleEdit
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.conftest import digest, widen_bounds
from tests.reliability.conftest import bound, one_line_error, scorecard
from tests.reliability.ledger import Ledger, Writer, check_whole

W47 = parse_week("2026-W47")
WRITE_OPS = bound(120, 2000)


@pytest.fixture(autouse=True)
def patient(monkeypatch: pytest.MonkeyPatch) -> None:
    """Writers here wait as long as it takes: these tests are about losing
    nothing, and on a loaded machine (or under pytest-xdist) a writer can wait
    longer than the default five seconds for its turn. The tests of the timeout
    itself set a short one."""
    monkeypatch.setenv("SCORECARD_BUSY_TIMEOUT_MS", "120000")


def test_writers_cli_and_workspace_at_once_lose_nothing(ws_config, db_file):
    widen_bounds(ws_config)  # the writers store their sequence numbers, in the millions
    metrics = ["mqls", "pipeline", "sla-followup"]
    writers = [
        Writer(ws_config, n * 1_000_000, WRITE_OPS, n, "value,commit,status,carry,note,edit", m)
        for n, m in enumerate(metrics)
    ]
    # a Workspace in this process writes its own metric in a thread meanwhile
    mine: list[int] = []
    failures: list[BaseException] = []

    def in_process() -> None:
        try:
            with Workspace.open(ws_config) as ws:
                for n in range(WRITE_OPS):
                    ws.set_value(parse_week(f"2026-W{40 + n % 8}"), "retention", n)
                    mine.append(n)
        except BaseException as exc:  # reported below
            failures.append(exc)

    thread = threading.Thread(target=in_process)
    thread.start()
    cli_notes = []
    for n in range(bound(6, 60)):
        done = scorecard("note", "add", "kudos", f"cli kudos {n}", cwd=ws_config.parent)
        assert done.returncode == 0 and not done.stderr, done.stderr
        cli_notes.append(done.stdout.strip())
    ledger = Ledger(parallel=True)
    for writer in writers:
        code, err = writer.wait(600)
        assert code == 0 and "locked" not in err, err
        assert writer.lines[-1].startswith("finished"), writer.lines[-3:]
        ledger.feed(writer.lines)
    thread.join(600)
    assert not failures, failures
    ledger.verify(db_file)
    with Workspace.open(ws_config) as ws:
        for n in mine[-8:]:
            assert ws.value(parse_week(f"2026-W{40 + n % 8}"), "retention").value == n
        notes = {note.id for note in ws.notes(W47)}
    assert set(cli_notes) <= notes


def test_two_writers_racing_on_the_same_commitments_never_double_carry(ws_config, db_file):
    """Check-then-write races: two processes carry the same two open commitments over.

    The loser of each race must see the commitment already carried (the writer
    prints ``skip``), never carry it a second time."""
    with Workspace.open(ws_config) as ws:
        for n in range(2):
            ws.add_commitment(f"shared task {n}", "Sam Rivera", week=W47)
    ops = bound(300, 4000)
    writers = [Writer(ws_config, n * 1_000_000, ops, n, "carry") for n in (1, 2)]
    for writer in writers:
        code, err = writer.wait(600)
        assert code == 0, err
    import db

    database = db.connect(db_file)
    try:
        check_whole(database)
        rows = db.query(database, "SELECT * FROM commitments")
    finally:
        database.close()
    parents = {r["carried_from"] for r in rows if r["carried_from"]}
    assert all(r["status"] == "carried" for r in rows if r["id"] in parents)


def test_stale_value_is_not_silently_overwritten(workspace, ws_config):
    shown = workspace.set_value(W47, "mqls", 100)
    done = scorecard("set", "mqls", "150", "--week", "2026-W47", cwd=ws_config.parent)
    assert done.returncode == 0, done.stderr
    assert workspace.changed_elsewhere()
    with pytest.raises(StaleEdit, match="changed elsewhere"):
        workspace.set_value(W47, "mqls", 120, expected=shown.value)
    assert workspace.value(W47, "mqls").value == 150
    # having reviewed the new value, the edit goes through
    assert workspace.set_value(W47, "mqls", 120, expected=150).value == 120


def test_first_value_entered_elsewhere_is_not_overwritten(workspace, ws_config):
    done = scorecard("set", "pipeline", "5000", cwd=ws_config.parent)
    assert done.returncode == 0, done.stderr
    with pytest.raises(StaleEdit):
        workspace.set_value(W47, "pipeline", 1, expected=None)
    assert workspace.value(W47, "pipeline").value == 5000


def _hold_write_lock(db_file):
    conn = sqlite3.connect(db_file, isolation_level=None, check_same_thread=False)
    conn.execute("BEGIN EXCLUSIVE")
    return conn


def test_a_short_lock_is_waited_out(ws_config, db_file):
    conn = _hold_write_lock(db_file)
    timer = threading.Timer(1.0, lambda: conn.execute("COMMIT"))
    timer.start()
    try:
        started = time.monotonic()
        done = scorecard("set", "mqls", "77", cwd=ws_config.parent)
    finally:
        timer.join()
        conn.close()
    assert done.returncode == 0, done.stderr
    assert time.monotonic() - started >= 1.0
    assert "77" in done.stdout


def test_a_lock_held_too_long_is_one_clear_line(ws_config, db_file, monkeypatch):
    """Past the busy timeout: one line naming the file, exit 1, nothing written."""
    monkeypatch.setenv("SCORECARD_BUSY_TIMEOUT_MS", "300")  # the subprocesses wait 0.3 s, not 5
    before = digest(db_file)
    conn = _hold_write_lock(db_file)
    try:
        done = scorecard("set", "mqls", "77", cwd=ws_config.parent)
        shown = scorecard("show", cwd=ws_config.parent)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    line = one_line_error(done, 1)
    assert "is locked by another program" in line and "scorecard.db" in line
    assert "is locked by another program" in one_line_error(shown, 1)
    assert digest(db_file) == before


def test_workspace_reports_a_held_lock_as_a_scorecard_error(
    workspace, db_file, monkeypatch: pytest.MonkeyPatch
):
    workspace.store.conn.execute("PRAGMA busy_timeout = 100")  # keep the test short
    conn = _hold_write_lock(db_file)
    try:
        with pytest.raises(ScorecardError, match="locked by another program") as info:
            workspace.set_value(W47, "mqls", 1)
    finally:
        conn.execute("ROLLBACK")
        conn.close()
    assert info.value.exit_code == 1
    assert workspace.set_value(W47, "mqls", 2).value == 2
