"""Headless commands start fast: they never import Textual, nor sqlite-utils unless
they create a file or migrate one."""

import importlib
import json
import sqlite3
import subprocess
import sys
import textwrap

import click
import pytest

from scorecard.cli import COMMANDS, cli
from tests import forkserver

PROBE = textwrap.dedent(
    """
    import json, sys
    from scorecard.cli import cli
    code = cli.main(sys.argv[1:], prog_name="scorecard", standalone_mode=False)
    def loaded(top):
        return sorted(m for m in sys.modules if m == top or m.startswith(top + "."))
    found = {
        "code": code,
        "textual": loaded("textual"),
        "sqlite_utils": loaded("sqlite_utils"),
        "pydantic": loaded("pydantic") + loaded("pydantic_core"),
        "cli": [m for m in loaded("scorecard.cli") if m != "scorecard.cli.base"],
        "git": [m for m in ("scorecard.gitops", "scorecard.gitstate", "scorecard.gitrun")
                if m in sys.modules],
    }
    print(json.dumps(found), file=sys.stderr)
    """
)


#: What the probe's server imports before it forks (tests/forkserver.py): the CLI, as
#: the probe's first line does, and the Workspace service every command here opens.
#: sys.modules is read whole, so a module asserted absent that either of them (or
#: anything they import) loads still fails the test.
PROBE_PRELOAD = ("scorecard.cli", "scorecard.workspace")


def probe(args, cwd, preload=PROBE_PRELOAD):
    """What ``scorecard ARGS`` loaded, in a fork of a server that imported ``preload``."""
    done = forkserver.run(["-c", PROBE, *args], cwd=cwd, preload=preload)
    return json.loads(done.stderr.strip().splitlines()[-1])


def test_importing_the_cli_loads_no_textual():
    code = "import sys, scorecard.cli; print(any(m.startswith('textual') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize(
    "args",
    [
        ["set", "mqls", "12"],
        ["commitment", "add", "x", "--owner", "Sam Rivera"],
        ["commitment", "list"],
        ["note", "add", "idea", "y"],
        ["show"],
        ["show", "--week", "last"],
        ["set", "nope", "1"],
    ],
)
def test_headless_commands_load_no_textual(args, workspace_dir):
    result = probe(args, workspace_dir)
    assert result["textual"] == []


@pytest.mark.parametrize("args", [["show"], ["commitment", "list"], ["set", "mqls", "12"]])
def test_commands_on_an_up_to_date_file_load_no_sqlite_utils(args, workspace_dir):
    result = probe(args, workspace_dir)
    assert result["code"] == 0 and result["sqlite_utils"] == []


@pytest.mark.parametrize(
    "args",
    [["show"], ["export"], ["export", "-f", "json"], ["set", "mqls", "12"], ["import", "w.csv"]],
)
def test_outside_git_commands_load_no_git_code(args, workspace_dir, monkeypatch):
    """Not in a git work tree: what git would say (and the unmerged-file guard of a
    write) is known without loading the modules that run git."""
    monkeypatch.setenv("SCORECARD_USER", "tester")  # else git is asked for user.name
    (workspace_dir / "w.csv").write_text("week,metric,value\n2026-W40,mqls,12\n")
    result = probe(args, workspace_dir)
    assert result["code"] == 0 and result["git"] == []


def test_outside_git_pending_conflicts_are_still_named(workspace_dir, run):
    """A database with merge conflicts copied out of its repository still says so."""
    now, note = "2026-11-18T12:00:00Z", "c" * 32
    conn = sqlite3.connect(workspace_dir / "scorecard.db")
    with conn:
        conn.execute(
            "INSERT INTO notes VALUES (?, '2026-W47', 'idea', 'Maya Chen', 'x', ?, ?)",
            [note, now, now],
        )
        conn.execute(
            "INSERT INTO conflicts VALUES (?, 'notes', ?, 'text', '\"a\"', '\"b\"', '\"c\"', ?)",
            ["d" * 32, f'["{note}"]', now],
        )
    conn.close()
    result = run("show")
    assert result.exit_code == 0
    assert "1 merge conflict(s) to resolve: run 'scorecard conflicts'" in result.stderr


def test_init_and_demo_without_tui_load_no_textual(tmp_path):
    for args in (["init", str(tmp_path / "a")], ["demo", str(tmp_path / "b"), "--no-tui"]):
        result = probe(args, tmp_path)
        assert result["code"] == 0 and result["textual"] == []


@pytest.mark.parametrize(
    ("args", "module"),
    [
        (["show"], "record"),
        (["commitment", "list"], "commitments"),
        (["export"], "data"),
        (["git", "textconv", "scorecard.db"], "git"),
    ],
)
def test_a_command_imports_only_its_own_module(args, module, workspace_dir):
    result = probe(args, workspace_dir)
    assert result["code"] == 0
    assert result["cli"] == ["scorecard.cli", f"scorecard.cli.{module}"]


@pytest.mark.parametrize(
    "args",
    [
        ["git", "textconv", "scorecard.db"],
        ["git", "merge", "base.db", "ours.db", "theirs.db", "scorecard.db"],
    ],
)
def test_the_git_drivers_load_no_config_schema(args, workspace_dir):
    """git starts a driver for every version it converts and every merge: they
    check rows without importing the config's schema (pydantic), which is most
    of a command's start-up."""
    for name in ("base.db", "ours.db", "theirs.db"):
        (workspace_dir / name).write_bytes((workspace_dir / "scorecard.db").read_bytes())
    result = probe(args, workspace_dir, preload=("scorecard.cli",))  # no Workspace service
    assert result["code"] == 0 and result["pydantic"] == []


def test_an_unknown_command_is_still_matched_against_every_command(workspace_dir):
    done = forkserver.run(["-m", "scorecard", "comitment"], cwd=workspace_dir)
    assert done.returncode == 2
    assert "No such command 'comitment'. Did you mean 'commitment'?" in done.stderr


def test_every_command_of_the_cli_modules_is_listed():
    ctx = click.Context(cli)
    reachable = set()
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None and command.name == name
        reachable.add(id(command))
        if isinstance(command, click.Group):
            reachable |= {id(sub) for sub in command.commands.values()}
    assert sorted(cli.list_commands(ctx)) == sorted(COMMANDS)
    for path in {target.partition(":")[0] for target in COMMANDS.values()}:
        module = importlib.import_module(path)
        defined = [v for v in vars(module).values() if isinstance(v, click.Command)]
        assert all(id(c) in reachable for c in defined), path
