"""The rows of one table that may differ between two versions, told from their
pages (``log ID --git`` and its cache): never one that did differ left out."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from hypothesis import given, settings

from db import pages
from scorecard.versions import Slots, changed_keys
from tests.scorecard.test_versions import OPS, _apply, _seed, one_edit_among_5000


def _rows_by_id(data: bytes) -> dict[str, list[tuple]]:
    """Every row of ``notes`` by id, read from the table itself (not its index)."""
    conn = sqlite3.connect(":memory:")
    try:
        conn.deserialize(data)
        found: dict[str, list[tuple]] = {}
        for row in conn.execute("SELECT rowid, * FROM notes NOT INDEXED ORDER BY rowid"):
            found.setdefault(row[1], []).append(row)
        return found
    finally:
        conn.close()


def _versions(path: Path, before: list[tuple], after: list[tuple]) -> tuple[bytes, bytes]:
    conn = _seed(path)
    for op in before:
        _apply(conn, op)
    old = path.read_bytes()
    for op in after:
        _apply(conn, op)
    conn.close()
    return old, path.read_bytes()


def _keys(old: bytes, new: bytes) -> set[str] | None:
    slots = Slots()
    try:
        a = slots.load(lambda _: memoryview(old), None)
        b = slots.load(lambda _: memoryview(new), None)
        assert a is not None and b is not None
        return changed_keys(a, b, "notes", "id")
    finally:
        slots.close()


def _check(path: Path, before: list[tuple], after: list[tuple]) -> set[str] | None:
    old, new = _versions(path, before, after)
    rows_old, rows_new = _rows_by_id(old), _rows_by_id(new)
    for a, b in ((old, new), (new, old)):
        keys = _keys(a, b)
        if keys is None:
            continue
        for key in rows_old.keys() | rows_new.keys():
            if key not in keys:
                assert rows_old.get(key) == rows_new.get(key), key
    return _keys(old, new)


@settings(max_examples=80, deadline=None)
@given(before=OPS, after=OPS)
def test_a_row_that_changed_is_always_among_the_keys(tmp_path_factory, before, after):
    _check(tmp_path_factory.mktemp("k") / "file.db", before, after)


@pytest.mark.parametrize(
    ("before", "after"),
    [
        # the end of a long text is on an overflow page: its leaf page is the same bytes
        ([("put", "0010", "x" * 5000)], [("tail", "0010")]),
        ([("put", "0010", "é" * 9000)], [("same-size", "0010")]),
        ([], [("delete-every", 3)]),
        ([("delete-every", 2)], [("vacuum",), ("put", "0001", "back")]),
        ([], [("put", "0001", "x" * 2100)]),  # a leaf split
    ],
    ids=["overflow-tail", "overflow-same-size", "leaves-freed", "vacuum", "split-leaf"],
)
def test_a_row_that_changed_is_among_the_keys_where_pages_are_tricky(tmp_path, before, after):
    _check(tmp_path / "file.db", before, after)


def test_a_small_edit_names_the_rows_of_one_leaf_not_the_table(tmp_path):
    path = tmp_path / "file.db"
    old = one_edit_among_5000(path)
    keys = _keys(old, path.read_bytes())
    assert keys is not None and "b02500" in keys
    assert len(keys) < 200  # one leaf page's rows, not the table's 5,150


def test_an_overflow_page_that_differs_under_the_same_leaf_names_its_row(tmp_path):
    old, new = _versions(tmp_path / "file.db", [("put", "0010", "x" * 5000)], [("tail", "0010")])
    a, b = pages.File(old), pages.File(new)
    assert pages.differing_pages(a, b)  # only an overflow page (and the header) changed
    keys = _keys(old, new)
    assert keys is None or "0010" in keys
