"""The app keeps SQLite's own page cache small (scorecard.cli.app.PAGE_CACHE_KIB):
on its connection, and on the one that replaces it when git puts a new file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scorecard.cli import app as cli_app
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace

W47 = parse_week("2026-W47")


def cache_kib(ws: Workspace) -> int:
    (size,) = ws.store.conn.execute("PRAGMA cache_size").fetchone()
    return -int(size)


def test_a_limited_cache_holds_across_a_replaced_file_and_reads_the_same(
    demo_dir: Path,
) -> None:
    config = demo_dir / "scorecard.toml"
    with Workspace.open(config) as plain, Workspace.open(config) as small:
        small.limit_page_cache(256)
        assert cache_kib(small) == 256
        assert cache_kib(plain) == 2000  # SQLite's default, elsewhere
        assert small.summary(W47) == plain.summary(W47)
        # git replaces the file (a pull): the new connection keeps the limit
        db = small.db_path
        shutil.copyfile(db, db.with_suffix(".new"))
        db.with_suffix(".new").replace(db)
        assert small.store.follow_file()
        assert cache_kib(small) == 256
        small.set_value(W47, "mqls", 321)
        assert small.value(W47, "mqls").value == 321  # type: ignore[union-attr]


def test_the_app_opens_its_workspace_with_the_small_cache(
    demo_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []

    class NoApp:
        def __init__(self, ws: Workspace, *args: object, **kwargs: object) -> None:
            seen.append(cache_kib(ws))

        def run(self) -> None:
            pass

    monkeypatch.setattr(cli_app, "app_class", lambda: NoApp)
    monkeypatch.setattr("scorecard.cli.base.interactive", lambda: True)
    monkeypatch.setattr(cli_app.gc, "freeze", lambda: None)  # this process goes on
    from scorecard.cli import cli

    cli.main(["tui"], prog_name="scorecard", standalone_mode=False)
    assert seen == [cli_app.PAGE_CACHE_KIB]
