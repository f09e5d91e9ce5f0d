"""Odd files: scorecard.toml and the database in every shape they come in.

Each is refused in one line naming the file (or works, where it should), and
nothing is written: the database stays byte-identical.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat

import pytest

from tests.conftest import digest
from tests.reliability.conftest import one_line_error, scorecard, terminal

COMMANDS = [
    ("show",),
    ("set", "mqls", "5"),
    ("note", "add", "idea", "x"),
    ("export", "-f", "csv"),
    ("commitment", "list"),
]


def _everything_fails(folder, message, code):
    """Every command fails in one line with ``message``; no file in ``folder`` changes."""
    before = {p.name: digest(p) for p in folder.iterdir() if p.is_file()}
    for args in COMMANDS:
        done = terminal(*args)
        assert message in one_line_error(done, code), args
    assert {p.name: digest(p) for p in folder.iterdir() if p.is_file()} == before


# -- scorecard.toml ------------------------------------------------------------


def _config_with(folder, old, new):
    path = folder / "scorecard.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty; run 'scorecard init'"),
        (b"   \n\n# only a comment\n", "empty; run 'scorecard init'"),
        (bytes(range(256)) * 8, "not a text file (invalid UTF-8)"),
        (b"\x00\x00\x00", "invalid TOML"),
        (b"title = 'x'\ntitle = 'y'\n", "invalid TOML"),
        (b"# padding\n" * 120_000, "too large for a scorecard.toml"),
        ("title = 'caf\u00e9'\n".encode("latin-1"), "not a text file (invalid UTF-8)"),
        (b"\xef\xbb\xbf[[[", "invalid TOML"),
    ],
    ids=["empty", "blank", "binary", "nul", "duplicate-toml-key", "huge", "latin-1", "bom"],
)
def test_broken_config_files(workspace_dir, content, message):
    (workspace_dir / "scorecard.toml").write_bytes(content)
    _everything_fails(workspace_dir, message, 2)


def test_duplicate_metric_keys(workspace_dir):
    _config_with(workspace_dir, 'key = "web-visits"', 'key = "mqls"')
    _everything_fails(workspace_dir, "duplicate metric key mqls", 2)


def test_config_that_is_a_directory(workspace_dir, monkeypatch):
    (workspace_dir / "scorecard.toml").unlink()
    (workspace_dir / "scorecard.toml").mkdir()
    done = terminal("--config", "scorecard.toml", "show")
    assert "is a directory" in one_line_error(done, 2)


@pytest.mark.parametrize(
    "database",
    ["../../etc/x.db", "/etc/x.db", "~/x.db", "sub/../../x.db", "link/x.db"],
)
def test_database_outside_the_workspace_is_refused(workspace_dir, tmp_path, database):
    outside = tmp_path / "outside"
    outside.mkdir()
    (workspace_dir / "link").symlink_to(outside)  # a symlink that leads out
    _config_with(workspace_dir, 'database = "scorecard.db"', f'database = "{database}"')
    _everything_fails(workspace_dir, "is outside the workspace folder", 2)
    assert not list(outside.iterdir())
    done = terminal("init")  # nor does init create it
    assert "outside the workspace folder" in one_line_error(done, 2)
    assert not list(outside.iterdir())


def test_database_outside_the_workspace_when_explicitly_allowed(workspace_dir, tmp_path):
    shared = tmp_path / "shared" / "team.db"
    shared.parent.mkdir()
    shutil.move(workspace_dir / "scorecard.db", shared)
    _config_with(workspace_dir, 'database = "scorecard.db"', f'database = "{shared}"')
    assert "outside the workspace folder" in one_line_error(terminal("show"), 2)
    _config_with(workspace_dir, "allow_external_database = false", "allow_external_database = true")
    assert terminal("set", "mqls", "5").exit_code == 0
    assert "Marketing-qualified leads" in terminal("show").stdout


# -- the database file --------------------------------------------------------------


@pytest.fixture
def demo_db(demo_dir):
    return demo_dir / "scorecard.db"


@pytest.mark.parametrize("keep", [0.001, 0.1, 0.5, 0.9])
def test_truncated_database(demo_dir, demo_db, keep):
    size = demo_db.stat().st_size
    with demo_db.open("r+b") as fh:
        fh.truncate(max(100, int(size * keep)))
    _everything_fails(demo_dir, "is damaged or not a scorecard database", 2)


def test_zero_byte_database(demo_dir, demo_db):
    demo_db.write_bytes(b"")
    _everything_fails(demo_dir, "is an empty file, not a scorecard database", 2)


def test_garbage_database(demo_dir, demo_db):
    demo_db.write_bytes(os.urandom(8192))
    _everything_fails(demo_dir, "not an SQLite database", 2)


def test_database_that_is_a_directory(demo_dir, demo_db):
    demo_db.unlink()
    demo_db.mkdir()
    _everything_fails(demo_dir, "is a directory, not a scorecard database", 2)


def test_another_programs_sqlite_file(demo_dir, demo_db):
    demo_db.unlink()
    conn = sqlite3.connect(demo_db)
    conn.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    conn.commit()
    conn.close()
    _everything_fails(demo_dir, "is an SQLite file but not a scorecard database", 2)


def test_missing_database_next_to_its_config_is_recreated_by_init(demo_dir, demo_db):
    """A fresh clone without the database, or an init killed half-way."""
    demo_db.unlink()
    assert "run 'scorecard init'" in one_line_error(terminal("show"), 1)
    done = terminal("init")
    assert done.exit_code == 0 and "Created scorecard.db" in done.stdout
    assert terminal("set", "mqls", "5").exit_code == 0
    again = terminal("init")  # and a complete workspace is never overwritten
    assert "already exists" in one_line_error(again, 2)


def _read_only_prefix():
    """Run as a user that file permissions apply to (root ignores them)."""
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: permissions cannot be tested")
    caps = "-dac_override,-dac_read_search"
    return (setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}")


@pytest.mark.parametrize("folder_too", [False, True])
def test_read_only_database_reads_work_and_writes_fail_in_one_line(demo_dir, demo_db, folder_too):
    prefix = _read_only_prefix()
    before = digest(demo_db)
    demo_db.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    if folder_too:
        demo_dir.chmod(0o555)
    try:
        shown = scorecard("show", cwd=demo_dir, prefix=prefix)
        exported = scorecard("export", "-f", "json", cwd=demo_dir, prefix=prefix)
        failed = [
            scorecard(*args, cwd=demo_dir, prefix=prefix)
            for args in (("set", "mqls", "5"), ("note", "add", "idea", "x"))
        ]
    finally:
        demo_dir.chmod(0o755)
        demo_db.chmod(0o644)
    assert shown.returncode == 0 and "Northwind" in shown.stdout, shown.stderr
    assert exported.returncode == 0, exported.stderr
    for done in failed:
        assert "is read-only; cannot save changes" in one_line_error(done, 1)
    assert digest(demo_db) == before
    assert sorted(p.name for p in demo_dir.iterdir() if p.name.startswith("scorecard")) == [
        "scorecard.db",
        "scorecard.toml",
    ]


def test_files_the_product_writes_get_the_usual_permissions(tmp_path, monkeypatch):
    """New files follow the umask like any other program's, never a private 0600."""
    previous = os.umask(0o022)
    try:
        folder = tmp_path / "ws"
        for args in (("init", str(folder)), ("set", "mqls", "5"), ("export", "-o", "report.md")):
            done = terminal(*args)
            assert done.exit_code == 0, (args, done.output)  # it failed once under xdist: say why
            monkeypatch.chdir(folder)
        done = terminal("close", "--no-commit")
        assert done.exit_code == 0, done.output
        base, ours = folder / "base.db", folder / "ours.db"
        shutil.copy(folder / "scorecard.db", base)
        shutil.copy(folder / "scorecard.db", ours)
        ours.chmod(0o640)
        merged = terminal("git", "merge", str(base), str(ours), str(base), "scorecard.db")
        assert merged.exit_code == 0, merged.stderr
    finally:
        os.umask(previous)
    modes = {
        path.name: stat.S_IMODE(path.stat().st_mode)
        for path in (folder / "scorecard.toml", folder / "scorecard.db", folder / "report.md")
    }
    modes |= {path.name: stat.S_IMODE(path.stat().st_mode) for path in folder.glob("reports/*")}
    assert set(modes.values()) == {0o644}, modes
    assert stat.S_IMODE(ours.stat().st_mode) == 0o640  # a merge keeps the file's own mode
