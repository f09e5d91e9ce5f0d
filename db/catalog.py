"""The ``metrics`` table: scorecard.toml's metric definitions, mirrored so that SQL
users (sqlite-utils, Datasette) read names, areas, targets and directions beside
the values, and the ``metric_status`` view can grade them (docs/sql.md).

Knows rows, not rules: the caller turns its settings into rows. A metric that
left the toml keeps its row with ``active = 0`` (its values still name it).
"""

from __future__ import annotations

from collections.abc import Sequence
from sqlite3 import Connection
from typing import Any

from db.connection import Row, query

#: The columns the caller gives, in table order (``active`` and ``updated_at`` are ours).
COLUMNS = (
    "key",
    "name",
    "area",
    "owner",
    "unit",
    "direction",
    "tolerance",
    "target",
    "min",
    "max",
    "decimals",
    "description",
    "position",
    "formula",
    "stage",
)


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b


def sync(db: Connection, definitions: Sequence[Row], now: str) -> int:
    """Make the table say what ``definitions`` say, writing only the rows that differ
    (an unchanged toml writes nothing). Call inside the caller's write transaction.
    Returns the number of rows written."""
    stored = {r["key"]: r for r in query(db, "SELECT * FROM metrics")}
    written = 0
    keys = set()
    cols = [*COLUMNS, "active", "updated_at"]
    insert = (
        f"INSERT INTO metrics ({', '.join(cols)}) VALUES ({', '.join(':' + c for c in cols)}) "
        f"ON CONFLICT (key) DO UPDATE SET "
        + ", ".join(f"{c} = excluded.{c}" for c in cols if c != "key")
    )
    for definition in definitions:
        wanted = {**{c: definition[c] for c in COLUMNS}, "active": 1}
        keys.add(wanted["key"])
        have = stored.get(wanted["key"])
        if have is not None and all(_same(have[c], v) for c, v in wanted.items()):
            continue
        db.execute(insert, {**wanted, "updated_at": now})
        written += 1
    for key, have in stored.items():
        if key not in keys and (have["active"] != 0 or have["position"] is not None):
            db.execute(
                "UPDATE metrics SET active = 0, position = NULL, updated_at = ? WHERE key = ?",
                [now, key],
            )
            written += 1
    return written


#: A metric known only by its values (it left scorecard.toml before the table
#: existed, or another tool wrote the values): its name is its key and its area
#: empty, inactive. As migration ``0008_declared_references`` makes them.
UNKNOWN = {
    "area": "",
    "owner": "shared",
    "unit": "count",
    "direction": "higher",
    "tolerance": 0,
    "target": 0,
    "description": "known only by its values",
    "active": 0,
    "updated_at": "1970-01-01T00:00:00+00:00",
}


def add_unknown(db: Connection, key: str) -> None:
    """A row for metric ``key`` that values name but the table lacks (see ``UNKNOWN``)."""
    row = {"key": key, "name": key, **UNKNOWN}
    db.execute(
        f"INSERT INTO metrics ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)}) "
        "ON CONFLICT (key) DO NOTHING",
        list(row.values()),
    )
