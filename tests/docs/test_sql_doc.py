"""Every query in docs/sql.md runs, as written, through sqlite-utils and through
Datasette's Python API on the sample workspace, and returns rows; neither tool
changes a byte of the file."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path
from urllib.parse import urlencode

import pytest
import sqlite_utils
from datasette.app import Datasette

from tests.conftest import digest

DOC = Path(__file__).resolve().parents[2] / "docs" / "sql.md"
QUERIES = re.findall(r"```sql\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_doc_has_queries_for_every_view():
    assert len(QUERIES) >= 6
    for view in ("metric_status", "say_do", "open_commitments", "metrics"):
        assert any(view in q for q in QUERIES), view


@pytest.mark.parametrize("sql", QUERIES, ids=[f"query{i}" for i in range(len(QUERIES))])
def test_each_query_runs_in_sqlite_utils_and_datasette(sql, demo_dir):
    path = demo_dir / "scorecard.db"
    before = digest(path)
    db = sqlite_utils.Database(path)
    try:
        rows = list(db.query(sql))
    finally:
        db.close()
    assert rows, "the query finds nothing in the sample"

    async def through_datasette() -> list[dict]:
        ds = Datasette(immutables=[str(path)])
        response = await ds.client.get(
            "/scorecard.json?" + urlencode({"sql": sql, "_shape": "array"})
        )
        assert response.status_code == 200, response.text
        return response.json()

    assert asyncio.run(through_datasette()) == rows
    assert digest(path) == before


def test_the_doc_lists_every_declared_reference(tmp_path):
    """The doc's table of references is the schema's foreign keys, no more, no fewer."""
    import db

    path = tmp_path / "s.db"
    db.create(path).close()
    database = sqlite_utils.Database(path)
    try:
        declared = {
            f"{table.name}.{fk.column}" for table in database.tables for fk in table.foreign_keys
        }
    finally:
        database.close()
    section = DOC.read_text(encoding="utf-8").split("| column | names |", 1)[1].split("\n\n")[0]
    listed = {
        name
        for line in section.splitlines()[2:]
        for name in re.findall(r"`(\w+\.\w+)`", line.split("|")[1])
    }
    assert listed == declared
