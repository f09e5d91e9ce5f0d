"""Odd files named on the command line or in scorecard.toml: one line, never a hang.

Devices that never end, FIFOs nobody writes to, symlink loops, numbers and
nesting JSON cannot hold, directories where a file belongs. Each gets one
``scorecard:`` line and exit 2; special files are refused before they are
opened, sizes checked before a file is read; ``export -o`` writes only
regular files and never reads the target first.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.conftest import digest
from tests.reliability.conftest import one_line_error, scorecard

TIMEOUT = 20  # a hang fails the test instead of stalling the suite


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "pipe"
    os.mkfifo(path)
    return path


def _run(cwd: Path, *args: str):
    return scorecard(*args, cwd=cwd, timeout=TIMEOUT)


@pytest.mark.parametrize("which", ["dev-zero", "fifo", "directory", "loop"])
def test_config_that_is_not_a_regular_file(workspace_dir, tmp_path, fifo, which):
    loop = tmp_path / "a.toml"
    if which == "loop":
        os.symlink(tmp_path / "b.toml", loop)
        os.symlink(loop, tmp_path / "b.toml")
    target = {
        "dev-zero": "/dev/zero",
        "fifo": str(fifo),
        "directory": str(tmp_path),
        "loop": str(loop),
    }[which]
    line = one_line_error(_run(workspace_dir, "--config", target, "show"), 2)
    expected = {
        "dev-zero": "is a device",
        "fifo": "is a FIFO",
        "directory": "is a directory",
        "loop": "is a symlink loop",
    }[which]
    assert expected in line, line


@pytest.mark.parametrize("which", ["dev-zero", "fifo", "loop", "missing"])
def test_import_of_a_file_that_is_not_a_regular_file(workspace_dir, db_file, tmp_path, fifo, which):
    loop = tmp_path / "x.csv"
    if which == "loop":
        os.symlink(tmp_path / "y.csv", loop)
        os.symlink(loop, tmp_path / "y.csv")
    target = {
        "dev-zero": "/dev/zero",
        "fifo": str(fifo),
        "loop": str(loop),
        "missing": str(tmp_path / "nope.csv"),
    }[which]
    before = digest(db_file)
    line = one_line_error(_run(workspace_dir, "import", target), 2)
    expected = {  # the import's own reader (scorecard/importing/source.py)
        "dev-zero": "not a regular file",
        "fifo": "not a regular file",
        "loop": "symbolic links",
        "missing": "no such file",
    }[which]
    assert expected in line, line
    assert digest(db_file) == before


def _values(value: str) -> str:
    return '{"values": [{"week": "2026-W47", "metric": "mqls", "value": ' + value + "}]}"


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (_values("1" + "0" * 400), "is not a finite number"),  # 10**400
        (_values("1" * 5000), "is not a finite number"),  # beyond Python's digit limit
        (_values("1e400"), "is not a finite number"),
        ("[" * 200_000 + "]" * 200_000, "nested too deeply"),
        ('{"values": ' + "[" * 200_000 + "]" * 200_000 + "}", "nested too deeply"),
    ],
    ids=["10**400", "5000-digits", "1e400", "deep-list", "deep-values"],
)
def test_json_import_that_python_cannot_hold(workspace_dir, db_file, tmp_path, content, expected):
    path = tmp_path / "odd.json"
    path.write_text(content, encoding="utf-8")
    before = digest(db_file)
    done = _run(workspace_dir, "import", str(path))
    assert done.returncode == 2 and "Traceback" not in done.stderr, done.stderr
    assert expected in done.stderr
    assert all(line.startswith("scorecard: ") for line in done.stderr.splitlines())
    assert digest(db_file) == before


def test_database_path_that_is_a_symlink_loop(workspace_dir, ws_config):
    text = ws_config.read_text("utf-8")
    ws_config.write_text(text.replace('database = "scorecard.db"', 'database = "loop.db"'), "utf-8")
    assert 'database = "loop.db"' in ws_config.read_text("utf-8")
    os.symlink(workspace_dir / "loop2.db", workspace_dir / "loop.db")
    os.symlink(workspace_dir / "loop.db", workspace_dir / "loop2.db")
    for args in (("show",), ("set", "mqls", "5"), ("check",)):
        line = one_line_error(_run(workspace_dir, *args), 2)
        assert "symlink loop" in line, line


@pytest.mark.parametrize("which", ["dev-null", "fifo", "directory", "empty"])
def test_export_writes_only_regular_files(workspace_dir, tmp_path, fifo, which):
    target = {"dev-null": "/dev/null", "fifo": str(fifo), "directory": str(tmp_path), "empty": ""}[
        which
    ]
    line = one_line_error(_run(workspace_dir, "export", "-o", target), 2)
    expected = {
        "dev-null": "is a device",
        "fifo": "is a FIFO",
        "directory": "is a directory",
        "empty": "-o needs a file name",
    }[which]
    assert expected in line, line
    assert Path("/dev/null").is_char_device()
    if which == "fifo":
        assert fifo.exists() and not fifo.is_file()


def test_export_to_a_symlink_to_a_device_is_refused(workspace_dir, tmp_path):
    link = tmp_path / "report.md"
    os.symlink("/dev/null", link)
    line = one_line_error(_run(workspace_dir, "export", "-o", str(link)), 2)
    assert "is a device" in line
    assert link.is_symlink()


def test_export_dash_is_stdout_and_a_regular_file_is_replaced(workspace_dir, tmp_path):
    done = _run(workspace_dir, "export", "-o", "-")
    assert done.returncode == 0 and done.stdout.startswith("# Test Co")
    target = tmp_path / "report.md"
    target.write_text("old", encoding="utf-8")
    done = _run(workspace_dir, "export", "-f", "json", "-o", str(target))
    assert done.returncode == 0, done.stderr
    assert json.loads(target.read_text("utf-8"))["kind"] == "week"
    link = tmp_path / "link.md"
    os.symlink(target, link)
    assert _run(workspace_dir, "export", "-o", str(link)).returncode == 0
    assert link.is_symlink() and target.read_text("utf-8").startswith("# Test Co")
