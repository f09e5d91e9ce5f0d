"""Files that hold weekly values already: long and wide, any encoding, stdin."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import digest
from tests.importing.conftest import FIXTURES, values


def test_a_google_sheets_scorecard_with_weeks_as_rows(workspace_dir, workspace, run):
    path = FIXTURES / "google-sheets-scorecard.csv"
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Dates in 'Week': m/d/Y (decided by 10/26/2026 on line 2)." in lines
    assert "Not metrics, ignored: 'Notes'" in lines
    assert lines[-1] == f"Imported {path}: 14 new, 0 changed, 0 unchanged (14 written)."
    assert values(workspace) == {
        ("2026-W44", "mqls"): 118,
        ("2026-W45", "mqls"): 131,
        ("2026-W46", "mqls"): 125,
        ("2026-W44", "web-visits"): 7950,
        ("2026-W45", "web-visits"): 8420,
        ("2026-W46", "web-visits"): 8105,
        ("2026-W44", "sqls-accepted"): 38,
        ("2026-W45", "sqls-accepted"): 41,
        ("2026-W44", "pipeline"): 240000,
        ("2026-W45", "pipeline"): 262500,
        ("2026-W46", "pipeline"): 251000,
        ("2026-W44", "win-rate"): 24,
        ("2026-W45", "win-rate"): 27.5,
        ("2026-W46", "win-rate"): 26,
    }


def test_excel_unicode_text_is_utf16_with_tabs_and_decimal_commas(workspace_dir, workspace, run):
    path = FIXTURES / "excel-unicode-text.txt"
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Read {path}: UTF-16, tab separated, 4 rows.\n")
    assert values(workspace) == {
        ("2026-W45", "mqls"): 131,
        ("2026-W45", "web-visits"): 8420,
        ("2026-W46", "mqls"): 125,
        ("2026-W46", "retention"): 96.5,
    }
    from scorecard.weeks import parse_week

    assert workspace.value(parse_week("2026-W45"), "mqls").note == "Webinar — naïve estimate ✓"


@pytest.mark.parametrize(
    ("encoding", "bom", "label"),
    [
        ("utf-8", b"", "UTF-8"),
        ("utf-8", b"\xef\xbb\xbf", "UTF-8 with BOM"),
        ("utf-16-le", b"\xff\xfe", "UTF-16"),
        ("utf-16-be", b"\xfe\xff", "UTF-16"),
        ("utf-16-le", b"", "UTF-16"),
        ("cp1252", b"", "Windows-1252"),
    ],
)
def test_encodings_are_detected_and_named(workspace_dir, workspace, run, encoding, bom, label):
    text = "week;metric;value;note\r\n2026-W45;mqls;1.204;Café “Olé” – €5\r\n"
    (workspace_dir / "in.csv").write_bytes(bom + text.encode(encoding))
    result = run("import", "in.csv")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Read in.csv: {label}, semicolon separated, 1 row.\n")
    from scorecard.weeks import parse_week

    stored = workspace.value(parse_week("2026-W45"), "mqls")
    assert (stored.value, stored.note) == (1204, "Café “Olé” – €5")


def test_an_undecidable_file_is_one_line_and_changes_nothing(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    (workspace_dir / "in.csv").write_bytes(b"week,metric,value\n2026-W45,mqls,1\x81\x8d\n")
    result = run("import", "in.csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "scorecard: in.csv: cannot tell the encoding: not UTF-8 (byte 34), UTF-16 or "
        'Windows-1252 text; save it as "CSV UTF-8"'
    ]
    assert digest(workspace.db_path) == before


@pytest.mark.parametrize(
    ("text", "sep"),
    [
        ('week,metric,value\n2026-W45,pipeline,"$1,234.00"\n', "comma"),
        ("week;metric;value\n2026-W45;pipeline;1.234,00 $\n", "semicolon"),
        ("week\tmetric\tvalue\n2026-W45\tpipeline\t1 234,00\n", "tab"),
        ("sep=;\nweek;metric;value\n2026-W45;pipeline;1234\n", "semicolon"),
        ('"week","metric","value"\n"2026-W45","pipeline","USD 1,234.00"\n', "comma"),
    ],
)
def test_separators_and_number_styles(workspace_dir, workspace, run, text, sep):
    (workspace_dir / "in.csv").write_text(text, encoding="utf-8")
    result = run("import", "in.csv")
    assert result.exit_code == 0, result.stderr
    assert f"{sep} separated" in result.stdout
    assert values(workspace) == {("2026-W45", "pipeline"): 1234}


def test_values_go_through_the_metric_bounds(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    (workspace_dir / "in.csv").write_text(
        "week,metric,value\n"
        '2026-W45,pipeline,"($1,234.00)"\n'
        "2026-W45,win-rate,0.27\n"
        "2026-W45,mqls,12.5\n"
        "2026-W45,retention,101%\n"
        "2026-W45,closed-won,€5\n"
        "2026-W52,mqls,5\n",
        encoding="utf-8",
    )
    result = run("import", "in.csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "scorecard: in.csv: line 2: Pipeline created cannot be below $0 (got -$1,234)",
        "scorecard: in.csv: line 3: Win rate is a percentage: did you mean 27%? "
        "(type 0.27% if you mean less than 1%)",
        "scorecard: in.csv: line 4: Marketing-qualified leads is a whole number (got 12.5)",
        "scorecard: in.csv: line 5: Customer retention cannot be above 100% (got 101%)",
        "scorecard: in.csv: line 6: '€5' is not in USD, the currency of this workspace",
        "scorecard: in.csv: line 7: 2026-W52 is 5 weeks ahead of this week (2026-W47)",
        "scorecard: in.csv: 6 bad rows; nothing was imported",
    ]
    assert digest(workspace.db_path) == before


def test_the_decimal_mark_is_decided_by_the_column(workspace_dir, workspace, run):
    # 1.234 alone could be either; 0,5 in the same column says decimal comma, so the
    # point groups thousands
    (workspace_dir / "in.csv").write_text(
        'week,metric,value\n2026-W45,pipeline,"1.234"\n2026-W46,pipeline,"0,5"\n',
        encoding="utf-8",
    )
    assert run("import", "in.csv").exit_code == 0
    assert values(workspace) == {("2026-W45", "pipeline"): 1234, ("2026-W46", "pipeline"): 0.5}


def test_long_files_take_dates_in_the_week_column(workspace_dir, workspace, run):
    (workspace_dir / "in.csv").write_text(
        "Date,Metric,Value\n18.11.2026,mqls,5\n09.11.2026,mqls,4\n", encoding="utf-8"
    )
    result = run("import", "in.csv")
    assert result.exit_code == 0, result.stderr
    assert "Dates in 'Date': d.m.Y." in result.stdout
    assert values(workspace) == {("2026-W47", "mqls"): 5, ("2026-W46", "mqls"): 4}


def test_ambiguous_dates_need_a_date_format(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    (workspace_dir / "in.csv").write_text(
        "Week,mqls\n11/02/2026,5\n11/09/2026,4\n", encoding="utf-8"
    )
    result = run("import", "in.csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "scorecard: in.csv: column 'Week': dates such as 11/02/2026 (line 2) could be m/d/Y "
        "or d/m/Y; say which with --date-format m/d/Y or --date-format d/m/Y"
    ]
    assert digest(workspace.db_path) == before
    result = run("import", "in.csv", "--date-format", "d/m/Y")
    assert result.exit_code == 0, result.stderr
    assert "Dates in 'Week': d/m/Y (as --date-format says)." in result.stdout
    # 11 February and 11 September
    assert values(workspace) == {("2026-W07", "mqls"): 5, ("2026-W37", "mqls"): 4}


def test_stdin_is_read_with_a_dash(workspace_dir, workspace, run):
    result = run("import", "-", input="week,metric,value\n2026-W45,mqls,7\n")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Read stdin: UTF-8, comma separated, 1 row.\n")
    assert values(workspace) == {("2026-W45", "mqls"): 7}


def test_stdin_bytes_through_a_real_pipe(workspace_dir, workspace):
    data = (FIXTURES / "excel-unicode-text.txt").read_bytes()
    done = subprocess.run(
        [sys.executable, "-m", "scorecard", "import", "-", "--dry-run"],
        input=data,
        capture_output=True,
        check=False,
        cwd=workspace_dir,
    )
    assert done.returncode == 0, done.stderr
    assert b"Read stdin: UTF-16, tab separated, 4 rows." in done.stdout
    assert b"Dry run: 4 new, 0 changed, 0 unchanged; nothing was written." in done.stdout


def test_wide_files_report_bad_cells_with_their_column(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    (workspace_dir / "in.csv").write_text(
        "week,mqls,Website visits\n2026-W45,5,lots\n2026-W45,6,7\n,1,2\n", encoding="utf-8"
    )
    result = run("import", "in.csv")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "scorecard: in.csv: line 2: Website visits: 'lots' is not a number",
        "scorecard: in.csv: line 3: 2026-W45 is already on line 2",
        "scorecard: in.csv: line 4: week is empty",
        "scorecard: in.csv: 3 bad rows; nothing was imported",
    ]
    assert digest(workspace.db_path) == before


def test_at_most_twenty_bad_lines_are_named_then_a_count(workspace_dir, workspace, run):
    rows = "".join(f"2026-W{w:02d},mqls,x{w}\n" for w in range(1, 31))
    (workspace_dir / "in.csv").write_text("week,metric,value\n" + rows, encoding="utf-8")
    result = run("import", "in.csv")
    assert result.exit_code == 2
    errors = result.stderr.splitlines()
    assert errors[0] == "scorecard: in.csv: line 2: 'x1' is not a number"
    assert errors[19] == "scorecard: in.csv: line 21: 'x20' is not a number"
    assert errors[20:] == [
        "scorecard: in.csv: … and 10 more bad rows",
        "scorecard: in.csv: 30 bad rows; nothing was imported",
    ]


def test_a_file_that_is_no_known_shape_says_what_it_needs(workspace_dir, workspace, run):
    (workspace_dir / "in.csv").write_text("Deal,Amount\nA,5\n", encoding="utf-8")
    result = run("import", "in.csv")
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1
    assert "missing column week, metric, value (found Deal, Amount)" in result.stderr
    assert "--metric KEY --date COLUMN" in result.stderr


def test_special_files_are_refused(workspace_dir, workspace, run):
    result = run("import", "/dev/zero")
    assert result.exit_code == 2
    assert "not a regular file" in result.stderr
