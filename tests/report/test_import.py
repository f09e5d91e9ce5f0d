"""``scorecard import``: tolerant of what CRMs write, all or nothing."""

from __future__ import annotations

from scorecard.weeks import parse_week
from tests.conftest import digest


def _write(path, text, *, bom=False, encoding="utf-8"):
    data = text.encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def _values(ws, first="2026-W01", last="2026-W52"):
    return {
        (v.week, v.metric): (v.value, v.note)
        for v in ws.values_between(parse_week(first), parse_week(last))
    }


def test_bom_semicolons_thousands_currency_and_header_case(workspace_dir, workspace, run):
    path = _write(
        workspace_dir / "crm.csv",
        "WEEK;Metric;VaLuE;NOTE\n"
        "2026-W45;pipeline;$ 1.234.567,50;from the CRM\n"
        "2026-W45;Marketing-qualified leads;1.204;\n"
        "2026-W45;sla-followup;27,5 %;\n"
        '2026-11-12;closed-won;"$ 90.000";\n',
        bom=True,
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert "4 new" in result.stdout
    assert _values(workspace) == {
        ("2026-W45", "pipeline"): (1234567.5, "from the CRM"),
        ("2026-W45", "mqls"): (1204.0, None),
        ("2026-W45", "sla-followup"): (27.5, None),
        ("2026-W46", "closed-won"): (90000.0, None),
    }


def test_commas_quotes_and_extra_columns(workspace_dir, workspace, run):
    path = _write(
        workspace_dir / "crm.csv",
        "Owner,Week,Metric,Value,Note,Region\n"
        'x,2026-W45,pipeline,"$1,234,567.50","multi\nline, with comma",EU\n'
        'x,2026-W45,mqls,"1,204",,EU\n'
        "x,2026-W45,sla-followup,88.5%,,EU\n",
    )
    result = run("import", str(path))
    assert result.exit_code == 0, result.stderr
    assert _values(workspace) == {
        ("2026-W45", "pipeline"): (1234567.5, "multi\nline, with comma"),
        ("2026-W45", "mqls"): (1204.0, None),
        ("2026-W45", "sla-followup"): (88.5, None),
    }


def test_three_bad_rows_among_fifty_are_all_reported_and_nothing_changes(
    workspace_dir, workspace, run
):
    workspace.set_value(parse_week("2026-W10"), "mqls", 1)
    before = digest(workspace.db_path)
    metrics = ["mqls", "web-visits", "pipeline", "closed-won", "sqls-accepted"]
    lines = ["week,metric,value,note"]
    for i in range(50):
        lines.append(f"2026-W{10 + i // 5:02d},{metrics[i % 5]},{100 + i},row {i}")
    # line numbers are 1-based and the header is line 1: row i is on line i + 2
    lines[7 + 1] = "2026-W11,mqls,twelve,bad number"
    lines[23 + 1] = "2026-W14,no-such-metric,5,bad metric"
    lines[41 + 1] = "2026-W99,mqls,5,bad week"
    path = _write(workspace_dir / "crm.csv", "\n".join(lines) + "\n")

    result = run("import", str(path))

    assert result.exit_code == 2
    errors = result.stderr.strip().splitlines()
    assert errors[:3] == [
        f"scorecard: {path}: line 9: 'twelve' is not a number",
        f"scorecard: {path}: line 25: unknown metric 'no-such-metric'",
        f"scorecard: {path}: line 43: invalid week 2026-W99: 2026 has weeks 1 to 53",
    ]
    assert errors[3] == f"scorecard: {path}: 3 bad rows; nothing was imported"
    assert result.stdout == f"Read {path}: UTF-8, comma separated, 50 rows.\n"
    assert digest(workspace.db_path) == before


def test_dry_run_shows_new_changed_unchanged_and_writes_nothing(workspace_dir, workspace, run):
    week = parse_week("2026-W45")
    workspace.set_value(week, "mqls", 100)
    workspace.set_value(week, "pipeline", 200000)
    before = digest(workspace.db_path)
    path = _write(
        workspace_dir / "crm.csv",
        "week,metric,value\n2026-W45,mqls,100\n2026-W45,pipeline,250000\n2026-W45,sla-followup,30\n",
    )
    result = run("import", str(path), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"Read {path}: UTF-8, comma separated, 3 rows.",
        "mqls · Marketing-qualified leads",
        "  2026-W45  unchanged  100",
        "pipeline · Pipeline created",
        "  2026-W45  changed    $200,000 → $250,000",
        "sla-followup · Follow-up within SLA",
        "  2026-W45  new        30%",
        "Dry run: 1 new, 1 changed, 1 unchanged; nothing was written.",
    ]
    assert digest(workspace.db_path) == before


def test_reimporting_the_same_file_changes_nothing(workspace_dir, workspace, run):
    path = _write(workspace_dir / "crm.csv", "week,metric,value\n2026-W45,mqls,100\n")
    assert run("import", str(path)).exit_code == 0
    before = digest(workspace.db_path)
    result = run("import", str(path))
    assert result.exit_code == 0
    assert "0 new, 0 changed, 1 unchanged" in result.stdout
    assert digest(workspace.db_path) == before


def test_closed_weeks_refuse_changes_but_allow_unchanged_rows(workspace_dir, workspace, run):
    week = parse_week("2026-W45")
    workspace.set_value(week, "mqls", 100)
    workspace.close_week(week)
    before = digest(workspace.db_path)
    same = _write(workspace_dir / "same.csv", "week,metric,value\n2026-W45,mqls,100\n")
    assert run("import", str(same)).exit_code == 0
    changed = _write(workspace_dir / "changed.csv", "week,metric,value\n2026-W45,mqls,101\n")
    result = run("import", str(changed))
    assert result.exit_code == 2
    assert "line 2: week 2026-W45 is closed" in result.stderr
    assert digest(workspace.db_path) == before


def test_duplicate_rows_and_empty_values_are_errors(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    path = _write(
        workspace_dir / "crm.csv",
        "week,metric,value\n2026-W45,mqls,1\n2026-W45,MQLS,2\n2026-W45,pipeline,\n",
    )
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "line 3: mqls for 2026-W45 is already on line 2" in result.stderr
    assert "line 4: value for pipeline is empty" in result.stderr
    assert digest(workspace.db_path) == before


def test_file_level_problems_are_one_line(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    cases = {
        "nohead.csv": (
            "when,what,how much\n2026-W45,mqls,1\n",
            "missing column week, metric, value",
        ),
        "empty.csv": ("\n\n", "the file is empty"),
    }
    for name, (text, message) in cases.items():
        result = run("import", str(_write(workspace_dir / name, text)))
        assert result.exit_code == 2
        assert message in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1
    odd = workspace_dir / "odd.csv"
    odd.write_bytes("week,metric,value,note\n2026-W45,mqls,1,café\x81\n".encode("latin-1"))
    result = run("import", str(odd))
    assert result.exit_code == 2 and "cannot tell the encoding" in result.stderr
    result = run("import", str(workspace_dir / "missing.csv"))
    assert result.exit_code == 2 and "no such file" in result.stderr
    assert digest(workspace.db_path) == before


def test_formula_guard_is_undone_on_import(workspace_dir, workspace, run):
    path = _write(
        workspace_dir / "crm.csv",
        "week,metric,value,note\n2026-W45,mqls,5,'=1+1\n2026-W45,pipeline,5,'hello\n",
    )
    assert run("import", str(path)).exit_code == 0
    assert _values(workspace)[("2026-W45", "mqls")] == (5.0, "=1+1")
    assert _values(workspace)[("2026-W45", "pipeline")] == (5.0, "'hello")


def test_a_week_exported_as_json_imports_into_an_empty_workspace(demo_dir, run, tmp_path):
    from scorecard.defaults import default_config
    from scorecard.workspace import Workspace

    assert run("export", "--week", "2026-W46", "-f", "json", "-o", "week.json").exit_code == 0
    empty = tmp_path / "empty" / "scorecard.toml"
    Workspace.create(default_config("Empty"), empty).close()
    result = run("--config", str(empty), "import", str(demo_dir / "week.json"))
    assert result.exit_code == 0, result.stderr
    typed = [m for m in default_config().metrics if not m.derived]
    assert f"{len(typed)} new" in result.stdout  # the derived ones are computed, not imported
    with Workspace.open(demo_dir / "scorecard.toml") as source, Workspace.open(empty) as target:
        assert _values(target) == _values(source, "2026-W46", "2026-W46")


def test_bad_json_values_are_all_reported(workspace_dir, workspace, run):
    before = digest(workspace.db_path)
    path = workspace_dir / "bad.json"
    path.write_text(
        '{"values": [{"week": "2026-W45", "metric": "mqls", "value": "12"},'
        ' {"week": "2026-W45", "metric": "mqls", "value": 1},'
        ' {"week": "2026-W45", "metric": "nope", "value": 1}, 7]}'
    )
    result = run("import", str(path))
    assert result.exit_code == 2
    assert "values[0]: value '12' is not a number" in result.stderr
    assert "values[2]: unknown metric 'nope'" in result.stderr
    assert "values[3]: not an object" in result.stderr
    assert "3 bad rows" in result.stderr
    assert digest(workspace.db_path) == before
