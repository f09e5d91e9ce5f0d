"""The app on a real pseudo-terminal, keys written at full speed: what is stored is
exactly what was typed, metric by metric (read back through the library)."""

from __future__ import annotations

import time
from pathlib import Path

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.pty_terminal import Terminal

W47 = parse_week("2026-W47")
PASTE_START, PASTE_END = b"\x1b[200~", b"\x1b[201~"


def _wait_for(config: Path, expected: dict[str, float], term: Terminal) -> dict[str, float]:
    deadline = time.monotonic() + 60
    while True:
        term.drain()  # a terminal that is not read blocks the app's writes
        with Workspace.open(config) as ws:
            got = {k: v.value for k in expected if (v := ws.value(W47, k)) is not None}
        if got == expected or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def test_keys_and_a_paste_at_full_speed_on_a_real_terminal(workspace_dir: Path) -> None:
    term = Terminal(workspace_dir)
    try:
        term.read_until(b"values entered")  # the first frame is up
        time.sleep(0.5)
        # Enter on the first metric, four values, then a bracketed paste of three lines
        # and two more values typed: all in one write, as fast as a terminal sends them.
        # (MQL → SQL conversion and win rate are derived: the entry and the paste skip them.)
        keys = b"\r22\r33\r44\r55\r"
        keys += PASTE_START + b"16\n250000\n4\n95000\n" + PASTE_END
        keys += b"91\r12%\r"
        term.write(keys)
        expected = {
            "mqls": 22,
            "web-visits": 33,
            "attended-calls": 44,
            "sqls-accepted": 55,
            "opportunities": 16,
            "pipeline": 250_000,
            "deals-won": 4,
            "closed-won": 95_000,
            "sla-followup": 91,
            "lead-rejection": 12,
        }
        assert _wait_for(workspace_dir / "scorecard.toml", expected, term) == expected
        # type-to-edit on the last metric (the entry is on it), then nothing else changed
        term.write(b"96\r")
        expected["retention"] = 96
        assert _wait_for(workspace_dir / "scorecard.toml", expected, term) == expected
    finally:
        term.close()
