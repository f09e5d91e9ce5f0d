"""Text values read straight from a table's leaf pages (sqlite.org/fileformat2.html,
"Record Format"): what ``log ID --git`` compares of the leaves a commit rewrote
(:mod:`scorecard.versions`), without opening the version in SQLite."""

from __future__ import annotations

import struct
from collections.abc import Iterable

from db.pages import _TABLE_LEAF, _U16, _U32, File, Malformed, _varint

_ENCODINGS = {1: "utf-8", 2: "utf-16-le", 3: "utf-16-be"}


def texts(file: File, leaves: Iterable[int], column: int) -> list[str] | None:
    """The value of the ``column``-th stored column of every row on these table
    leaves, read from their records (sqlite.org/fileformat2.html, "Record
    Format"), when every one is text held on its page. None when one is not
    (another type, a record that continues on overflow pages before the value
    ends, a row older than the column): let SQLite read them. A record not as
    the format says raises :class:`Malformed`."""
    data, size = file.data, file.page_size
    encoding = _ENCODINGS.get(_U32.unpack_from(data, 56)[0] or 1)
    if encoding is None:
        raise Malformed("text encoding")
    usable = size - data[20]
    most, least = usable - 35, (usable - 12) * 32 // 255 - 23
    found: list[str] = []
    for leaf in leaves:
        h = file._at(leaf)
        if data[h] != _TABLE_LEAF:
            raise Malformed(f"page {leaf} is not a table leaf")
        start = h - (100 if leaf == 1 else 0)
        end = start + size
        for offset in struct.unpack_from(f">{_U16.unpack_from(data, h + 3)[0]}H", data, h + 8):
            payload, at = _varint(data, start + offset)
            _, at = _varint(data, at)  # the rowid
            local = payload
            if payload > most:
                local = least + (payload - least) % (usable - 4)
                local = local if local <= most else least
            if at + local > end:
                raise Malformed(f"a row of page {leaf} ends past the page")
            value = _text(data, at, payload, local, column)
            if value is None:
                return None
            try:
                found.append(value.decode(encoding))
            except UnicodeDecodeError:
                return None
    return found


#: Content sizes of the serial types below 12 (10 and 11 are reserved: None).
_SIZES = (0, 1, 2, 3, 4, 6, 8, 8, 0, 0, None, None)


def _text(data: bytes | bytearray, at: int, payload: int, local: int, column: int) -> bytes | None:
    """The bytes of the ``column``-th value of the record at ``at`` (``payload``
    bytes, ``local`` of them on this page), if it is text and on this page."""
    header, pos = _varint(data, at)
    if not 1 <= header <= payload:
        raise Malformed("a record header")
    if header > local:
        return None  # the header itself continues on an overflow page
    end, body, index, found = at + header, at + header, 0, None
    sizes = _SIZES
    while pos < end:
        kind = data[pos]  # a serial type is nearly always one byte
        if kind < 0x80:
            pos += 1
        else:
            kind, pos = _varint(data, pos)
        if kind >= 12:
            length = (kind - 12) >> 1
        else:
            known = sizes[kind]
            if known is None:
                raise Malformed("a reserved serial type")
            length = known
        if index == column:
            found = (kind, body, length)
        body += length
        index += 1
    if pos != end or body - at != payload:
        raise Malformed("a record's sizes")
    if found is None or found[0] < 13 or not found[0] & 1:
        return None  # a row older than the column (its default), or not text
    _, first, length = found
    if first + length > at + local:
        return None  # continues on an overflow page
    return bytes(data[first : first + length])
