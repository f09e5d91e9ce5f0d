"""Every output, with a payload in every stored field and every config name.

A colleague's branch (or another tool) can write anything into any column of
the database and any name in scorecard.toml. Whatever it writes, no sink lets
it through raw: no terminal control reaches a terminal (``show``, ``commitment
list``, ``log``, the app), no markup reaches a Markdown report, no formula a
CSV cell, no control the commit message ``git log`` prints.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
import subprocess
import tomllib
from pathlib import Path

import pytest
import tomli_w

from tests.reliability.conftest import scorecard, terminal
from tests.reliability.test_hostile_text import UNSAFE
from tests.reliability.test_tui import _run_app_on_a_pty

# OSC 52 (sets the clipboard), a CSI, a C1 CSI, a bidi override, DEL, raw HTML,
# a Markdown link and image, and a spreadsheet formula, all in one string.
PAYLOAD = (
    "\x1b]52;c;cHduZWQ=\x07 \x1b[2J \x9b31m \u202eexe.txt \x7f "
    '<img src=x onerror="alert(1)"> [link](http://evil.example) ![i](http://evil.example/i.png)'
)
FORMULA = '=HYPERLINK("http://evil.example","x")'
RAW_MARKUP = re.compile(r"(?<!\\)<img|(?<!\\)\[link(?<!\\)\]|!\[i")

W47 = "2026-W47"
NOW = "2026-11-18T12:00:00Z"


def _id(n: int) -> str:
    return f"{n:032x}"


def _plant(db_file: Path) -> None:
    """One row per stored text field, that field holding the payload (the
    others valid), written straight into the file as another tool would."""
    conn = sqlite3.connect(db_file, isolation_level=None)
    conn.execute(
        "INSERT OR IGNORE INTO weeks (week, closed, updated_at) VALUES (?, 0, ?)", [W47, NOW]
    )
    conn.execute(
        "UPDATE weeks SET meeting_date = ?, closed_at = NULL WHERE week = ?", [PAYLOAD, W47]
    )
    commitment = {
        "text": "task",
        "owner": "Sam",
        "team": "sales",
        "week_made": W47,
        "due_week": W47,
        "status": "open",
        "carried_from": None,
        "created_at": NOW,
        "updated_at": NOW,
    }
    n = 0
    for field in ["text", "owner", "team", "due_week", "status", "carried_from", "created_at"]:
        n += 1
        row = {**commitment, field: PAYLOAD, "id": _id(n)}
        if field == "text":
            row["text"] = f"{PAYLOAD} {FORMULA}"
        conn.execute(
            f"INSERT INTO commitments ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    event = {"commitment_id": _id(1), "status": "open", "week": W47, "by": "Sam", "at": NOW}
    for field in ["status", "week", "by", "at"]:
        n += 1
        row = {**event, field: PAYLOAD, "id": _id(n), "seq": n}
        conn.execute(
            f"INSERT INTO commitment_events ({', '.join(row)}) VALUES "
            f"({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    note = {"week": W47, "kind": "kudos", "author": "Sam", "text": "nice", "created_at": NOW}
    for field in ["kind", "author", "text", "created_at"]:
        n += 1
        row = {**note, field: PAYLOAD, "id": _id(n), "updated_at": NOW}
        conn.execute(
            f"INSERT INTO notes ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
            list(row.values()),
        )
    conn.execute(
        "INSERT INTO metric_values (week, metric, value, target, note, entered_by, entered_at) "
        "VALUES (?, 'mqls', 5, 120, ?, ?, ?)",
        [W47, f"{PAYLOAD} {FORMULA}", PAYLOAD, PAYLOAD],
    )
    _plant_issues(conn, n)
    conn.close()


def _insert(conn: sqlite3.Connection, table: str, row: dict[str, object]) -> None:
    conn.execute(
        f"INSERT INTO {table} ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
        list(row.values()),
    )


#: The issue whose history the sinks show (``log ID``).
ISSUE = _id(100)


def _plant_issues(conn: sqlite3.Connection, n: int) -> None:
    """Issues and their history, the payload in each field (a solved issue holds
    it in its resolution, linked to the commitment whose text holds it too)."""
    issue = {
        "text": "issue",
        "raised_by": "Sam",
        "raised_in": W47,
        "source_kind": "commitment",
        "source_id": _id(1),
        "owner": "Sam",
        "rank": 1.0,
        "ranked_at": NOW,
        "status": "open",
        "settled_in": None,
        "resolution": None,
        "created_at": NOW,
        "updated_at": NOW,
    }
    conn.execute("PRAGMA ignore_check_constraints = ON")  # as another tool may
    fields = ["text", "raised_by", "owner", "source_kind", "source_id", "status", "raised_in"]
    fields += ["resolution", "settled_in", "ranked_at"]
    for i, field in enumerate(fields):
        row = {**issue, field: PAYLOAD, "id": ISSUE if i == 0 else _id(n + i), "rank": float(i)}
        if field == "text":
            row["text"] = f"{PAYLOAD} {FORMULA}"
        if field in ("resolution", "settled_in"):
            row.update(status="solved", settled_in=W47)
            row[field] = PAYLOAD
        _insert(conn, "issues", row)
    _insert(
        conn, "issue_commitments", {"issue_id": ISSUE, "commitment_id": _id(1), "linked_at": NOW}
    )
    event = {"issue_id": ISSUE, "action": "edited", "week": W47, "by": "Sam", "at": NOW}
    for i, field in enumerate(["detail", "by", "action", "week", "at"]):
        row = {**event, field: PAYLOAD, "id": _id(n + 50 + i), "seq": i + 1}
        _insert(conn, "issue_events", row)


def _poison_config(config: Path) -> None:
    """Every name in scorecard.toml holds the payload."""
    data = tomllib.loads(config.read_text("utf-8"))
    data["title"] = f"Co {PAYLOAD}"
    for team in data["teams"].values():
        team["name"] = f"T {PAYLOAD}"
    for metric in data["metrics"]:
        metric["name"] = f"{metric['key']} {PAYLOAD}"
        metric["description"] = PAYLOAD
    data["agreements"] = [
        {"key": "rule", "title": f"Rule {PAYLOAD}", "text": PAYLOAD, "agreed": "2026-09-01"}
    ]
    data["agreements"][0]["agreed"] = __import__("datetime").date(2026, 9, 1)
    config.write_text(tomli_w.dumps(data), encoding="utf-8")


def _assert_inert(name: str, output: str, *, markdown: bool = False, csv: bool = False) -> None:
    text = output.replace("\r\n", "\n")
    if csv:
        text = text.replace("\r", "")  # CSV quotes a CR inside a cell; nothing else
    assert "\r" not in text, name
    found = UNSAFE.search(text)
    assert found is None, (name, found, text[max(0, found.start() - 40) : found.end() + 40])
    assert "\u2028" not in text and "\u2029" not in text, name
    if markdown:
        assert RAW_MARKUP.search(text) is None, (name, RAW_MARKUP.search(text))
    if csv:
        for line in text.splitlines():
            for cell in line.split(","):
                assert not cell.strip('"').startswith(("=", "+", "@")), (name, cell)


@pytest.fixture
def poisoned(workspace_dir: Path, db_file: Path, ws_config: Path) -> Path:
    _plant(db_file)
    _poison_config(ws_config)
    return workspace_dir


def test_cli_outputs_are_inert(poisoned: Path) -> None:
    outputs = {}
    for name, args in {
        "show": ("show",),
        "list": ("commitment", "list"),
        "list-week": ("commitment", "list", "--week", W47),
        "log": ("log",),
        "log-one": ("log", _id(1)),
        "conflicts": ("conflicts",),
        "issues": ("issue", "list", "--all"),
        "issues-week": ("issue", "list", "--week", W47),
        "issues-json": ("issue", "list", "--all", "--json"),
        "issue-log": ("log", ISSUE),
        "markdown": ("export",),
        "range": ("export", "--from", "2026-W40"),
        "json": ("export", "-f", "json"),
        "json-range": ("export", "-f", "json", "--from", "2026-W40"),
        "csv": ("export", "-f", "csv"),
        "csv-commitments": ("export", "-f", "csv", "--commitments"),
    }.items():
        done = terminal(*args)
        assert done.exit_code == 0, (name, done.output)
        outputs[name] = done.output
    for name, output in outputs.items():
        _assert_inert(name, output, markdown=name in ("markdown", "range"), csv="csv" in name)
    # the payload did land where it was planted: the check above is not vacuous
    assert "\\x1b]52" in outputs["show"] and "\\\\x1b\\]52" in outputs["markdown"]
    assert outputs["issues"].count("\\x1b]52") >= 2, "the text and the owner"
    assert "\\x1b]52" in outputs["issue-log"]
    assert "\\x1b]52" in outputs["csv"]
    # JSON keeps the exact text (escaped), so it round-trips
    document = json.loads(terminal("export", "-f", "json").stdout)
    assert document["workspace"]["title"] == f"Co {PAYLOAD}"


def test_the_report_written_by_close_and_its_commit_message_are_inert(poisoned: Path) -> None:
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    subprocess.run(["git", "init", "-q"], cwd=poisoned, check=True)
    subprocess.run(["git", "add", "-A"], cwd=poisoned, check=True)
    subprocess.run(["git", "commit", "-qm", "start"], cwd=poisoned, check=True)
    done = scorecard("close", W47, cwd=poisoned)
    assert done.returncode == 0, done.stderr
    _assert_inert("close output", done.stdout + done.stderr)
    report = (poisoned / "reports" / f"{W47}.md").read_text("utf-8")
    _assert_inert("report", report, markdown=True)
    message = subprocess.run(
        ["git", "log", "-1", "--format=%B"], cwd=poisoned, capture_output=True, text=True
    ).stdout
    assert message.startswith(f"Close {W47}")
    _assert_inert("commit message", message)
    assert "\\x1b]52" in message, "the planted commitment text is in the message, escaped"


def test_the_app_never_writes_the_payload_to_the_terminal(poisoned: Path) -> None:
    out = _run_app_on_a_pty(poisoned, b"retention")
    assert b"retention" in out, "the app did not show the week"
    for raw in (b"\x1b]52;c;", b"\xc2\x9b31m", b"\xe2\x80\xae", b"\x1b[2J \xc2"):
        assert raw not in out, raw
