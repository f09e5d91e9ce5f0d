"""Which rows two versions of a database file can differ in, told from their pages.

Two versions of one file (a commit and its parent) share nearly all their
pages byte for byte: one week's edit rewrites a few pages of a ten-year file.
SQLite stores a table as a b-tree whose leaf pages hold the rows in rowid
order, each row's record encoded with its types. So a leaf page that is the
same page of the same table's b-tree in both versions, with the same bytes,
holds the same rows (same rowid, same values) in both; every row of the newer
version that the older has not as it is lies in the rowid span of a leaf
page that is not (:func:`changed_spans`). Counting the newer version's rows
that the older has, the rest (added, removed, changed) follow from the two
tables' sizes: a comparison reads only the rows in those spans.

Only what this needs of the file format (sqlite.org/fileformat2.html) is read:
the header, the b-tree pages (interior pages for their children, a leaf for
its first and last rowid), the freelist. A value too large for its page
continues on overflow pages; when any page that belongs to no b-tree and is
not free (an overflow page) differs between the versions, or when anything
is not as the format says (a hostile or damaged file), the answer is None:
compare every row. SQLite reads the rows; this only narrows where to look.
"""

from __future__ import annotations

import struct
from collections.abc import Iterable
from collections.abc import Set as AbstractSet

_MAGIC = b"SQLite format 3\x00"
_TABLE_INTERIOR, _TABLE_LEAF, _INDEX_INTERIOR, _INDEX_LEAF = 0x05, 0x0D, 0x02, 0x0A
_U16 = struct.Struct(">H")
_U32 = struct.Struct(">I")

Span = tuple[int, int]


class Malformed(Exception):
    """The bytes are not as the file format says: compare every row instead."""


def _varint(data: bytes | bytearray, at: int) -> tuple[int, int]:
    """SQLite's variable-length integer at ``at``: (value, offset after it)."""
    value = 0
    for i in range(8):
        byte = data[at + i]
        value = (value << 7) | (byte & 0x7F)
        if byte < 0x80:
            return value, at + i + 1
    value = (value << 8) | data[at + 8]
    return (value - (1 << 64) if value >= 1 << 63 else value), at + 9


class File:
    """One version of a database file, as bytes: its pages and b-trees."""

    def __init__(self, data: bytes | bytearray, length: int | None = None):
        """``data[:length]`` is the file (a buffer may be longer than its contents)."""
        length = len(data) if length is None else length
        if length < 100 or not data.startswith(_MAGIC):
            raise Malformed("not a SQLite file")
        size = _U16.unpack_from(data, 16)[0]
        self.page_size = 65536 if size == 1 else size
        if self.page_size < 512 or self.page_size & (self.page_size - 1):
            raise Malformed("page size")
        if _U32.unpack_from(data, 52)[0]:  # auto-vacuum: pointer-map pages
            raise Malformed("auto-vacuum")
        self.data = data
        self.count = length // self.page_size
        #: Per root: the leaves in key order, every page, the interior pages.
        self._trees: dict[int, tuple[list[int], set[int], set[int]]] = {}
        #: Per table leaf: where its overflowing rows continue (:meth:`overflows`).
        self._overflows: dict[int, tuple[int, ...]] = {}

    def _at(self, number: int) -> int:
        """Where page ``number``'s b-tree header starts in the file."""
        if not 1 <= number <= self.count:
            raise Malformed(f"page {number} out of range")
        return (number - 1) * self.page_size + (100 if number == 1 else 0)

    def tree(self, root: int) -> tuple[list[int], set[int]]:
        """A b-tree's leaf pages in key order and all its pages (interior ones too)."""
        if root not in self._trees:
            self._trees[root] = self._walk(root)
        leaves, every, _ = self._trees[root]
        return leaves, every

    def same_tree(self, root: int, older: File, differing: AbstractSet[int]) -> bool:
        """Take the b-tree at ``root`` from ``older`` if none of its interior pages
        differ and its leaves that do are still leaves: the walk would find the same."""
        if root in self._trees or root not in older._trees:
            return root in self._trees
        leaves, every, interior = older._trees[root]
        if not interior.isdisjoint(differing):
            return False
        for page in every.intersection(differing):
            if not (page <= self.count and self.data[self._at(page)] in (_TABLE_LEAF, _INDEX_LEAF)):
                return False
        self._trees[root] = (leaves, every, interior)
        return True

    def _walk(self, root: int) -> tuple[list[int], set[int], set[int]]:
        data, size, count = self.data, self.page_size, self.count
        u16, u32 = _U16.unpack_from, _U32.unpack_from
        leaves: list[int] = []
        seen: set[int] = {root}
        interior: set[int] = set()
        # depth first, children in key order: (the pages still to visit, from the end)
        stack: list[list[int]] = [[root]]
        while stack:
            pending = stack[-1]
            if not pending:
                stack.pop()
                continue
            number = pending.pop()
            h = self._at(number)
            kind = data[h]
            if kind in (_TABLE_LEAF, _INDEX_LEAF):
                leaves.append(number)
                continue
            if kind not in (_TABLE_INTERIOR, _INDEX_INTERIOR):
                raise Malformed(f"page {number} is not a b-tree page")
            interior.add(number)
            start = h - (100 if number == 1 else 0)  # cell offsets count from the page's start
            cells = u16(data, h + 3)[0]
            pointers = struct.unpack_from(f">{cells}H", data, h + 12)
            children = [u32(data, start + offset)[0] for offset in pointers]
            children.append(u32(data, h + 8)[0])  # the right-most child, last
            if min(children) < 1 or max(children) > count:
                raise Malformed(f"a child of page {number} is out of range")
            before = len(seen)
            seen.update(children)
            if len(seen) != before + len(children):
                raise Malformed(f"a page is in the b-tree at {root} twice")
            kinds = [data[(c - 1) * size + (100 if c == 1 else 0)] for c in children]
            if all(k in (_TABLE_LEAF, _INDEX_LEAF) for k in kinds):
                leaves.extend(children)  # the usual case: a page of leaves
                continue
            stack.append(children[::-1])
        return leaves, seen, interior

    def span(self, leaf: int) -> Span | None:
        """The first and last rowid on a table's leaf page (None: it is empty)."""
        h = self._at(leaf)
        if self.data[h] != _TABLE_LEAF:
            raise Malformed(f"page {leaf} is not a table leaf")
        cells = _U16.unpack_from(self.data, h + 3)[0]
        if not cells:
            return None
        start = h - (100 if leaf == 1 else 0)
        first = _U16.unpack_from(self.data, h + 8)[0]
        last = _U16.unpack_from(self.data, h + 8 + 2 * (cells - 1))[0]
        return _rowid(self.data, start + first), _rowid(self.data, start + last)

    def overflows(self, leaf: int) -> tuple[int, ...]:
        """The first overflow page of each row on a table leaf whose record continues
        on overflow pages (sqlite.org/fileformat2.html, "Cell Payload Overflow Pages")."""
        found = self._overflows.get(leaf)
        if found is not None:
            return found
        data, h = self.data, self._at(leaf)
        if data[h] != _TABLE_LEAF:
            raise Malformed(f"page {leaf} is not a table leaf")
        start = h - (100 if leaf == 1 else 0)
        usable = self.page_size - data[20]  # less the bytes reserved at each page's end
        most, least = usable - 35, (usable - 12) * 32 // 255 - 23
        starts = []
        for offset in struct.unpack_from(f">{_U16.unpack_from(data, h + 3)[0]}H", data, h + 8):
            payload, at = _varint(data, start + offset)
            if payload <= most:
                continue
            _, at = _varint(data, at)  # the rowid
            kept = least + (payload - least) % (usable - 4)
            starts.append(_U32.unpack_from(data, at + (kept if kept <= most else least))[0])
        self._overflows[leaf] = found = tuple(starts)
        return found

    def same_page(self, other: File, number: int) -> bool:
        """Page ``number`` holds the same bytes in both versions."""
        return bool(self.same_pages(other, (number,)))

    def same_pages(self, other: File, numbers: Iterable[int]) -> set[int]:
        """Those of pages ``numbers`` that hold the same bytes in both versions."""
        size, count, theirs = self.page_size, min(self.count, other.count), other.data
        same = set()
        with memoryview(self.data) as view:
            for number in numbers:
                at = (number - 1) * size
                if 1 <= number <= count and theirs.startswith(view[at : at + size], at):
                    same.add(number)
        return same

    def free(self) -> set[int]:
        """The freelist's pages (trunk and leaf pages)."""
        found: set[int] = set()
        trunk = _U32.unpack_from(self.data, 32)[0]
        while trunk:
            if trunk in found:
                raise Malformed("the freelist loops")
            found.add(trunk)
            at = self._at(trunk)
            count = _U32.unpack_from(self.data, at + 4)[0]
            if count > self.page_size // 4 - 2:
                raise Malformed("freelist trunk")
            found.update(struct.unpack_from(f">{count}I", self.data, at + 8))
            trunk = _U32.unpack_from(self.data, at)[0]
        return found

    def unowned(
        self,
        roots: Iterable[int],
        older: File | None = None,
        differing: AbstractSet[int] = frozenset(),
    ) -> set[int]:
        """Pages in no b-tree of ``roots`` (with the schema's, page 1) and not free:
        overflow pages (and the lock-byte page of a file over 1 GB). The b-trees
        that :meth:`same_tree` can take from ``older`` are not walked again."""
        trees = []
        for root in {1, *roots}:
            if older is not None:
                self.same_tree(root, older, differing)
            trees.append(self.tree(root)[1])
        return set(range(1, self.count + 1)).difference(self.free(), *trees)


def _rowid(data: bytes | bytearray, cell: int) -> int:
    _, at = _varint(data, cell)  # the payload's size, then the rowid
    return _varint(data, at)[0]


#: Pages compared at once before one by one (most blocks of two versions are the same).
_BLOCK = 16


def differing_pages(old: File, new: File) -> set[int]:
    """Page numbers whose bytes differ (or that only one version has)."""
    if old.page_size != new.page_size:
        raise Malformed("page sizes differ")
    size, a = new.page_size, old.data
    common = min(old.count, new.count)
    found = set(range(common + 1, max(old.count, new.count) + 1))
    block = size * _BLOCK
    with memoryview(new.data) as b:  # compared in place (startswith): neither file copied
        for start in range(0, common * size, block):
            end = min(start + block, common * size)
            if a.startswith(b[start:end], start):
                continue
            for at in range(start, end, size):
                if not a.startswith(b[at : at + size], at):
                    found.add(at // size + 1)
    return found


def changed_spans(
    old: File, old_root: int, new: File, new_root: int, differing: set[int]
) -> list[Span]:
    """Rowid spans, merged and sorted, outside which every row of the table
    rooted at ``new_root`` in ``new`` is in ``old``'s table (rooted at
    ``old_root``) as it is: same rowid, same values.

    A row of ``new`` outside them is on a leaf page that is a leaf of the
    same table in ``old``, with the same bytes. ``differing`` is
    :func:`differing_pages`; the caller has made sure no overflow page is
    among them (:meth:`File.unowned`).
    """
    old_leaves = set(old.tree(old_root)[0])
    spans: list[Span] = []
    for leaf in new.tree(new_root)[0]:
        if leaf in old_leaves and leaf not in differing:
            continue  # the same page of the same table, the same bytes: the same rows
        span = new.span(leaf)
        if span is not None:
            spans.append(span)
    spans.sort()
    merged: list[Span] = []
    for first, last in spans:
        if merged and first <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def table_changes(
    old: File, old_root: int, new: File, new_root: int
) -> tuple[list[Span], list[Span]] | None:
    """Rowid spans, in ``new``'s table and in ``old``'s, outside which every row is
    in the other version's table as it is (same rowid, same values): it is on a
    leaf page of the table in both, with the same bytes, and so are the overflow
    pages its record continues on. Only the two tables' pages are compared.

    None: the two headers differ in how a record is read (page size, reserved
    bytes, text encoding), or an overflow page of an unchanged leaf differs.
    """
    found = changed_leaves(old, old_root, new, new_root)
    if found is None:
        return None
    differing = found[2]
    return (
        changed_spans(old, old_root, new, new_root, differing),
        changed_spans(new, new_root, old, old_root, differing),
    )


def changed_leaves(
    old: File, old_root: int, new: File, new_root: int
) -> tuple[list[int], list[int], set[int]] | None:
    """The table's leaves in ``new`` and in ``old`` that are not a leaf of the
    table in both with the same bytes (every row of the table elsewhere is in the
    other version as it is, as :func:`table_changes` says), and the leaves of both
    whose bytes differ. None: as :func:`table_changes`."""
    if old.page_size != new.page_size or old.data[20] != new.data[20]:
        return None
    if old.data[56:60] != new.data[56:60]:
        return None
    new_leaves, old_leaves = new.tree(new_root)[0], old.tree(old_root)[0]
    both = set(old_leaves).intersection(new_leaves)
    same = new.same_pages(old, both)
    theirs, mine = old._overflows, new._overflows
    for leaf in same:
        found = mine.get(leaf)
        if found is None:
            found = theirs.get(leaf)  # the same bytes: the same rows
            if found is None:
                found = new.overflows(leaf)
            else:
                mine[leaf] = found
        for first in found:
            if not _same_chain(old, new, first):
                return None
    return (
        [leaf for leaf in new_leaves if leaf not in same],
        [leaf for leaf in old_leaves if leaf not in same],
        both - same,
    )


def _same_chain(old: File, new: File, first: int) -> bool:
    """The overflow pages from ``first`` on hold the same bytes in both versions."""
    seen: set[int] = set()
    page = first
    while page:
        if page in seen or not 1 <= page <= new.count:
            raise Malformed("an overflow chain loops or leaves the file")
        seen.add(page)
        if not new.same_page(old, page):
            return False
        page = _U32.unpack_from(new.data, (page - 1) * new.page_size)[0]
    return True
