"""The canonical text of a database: what ``git diff`` shows for the file.

Tables come in a fixed order (the schema's, then any others by name), rows
sorted by primary key (never by rowid), one row a line, values formatted
stably (JSON scalars). Internal bookkeeping (``_sqlite_migrations``,
``sqlite_*``) is left out. Changing one value changes exactly one line.

Reading never writes: the file is opened read-only and immutable, as git
hands textconv a temporary copy of a blob.
"""

from __future__ import annotations

import json
import math
import sqlite3
from collections.abc import Callable, Iterator
from json.encoder import encode_basestring
from pathlib import Path
from typing import Any

from db.boundary import problems
from db.connection import harden

#: The schema's tables, in the order they are dumped (and merged: parents first).
TABLE_ORDER = (
    "weeks",
    "metrics",
    "metric_values",
    "derived_targets",
    "commitments",
    "commitment_events",
    "notes",
    "issues",
    "issue_commitments",
    "issue_events",
    "conflicts",
)
_SQLITE_MAGIC = b"SQLite format 3\x00"
#: The version of this text. It is part of the textconv command that ``git
#: install`` configures, so changing the text means bumping it: git keeps a
#: cache of textconv output per blob and discards it when the command changes.
DUMP_FORMAT = 2
"""2: lines naming what is not as the scorecard makes it (triggers…); every
control character of a line escaped (scorecard.text.json_safe)."""

Row = dict[str, Any]


def is_internal(table: str) -> bool:
    return table.startswith("sqlite_") or table.startswith("_")


def open_readonly(path: Path) -> sqlite3.Connection:
    """Open ``path`` without ever writing to it (or beside it), hardened like
    every connection to a file from elsewhere (``db.connection.harden``)."""
    uri = Path(path).resolve().as_uri() + "?mode=ro&immutable=1"
    conn = sqlite3.connect(uri, uri=True)
    try:
        harden(conn)
    except sqlite3.Error:
        conn.close()
        raise
    return conn


def tables(conn: sqlite3.Connection) -> list[str]:
    """User tables in dump order: the schema's first, then others by name."""
    names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    known = [t for t in TABLE_ORDER if t in names]
    others = sorted(t for t in names if t not in TABLE_ORDER and not is_internal(t))
    return known + others


def columns(conn: sqlite3.Connection, table: str) -> list[str]:
    return [r[1] for r in conn.execute(f"PRAGMA table_info({quote(table)})")]


def primary_key(conn: sqlite3.Connection, table: str) -> list[str]:
    """Primary key columns in key order; all columns for a table without one."""
    info = list(conn.execute(f"PRAGMA table_info({quote(table)})"))
    pk = [r[1] for r in sorted((r for r in info if r[5]), key=lambda r: r[5])]
    return pk or [r[1] for r in info]


def quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def rows(conn: sqlite3.Connection, table: str) -> Iterator[Row]:
    """Every row of ``table`` as a dict, sorted by primary key."""
    cols = columns(conn, table)
    order = ", ".join(quote(c) for c in primary_key(conn, table))
    select = ", ".join(quote(c) for c in cols)
    for values in conn.execute(f"SELECT {select} FROM {quote(table)} ORDER BY {order}"):
        yield dict(zip(cols, values, strict=True))


def _blob(value: bytes) -> str:
    return f"x'{value.hex()}'"


#: The formatter of each type SQLite returns: exactly what ``json.dumps`` (text,
#: numbers, NULL) or ``repr`` (inf, nan) writes, but C functions looked up by
#: type, not a Python call per value: a ten-year file has a third of a million
#: values, and ``git diff`` runs this on both sides (docs/benchmarks.md).
_FORMATTERS: dict[type, Any] = {
    str: encode_basestring,
    int: int.__repr__,
    float: float.__repr__,
    type(None): "null".format,
    bytes: _blob,
}


def format_value(value: Any) -> str:
    """One value, stably: JSON for text and numbers, ``x'…'`` for blobs."""
    formatter = _FORMATTERS.get(type(value))
    if formatter is not None:
        return str(formatter(value))
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def format_row(table: str, pk: list[str], row: Row) -> str:
    key = " ".join(format_value(row[c]) for c in pk)
    rest = " ".join(f"{c}={format_value(v)}" for c, v in row.items() if c not in pk)
    return f"{table} {key}: {rest}" if rest else f"{table} {key}"


def _table_lines(conn: sqlite3.Connection, table: str, pk: list[str]) -> Iterator[str]:
    """``format_row`` of every row of ``table``, sorted by primary key.

    The same text, faster: one ``%`` template per table filled from plain tuples.
    """
    cols = columns(conn, table)
    rest = [c for c in cols if c not in pk]
    template = table.replace("%", "%%") + " " + " ".join("%s" for _ in pk)
    if rest:
        template += ": " + " ".join(c.replace("%", "%%") + "=%s" for c in rest)
    select = ", ".join(quote(c) for c in [*pk, *rest])
    order = ", ".join(quote(c) for c in pk)
    formatters = _FORMATTERS
    for values in conn.execute(f"SELECT {select} FROM {quote(table)} ORDER BY {order}"):
        try:
            yield template % tuple([formatters[type(v)](v) for v in values])
        except KeyError:  # a type SQLite does not return: the general path
            yield format_row(table, pk, dict(zip([*pk, *rest], values, strict=True)))


def dump_lines(
    conn: sqlite3.Connection, escape: Callable[[str], str] | None = None
) -> Iterator[str]:
    """The dump, line by line; ``escape`` (the caller's policy for text that
    reaches a terminal) is applied to each line, names of tables included."""
    esc = escape or _same
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    yield f"# scorecard database, schema {version}"
    for problem in problems(conn):  # a trigger is code: the diff must show it
        yield esc(f"# not as the scorecard makes it: {problem.message}")
    for table in tables(conn):
        pk = primary_key(conn, table)
        yield ""
        yield esc(f"## {table} ({', '.join(pk)})")
        for line in _table_lines(conn, table, pk):
            yield esc(line)


def _same(text: str) -> str:
    return text


def dump(path: Path, escape: Callable[[str], str] | None = None) -> str:
    """The canonical text of the database at ``path``.

    Values are JSON scalars, so C0 controls are escaped; ``escape`` is applied
    to each line (``git textconv`` passes the product's JSON sink policy, which
    escapes DEL, C1 and bidi controls as well).

    A file that is not SQLite (empty, or a conflicted leftover) or a damaged
    one (truncated) gets one line saying so instead of an error, so ``git diff``
    never fails on it.
    """
    path = Path(path)
    with path.open("rb") as fh:
        head = fh.read(len(_SQLITE_MAGIC))
    if head != _SQLITE_MAGIC:
        return f"# not an SQLite database ({path.stat().st_size} bytes)\n"
    conn = open_readonly(path)
    try:
        return "\n".join(dump_lines(conn, escape)) + "\n"
    except sqlite3.DatabaseError as exc:
        return f"# damaged SQLite database ({path.stat().st_size} bytes: {exc})\n"
    finally:
        conn.close()
