"""``export``, ``close`` and ``reopen`` from the command line."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

from tests.conftest import THIS_WEEK, digest
from tests.report.mdparse import parse, section_tables


def test_export_reads_only(demo_dir, run):
    before = digest(demo_dir / "scorecard.db")
    for args in (
        (),
        ("--week", "2026-W40"),
        ("--from", "2026-W35", "--to", "2026-W47"),
        ("-f", "json"),
        ("-f", "csv"),
        ("-f", "csv", "--commitments"),
    ):
        assert run("export", *args).exit_code == 0
    assert digest(demo_dir / "scorecard.db") == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--week", "2026-W40", "--from", "2026-W30"), "either --week or --from/--to"),
        (("--to", "2026-W40"), "--to needs --from"),
        (("--from", "2026-W47", "--to", "2026-W40"), "is after"),
        (("--commitments",), "--commitments goes with --format csv"),
        (("--week", "2026-W60"), "2026 has weeks 1 to 53"),
        (("--format", "pdf"), "pdf"),
    ],
)
def test_export_bad_usage_is_one_line_exit_2(demo_dir, run, args, message):
    result = run("export", *args)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert result.stdout == ""


def test_export_to_file(demo_dir, run):
    result = run("export", "-o", "week.md")
    assert result.exit_code == 0
    assert result.stdout == "Wrote week.md\n"
    assert (demo_dir / "week.md").read_bytes() == run("export").stdout_bytes


def test_export_never_overwrites_the_workspace(demo_dir, run):
    before = digest(demo_dir / "scorecard.db")
    for target in ("scorecard.db", "scorecard.toml"):
        result = run("export", "-o", target)
        assert result.exit_code == 2 and "would overwrite the workspace" in result.stderr
    assert digest(demo_dir / "scorecard.db") == before


def test_range_report_counts_weeks_and_teams(demo_dir, run):
    doc = parse(run("export", "--from", "2026-W35", "--to", "2026-W47").stdout)
    [awareness] = section_tables(doc, "Awareness")
    assert awareness.rows[0][0] == "Marketing-qualified leads"
    assert awareness.rows[0][3] == "13/13"
    teams, owners = section_tables(doc, "Commitments made in these weeks")
    assert [r[0] for r in teams.rows] == ["Sales", "Marketing", "Shared"]
    assert [r[0] for r in owners.rows] == ["Maya Chen", "Sam Rivera"]
    for row in [*teams.rows, *owners.rows]:
        made, kept, missed, carried, dropped, still_open = map(int, row[1:7])
        assert made == kept + missed + carried + dropped + still_open
    assert sum(int(r[1]) for r in teams.rows) == sum(int(r[1]) for r in owners.rows)


def test_json_is_one_document_with_raw_values(demo_dir, run):
    doc = json.loads(run("export", "-f", "json").stdout)
    assert list(doc)[:4] == ["format", "version", "kind", "workspace"]
    assert doc["week"]["id"] == THIS_WEEK
    mqls = next(m for m in doc["metrics"] if m["key"] == "mqls")
    assert isinstance(mqls["actual"], float) and len(mqls["trend"]) == 13
    assert {v["metric"] for v in doc["values"]} <= {m["key"] for m in doc["metrics"]}
    ranged = json.loads(
        run("export", "--from", "2026-W46", "--to", "2026-W47", "-f", "json").stdout
    )
    assert {v["week"] for v in ranged["values"]} == {"2026-W46", "2026-W47"}


def test_csv_neutralises_formulas_but_not_numbers(workspace, run):
    from scorecard.weeks import parse_week

    week = parse_week(THIS_WEEK)
    workspace.set_value(week, "pipeline", 5000, note='=HYPERLINK("http://x")')
    workspace.set_value(week, "mqls", 7, note="@SUM(A1)")
    workspace.add_commitment("+cmd|' /C calc'!A0", "-Sam", team="sales", week=week)
    rows = list(csv.DictReader(io.StringIO(run("export", "-f", "csv").stdout)))
    by_metric = {r["metric"]: r for r in rows}
    assert by_metric["pipeline"]["value"] == "5000"
    assert by_metric["pipeline"]["note"] == '\'=HYPERLINK("http://x")'
    assert by_metric["mqls"]["note"] == "'@SUM(A1)"
    [commitment] = csv.DictReader(io.StringIO(run("export", "-f", "csv", "--commitments").stdout))
    assert commitment["text"] == "'+cmd|' /C calc'!A0"
    assert commitment["owner"] == "'-Sam"


def test_git_footer_names_the_commit_or_is_skipped(demo_dir, run):
    result = run("export", "--git-footer")
    assert result.exit_code == 0
    assert "not in a git repository" in result.stderr
    assert "git commit" not in result.stdout

    def git(*args):
        return subprocess.run(
            ["git", *args], cwd=demo_dir, check=True, capture_output=True, text=True
        ).stdout.strip()

    git("init", "-q")
    git("add", "scorecard.toml", "scorecard.db")
    git("commit", "-qm", "data")
    head = git("rev-parse", "HEAD")
    result = run("export", "--git-footer")
    # in git without the drivers, every command says how to set them up
    assert result.exit_code == 0 and "run 'scorecard git install'" in result.stderr
    run("git", "install")
    result = run("export", "--git-footer")
    assert result.exit_code == 0 and result.stderr == ""
    assert result.stdout.rstrip().endswith(f"_Data: scorecard.db at git commit {head[:12]}._")
    assert run("export", "--git-footer").stdout == result.stdout  # deterministic
    run("set", "mqls", "1")
    assert "plus uncommitted changes" in run("export", "--git-footer").stdout


def test_close_locks_the_week_and_writes_the_report(demo_dir, run):
    result = run("close", "--no-commit")
    assert result.exit_code == 0, result.stderr
    assert f"Closed {THIS_WEEK}" in result.stdout
    assert f"reports/{THIS_WEEK}.md" in result.stdout
    assert "Not committed" in result.stdout
    report = demo_dir / "reports" / f"{THIS_WEEK}.md"
    assert report.read_bytes() == run("export").stdout_bytes
    assert " · closed" in report.read_text().splitlines()[2]

    before = digest(demo_dir / "scorecard.db")
    for args in (
        ("set", "mqls", "5"),
        ("note", "add", "idea", "late idea"),
        ("commitment", "add", "late", "--owner", "Sam Rivera"),
    ):
        refused = run(*args)
        assert refused.exit_code == 1
        assert f"week {THIS_WEEK} is closed" in refused.stderr
    assert digest(demo_dir / "scorecard.db") == before

    again = run("close")
    assert again.exit_code == 0 and "already closed" in again.stdout
    assert "Report unchanged" in again.stdout

    reopened = run("reopen", THIS_WEEK)
    assert reopened.exit_code == 0 and f"Reopened {THIS_WEEK}" in reopened.stdout
    assert run("set", "mqls", "5").exit_code == 0


def test_close_a_past_week_into_a_configured_folder(demo_dir, run):
    toml = demo_dir / "scorecard.toml"
    toml.write_text(
        toml.read_text().replace('reports_dir = "reports"', 'reports_dir = "docs/weekly"')
    )
    assert 'reports_dir = "docs/weekly"' in toml.read_text()
    result = run("close", "2026-W45")
    assert result.exit_code == 0, result.stderr
    assert (demo_dir / "docs" / "weekly" / "2026-W45.md").exists()
    assert run("set", "mqls", "5", "--week", "2026-W45").exit_code == 1
    assert run("set", "mqls", "5").exit_code == 0  # other weeks stay open


def test_reports_dir_outside_the_workspace_is_refused(demo_dir, run):
    toml = demo_dir / "scorecard.toml"
    toml.write_text(toml.read_text().replace('reports_dir = "reports"', 'reports_dir = "../out"'))
    before = digest(demo_dir / "scorecard.db")
    result = run("close")
    assert result.exit_code == 2 and "outside the workspace folder" in result.stderr
    assert digest(demo_dir / "scorecard.db") == before


def test_unwritable_reports_folder_leaves_the_week_open(demo_dir, run):
    (demo_dir / "reports").write_text("a file where the folder should be")
    before = digest(demo_dir / "scorecard.db")
    result = run("close")
    assert result.exit_code == 1
    assert "the week stays open" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert digest(demo_dir / "scorecard.db") == before


def test_reopen_an_open_week_says_so(demo_dir, run):
    result = run("reopen", "2026-W40")
    assert result.exit_code == 0 and "is not closed" in result.stdout


def test_headless_data_commands_do_not_import_textual(demo_dir):
    code = (
        "import sys\n"
        "from scorecard.cli import cli\n"
        "for args in (['export'], ['export', '-f', 'json'], ['export', '-f', 'csv'],"
        " ['import', '--dry-run', 'x.csv']):\n"
        "    cli.main(args, standalone_mode=False)\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    (demo_dir / "x.csv").write_text("week,metric,value\n2026-W47,mqls,1\n")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=demo_dir, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
