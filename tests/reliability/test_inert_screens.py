"""The app's screens, with a payload in every stored text and every config name.

Each screen is drawn (week, history, agreements, merge conflicts, guided
sync, a form, a dialog, help) and what it draws must hold no terminal control
and no markup read from data: a name like ``[b]BOLD[/b]`` is shown as typed,
never as bold (Textual reads markup in plain strings: ``[@click=…]`` would be
an action).
"""

from __future__ import annotations

import re
import sqlite3
import tomllib
from datetime import date
from pathlib import Path

import pytest
import tomli_w

from scorecard.workspace import Workspace
from tests.reliability.test_hostile_text import UNSAFE
from tests.screens.conftest import press, settle

PAYLOAD = "\x1b]52;c;cHduZWQ=\x07\x9b31m\u202e[b]BOLD[/b][@click=app.quit]X[/]"
NOW = "2026-11-18T12:00:00Z"
W47 = "2026-W47"


def _poison(folder: Path) -> None:
    config = folder / "scorecard.toml"
    data = tomllib.loads(config.read_text("utf-8"))
    data["title"] = f"Co{PAYLOAD}"
    for metric in data["metrics"]:
        metric["name"] = f"{metric['key']}{PAYLOAD}"
    data["agreements"] = [
        {"key": "rule", "title": f"Rule{PAYLOAD}", "text": PAYLOAD, "agreed": date(2026, 9, 1)}
    ]
    config.write_text(tomli_w.dumps(data), encoding="utf-8")
    conn = sqlite3.connect(folder / "scorecard.db", isolation_level=None)
    conn.execute("INSERT INTO weeks (week, closed, updated_at) VALUES (?, 0, ?)", [W47, NOW])
    cid = "a" * 32
    conn.execute(
        "INSERT INTO commitments VALUES (?, ?, ?, 'sales', ?, ?, 'open', NULL, ?, ?)",
        [cid, f"task{PAYLOAD}", f"Sam{PAYLOAD}", W47, W47, NOW, NOW],
    )
    conn.execute(
        "INSERT INTO commitment_events VALUES (?, ?, 1, 'open', ?, ?, ?)",
        ["b" * 32, cid, W47, f"by{PAYLOAD}", NOW],
    )
    conn.execute(
        "INSERT INTO notes VALUES (?, ?, 'kudos', ?, ?, ?, ?)",
        ["c" * 32, W47, f"Maya{PAYLOAD}", f"note{PAYLOAD}", NOW, NOW],
    )
    conn.execute(
        "INSERT INTO metric_values VALUES (?, 'mqls', 5, 120, ?, ?, ?)",
        [W47, f"why{PAYLOAD}", f"Sam{PAYLOAD}", NOW],
    )
    conn.execute(
        "INSERT INTO conflicts VALUES (?, 'notes', ?, 'text', ?, ?, ?, ?)",
        [
            "d" * 32,
            '["' + "c" * 32 + '"]',
            '"base"',
            f'"ours{PAYLOAD}"'.replace("\x1b", "\\u001b").replace("\x07", "\\u0007"),
            '"theirs"',
            NOW,
        ],
    )
    conn.close()


def _drawn(app) -> str:
    svg = app.export_screenshot()
    assert not UNSAFE.search(svg), UNSAFE.search(svg)
    assert "\u202e" not in svg
    return svg


@pytest.mark.asyncio
async def test_every_screen_draws_stored_and_config_text_inert(workspace_dir: Path) -> None:
    from screens.app import ScorecardApp

    _poison(workspace_dir)
    ws = Workspace.open(workspace_dir / "scorecard.toml")
    app = ScorecardApp(ws, poll_interval=None)
    seen: list[str] = []
    try:
        async with app.run_test(size=(160, 50)) as pilot:
            await settle(pilot)
            seen.append(_drawn(app))
            for keys, back in (
                (("h",), ("escape",)),  # history
                (("r",), ("escape",)),  # agreements
                (("ctrl+r",), ("escape",)),  # merge conflicts
                (("question_mark",), ("escape",)),  # help
                (("tab", "e"), ("escape",)),  # the commitment form (edit)
                (("shift+tab", "shift+tab", "delete"), ("n",)),  # a confirmation dialog
            ):
                await press(pilot, *keys)
                seen.append(_drawn(app))
                await press(pilot, *back)
                await settle(pilot)
            assert app.is_running, "a markup action from data ran"
            # the edit form shows the stored text inert; saved unchanged, it is kept exactly
            await press(pilot, "tab", "e")
            await press(pilot, "ctrl+s")
            await settle(pilot)
            assert ws.find_commitment("a" * 32).text == f"task{PAYLOAD}"
    finally:
        ws.close()
    everything = "".join(seen)
    assert "BOLD" in everything, "the payload was not on screen: nothing was proven"
    # markup from data is shown as typed (Rich's SVG writes spaces as &#160;)
    assert re.search(r"\[b\]BOLD\[/b\]", everything)
    assert "[@click=app.quit]" in everything
