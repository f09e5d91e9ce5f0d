"""CRM exports mapped onto a metric: rows filtered, put in ISO weeks, aggregated."""

from __future__ import annotations

from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.conftest import digest
from tests.importing.conftest import FIXTURES, values

DEALS = str(FIXTURES / "hubspot-deals.csv")
CONTACTS = str(FIXTURES / "hubspot-contacts.csv")
SALESFORCE = str(FIXTURES / "salesforce-opportunities.csv")
GERMAN = str(FIXTURES / "hubspot-deals-de.csv")


def test_hubspot_closed_won_revenue(workspace_dir, workspace, run):
    result = run(
        "import", DEALS, "--metric", "closed-won", "--date", "Close Date",
        "--value", "Amount", "--where", "Deal Stage=Closed Won",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Read {DEALS}: UTF-8, comma separated, 9 rows.",
        "Dates in 'Close Date': Y-m-d.",
        "Kept 5 of 9 rows ('Deal Stage' = Closed Won).",
        f"Imported {DEALS}: 3 new, 0 changed, 0 unchanged (3 written).",
    ]
    # 9001 + 9002 (W45), 9004 (W46), 9005 "closed won" + 9008 (W47)
    assert values(workspace) == {
        ("2026-W45", "closed-won"): 36500.5,
        ("2026-W46", "closed-won"): 30000,
        ("2026-W47", "closed-won"): 24500,
    }


def test_where_is_and_across_columns_or_within_one(workspace_dir, workspace, run):
    result = run(
        "import", DEALS, "--metric", "closed-won", "--date", "close date", "--value", "amount",
        "--where", "deal stage=closed won", "--where", "Pipeline=Sales Pipeline",
        "--where", "PIPELINE=partners", "--dry-run",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert (
        "Kept 4 of 9 rows ('Deal Stage' = closed won and 'Pipeline' = Sales Pipeline or partners)."
        in result.stdout
    )
    # the renewal (W46) is in another pipeline: W46 has no row and is 0
    assert result.stdout.splitlines()[-5:] == [
        "closed-won · Closed-won revenue",
        "  2026-W45  new        $36,500.5  (2 rows)",
        "  2026-W46  new        $0  (0 rows)",
        "  2026-W47  new        $24,500  (2 rows)",
        "Dry run: 3 new, 0 changed, 0 unchanged; nothing was written.",
    ]


def test_hubspot_pipeline_created_sums_every_deal_by_create_date(workspace_dir, workspace, run):
    result = run(
        "import", DEALS, "--metric", "pipeline", "--date", "Create Date", "--value", "Amount"
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Skipped 1 row with an empty 'Amount'." in result.stdout
    # W44: 9001 9002 9003 9004; W45: 9005 9006; W46: 9007 (no amount) 9008; W47: 9009
    assert values(workspace) == {
        ("2026-W44", "pipeline"): 24000 + 12500.5 + 8000 + 30000,
        ("2026-W45", "pipeline"): 9500 + 120000,
        ("2026-W46", "pipeline"): 15000,
        ("2026-W47", "pipeline"): 45000,
    }


def test_hubspot_contacts_lifecycle_dates_count_mqls_and_sqls(workspace_dir, workspace, run):
    mql = run(
        "import", CONTACTS, "--metric", "mqls", "--date", "Became a Marketing Qualified Lead Date"
    )
    assert mql.exit_code == 0, mql.stderr
    assert "Read" in mql.stdout and "UTF-8 with BOM" in mql.stdout
    assert "Skipped 2 rows with an empty 'Became a Marketing Qualified Lead Date'." in mql.stdout
    sql = run(
        "import", CONTACTS, "-m", "sqls-accepted", "--date", "Became a Sales Qualified Lead Date"
    )
    assert sql.exit_code == 0, sql.stderr
    assert "Skipped 5 rows" in sql.stdout
    assert values(workspace) == {
        ("2026-W44", "mqls"): 1,
        ("2026-W45", "mqls"): 2,
        ("2026-W46", "mqls"): 2,
        ("2026-W47", "mqls"): 1,
        ("2026-W44", "sqls-accepted"): 1,
        ("2026-W45", "sqls-accepted"): 1,
        ("2026-W46", "sqls-accepted"): 0,
        ("2026-W47", "sqls-accepted"): 1,
    }


def test_salesforce_report_deals_won_and_revenue_give_the_win_rate(default_dir, run):
    """In the default workspace win-rate is derived (deals-won / opportunities):
    the report's counts are imported and the rate follows; it is never imported."""
    won = run(
        "import", SALESFORCE, "--metric", "deals-won", "--date", "Close Date",
        "--where", "Stage=Closed Won",
    )  # fmt: skip
    assert won.exit_code == 0, won.stderr
    assert won.stdout.splitlines()[:3] == [
        f"Read {SALESFORCE}: Windows-1252, comma separated, 9 rows "
        "(a 2-line report footer skipped).",
        "Dates in 'Close Date': m/d/Y (decided by 11/17/2026 on line 9).",
        "Kept 4 of 9 rows ('Stage' = Closed Won).",
    ]
    created = run("import", SALESFORCE, "--metric", "opportunities", "--date", "Created Date")
    assert created.exit_code == 0, created.stderr
    revenue = run(
        "import", SALESFORCE, "--metric", "closed-won", "--date", "Close Date",
        "--value", "Amount", "--sum", "--where", "Stage=Closed Won",
    )  # fmt: skip
    assert revenue.exit_code == 0, revenue.stderr
    refused = run(
        "import", SALESFORCE, "--metric", "win-rate", "--date", "Close Date",
        "--value", "Probability (%)", "--mean",
    )  # fmt: skip
    assert refused.exit_code == 2 and "win-rate is derived" in refused.stderr
    with Workspace.open(default_dir / "scorecard.toml") as ws:
        stored = values(ws)
        rate = ws.metric_line(parse_week("2026-W45"), "win-rate").actual
    assert [stored[("2026-W4" + n, "deals-won")] for n in "567"] == [2, 1, 1]
    assert stored[("2026-W45", "opportunities")] == 2
    assert rate == 100  # 2 won of the 2 created that week
    assert not any(key == "win-rate" for _, key in stored)
    assert stored[("2026-W45", "closed-won")] == 35500
    assert stored[("2026-W46", "closed-won")] == 12250
    assert stored[("2026-W47", "closed-won")] == 7300


def test_german_semicolon_export(workspace_dir, workspace, run):
    result = run(
        "import", GERMAN, "--metric", "closed-won", "--date", "Abschlussdatum",
        "--value", "Betrag", "--where", "Deal-Phase=gewonnen",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert "Windows-1252, semicolon separated, 6 rows" in result.stdout
    assert "Dates in 'Abschlussdatum': d.m.Y." in result.stdout
    assert "Skipped 1 row with an empty 'Abschlussdatum'." in result.stdout
    # the credit note nets out in its week; the metric's bounds apply to the week
    assert values(workspace) == {
        ("2026-W45", "closed-won"): 1234.5 + 12000 - 500,
        ("2026-W46", "closed-won"): 0,
        ("2026-W47", "closed-won"): 2250.75,
    }


def test_last_takes_the_row_with_the_latest_date(workspace_dir, workspace, run):
    (workspace_dir / "in.csv").write_text(
        "Day,Retention\n2026-11-20,95\n2026-11-16,91\n2026-11-18,93\n2026-11-10,90\n"
    )
    result = run(
        "import",
        "in.csv",
        "--metric",
        "retention",
        "--date",
        "Day",
        "--value",
        "Retention",
        "--last",
    )
    assert result.exit_code == 0, result.stderr
    assert values(workspace) == {("2026-W47", "retention"): 95, ("2026-W46", "retention"): 90}


def test_times_with_a_zone_are_converted_to_the_workspace_zone(workspace_dir, workspace, run):
    (workspace_dir / "in.csv").write_text(
        "created\n2026-11-16T03:30:00Z\n2026-11-16T03:30:00+09:00\n2026-11-22T23:30:00-05:00\n"
    )
    utc = run("import", "in.csv", "--metric", "mqls", "--date", "created", "--dry-run")
    assert "times with a zone converted to UTC" in utc.stdout
    assert "  2026-W46  new        1  (1 row)" in utc.stdout  # 15 Nov 18:30 UTC
    assert "  2026-W47  new        1  (1 row)" in utc.stdout
    assert "  2026-W48  new        1  (1 row)" in utc.stdout  # 23 Nov 04:30 UTC
    toml = workspace_dir / "scorecard.toml"
    toml.write_text(toml.read_text().replace('timezone = "UTC"', 'timezone = "America/New_York"'))
    eastern = run("import", "in.csv", "--metric", "mqls", "--date", "created")
    assert eastern.exit_code == 0, eastern.stderr
    assert "converted to America/New_York" in eastern.stdout
    # 15 Nov 22:30 and 15 Nov 13:30 in New York; 22 Nov 23:30 stays in W47
    assert values(workspace) == {("2026-W46", "mqls"): 2, ("2026-W47", "mqls"): 1}


def test_an_unknown_zone_is_a_config_error(workspace_dir, run):
    toml = workspace_dir / "scorecard.toml"
    toml.write_text(toml.read_text().replace('timezone = "UTC"', 'timezone = "Mars/Olympus"'))
    result = run("import", DEALS, "--metric", "mqls", "--date", "Close Date")
    assert result.exit_code == 2
    assert "scorecard.toml: timezone: unknown time zone 'Mars/Olympus'" in result.stderr


def test_bad_rows_are_named_and_nothing_is_written(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    (workspace_dir / "in.csv").write_text(
        "Close Date,Amount\n2026-11-03,100\n2026-13-03,100\n2026-11-04,a lot\n,5\n"
    )
    result = run(
        "import", "in.csv", "--metric", "closed-won", "--date", "Close Date", "--value", "Amount"
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        "scorecard: in.csv: line 3: Close Date: '2026-13-03' is not a date in the format Y-m-d",
        "scorecard: in.csv: line 4: Amount: 'a lot' is not a number",
        "scorecard: in.csv: 2 bad rows; nothing was imported",
    ]
    assert digest(workspace.db_path) == before


def test_a_closed_week_is_named_and_nothing_is_written(workspace_dir, workspace, run):
    workspace.set_value(parse_week("2026-W46"), "closed-won", 1)
    workspace.close_week(parse_week("2026-W46"))
    before = digest(workspace.db_path)
    result = run("import", DEALS, "-m", "closed-won", "--date", "Close Date", "--value", "Amount")
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"scorecard: {DEALS}: 2026-W46: week 2026-W46 is closed; reopen it first "
        "(scorecard reopen 2026-W46)",
        f"scorecard: {DEALS}: 1 week refused; nothing was imported",
    ]
    assert digest(workspace.db_path) == before


def test_reimporting_changes_only_what_changed(workspace_dir, workspace, run):
    args = (
        "-m",
        "closed-won",
        "--date",
        "Close Date",
        "--value",
        "Amount",
        "--where",
        "Deal Stage=Closed Won",
    )
    assert run("import", DEALS, *args).exit_code == 0
    workspace.set_value(parse_week("2026-W46"), "closed-won", 29000)
    again = run("import", DEALS, *args, "--dry-run")
    assert again.exit_code == 0, again.stderr
    assert "  2026-W46  changed    $29,000 → $30,000  (1 row)" in again.stdout
    assert "Dry run: 0 new, 1 changed, 2 unchanged; nothing was written." in again.stdout


def test_unknown_columns_and_usage_mistakes_are_one_line(workspace_dir, workspace, run):
    cases = [
        (
            ("-m", "closed-won", "--date", "Closed Date"),
            "--date 'Closed Date': no such column; did you mean 'Close Date'?",
        ),
        (
            ("-m", "closed-won", "--date", "Close Date", "--where", "Stage"),
            "--where 'Stage': use --where 'COLUMN=VALUE'",
        ),
        (("-m", "closed-won", "--date", "Close Date", "--mean"), "--mean needs --value COLUMN"),
        (
            ("-m", "closed-won", "--date", "Close Date", "--value", "Amount", "--count"),
            "--count counts rows",
        ),
        (("-m", "nope", "--date", "Close Date"), "unknown metric 'nope'"),
        (("--metric", "mqls"), "--metric KEY and --date COLUMN go together"),
        (("--value", "Amount"), "--value: only with --metric KEY --date COLUMN"),
        (
            ("-m", "mqls", "--date", "Close Date", "--date-format", "q/r/s"),
            "--date-format 'q/r/s': use m/d/Y",
        ),
        (
            ("--profile", "x", "--metric", "mqls"),
            "--profile takes the whole mapping from scorecard.toml",
        ),
    ]
    for args, message in cases:
        result = run("import", DEALS, *args)
        assert result.exit_code == 2, (args, result.stdout)
        assert message in result.stderr, (args, result.stderr)
        assert len(result.stderr.splitlines()) == 1, result.stderr
