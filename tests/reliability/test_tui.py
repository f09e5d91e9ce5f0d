"""The app under fire: hostile text on a real terminal, other writers, a locked file.

The first test runs ``scorecard tui`` on a pseudo-terminal and reads the raw
bytes the app writes, so it proves what reaches a user's terminal. The others
drive the app with Textual's Pilot while real CLI processes write the same
database.
"""

from __future__ import annotations

import contextlib
import sqlite3
import subprocess
import sys
import time

import pytest

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.pty_terminal import Terminal
from tests.reliability.conftest import scorecard
from tests.reliability.test_hostile_text import HOSTILE

W47 = parse_week("2026-W47")

# Sequences the app itself never writes at start-up: if they reach the terminal,
# user text got through raw.
PAYLOADS = [b"\x1b]0;pwned", b"\x1b]52;c;", b"\xc2\x9b31m", b"\xe2\x80\xae", b"\x1b[31mALERT"]


def _run_app_on_a_pty(cwd, marker: bytes, timeout: float = 60) -> bytes:
    """Everything ``scorecard tui`` wrote to its terminal by the time ``marker``
    and the rest of that frame arrived (or it ended, or ``timeout`` passed: the
    test's own assertions then say what is missing)."""
    term = Terminal(cwd, columns=160, lines=50)
    try:
        with contextlib.suppress(AssertionError, OSError):
            term.read_until(marker, timeout)
        time.sleep(0.5)  # let the rest of the first frame arrive
        term.drain()
    finally:
        term.close()
    return term.out


def test_hostile_text_never_reaches_the_terminal_raw(workspace_dir):
    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        for kind in ("csi", "osc", "c1", "bidi", "controls"):
            ws.add_note("kudos", f"{kind}marker {HOSTILE[kind]}", week=W47)
            ws.add_commitment(f"{kind}task {HOSTILE[kind]}", "Sam Rivera", week=W47)
        ws.set_value(W47, "mqls", 5, note=HOSTILE["osc"])
    out = _run_app_on_a_pty(workspace_dir, b"oscmarker")
    assert b"oscmarker" in out and b"csitask" in out, "the app did not show the notes"
    for payload in PAYLOADS:
        assert payload not in out, payload


@pytest.mark.asyncio
async def test_a_save_after_the_cli_changed_the_value_is_refused(workspace, ws_config):
    from screens.scorecard_table import ScorecardTable
    from screens.value_entry import ValueEntry
    from tests.screens.conftest import press, settle, type_text

    workspace.set_value(W47, "mqls", 100)
    from screens.app import ScorecardApp

    app = ScorecardApp(workspace, W47, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        done = scorecard("set", "mqls", "150", "--week", "2026-W47", cwd=ws_config.parent)
        assert done.returncode == 0, done.stderr
        await press(pilot, "enter")
        await type_text(pilot, "7")
        await press(pilot, "enter")
        entry = app.screen.query_one(ValueEntry)
        assert "changed elsewhere (now 150)" in str(entry.query_one("#entry-error").render())
        assert entry.draft("mqls") == "7"  # what the user typed is kept (Up goes back to it)
        assert app.screen.query_one(ScorecardTable).lines["mqls"].actual == 150
    assert workspace.value(W47, "mqls").value == 150


@pytest.mark.asyncio
async def test_the_app_keeps_saving_while_cli_processes_write(workspace, ws_config):
    """A whole scorecard typed in the app while CLI processes add notes: nothing lost."""
    from screens.app import ScorecardApp
    from tests.screens.conftest import press, settle, type_text

    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "scorecard", "note", "add", "idea", f"cli idea {n}"],
            cwd=ws_config.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    app = ScorecardApp(workspace, W47, poll_interval=None)
    keys = [m.key for m in workspace.config.metrics if not m.derived]  # the entry skips those
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await press(pilot, "enter")
        for n, _ in enumerate(keys):
            await type_text(pilot, str(n + 1))
            await press(pilot, "enter")
    results = [proc.communicate(timeout=60) for proc in procs]
    for (_, err), proc in zip(results, procs, strict=True):
        assert proc.returncode == 0 and not err, err
    assert [workspace.value(W47, key).value for key in keys] == list(range(1, len(keys) + 1))
    ids = {note.id for note in workspace.notes(W47)}
    assert {out.strip() for out, _ in results} <= ids


@pytest.mark.asyncio
async def test_a_locked_file_is_a_message_in_the_app_not_a_crash(workspace, db_file):
    from screens.app import ScorecardApp
    from screens.value_entry import ValueEntry
    from tests.screens.conftest import press, settle, type_text

    workspace.store.conn.execute("PRAGMA busy_timeout = 200")  # keep the test short
    app = ScorecardApp(workspace, W47, poll_interval=None)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        conn = sqlite3.connect(db_file, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        try:
            await press(pilot, "enter")
            await type_text(pilot, "42")
            await press(pilot, "enter")
            await settle(pilot)
            entry = app.screen.query_one(ValueEntry)
            assert "locked by another program" in str(entry.query_one("#entry-error").render())
            assert entry.draft("mqls") == "42"  # kept; the entry had moved on
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        await press(pilot, "up", "enter")  # once the lock is gone, back to it and Enter saves it
    assert workspace.value(W47, "mqls").value == 42


@pytest.mark.asyncio
async def test_a_locked_file_while_opening_the_conflicts_is_a_message(workspace, db_file):
    from screens.app import ScorecardApp
    from screens.conflicts import ConflictsScreen
    from tests.screens.conftest import notices, press, settle

    workspace.store.conn.execute("PRAGMA busy_timeout = 200")  # keep the test short
    app = ScorecardApp(workspace, W47, poll_interval=None)
    said = notices(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        conn = sqlite3.connect(db_file, isolation_level=None)
        conn.execute("BEGIN EXCLUSIVE")
        try:
            await press(pilot, "ctrl+r")
            assert isinstance(app.screen, ConflictsScreen)
            await settle(pilot)
            assert any("locked" in m for m in said)
        finally:
            conn.execute("ROLLBACK")
            conn.close()
        assert app.is_running
