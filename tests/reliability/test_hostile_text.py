"""Hostile and odd text, numbers and weeks: stored exactly or refused in one line.

Whatever users type is shown inert everywhere it lands (``show``, ``commitment
list``, every export format, error messages): no terminal control sequence
reaches the terminal. A refused input leaves the database byte-identical.
"""

from __future__ import annotations

import json
import os
import re

import pytest

from scorecard.weeks import parse_week
from tests import forkserver
from tests.conftest import THIS_WEEK, digest, widen_bounds
from tests.reliability.conftest import one_line_error, scorecard_tty, terminal

# What must never reach a terminal: C0 controls but tab/LF/CR, DEL, C1, bidi overrides.
UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")

HOSTILE = {
    "csi": "red \x1b[31mALERT\x1b[0m and \x1b[2J\x1b[H cleared",
    "osc": "title \x1b]0;pwned\x07 and clipboard \x1b]52;c;cHduZWQ=\x07",
    "c1": "eight-bit \x9b31m csi and \x9d osc",
    "controls": "bell \x07 backspace \x08\x08 formfeed \x0c del \x7f",
    "carriage": "visible\r\rhidden overwrite",
    "bidi": "invoice \u202egpj.exe\u202c and \u2066isolate\u2069",
    "rtl": "שלום עולם — مرحبا بالعالم",
    "emoji": "🎉 shipped 👩‍👩‍👧‍👦 together 🇪🇺 ✓",
    "combining": "Zalgo z̷̢̛a̸l̶g̵o and e\u0301",
    "multiline": "line one\nline two\n\n- not a list",
}


def _outputs(cwd):
    """Every place stored text is shown: terminal views on a tty, each export as a file."""
    outputs = {}
    for name, args in {
        "show": ("show",),
        "list": ("commitment", "list"),
        "markdown": ("export",),
        "range": ("export", "--from", "2026-W40"),
    }.items():
        done = terminal(*args)
        assert done.exit_code == 0, (name, done.stderr)
        outputs[name] = done.stdout
    for name, args in {
        "json": ("-f", "json"),
        "csv": ("-f", "csv"),
        "csv-commitments": ("-f", "csv", "--commitments"),
    }.items():
        target = cwd / f"out.{name}"
        done = terminal("export", *args, "-o", str(target))
        assert done.exit_code == 0, (name, done.stderr)
        outputs[name] = target.read_text(encoding="utf-8")
    return outputs


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_hostile_text_is_stored_exactly_and_shown_inert(workspace_dir, kind):
    text = HOSTILE[kind]
    owner = text.replace("\n", " ").replace("\r", " ")[:60]
    assert terminal("note", "add", "kudos", text).exit_code == 0
    assert terminal("commitment", "add", text, "--owner", owner, "--team", "sales").exit_code == 0
    assert terminal("set", "mqls", "5", "--note", text).exit_code == 0
    from scorecard.workspace import Workspace

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        week = parse_week(THIS_WEEK)
        assert [n.text for n in ws.notes(week)] == [text.strip()]
        assert [(c.text, c.owner) for c in ws.commitments(week=week)] == [(text, owner.strip())]
        assert ws.value(week, "mqls").note == text.strip()
    outputs = _outputs(workspace_dir)
    for name, output in outputs.items():
        if name.startswith("csv"):  # CSV quotes a CR or LF inside a cell; nothing else
            output = output.replace("\r", "")
        else:  # a bare CR would let text overwrite what is already on the line
            output = output.replace("\r\n", "\n")
            assert "\r" not in output, name
        assert not UNSAFE.search(output), (name, UNSAFE.search(output))
    # JSON escapes instead of dropping: it gives back exactly what was stored
    document = json.loads(outputs["json"])
    assert [v["note"] for v in document["values"]] == [text.strip()]


def test_error_messages_quote_typed_text_inertly(workspace_dir, db_file):
    before = digest(db_file)
    for args in (
        ("set", "\x1b]0;pwned\x07", "5"),
        ("set", "mqls", "\x1b[31m5"),
        ("set", "mqls", "5", "--week", "\x9b2J"),
        ("commitment", "done", "\x1b[2Jabcd"),
    ):
        code, line = scorecard_tty(*args, cwd=workspace_dir)
        assert code == 2 and line.startswith("scorecard: ") and line.count("\n") == 1, line
        assert not UNSAFE.search(line), line
    assert digest(db_file) == before


def test_bytes_that_are_not_utf8_are_refused_in_one_line(workspace_dir, db_file):
    """Arguments the shell passes as raw bytes (a Latin-1 terminal, a binary file)."""
    before = digest(db_file)
    for args in (
        [b"note", b"add", b"idea", b"caf\xe9 au lait"],
        [b"commitment", b"add", b"ok", b"--owner", b"Jos\xe9", b"--team", b"sales"],
        [b"set", b"mqls", b"5", b"--note", b"\xff\xfe"],
        [b"note", b"add", b"idea", b"fine", b"--author", b"\xe9"],
    ):
        done = forkserver.run([b"-m", b"scorecard", *args], cwd=workspace_dir)
        assert "not valid UTF-8" in one_line_error(done, 2)
    assert digest(db_file) == before


def test_a_login_name_that_is_not_utf8_is_stored_replaced(workspace_dir):
    env = {**os.environ, "SCORECARD_USER": os.fsdecode(b"m\xfcller")}
    done = forkserver.run(["-m", "scorecard", "set", "mqls", "5"], cwd=workspace_dir, env=env)
    assert done.returncode == 0, done.stderr
    from scorecard.workspace import Workspace

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        assert ws.value(parse_week(THIS_WEEK), "mqls").entered_by == "m\ufffdller"


def test_a_100kb_note_is_kept_whole_and_one_more_character_is_refused(workspace, db_file):
    week = parse_week(THIS_WEEK)
    text = ("0123456789" * 10_000)[:99_999] + "✓"
    assert len(text) == 100_000
    workspace.add_note("why", text, week=week)
    assert workspace.notes(week)[0].text == text
    before = digest(db_file)
    from scorecard.errors import InvalidInput

    with pytest.raises(InvalidInput, match="too long"):
        workspace.add_note("why", text + "x", week=week)
    assert digest(db_file) == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["note", "add", "idea", ""], "must not be empty"),
        (["note", "add", "idea", " \t\n "], "must not be empty"),
        (["commitment", "add", "", "--owner", "Sam Rivera"], "must not be empty"),
        (["commitment", "add", "x", "--owner", "", "--team", "sales"], "must not be empty"),
        (["commitment", "add", "x", "--owner", " \t ", "--team", "sales"], "must not be empty"),
        (["commitment", "add", "x", "--owner", "\u00a0\u3000", "--team", "sales"], "empty"),
        (["commitment", "add", "x", "--owner", "\u200b\u200d", "--team", "sales"], "empty"),
        (["commitment", "add", "x", "--owner", "\x1b\x07", "--team", "sales"], "empty"),
        (["commitment", "add", "x", "--owner", "a\nb", "--team", "sales"], "single line"),
        (["note", "add", "idea", "x", "--author", "\u2063"], "must not be empty"),
    ],
    ids=lambda v: repr(v)[:40] if isinstance(v, list) else None,
)
def test_empty_and_invisible_text_is_refused(workspace_dir, db_file, args, message):
    before = digest(db_file)
    done = terminal(*args)
    assert message in one_line_error(done, 2)
    assert digest(db_file) == before


def test_nul_in_text_is_refused_by_the_service(workspace, db_file):
    """argv cannot carry a NUL; the TUI and import can, and the service refuses it."""
    from scorecard.errors import InvalidInput

    before = digest(db_file)
    with pytest.raises(InvalidInput, match="NUL"):
        workspace.add_note("idea", "nul \x00 byte")
    assert digest(db_file) == before


@pytest.mark.parametrize(
    ("metric", "typed", "stored"),
    [
        ("mqls", "-0", 0.0),
        ("pipeline", "1,234.50", 1234.5),
        ("pipeline", "0.5", 0.5),
        ("pipeline", "-$5", -5.0),
        ("sla-followup", "42%", 42.0),
        ("mqls", "١٢٣", 123.0),  # Arabic-Indic digits are digits
        ("mqls", "\u2212" + "7", -7.0),  # a Unicode minus, as spreadsheets copy it
    ],
)
def test_odd_numbers_that_are_numbers(workspace_dir, metric, typed, stored):
    widen_bounds(workspace_dir / "scorecard.toml")  # negatives too: this is about parsing
    done = terminal("set", metric, "--", typed)
    assert done.exit_code == 0, done.stderr
    from scorecard.workspace import Workspace

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        value = ws.value(parse_week(THIS_WEEK), metric).value
    assert value == stored and str(value) == str(stored)  # -0 is stored as 0.0, not -0.0
    assert "-0" not in terminal("show").stdout


@pytest.mark.parametrize(
    "typed",
    ["1e309", "5kk", "", " ", "NaN", "inf", "-inf", "1e3", "0x10", "5 5", "1,23", "--5"],
)
def test_numbers_that_are_not_refused_in_one_line(workspace_dir, db_file, typed):
    before = digest(db_file)
    done = terminal("set", "mqls", "--", typed)
    assert "not a number" in one_line_error(done, 2) or "too large" in done.stderr
    assert digest(db_file) == before


@pytest.mark.parametrize(
    ("week", "message"),
    [
        ("2025-W53", "2025 has weeks 1 to 52"),
        ("2026-W00", "2026 has weeks 1 to 53"),
        ("2026-W54", "2026 has weeks 1 to 53"),
        ("10000-W01", "year out of range"),
        ("0000-W01", "year out of range"),
        ("9999-W52", "year out of range"),  # it ends in the year 10000
        ("2026-02-30", "invalid date"),
        ("W47", "invalid week"),
    ],
)
def test_weeks_that_do_not_exist_are_refused(workspace_dir, db_file, week, message):
    before = digest(db_file)
    for args in (("set", "mqls", "5", "--week", week), ("export", "--week", week)):
        done = terminal(*args)
        assert message in one_line_error(done, 2)
    assert digest(db_file) == before


@pytest.mark.parametrize(
    "args",
    [
        ("show", "--week", "0001-W01"),  # its 13-week trend starts before year 1
        ("export", "--week", "0001-W02"),
        ("commitment", "add", "x", "--owner", "Sam Rivera", "--week", "9998-W53"),  # due 9999
    ],
)
def test_weeks_at_the_edge_of_the_calendar_fail_in_one_line(workspace_dir, db_file, args):
    before = digest(db_file)
    assert "out of range" in one_line_error(terminal(*args), 2)
    assert digest(db_file) == before


def test_week_53_of_2026_exists_and_reports_across_the_new_year(workspace_dir):
    for week, value in (("2026-W52", "1"), ("2026-W53", "2"), ("2027-W01", "3")):
        done = terminal("set", "mqls", value, "--week", week, "--force")  # weeks ahead
        assert done.exit_code == 0, done.stderr
    done = terminal("export", "--week", "2026-W53", "-f", "json")
    assert done.exit_code == 0, done.stderr
    values = json.loads(done.stdout)["values"]
    assert [(v["week"], v["value"]) for v in values] == [("2026-W53", 2.0)]
    done = terminal("export", "--from", "2026-W52", "--to", "2027-W01", "-f", "csv")
    assert [line.split(",")[:3] for line in done.stdout.splitlines()[1:]] == [
        ["2026-W52", "mqls", "1"],
        ["2026-W53", "mqls", "2"],
        ["2027-W01", "mqls", "3"],
    ]


def test_a_malformed_frozen_today_is_one_line(workspace_dir, db_file, monkeypatch):
    monkeypatch.setenv("SCORECARD_TODAY", "2026-13-45\x1b[2J")
    before = digest(db_file)
    line = one_line_error(terminal("set", "mqls", "5"), 2)
    assert "SCORECARD_TODAY" in line and not UNSAFE.search(line)
    assert digest(db_file) == before
