"""Shell completion of what only this workspace knows: metric keys, week words
and the ids of recent commitments, notes and conflicts (docs/completion.md).

Click asks these while the user presses Tab (``_SCORECARD_COMPLETE``); they must
be quick and quiet: any problem (no workspace, a locked or damaged file) means
no suggestions, never an error. The database is opened read-only: completing
never writes, not even a migration.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from click import Context, Parameter
from click.shell_completion import CompletionItem

#: How many ids to offer: the most recently changed first.
RECENT = 20


def _config_path(ctx: Context) -> Path | None:
    from scorecard import config_file
    from scorecard.errors import ScorecardError

    explicit = ctx.find_root().params.get("config")
    try:
        return config_file.discover(explicit)
    except ScorecardError:
        return None


def _config(ctx: Context) -> Any:
    from scorecard import config_file
    from scorecard.errors import ScorecardError

    path = _config_path(ctx)
    if path is None:
        return None, None
    try:
        config = config_file.load(path)
        return config, config_file.database_path(config, path)
    except ScorecardError:
        return None, None


def weeks(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    """The week words, then this week and the four before it, and next week."""
    from scorecard.weeks import Week

    this = Week.current()
    offered = [
        CompletionItem("this", help=this.id),
        CompletionItem("last", help=(this - 1).id),
        CompletionItem("next", help=(this + 1).id),
        *(CompletionItem((this - n).id, help=(this - n).label()) for n in range(5)),
        CompletionItem((this + 1).id, help=(this + 1).label()),
    ]
    return [item for item in offered if item.value.startswith(incomplete)]


def metrics(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    from scorecard.text import terminal

    config, _ = _config(ctx)
    if config is None:
        return []
    return [
        CompletionItem(m.key, help=terminal(m.name))
        for m in config.metrics
        if m.key.startswith(incomplete)
    ]


def _rows(ctx: Context, sql: str) -> list[tuple[Any, ...]]:
    _, db_path = _config(ctx)
    if db_path is None or not Path(db_path).is_file():
        return []
    try:
        conn = sqlite3.connect(Path(db_path).resolve().as_uri() + "?mode=ro", uri=True, timeout=0.2)
        try:
            return list(conn.execute(sql, [RECENT]))
        finally:
            conn.close()
    except sqlite3.Error:
        return []


def _ids(rows: list[tuple[Any, ...]], incomplete: str) -> list[CompletionItem]:
    from scorecard.models import SHORT_ID
    from scorecard.text import terminal

    key = incomplete.lower()
    return [
        CompletionItem(str(row[0])[:SHORT_ID], help=terminal(row[1])[:60])
        for row in rows
        if str(row[0]).startswith(key)
    ]


def commitments(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    rows = _rows(
        ctx,
        "SELECT id, status || ': ' || text FROM commitments "
        "ORDER BY status != 'open', updated_at DESC, id LIMIT ?",
    )
    return _ids(rows, incomplete)


def notes(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    rows = _rows(
        ctx, "SELECT id, kind || ': ' || text FROM notes ORDER BY updated_at DESC, id LIMIT ?"
    )
    return _ids(rows, incomplete)


def conflicts(ctx: Context, param: Parameter, incomplete: str) -> list[CompletionItem]:
    rows = _rows(
        ctx,
        "SELECT id, table_name || ' ' || coalesce(column_name, 'row') FROM conflicts "
        "ORDER BY created_at, id LIMIT ?",
    )
    return _ids(rows, incomplete)
