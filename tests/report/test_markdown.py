"""The Markdown report, read back with markdown-it-py: tables keep their shape
and user text is shown literally, whatever people type."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from scorecard import text as inert
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.conftest import widen_bounds
from tests.report.mdparse import parse, section_tables

NASTY = [
    "pipes | in | the | middle",
    "two\nlines",
    "`rm -rf /` and ``double``",
    "<script>alert('x')</script>",
    "# heading",
    "[click me](https://evil.example/) ![img](x.png)",
    "emoji 🎉🚀 and :tada:",
    "*bold* _it_ ~~gone~~ $x$ and $y$",
    "1. not a list",
    "- not a bullet",
    "---",
    "> not a quote",
    "&amp; &#35; entities",
    "back\\slash at the end\\",
    "    four spaces of code",
    "| --- | --- |",
]


def expected_text(text: str) -> str:
    """What a reader should see: the text's non-blank lines, trimmed."""
    lines = inert.md_clean(text).split("\n")
    return "\n".join(line.strip() for line in lines if line.strip())


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60))
def test_any_text_in_a_table_cell_is_one_literal_cell(text):
    markdown = "| a | b |\n| :-- | :-- |\n| " + inert.md_cell(text) + " | end |\n"
    doc = parse(markdown)
    assert len(doc.tables) == 1
    [row] = doc.tables[0].rows
    assert row == [expected_text(text), "end"]


@settings(max_examples=300, deadline=None)
@given(st.text(min_size=1, max_size=60).filter(lambda t: t.strip()))
@example("0\r=")  # a lone "=" under a line made it a setext heading
def test_any_text_as_a_list_item_is_one_literal_item(text):
    markdown = "- " + inert.md_block(text) + "\n- next\n"
    doc = parse(markdown)
    assert doc.items == [expected_text(text), "next"]
    assert doc.headings == []


def _nasty_workspace(ws):
    week = parse_week("2026-W47")
    for i, text in enumerate(NASTY):
        ws.add_note(["worked", "didnt", "why", "idea", "kudos"][i % 5], text, week=week)
        ws.add_commitment(text, "Sam | Rivera", team="sales", week=week)
    ws.set_value(week, "mqls", 131, note="from the `CRM` | <b>export</b>\n# really")
    return week


def test_user_text_never_breaks_the_report(workspace, run):
    _nasty_workspace(workspace)
    result = run("export", "--week", "2026-W47")
    assert result.exit_code == 0, result.stderr
    doc = parse(result.stdout)

    # Only our own headings: none of the users' "# heading" became one.
    assert [h for _, h in doc.headings if "heading" in h] == []
    [made] = section_tables(doc, "Made this week")
    assert made.header == ["Commitment", "Owner", "Team", "Due", "ID"]
    assert len(made.rows) == len(NASTY)
    assert sorted(r[0] for r in made.rows) == sorted(expected_text(t) for t in NASTY)
    assert {r[1] for r in made.rows} == {"Sam | Rivera"}
    assert all(len(r) == 5 for r in made.rows)
    for table in doc.tables:
        assert all(len(r) == len(table.header) for r in table.rows)
    for text in NASTY:
        assert any(item.startswith(expected_text(text)) for item in doc.items), text
    assert any("from the `CRM` | <b>export</b>\n# really" in item for item in doc.items)


def test_scorecard_tables_have_one_row_per_metric(demo_dir, run):
    doc = parse(run("export").stdout)
    from scorecard.defaults import DEFAULT_METRICS

    for area in ("Awareness", "Revenue", "Trust"):
        [table] = section_tables(doc, area)
        assert table.header == [
            "Metric",
            "Owner",
            "Target",
            "Actual",
            "Status",
            "vs last week",
            "13 weeks",
        ]
        names = [m.name for m in DEFAULT_METRICS if m.area == area.lower()]
        assert [r[0] for r in table.rows] == names
        for row in table.rows:
            assert re.fullmatch(r"[✓!✗·] (on track|at risk|off track|no data)", row[4])
            assert len(row[6]) == 13


def test_same_data_same_bytes(demo_dir, run):
    first = run("export", "--week", "2026-W46").stdout_bytes
    assert run("export", "--week", "2026-W46").stdout_bytes == first
    assert (
        run("export", "--from", "2026-W40", "--to", "2026-W47").stdout_bytes
        == run("export", "--from", "2026-W40", "--to", "2026-W47").stdout_bytes
    )


def test_title_with_markup_is_escaped(tmp_path, monkeypatch, run):
    from scorecard.defaults import default_config
    from scorecard.workspace import Workspace

    Workspace.create(
        default_config("<b>ACME</b> | *Team* # 1"), tmp_path / "scorecard.toml"
    ).close()
    monkeypatch.chdir(tmp_path)
    doc = parse(run("export").stdout)
    assert doc.headings[0] == ("h1", "<b>ACME</b> | *Team* # 1 · Week 2026-W47")


def test_extreme_values_still_render(workspace_dir, run):
    import json

    widen_bounds(workspace_dir / "scorecard.toml")  # storage and rendering, not bounds
    workspace = Workspace.open(workspace_dir / "scorecard.toml")
    big = 1.7976931348623157e308
    workspace.set_value(parse_week("2026-W46"), "pipeline", -big)
    workspace.set_value(parse_week("2026-W47"), "pipeline", big)
    workspace.set_value(parse_week("2026-W47"), "sla-followup", 5e-324)
    workspace.close()
    for args in ((), ("--from", "2026-W40", "--to", "2026-W47")):
        result = run("export", *args)
        assert result.exit_code == 0, result.stderr
        tables = parse(result.stdout).tables
        assert tables and all(len(r) == len(t.header) for t in tables for r in t.rows)
        assert run("export", *args, "-f", "json").exit_code == 0
    doc = json.loads(run("export", "-f", "json").stdout)
    pipeline = next(m for m in doc["metrics"] if m["key"] == "pipeline")
    assert pipeline["actual"] == big and pipeline["change"] is None


def test_overdue_commitments_are_marked(workspace, run):
    workspace.add_commitment("Old promise", "Sam Rivera", week=parse_week("2026-W40"))
    workspace.add_commitment("Due now", "Sam Rivera", week=parse_week("2026-W46"))
    doc = parse(run("export").stdout)
    [still_open] = section_tables(doc, "Still open")
    due = {row[0]: row[3] for row in still_open.rows}
    assert due == {"Old promise": "2026-W41 (6 weeks late)", "Due now": "2026-W47"}
