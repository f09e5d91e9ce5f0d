import shutil
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import db
from db import catalog
from db.merge import ABSENT, merge_files, merge_rows, same, same_row
from db.schema import migrations
from tests.conftest import digest

NOW = "2026-11-18T12:00:00Z"


# -- merge_rows: the pure three-way merge ------------------------------------------------


def test_one_side_changes_are_taken_and_same_change_once():
    base = {("a",): {"id": "a", "x": 1, "y": "p"}}
    ours = {("a",): {"id": "a", "x": 2, "y": "p"}}
    theirs = {("a",): {"id": "a", "x": 2, "y": "q"}}
    merged, conflicts = merge_rows("t", base, ours, theirs)
    assert merged == {("a",): {"id": "a", "x": 2, "y": "q"}}
    assert conflicts == []


def test_rows_added_on_both_sides_are_kept():
    ours = {("a",): {"id": "a", "x": 1}}
    theirs = {("b",): {"id": "b", "x": 2}}
    merged, conflicts = merge_rows("t", {}, ours, theirs)
    assert set(merged) == {("a",), ("b",)}
    assert conflicts == []


def test_same_field_changed_differently_conflicts_and_keeps_ours():
    base = {("a",): {"id": "a", "x": 1}}
    merged, conflicts = merge_rows(
        "t", base, {("a",): {"id": "a", "x": 2}}, {("a",): {"id": "a", "x": 3}}
    )
    assert merged[("a",)]["x"] == 2
    [c] = conflicts
    assert (c.column, c.base, c.ours, c.theirs) == ("x", 1, 2, 3)


def test_delete_against_change_conflicts_and_keeps_the_changed_row():
    base = {("a",): {"id": "a", "x": 1}}
    merged, conflicts = merge_rows("t", base, {}, {("a",): {"id": "a", "x": 5}})
    assert merged == {("a",): {"id": "a", "x": 5}}
    [c] = conflicts
    assert c.column is None and c.ours is None and c.theirs == {"id": "a", "x": 5}
    merged, conflicts = merge_rows("t", base, {}, base)
    assert merged == {} and conflicts == []


def test_bookkeeping_stamps_take_the_later_side_without_conflict():
    base = {("w",): {"week": "w", "rating": None, "updated_at": "2026-01-01"}}
    ours = {("w",): {"week": "w", "rating": 7, "updated_at": "2026-01-03"}}
    theirs = {("w",): {"week": "w", "rating": None, "updated_at": "2026-01-05"}}
    merged, conflicts = merge_rows("weeks", base, ours, theirs, (("updated_at",),))
    assert merged[("w",)] == {"week": "w", "rating": 7, "updated_at": "2026-01-05"}
    assert conflicts == []


def test_values_of_different_types_are_different():
    assert not same(1, 1.0) and not same(1, True) and not same("1", 1) and same(2.5, 2.5)


# -- property: nothing one side changed is lost -------------------------------------------

values = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["a", "b", "c"]))
COLS = ("x", "y", "z")


def table(keys):
    return st.fixed_dictionaries(
        {}, optional={k: st.fixed_dictionaries({c: values for c in COLS}) for k in keys}
    )


KEYS = [(f"k{i}",) for i in range(6)]


@st.composite
def three_sides(draw):
    base = draw(table(KEYS))

    def side():
        out = {}
        for key in KEYS:
            action = draw(st.sampled_from(["keep", "keep", "edit", "delete", "add"]))
            if action == "keep" and key in base:
                out[key] = dict(base[key])
            elif action == "edit" and key in base:
                out[key] = {**base[key], **draw(st.dictionaries(st.sampled_from(COLS), values))}
            elif action == "add":
                out[key] = draw(st.fixed_dictionaries({c: values for c in COLS}))
        return out

    return base, side(), side()


@settings(max_examples=300, deadline=None)
@given(three_sides())
def test_merge_loses_nothing_a_side_changed(sides):
    base, ours, theirs = sides
    merged, conflicts = merge_rows("t", base, ours, theirs)
    row_conflicts = {c.key for c in conflicts if c.column is None}
    field_conflicts = {(c.key, c.column) for c in conflicts if c.column}
    for side, other in ((ours, theirs), (theirs, ours)):
        for key in set(base) | set(side):
            b, s, o = base.get(key), side.get(key), other.get(key)
            if s is None and b is not None:  # this side deleted it
                assert key not in merged or key in row_conflicts or o is not None
                continue
            if s is None or (b is not None and same_row(s, b)):
                continue  # untouched here: the other side may delete it
            assert key in merged, "a row one side changed or added vanished"
            for col in COLS:
                base_value = b[col] if b else ABSENT
                if same(s[col], base_value):
                    continue
                assert same(merged[key][col], s[col]) or (key, col) in field_conflicts
    for key in row_conflicts:
        assert key in merged


@settings(max_examples=200, deadline=None)
@given(three_sides())
def test_merging_with_an_unchanged_side_gives_the_other_side(sides):
    base, ours, theirs = sides
    assert merge_rows("t", base, ours, base) == (ours, [])
    assert merge_rows("t", base, base, theirs) == (theirs, [])


# -- files -------------------------------------------------------------------------------


#: The metrics the files below hold values of (each value names its catalog row).
METRICS = ("mqls", "pipeline", "sqls", *(f"m{i}" for i in range(50)))


def _db(path, sql_rows=()):
    database = db.create(path)
    database.execute(
        "INSERT INTO weeks (week, closed, updated_at) VALUES ('2026-W47', 0, ?)", [NOW]
    )
    for key in METRICS:
        catalog.add_unknown(database, key)
    for sql, params in sql_rows:
        database.execute(sql, params)
    database.close()
    return path


def _value(path, metric):
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT value FROM metric_values WHERE metric = ?", [metric]).fetchone()
        return row[0] if row else None
    finally:
        conn.close()


SET = (
    "INSERT OR REPLACE INTO metric_values (week, metric, value, entered_at) "
    "VALUES ('2026-W47', ?, ?, '2026-11-18T12:00:00Z')"
)


def test_merge_files_writes_ours_atomically_and_records_conflicts(tmp_path):
    base = _db(tmp_path / "base.db", [(SET, ["mqls", 100])])
    ours = tmp_path / "ours.db"
    theirs = tmp_path / "theirs.db"
    shutil.copy(base, ours)
    shutil.copy(base, theirs)
    for path, rows in (
        (ours, [("mqls", 110), ("pipeline", 5)]),
        (theirs, [("mqls", 120), ("sqls", 7)]),
    ):
        conn = sqlite3.connect(path)
        conn.executemany(SET, rows)
        conn.commit()
        conn.close()
    conflicts = merge_files(base, ours, theirs, NOW)
    assert [(c.column, c.ours, c.theirs) for c in conflicts] == [("value", 110.0, 120.0)]
    assert (
        _value(ours, "pipeline") == 5 and _value(ours, "sqls") == 7 and _value(ours, "mqls") == 110
    )
    conn = sqlite3.connect(ours)
    stored = conn.execute(
        "SELECT table_name, row_key, column_name, base, ours, theirs FROM conflicts"
    ).fetchall()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()
    assert stored == [("metric_values", '["2026-W47", "mqls"]', "value", "100.0", "110.0", "120.0")]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.db", "ours.db", "theirs.db"]


def test_older_schema_sides_are_migrated_first(tmp_path):
    old = tmp_path / "old.db"
    database = sqlite3.connect(old)
    from sqlite_utils import Database

    legacy = Database(database)
    migrations().apply(legacy, stop_before="0002_conflicts")
    legacy.execute("INSERT INTO weeks (week, closed, updated_at) VALUES ('2026-W47', 0, ?)", [NOW])
    legacy.execute(SET, ["mqls", 100])
    legacy.close()
    assert "conflicts" not in Database(sqlite3.connect(old)).table_names()
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    shutil.copy(old, ours)
    shutil.copy(old, theirs)
    conn = sqlite3.connect(theirs)
    conn.execute(SET, ["mqls", 130])
    conn.commit()
    conn.close()
    before_base = digest(old)
    assert merge_files(old, ours, theirs, NOW) == []
    assert _value(ours, "mqls") == 130
    assert digest(old) == before_base  # sides are migrated on copies only
    conn = sqlite3.connect(ours)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION
    conn.close()


def test_a_failed_merge_leaves_ours_untouched(tmp_path):
    base = _db(tmp_path / "base.db")
    ours = tmp_path / "ours.db"
    shutil.copy(base, ours)
    theirs = tmp_path / "theirs.db"
    theirs.write_bytes(b"not a database at all, sorry")
    before = digest(ours)
    with pytest.raises(db.DatabaseError):
        merge_files(base, ours, theirs, NOW)
    assert digest(ours) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.db", "ours.db", "theirs.db"]


def test_merge_command_exits_1_with_one_line_on_conflict_or_failure(run, tmp_path):
    base = _db(tmp_path / "base.db", [(SET, ["mqls", 100])])
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    for path, value in ((ours, 1), (theirs, 2)):
        shutil.copy(base, path)
        conn = sqlite3.connect(path)
        conn.execute(SET, ["mqls", value])
        conn.commit()
        conn.close()
    result = run("git", "merge", str(base), str(ours), str(theirs), "scorecard.db")
    assert result.exit_code == 1
    assert result.stderr.startswith("scorecard: scorecard.db: 1 conflict(s) recorded")
    assert len(result.stderr.splitlines()) == 1
    clean = run("git", "merge", str(ours), str(ours), str(theirs))
    assert clean.exit_code == 0 and clean.stderr == ""
    assert _value(ours, "mqls") == 2
    theirs.write_bytes(b"garbage")
    before = digest(ours)
    broken = run("git", "merge", str(base), str(ours), str(theirs), "scorecard.db")
    assert broken.exit_code == 1 and broken.stderr.startswith(
        "scorecard: cannot merge scorecard.db"
    )
    assert digest(ours) == before


def _edit(path, *statements):
    conn = sqlite3.connect(path)
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()


def test_merge_files_reads_only_changed_rows_yet_misses_no_change(tmp_path):
    """A deletion, an edit and a type change (1 → 1.0 in an untyped column) all arrive."""
    rows = [(SET, [f"m{i}", i]) for i in range(50)]
    base = _db(tmp_path / "base.db", rows)
    _edit(base, ("CREATE TABLE extra (id TEXT PRIMARY KEY, x)", []))
    _edit(base, ("INSERT INTO extra VALUES ('a', 1)", []))
    ours, theirs = tmp_path / "ours.db", tmp_path / "theirs.db"
    shutil.copy(base, ours)
    shutil.copy(base, theirs)
    _edit(ours, (SET, ["m3", 33]))
    _edit(
        theirs,
        ("DELETE FROM metric_values WHERE metric = 'm7'", []),
        ("UPDATE extra SET x = 1.0 WHERE id = 'a'", []),
    )
    assert merge_files(base, ours, theirs, NOW) == []
    assert _value(ours, "m3") == 33 and _value(ours, "m7") is None and _value(ours, "m8") == 8
    conn = sqlite3.connect(ours)
    assert conn.execute("SELECT x, typeof(x) FROM extra").fetchall() == [(1.0, "real")]
    conn.close()


def test_merge_files_with_an_empty_base_keeps_both_sides(tmp_path):
    ours = _db(tmp_path / "ours.db", [(SET, ["mqls", 1]), (SET, ["sqls", 2])])
    theirs = _db(tmp_path / "theirs.db", [(SET, ["mqls", 1]), (SET, ["pipeline", 3])])
    base = tmp_path / "base.db"
    base.write_bytes(b"")
    assert merge_files(base, ours, theirs, NOW) == []
    assert (_value(ours, "mqls"), _value(ours, "sqls"), _value(ours, "pipeline")) == (1, 2, 3)
