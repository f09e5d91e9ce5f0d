"""The boundary check: is the schema of a database file ours?

Every file the product opens (its own, a fresh clone's, each input of a git
merge) may have been written by someone else. SQLite keeps code in a file as
well as data: a trigger runs on every write (it could double each value after
the app said "saved", or delete notes as they are added), a view or a table
with one of our names would be read as our data. So before any statement
touches the file's tables (before a migration too), its schema is compared
with the one our migrations make:

- our tables, with our columns, primary keys and constraints, and our indexes
  must be as the migrations made them;
- extra columns a user added (``sqlite-utils add-column``) are ignored: they
  must be plain (a name, a type, NULL, NOT NULL with a default, a literal
  default; no CHECK, REFERENCES, UNIQUE or generated column, which would run
  code or refuse our writes);
- user views and user tables are allowed and never read as our data;
- a trigger, a view or virtual table that takes one of our names, a changed
  definition of one of our tables, or a UNIQUE index of someone else's on one
  of them is refused, with one line naming it and how to remove it.

:func:`problems` lists everything that is not as expected; :func:`check`
raises :class:`UntrustedSchemaError` for the first problem that is refused;
:func:`fix` removes what is not ours (``scorecard check --fix``).
"""

from __future__ import annotations

import functools
import re
import sqlite3
from dataclasses import dataclass

from db.schema import MIGRATIONS, MIGRATIONS_TABLE


@dataclass(frozen=True, slots=True)
class Problem:
    name: str
    """The object at fault (``trigger notes_double``, ``table notes``…)."""
    message: str
    """One line: what is wrong."""
    fix_sql: str | None
    """The statement that removes (or recreates) it; None: ``--fix`` cannot."""
    refused: bool = True
    """False for what is harmless (a missing index): reported by check only."""

    def line(self, path: object) -> str:
        if self.fix_sql is None:
            return f"{path}: {self.message}; restore the file from git"
        if self.fix_sql.startswith("CREATE"):
            return f"{path}: {self.message}; 'scorecard check --fix' recreates it"
        return f"{path}: {self.message}; remove it with 'scorecard check --fix'"


@dataclass(frozen=True, slots=True)
class Schema:
    tables: dict[str, str]
    """Table name to its CREATE statement, exactly as stored."""
    indexes: dict[str, tuple[str, str]]
    """Index name to (table, CREATE statement)."""


Entry = tuple[str, str, str, "str | None"]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@functools.cache
def expected(version: int) -> tuple[Schema, dict[str, tuple[str, ...]]]:
    """What the first ``version`` migrations make (built in memory, once),
    and the columns of each table."""
    conn = sqlite3.connect(":memory:")
    try:
        for _, script in MIGRATIONS[:version]:
            conn.executescript(script)
        schema = _read(conn, "main")[0]
        columns = {
            t: tuple(r[1] for r in conn.execute(f"PRAGMA table_xinfo({_quote(t)})"))
            for t in schema.tables
        }
        return schema, columns
    finally:
        conn.close()


def _read(conn: sqlite3.Connection, schema: str) -> tuple[Schema, list[Entry]]:
    rows: list[Entry] = [
        (str(t), str(n), str(tbl), None if s is None else str(s))
        for t, n, tbl, s in conn.execute(
            f"SELECT type, name, tbl_name, sql FROM {_quote(schema)}.sqlite_master"
        )
    ]
    tables = {n: s for t, n, _, s in rows if t == "table" and s is not None}
    indexes = {n: (tbl, s) for t, n, tbl, s in rows if t == "index" and s is not None}
    return Schema(tables, indexes), rows


#: Where SQLite's ``ALTER TABLE ADD COLUMN`` inserts a column's text: before the
#: comma that starts the table constraints, or else before the closing parenthesis.
_TABLE_CONSTRAINT = re.compile(r",\s*(?:PRIMARY|UNIQUE|CHECK|FOREIGN|CONSTRAINT)\b", re.I)
_TOKEN = re.compile(
    r"""\s*(?:(?P<string>'(?:[^']|'')*')|(?P<ident>"(?:[^"]|"")+"|\[[^\]]+\]|`[^`]+`)"""
    r"""|(?P<number>[-+]?\d+(?:\.\d+)?)|(?P<word>[A-Za-z_][A-Za-z0-9_]*)|(?P<punct>[(),])|(?P<other>\S))"""
)
#: Words that start a column constraint: none may be part of a type name.
_CONSTRAINTS = {
    "CONSTRAINT", "PRIMARY", "NOT", "NULL", "UNIQUE", "CHECK", "DEFAULT", "COLLATE",
    "REFERENCES", "GENERATED", "AS",
}  # fmt: skip
_LITERALS = {"NULL", "TRUE", "FALSE", "CURRENT_TIME", "CURRENT_DATE", "CURRENT_TIMESTAMP"}


def _tokens(text: str) -> list[tuple[str, str]] | None:
    found, at = [], 0
    while at < len(text):
        if not text[at:].strip():
            break
        match = _TOKEN.match(text, at)
        if match is None or match.end() == at:
            return None
        kind = match.lastgroup or ""
        found.append((kind, match.group(kind)))
        at = match.end()
    return found


def _plain_column(tokens: list[tuple[str, str]]) -> bool:
    """``name [type [(n[, m])]] [NOT NULL | NULL | DEFAULT literal | COLLATE name]…``:
    what ``sqlite-utils add-column`` and a plain ``ADD COLUMN`` write, and nothing
    that runs or refuses (CHECK, REFERENCES, UNIQUE, GENERATED…)."""
    if not tokens or tokens[0][0] not in ("word", "ident"):
        return False
    at = 1
    while at < len(tokens) and tokens[at][0] == "word":
        if tokens[at][1].upper() in _CONSTRAINTS:
            break
        at += 1
    if at < len(tokens) and tokens[at] == ("punct", "("):  # VARCHAR(20), DECIMAL(10, 2)
        at += 1
        while at < len(tokens) and (tokens[at][0] == "number" or tokens[at] == ("punct", ",")):
            at += 1
        if at >= len(tokens) or tokens[at] != ("punct", ")"):
            return False
        at += 1
    while at < len(tokens):
        word = tokens[at][1].upper() if tokens[at][0] == "word" else ""
        kind, after = tokens[at + 1] if at + 1 < len(tokens) else ("", "")
        if word == "NULL":
            at += 1
            continue
        pair = (
            (word == "NOT" and after.upper() == "NULL")
            or (word == "COLLATE" and kind == "word")
            or (word == "DEFAULT" and (kind in ("string", "number") or after.upper() in _LITERALS))
        )
        if not pair:
            return False
        at += 2
    return True


def _added_columns(stored: str, ours: str) -> str | None:
    """The text ``ALTER TABLE ADD COLUMN`` put into our CREATE TABLE, if that is
    the only difference (``, mood TEXT, x INT DEFAULT 3``)."""
    found = _TABLE_CONSTRAINT.search(ours)
    at = found.start() if found else len(ours) - 1
    head, tail = ours[:at], ours[at:]
    if len(stored) <= len(ours) or not (stored.startswith(head) and stored.endswith(tail)):
        return None
    return stored[len(head) : len(stored) - len(tail)]


def _added(stored: str, ours: str) -> dict[str, bool] | None:
    """The columns ALTER TABLE ADD COLUMN added to our CREATE TABLE (name: plain?),
    or None if the table differs from ours otherwise."""
    added = _added_columns(stored, ours)
    tokens = None if added is None else _tokens(added)
    if not tokens or tokens[0] != ("punct", ","):
        return None
    columns: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for token in tokens[1:]:
        depth += {("punct", "("): 1, ("punct", ")"): -1}.get(token, 0)
        if token == ("punct", ",") and depth == 0:
            columns.append([])
        else:
            columns[-1].append(token)
    if not all(columns):
        return None
    return {_unquote(c[0][1]): _plain_column(c) for c in columns}


def _unquote(name: str) -> str:
    if name[:1] in ('"', "`", "["):
        return name[1:-1].replace('""', '"') if name[0] == '"' else name[1:-1]
    return name


def _extra_columns(
    conn: sqlite3.Connection,
    schema: str,
    table: str,
    ours: tuple[str, ...],
    plain: dict[str, bool],
) -> list[Problem]:
    found = []
    for _cid, name, _type, notnull, default, _pk, hidden in conn.execute(
        f"PRAGMA {_quote(schema)}.table_xinfo({_quote(table)})"
    ):
        if name in ours:
            continue
        what = f"column {table}.{name}"
        drop = f"ALTER TABLE {_quote(table)} DROP COLUMN {_quote(name)}"
        if hidden:
            found.append(Problem(what, f"{what} is generated (it would run code)", drop))
        elif not plain.get(name, True):
            message = f"{what} has a constraint (CHECK, REFERENCES…) that is not the scorecard's"
            found.append(Problem(what, message, drop))
        elif notnull and default is None:
            found.append(Problem(what, f"{what} is NOT NULL without a default", drop))
    return found


def _is_virtual(sql: str | None) -> bool:
    return (sql or "").lstrip().upper().startswith("CREATE VIRTUAL")


def _objects(rows: list[Entry], reserved: set[str]) -> list[Problem]:
    """Triggers, and views or virtual tables that take one of our names."""
    found = []
    for kind, name, table, sql in rows:
        if kind == "trigger":
            message = f"trigger {name} on {table} is not the scorecard's (it runs on writes)"
            found.append(Problem(f"trigger {name}", message, f"DROP TRIGGER {_quote(name)}"))
        elif kind == "view" and name in reserved:
            message = f"view {name} takes the name of a scorecard table"
            found.append(Problem(f"view {name}", message, f"DROP VIEW {_quote(name)}"))
        elif kind == "table" and name in reserved and _is_virtual(sql):
            message = f"virtual table {name} takes the name of a scorecard table"
            found.append(Problem(f"table {name}", message, None))
    return found


def _tables(
    conn: sqlite3.Connection,
    schema: str,
    stored: Schema,
    ours: Schema,
    columns: dict[str, tuple[str, ...]],
    taken: set[str],
) -> list[Problem]:
    found = []
    for name, sql in ours.tables.items():
        have = stored.tables.get(name)
        if have is None:
            if name not in taken:  # a view of that name is reported above
                found.append(Problem(f"table {name}", f"table {name} is missing", None))
        elif _is_virtual(have):
            continue
        elif (added := {} if have == sql else _added(have, sql)) is None:
            message = f"table {name} is not defined as the scorecard defines it"
            found.append(Problem(f"table {name}", message, None))
        else:
            found += _extra_columns(conn, schema, name, columns[name], added)
    if MIGRATIONS_TABLE in stored.tables:
        info = conn.execute(f"PRAGMA {_quote(schema)}.table_info({_quote(MIGRATIONS_TABLE)})")
        if not {"migration_set", "name"} <= {r[1] for r in info}:
            message = f"table {MIGRATIONS_TABLE} is not sqlite-utils' migrations table"
            found.append(Problem(f"table {MIGRATIONS_TABLE}", message, None))
    return found


def _indexes(stored: Schema, ours: Schema) -> list[Problem]:
    found = []
    for name, (table, sql) in ours.indexes.items():
        have = stored.indexes.get(name)
        if have is None and table not in stored.tables:
            continue  # the table's own problem is reported
        if have is None:
            found.append(Problem(f"index {name}", f"index {name} is missing", sql, refused=False))
        elif have != (table, sql):
            message = f"index {name} is not defined as the scorecard defines it"
            found.append(Problem(f"index {name}", message, f"DROP INDEX {_quote(name)}"))
    for name, (table, sql) in stored.indexes.items():
        if name in ours.indexes or table not in ours.tables:
            continue
        if sql.lstrip().upper().startswith("CREATE UNIQUE"):
            message = f"unique index {name} on {table} is not the scorecard's (it refuses writes)"
            found.append(Problem(f"index {name}", message, f"DROP INDEX {_quote(name)}"))
    return found


def problems(conn: sqlite3.Connection, schema: str = "main") -> list[Problem]:
    """Everything in the schema of ``schema`` (``main`` or an attached name)
    that is not as our migrations made it."""
    version = int(conn.execute(f"PRAGMA {_quote(schema)}.user_version").fetchone()[0])
    ours, columns = expected(min(max(version, 0), len(MIGRATIONS)))
    stored, rows = _read(conn, schema)
    reserved = {*ours.tables, MIGRATIONS_TABLE}
    taken = {name for kind, name, _, _ in rows if kind != "table"}
    return [
        *_objects(rows, reserved),
        *_tables(conn, schema, stored, ours, columns, taken),
        *_indexes(stored, ours),
    ]


class UntrustedSchemaError(Exception):
    """The file's schema is not ours (see :func:`check`)."""


def check(conn: sqlite3.Connection, path: object, schema: str = "main") -> None:
    """Raise :class:`UntrustedSchemaError` (one line) unless the schema is ours."""
    found = [p for p in problems(conn, schema) if p.refused]
    if found:
        more = f" (and {len(found) - 1} more problem(s))" if len(found) > 1 else ""
        raise UntrustedSchemaError(found[0].line(path) + more)


def fix(conn: sqlite3.Connection, found: list[Problem]) -> list[Problem]:
    """Remove what is not ours, in one transaction; returns what was removed."""
    removable = [p for p in found if p.fix_sql is not None]
    if not removable:
        return []
    conn.execute("BEGIN IMMEDIATE")
    try:
        for problem in removable:
            assert problem.fix_sql is not None
            conn.execute(problem.fix_sql)
        conn.execute("COMMIT")
    except BaseException:
        conn.rollback()
        raise
    return removable
