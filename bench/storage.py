"""What the file costs in git: its size, and the bytes one edit changes."""

from __future__ import annotations

import csv
import io
import sqlite3
from pathlib import Path

TABLES = ["weeks", "metric_values", "commitments", "commitment_events", "notes"]


def data_bytes(db_path: Path) -> int:
    """The rows themselves: every table written as CSV (UTF-8), with headers."""
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        total = 0
        for table in TABLES:
            buffer = io.StringIO()
            writer = csv.writer(buffer)
            cursor = conn.execute(f"SELECT * FROM {table}")
            writer.writerow([d[0] for d in cursor.description])
            writer.writerows(cursor)
            total += len(buffer.getvalue().encode("utf-8"))
        return total
    finally:
        conn.close()


def page_size(db_path: Path) -> int:
    conn = sqlite3.connect(db_path.resolve().as_uri() + "?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA page_size").fetchone()[0])
    finally:
        conn.close()


def changed(before: bytes, after: bytes, page: int) -> tuple[int, int]:
    """Bytes that differ (a longer file counts its new bytes) and pages touched."""
    n_bytes = abs(len(after) - len(before))
    pages = 0
    common = min(len(before), len(after))
    for offset in range(0, common, page):
        a, b = before[offset : offset + page], after[offset : offset + page]
        if a != b:
            pages += 1
            n_bytes += sum(x != y for x, y in zip(a, b, strict=False))
    pages += -(-abs(len(after) - len(before)) // page)
    return n_bytes, pages
