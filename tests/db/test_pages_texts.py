"""Text values read from a table's leaf pages (``db.page_records.texts``, what ``log ID
--git`` reads instead of handing every version to SQLite): exactly what SQLite
reads, or None where it cannot tell (another type, an overflow page, a default)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from db import page_records, pages

VALUES = st.one_of(
    st.text(max_size=30),
    st.integers(1, 6).map(lambda n: "é" * (n * 900)),  # past a page: overflow pages
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=False),
    st.binary(max_size=10),
)
ROWS = st.lists(st.tuples(st.text(max_size=12), VALUES), min_size=1, max_size=60)


def _file(path: Path, rows: list[tuple], encoding: str = "UTF-8") -> tuple[bytes, int]:
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA encoding = '{encoding}'")
    conn.execute("CREATE TABLE t (a TEXT, b)")
    conn.executemany("INSERT INTO t VALUES (?, ?)", rows)
    conn.commit()
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = 't'").fetchone()[0]
    conn.close()
    return path.read_bytes(), root


def _sqlite(path: Path, column: str) -> list[object]:
    conn = sqlite3.connect(path)
    try:
        return [r[0] for r in conn.execute(f"SELECT {column} FROM t ORDER BY rowid")]
    finally:
        conn.close()


@settings(max_examples=60, deadline=None)
@given(rows=ROWS, encoding=st.sampled_from(["UTF-8", "UTF-16le", "UTF-16be"]))
def test_the_texts_on_the_leaves_are_what_sqlite_reads(tmp_path_factory, rows, encoding):
    path = tmp_path_factory.mktemp("t") / "file.db"
    data, root = _file(path, rows, encoding)
    file = pages.File(data)
    leaves = file.tree(root)[0]
    assert page_records.texts(file, leaves, 0) == _sqlite(path, "a")  # short texts: on the page
    found, want = page_records.texts(file, leaves, 1), _sqlite(path, "b")
    if not all(isinstance(v, str) for v in want):
        assert found is None
    elif found is None:  # a long text's end is on an overflow page
        assert any(len(v) * 2 > file.page_size - 35 for v in want)
    else:
        assert found == want


def test_a_row_older_than_its_column_is_left_to_sqlite(tmp_path):
    path = tmp_path / "file.db"
    _, root = _file(path, [("x", "y")])
    conn = sqlite3.connect(path)
    conn.execute("ALTER TABLE t ADD COLUMN c TEXT DEFAULT 'later'")
    conn.commit()
    conn.close()
    file = pages.File(path.read_bytes())
    assert page_records.texts(file, file.tree(root)[0], 0) == ["x"]
    assert page_records.texts(file, file.tree(root)[0], 2) is None  # SQLite reads 'later'


def test_a_record_not_as_the_format_says_is_malformed(tmp_path):
    path = tmp_path / "file.db"
    data, root = _file(path, [("abc", "def")])
    file = pages.File(data)
    [leaf] = file.tree(root)[0]
    at = (leaf - 1) * file.page_size
    cell = at + int.from_bytes(data[at + 8 : at + 10], "big")
    broken = bytearray(data)
    broken[cell + 2] = 0x7F  # the record's header size: past its payload
    with pytest.raises(pages.Malformed):
        page_records.texts(pages.File(bytes(broken)), [leaf], 0)
