import difflib
import sqlite3

import db
from db import catalog
from db.dump import dump
from tests.conftest import digest


def _fill(path):
    database = db.create(path)
    with db.transaction(database):
        for week in ("2026-W47", "2026-W45", "2026-W46"):
            database.execute(
                "INSERT INTO weeks (week, closed, updated_at) VALUES (?, 0, 't')", [week]
            )
        for metric, value in (("pipeline", 250000.5), ("mqls", 120.0), ("attended", 3.0)):
            catalog.add_unknown(database, metric)
            database.execute(
                "INSERT INTO metric_values (week, metric, value, entered_at) VALUES (?, ?, ?, 't')",
                ["2026-W46", metric, value],
            )
        database.execute(
            "INSERT INTO notes VALUES ('ff01', '2026-W46', 'kudos', 'Maya', ?, 't', 't')",
            ['Line one\nline "two" – ünïcode'],
        )
    database.close()


def test_rows_are_sorted_by_primary_key_one_a_line(tmp_path):
    path = tmp_path / "s.db"
    _fill(path)
    lines = dump(path).splitlines()
    weeks = [ln for ln in lines if ln.startswith("weeks ")]
    assert [w.split()[1] for w in weeks] == ['"2026-W45":', '"2026-W46":', '"2026-W47":']
    values = [ln.split(":")[0] for ln in lines if ln.startswith("metric_values ")]
    assert values == [
        'metric_values "2026-W46" "attended"',
        'metric_values "2026-W46" "mqls"',
        'metric_values "2026-W46" "pipeline"',
    ]
    note = next(ln for ln in lines if ln.startswith("notes "))
    assert 'text="Line one\\nline \\"two\\" – ünïcode"' in note
    headers = [ln for ln in lines if ln.startswith("## ")]
    assert headers[0] == "## weeks (week)"
    assert headers[1] == "## metrics (key)"  # the definitions, before the values naming them
    assert headers[2] == "## metric_values (week, metric)"
    assert not any("migrations" in ln or "sqlite_" in ln for ln in lines)


def test_changing_one_value_changes_one_line(tmp_path):
    path = tmp_path / "s.db"
    _fill(path)
    before = dump(path).splitlines()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE metric_values SET value = 131 WHERE metric = 'mqls'")
    conn.commit()
    conn.close()
    after = dump(path).splitlines()
    changed = [
        ln
        for ln in difflib.unified_diff(before, after, lineterm="", n=0)
        if ln[:1] in "+-" and not ln.startswith(("+++", "---"))
    ]
    assert len(changed) == 2
    assert changed[0].startswith('-metric_values "2026-W46" "mqls": value=120.0')
    assert changed[1].startswith('+metric_values "2026-W46" "mqls": value=131.0')


def test_dump_ignores_insertion_order(tmp_path):
    one, two = tmp_path / "a.db", tmp_path / "b.db"
    for path, order in ((one, ["a1", "b2", "c3"]), (two, ["c3", "a1", "b2"])):
        database = db.create(path)
        database.execute("INSERT INTO weeks (week, closed, updated_at) VALUES ('w', 0, 't')")
        for note_id in order:
            database.execute(
                "INSERT INTO notes VALUES (?, 'w', 'idea', 'x', 'y', 't', 't')", [note_id]
            )
        database.close()
    assert dump(one) == dump(two)


def test_dump_never_writes_and_survives_non_databases(tmp_path):
    path = tmp_path / "s.db"
    _fill(path)
    before = digest(path)
    dump(path)
    assert digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.db"]
    empty = tmp_path / "empty.db"
    empty.write_bytes(b"")
    assert dump(empty) == "# not an SQLite database (0 bytes)\n"


def test_textconv_command_prints_the_dump(run, tmp_path):
    path = tmp_path / "s.db"
    _fill(path)
    result = run("git", "textconv", str(path))
    assert result.exit_code == 0
    assert result.stdout == dump(path)


def test_del_c1_and_bidi_controls_are_escaped_even_on_an_ascii_line(tmp_path, run):
    path = tmp_path / "s.db"
    database = db.create(path)
    database.execute("INSERT INTO weeks (week, closed, updated_at) VALUES ('w', 0, 't')")
    for note_id, text in (("a1", "plain del \x7f only"), ("b2", "c1 \x85 bidi \u202e end")):
        database.execute(
            "INSERT INTO notes VALUES (?, 'w', 'idea', 'x', ?, 't', 't')", [note_id, text]
        )
    database.close()
    shown = run("git", "textconv", str(path)).stdout
    notes = [ln for ln in shown.splitlines() if ln.startswith("notes ")]
    assert 'text="plain del \\u007f only"' in notes[0]
    assert 'text="c1 \\u0085 bidi \\u202e end"' in notes[1]
