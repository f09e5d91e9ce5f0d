"""Rows added and removed between two versions of a file (``log --git``), told from
the pages that differ: always what comparing every row says."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import pages
from scorecard.versions import Slots, rows_changed

SCHEMA = """
CREATE TABLE notes (id TEXT PRIMARY KEY, week TEXT NOT NULL, text TEXT NOT NULL, n REAL);
CREATE INDEX notes_week ON notes (week);
CREATE TABLE tags (note TEXT, tag TEXT, PRIMARY KEY (note, tag)) WITHOUT ROWID;
"""

#: Short texts, ones that fill a page, and ones that go on to overflow pages.
TEXTS = st.one_of(
    st.text(max_size=20),
    st.integers(1, 9).map(lambda n: "x" * (n * 700)),
    st.integers(1, 5).map(lambda n: "é" * (n * 3000)),
)
IDS = st.integers(0, 40).map(lambda n: f"{n:04d}")  # often the same rows
OPS = st.lists(
    st.one_of(
        st.tuples(st.just("put"), IDS, TEXTS),
        st.tuples(st.just("same-size"), IDS),
        st.tuples(st.just("tail"), IDS),
        st.tuples(st.just("delete-every"), st.integers(2, 5)),
        st.tuples(st.just("delete"), IDS),
        st.tuples(st.just("delete-range"), IDS),
        st.tuples(st.just("tag"), IDS, st.sampled_from(["a", "b", "c"])),
        st.tuples(st.just("vacuum")),
        st.tuples(
            st.just("number"),
            IDS,
            st.one_of(st.none(), st.integers(-(2**63), 2**63 - 1), st.floats()),
        ),
    ),
    max_size=30,
)


def _apply(conn: sqlite3.Connection, op: tuple) -> None:
    kind = op[0]
    if kind == "put":
        conn.execute(
            "INSERT INTO notes (id, week, text) VALUES (?, 'W1', ?) "
            "ON CONFLICT (id) DO UPDATE SET text = excluded.text",
            [op[1], op[2]],
        )
    elif kind == "same-size":  # rewritten in place, overflow pages too
        conn.execute("UPDATE notes SET text = upper(text) WHERE id = ?", [op[1]])
    elif kind == "tail":  # only the end of a long text: its overflow page, not its leaf
        conn.execute(
            "UPDATE notes SET text = substr(text, 1, length(text) - 1) || "
            "CASE WHEN substr(text, -1) = 'Z' THEN 'Y' ELSE 'Z' END WHERE id = ?",
            [op[1]],
        )
    elif kind == "delete-every":  # whole leaf pages leave the table
        conn.execute("DELETE FROM notes WHERE CAST(id AS INTEGER) % ? != 0", [op[1]])
    elif kind == "delete":
        conn.execute("DELETE FROM notes WHERE id = ?", [op[1]])
    elif kind == "delete-range":
        conn.execute("DELETE FROM notes WHERE id >= ? AND id < ? || 'z'", [op[1], op[1][:3]])
    elif kind == "tag":
        conn.execute("INSERT OR IGNORE INTO tags VALUES (?, ?)", [op[1], op[2]])
    elif kind == "number":
        conn.execute("UPDATE notes SET n = ? WHERE id = ?", [op[2], op[1]])
    elif kind == "vacuum":
        conn.commit()
        conn.execute("VACUUM")
    conn.commit()


def _naive(old: bytes, new: bytes) -> tuple[int, int]:
    """Every row of every table, compared in Python (values with their types)."""
    found = []
    for data in (old, new):
        conn = sqlite3.connect(":memory:")
        conn.deserialize(data)
        rows = set()
        for table in ("notes", "tags"):
            for row in conn.execute(f"SELECT * FROM {table}"):
                rows.add((table, tuple((type(v).__name__, repr(v)) for v in row)))
        conn.close()
        found.append(rows)
    return len(found[1] - found[0]), len(found[0] - found[1])


def _seed(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path)
    conn.executescript(SCHEMA)
    conn.executemany(
        "INSERT INTO notes (id, week, text) VALUES (?, 'W1', ?)",
        [(f"{n:04d}", f"note {n} " * (n % 7)) for n in range(0, 300, 2)],
    )
    conn.commit()
    return conn


def one_edit_among_5000(path: Path) -> bytes:
    """A file of 5,000 more notes at ``path``, then one note's text changed in
    place: the bytes from before that edit."""
    conn = _seed(path)
    conn.executemany(
        "INSERT INTO notes (id, week, text) VALUES (?, 'W2', 'more')",
        [(f"b{n:05d}",) for n in range(5000)],
    )
    conn.commit()
    old = path.read_bytes()
    conn.execute("UPDATE notes SET text = 'changed' WHERE id = 'b02500'")
    conn.commit()
    conn.close()
    return old


def _check(path: Path, before: list[tuple], after: list[tuple]) -> None:
    conn = _seed(path)
    for op in before:
        _apply(conn, op)
    old = path.read_bytes()
    for op in after:
        _apply(conn, op)
    conn.close()
    new = path.read_bytes()
    slots = Slots()
    try:
        a = slots.load(lambda _: memoryview(old), None)
        b = slots.load(lambda _: memoryview(new), None)
        assert rows_changed(a, b) == _naive(old, new)
        assert rows_changed(b, a) == _naive(new, old)
    finally:
        slots.close()


@settings(max_examples=80, deadline=None)
@given(before=OPS, after=OPS)
def test_rows_changed_is_what_comparing_every_row_says(tmp_path_factory, before, after):
    _check(tmp_path_factory.mktemp("v") / "file.db", before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the end of a long text is on an overflow page: its leaf page is the same bytes
        ([("put", "0010", "x" * 5000)], [("tail", "0010")]),
        ([("put", "0010", "é" * 9000)], [("same-size", "0010")]),
        ([], [("delete-every", 3)]),  # whole leaf pages leave the table
        ([("delete-every", 2)], [("vacuum",), ("put", "0001", "back")]),
        ([("put", "0003", "x" * 6000)], [("delete", "0003"), ("put", "0005", "y" * 100)]),
        # a row that splits a leaf: read backwards, every leaf of the older tree is in
        # the newer one as it was, yet the newer one has a row more (hypothesis found it)
        ([], [("put", "0001", "x" * 2100)]),
    ],
    ids=[
        "overflow-tail",
        "overflow-same-size",
        "leaves-freed",
        "vacuum",
        "freed-overflow",
        "split-leaf",
    ],
)
def test_rows_changed_where_pages_are_tricky(tmp_path, before, after):
    _check(tmp_path / "file.db", before, after)


def test_only_the_pages_a_small_edit_rewrote_are_compared(tmp_path):
    path = tmp_path / "file.db"
    old = one_edit_among_5000(path)
    new = path.read_bytes()
    a, b = pages.File(old), pages.File(new)
    differing = pages.differing_pages(a, b)
    assert 0 < len(differing) < 5
    probe = sqlite3.connect(path)
    root = probe.execute("SELECT rootpage FROM sqlite_master WHERE name = 'notes'").fetchone()[0]
    rowid = probe.execute("SELECT rowid FROM notes WHERE id = 'b02500'").fetchone()[0]
    probe.close()
    spans = pages.changed_spans(a, root, b, root, differing)
    assert len(spans) == 1 and spans[0][0] <= rowid <= spans[0][1]
    assert spans[0][1] - spans[0][0] < 200  # one leaf page's rows, not the table's 5,150


def test_a_file_not_as_the_format_says_is_compared_row_by_row(tmp_path):
    path = tmp_path / "file.db"
    _seed(path).close()
    old = path.read_bytes()
    damaged = bytearray(old)
    damaged[52:56] = (1).to_bytes(4, "big")  # says auto-vacuum: pointer-map pages
    try:
        pages.File(bytes(damaged))
    except pages.Malformed:
        pass
    else:
        raise AssertionError("an auto-vacuum header is not read as plain pages")
    slots = Slots()
    try:
        same = slots.load(lambda _: memoryview(old), None)
        other = slots.load(lambda _: memoryview(bytes(damaged)), None)
        assert other is not None and other.file() is None
        assert rows_changed(same, other) == (0, 0)
    finally:
        slots.close()


def test_lazy_versions_are_read_as_their_own_bytes_once_queried(tmp_path):
    """``Slots(lazy=True)`` hands a version to SQLite only when it is queried, and
    takes its tables from the version before when the schema is the same bytes."""
    conn = _seed(tmp_path / "file.db")
    files = []
    for text in ("one", "two"):
        _apply(conn, ("put", "0001", text))
        conn.commit()
        files.append((tmp_path / "file.db").read_bytes())
    conn.execute("CREATE TABLE extra (x)")
    conn.commit()
    files.append((tmp_path / "file.db").read_bytes())
    conn.close()
    slots = Slots(lazy=True)
    try:
        first = slots.load(lambda _: memoryview(files[0]), None)
        second = slots.load(lambda _: memoryview(files[1]), None)
        assert first is not None and second is not None
        assert second.tables == first.tables and not second._ready  # the same schema
        third = slots.load(lambda _: memoryview(files[2]), first)  # in first's slot
        assert third is not None and "extra" in third.tables and first.gone
        sql = "SELECT text FROM {}.notes WHERE id = '0001'"
        assert slots.conn.execute(sql.format(second.schema)).fetchone() == ("two",)
        assert slots.conn.execute(sql.format(third.schema)).fetchone() == ("two",)
        assert rows_changed(second, third) == (0, 0)  # a new empty table, no rows
    finally:
        slots.close()
