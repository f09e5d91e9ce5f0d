"""Versions of the database read from git, and the rows added and removed between two.

Two versions are held at a time, each deserialized into one schema (``v0``,
``v1``) of one in-memory connection, so SQLite compares them in one query:
read-only, with the schema not trusted (no view or trigger of a version runs).

:func:`rows_changed` counts, table by table, the rows of the newer version
that the older has not (same primary key, same values) and the other way
round: a changed row counts as one of each. Only the rows in the leaf pages
that differ between the two files are compared (:func:`db.pages.changed_spans`);
when the pages cannot tell, every row is.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Callable
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from typing import Any

from db import dump, page_records, pages

Reader = Callable[[bytearray], "memoryview | None"]
"""Reads one version; its bytes (None: not a database), in the buffer it is
given or in one of its own, which the caller keeps from then on (``view.obj``)
in exchange for the one it gave (:meth:`scorecard.gitblobs.Blobs.next`)."""

#: What :mod:`db.pages` raises for bytes that are not as the file format says.
_UNREADABLE = (pages.Malformed, struct.error, IndexError)


class Slots:
    """The connection the versions are deserialized into, and its two schemas.

    ``lazy``: a version is handed to SQLite only once it is queried (its
    ``schema`` named, :attr:`Version.schema`); its tables are taken from the
    version loaded before it when the two files' schemas are the same bytes
    (:func:`_same_schema`). ``log ID --git`` mostly reads pages, not rows.
    """

    def __init__(self, lazy: bool = False) -> None:
        self.conn = sqlite3.connect(":memory:")
        self.conn.execute("PRAGMA trusted_schema = OFF")
        self.free = ["v1", "v0"]
        self.lazy = lazy
        #: The version loaded last (its tables, if its schema is the next one's).
        self.last: Version | None = None
        #: Each schema's bytes, in a buffer reused from version to version.
        self.buffers = {name: bytearray() for name in self.free}
        for name in self.free:
            self.conn.execute(f"ATTACH DATABASE ':memory:' AS {name}")

    def load(self, read: Reader, evicted: Version | None) -> Version | None:
        """What ``read`` gives as a version, in the schema of ``evicted`` (the
        version it replaces); ``read(buffer)`` may fill the schema's buffer."""
        if evicted is not None:
            evicted.gone = True
            self.free.append(evicted.slot)
        slot = self.free.pop()
        data = read(self.buffers[slot])
        if data is None:
            self.free.append(slot)
            return None
        buffer = data.obj
        assert isinstance(buffer, bytes | bytearray)
        if isinstance(buffer, bytearray):
            self.buffers[slot] = buffer  # the reader's, if it kept the one it was given
        version = Version(self.conn, slot, buffer, len(data), {})
        del data  # no view left on the buffer (it grows for a larger version)
        like = self.last if self.last is not None and not self.last.gone else None
        if self.lazy and like is not None and _same_schema(like, version):
            version.tables, version._key = like.tables, like._key
        else:
            try:
                version.tables = _tables(self.conn, version.schema)
            except sqlite3.Error:  # damaged, or not a database after all
                self.conn.deserialize(b"", name=slot)
                self.free.append(slot)
                return None
        self.last = version
        return version

    def close(self) -> None:
        self.conn.close()


@dataclass
class Version:
    conn: sqlite3.Connection
    slot: str
    """The schema of :attr:`conn` it is (or will be) deserialized into."""
    data: bytes | bytearray
    """The file's bytes, ``data[:length]`` (often a buffer the next version reuses)."""
    length: int
    tables: dict[str, tuple[tuple[str, ...], int, bool]]
    """Each user table: its columns, its b-tree's root page, and whether its
    records hold those columns in that order (no generated column)."""
    gone: bool = False
    """Its slot holds another version now (evicted)."""
    _ready: bool = field(default=False, repr=False)
    _key: Any = field(default=None, repr=False)
    _file: Any = field(default=None, repr=False)
    _unowned: Any = field(default=None, repr=False)
    _counts: dict[str, int] = field(default_factory=dict, repr=False)

    @property
    def schema(self) -> str:
        """The schema to query it in: handed to SQLite first if it is not yet."""
        if not self._ready:
            assert not self.gone, "a version evicted from its slot is never queried"
            with memoryview(self.data) as whole, whole[: self.length] as view:
                self.conn.deserialize(view, name=self.slot)
            self._ready = True
        return self.slot

    def schema_key(self) -> tuple[Any, ...]:
        """Its ``user_version`` and schema objects (what :mod:`db.boundary` checks)."""
        if self._key is None:
            at = self.schema
            objects = self.conn.execute(f"SELECT type, name, tbl_name, sql FROM {at}.sqlite_master")
            version = self.conn.execute(f"PRAGMA {at}.user_version").fetchone()[0]
            self._key = (version, *map(tuple, objects))
        return self._key

    def file(self) -> pages.File | None:
        """The file's pages (None: not readable as the format says)."""
        if self._file is None:
            try:
                self._file = pages.File(self.data, self.length)
            except _UNREADABLE:
                self._file = False
        return self._file or None

    def unowned(
        self, older: Version | None = None, differing: AbstractSet[int] = frozenset()
    ) -> set[int] | None:
        """Pages of no b-tree and not free (:meth:`db.pages.File.unowned`); the
        b-trees the pages say are as in ``older`` are taken from it."""
        if self._unowned is None:
            found = self.file()
            before = older.file() if older is not None else None
            try:
                sql = f"SELECT rootpage FROM {self.schema}.sqlite_master WHERE rootpage > 0"
                roots = [int(r[0]) for r in self.conn.execute(sql)]
                self._unowned = False if found is None else found.unowned(roots, before, differing)
            except _UNREADABLE:
                self._unowned = False
        return self._unowned if self._unowned is not False else None

    def count(self, table: str) -> int:
        if table not in self._counts:
            sql = f"SELECT count(*) FROM {self.schema}.{dump.quote(table)}"
            self._counts[table] = int(self.conn.execute(sql).fetchone()[0])
        return self._counts[table]


#: Per table, by the CREATE statement (the same in nearly every version): its
#: columns, and whether its records hold them in that order.
_COLUMNS: dict[str, tuple[tuple[str, ...], bool]] = {}


def _tables(conn: sqlite3.Connection, schema: str) -> dict[str, tuple[tuple[str, ...], int, bool]]:
    sql = f"SELECT name, rootpage, sql FROM {schema}.sqlite_master WHERE type = 'table'"
    found = {}
    for name, root, create in conn.execute(sql).fetchall():
        if dump.is_internal(name):
            continue
        known = f"{name}\0{create}"
        if known not in _COLUMNS:
            info = conn.execute(f"PRAGMA {schema}.table_xinfo({dump.quote(name)})").fetchall()
            shown = tuple(r[1] for r in info if not r[6])  # as table_info lists them
            _COLUMNS[known] = (shown, len(shown) == len(info))
        cols, in_order = _COLUMNS[known]
        found[name] = (cols, int(root or 0), in_order)
    return found


def _same_schema(old: Version, new: Version) -> bool:
    """The two files have the same schema, and so the same tables: the same header
    fields that say how the file is read and the same bytes in the schema's pages."""
    a, b = old.file(), new.file()
    if a is None or b is None or a.page_size != b.page_size:
        return False
    if a.data[16:24] != b.data[16:24] or a.data[40:72] != b.data[40:72]:
        return False
    try:
        every = a.tree(1)[1]
        if b.tree(1)[1] != every:
            return False
    except _UNREADABLE:
        return False
    size = a.page_size
    with memoryview(a.data) as view:
        for page in every:
            start = (page - 1) * size + (100 if page == 1 else 0)
            if not b.data.startswith(view[start : page * size], start):
                return False
    return True


def _differing(old: Version, new: Version) -> set[int] | None:
    """The pages the two files differ in, if no overflow page is among them."""
    a, b = old.file(), new.file()
    if a is None or b is None:
        return None
    try:
        found = pages.differing_pages(a, b)
    except _UNREADABLE:
        return None
    unowned_old, unowned_new = old.unowned(), new.unowned(old, found)
    if unowned_old is None or unowned_new is None or found & (unowned_old | unowned_new):
        return None
    return found


def rows_changed(old: Version | None, new: Version | None) -> tuple[int, int]:
    """Rows added and removed from ``old`` to ``new`` (a changed row counts as one of each)."""
    if new is None:
        return 0, sum(old.count(t) for t in old.tables) if old is not None else 0
    if old is None:
        return sum(new.count(t) for t in new.tables), 0
    added = removed = 0
    differing = _differing(old, new)
    for table, (cols, root, _) in new.tables.items():
        before = old.tables.get(table)
        if before is None or before[0] != cols:  # new, or its columns changed: every row differs
            added += new.count(table)
            removed += old.count(table) if before is not None else 0
            continue
        spans: list[pages.Span] | None = None
        if differing is not None:
            a, b = old.file(), new.file()
            assert a is not None and b is not None
            try:
                spans = pages.changed_spans(a, before[1], b, root, differing)
            except _UNREADABLE:
                spans = None
        if spans == []:
            # every row of new is in old as it is: none added; those old has beyond
            # them were removed (a leaf only old has is not a leaf of new's tree)
            removed += old.count(table) - new.count(table)
            continue
        more, fewer = _diff_table(old, new, table, cols, spans)
        added += more
        removed += fewer
    for table in old.tables.keys() - new.tables.keys():
        removed += old.count(table)
    return added, removed


#: More spans than this and the rows are compared all at once.
_MAX_SPANS = 200


def _diff_table(
    old: Version,
    new: Version,
    table: str,
    cols: tuple[str, ...],
    spans: list[pages.Span] | None,
) -> tuple[int, int]:
    """Rows of ``table`` added and removed, comparing only the rows in ``spans``
    (rowids; None: every row). Outside them, every row of ``new`` is in ``old`` as it is."""
    q = dump.quote
    conn, name = new.conn, q(table)
    key_info = conn.execute(f"PRAGMA {new.schema}.table_info({name})").fetchall()
    key = [r[1] for r in sorted((r for r in key_info if r[5]), key=lambda r: r[5])] or list(cols)
    same = " AND ".join(f"b.{q(c)} IS a.{q(c)}" for c in cols)
    by_key = " AND ".join(f"b.{q(c)} IS a.{q(c)}" for c in key)
    older = f"{old.schema}.{name}"
    kept = f"EXISTS (SELECT 1 FROM {older} AS b WHERE {by_key} AND {same})"
    try:
        conn.execute(f"SELECT rowid FROM {new.schema}.{name} LIMIT 0")
        kept = f"EXISTS (SELECT 1 FROM {older} AS b WHERE b.rowid = a.rowid AND {same}) OR {kept}"
    except sqlite3.OperationalError:  # WITHOUT ROWID: no spans either
        spans = None
    if spans is not None and len(spans) > _MAX_SPANS:
        spans = None
    where = " OR ".join("a.rowid BETWEEN ? AND ?" for _ in spans) if spans else "1"
    bounds = [v for span in spans for v in span] if spans else []
    candidates, matched = conn.execute(
        f"SELECT count(*), count(*) FILTER (WHERE {kept}) "
        f"FROM {new.schema}.{name} AS a WHERE {where}",
        bounds,
    ).fetchone()
    total_new, total_old = new.count(table), old.count(table)
    same_rows = total_new - candidates + matched
    return total_new - same_rows, total_old - same_rows


def changed_keys(old: Version, new: Version, table: str, column: str) -> set[str] | None:
    """The values of ``column`` in every row of ``table`` that may differ between
    the two versions (added, removed or changed: a superset, told from the pages).

    A row whose value is not among them is in both versions as it is (same
    rowid, same values), so a look-up by that value finds the same rows in
    both. None: the pages cannot tell (a table new or changed, an overflow
    page that differs, a file not as the format says, a value not text).
    """
    before, after = old.tables.get(table), new.tables.get(table)
    if before is None or after is None or before[0] != after[0]:
        return None
    a, b = old.file(), new.file()
    if a is None or b is None:
        return None
    try:
        leaves = pages.changed_leaves(a, before[1], b, after[1])
        if leaves is None:
            return None
        if after[2] and before[2] and column in after[0]:  # read from the records
            index = after[0].index(column)
            values = [
                page_records.texts(b, leaves[0], index),
                page_records.texts(a, leaves[1], index),
            ]
            if values[0] is not None and values[1] is not None:
                return {*values[0], *values[1]}
        spans = [
            (new, pages.changed_spans(a, before[1], b, after[1], leaves[2])),
            (old, pages.changed_spans(b, after[1], a, before[1], leaves[2])),
        ]
    except _UNREADABLE:
        return None
    return _keys_in(spans, table, column)


def _keys_in(
    spans: list[tuple[Version, list[pages.Span]]], table: str, column: str
) -> set[str] | None:
    """The values of ``column`` in the rows of each version's ``table`` in its
    rowid spans, as SQLite reads them; None: one is not text, or not readable."""
    found: set[str] = set()
    for version, where in spans:
        taken = {c.lower() for c in version.tables[table][0]}
        rowid = next((n for n in ("rowid", "_rowid_", "oid") if n not in taken), None)
        if rowid is None:
            return None
        for at in range(0, len(where), _MAX_SPANS):
            chunk = where[at : at + _MAX_SPANS]
            test = " OR ".join(f"{rowid} BETWEEN ? AND ?" for _ in chunk)
            try:
                name = f"{version.schema}.{dump.quote(table)}"
                sql = f"SELECT {dump.quote(column)} FROM {name} WHERE {test}"
                values = version.conn.execute(sql, [v for span in chunk for v in span]).fetchall()
            except sqlite3.Error:  # WITHOUT ROWID, or not readable
                return None
            for (value,) in values:
                if not isinstance(value, str):
                    return None
                found.add(value)
    return found
