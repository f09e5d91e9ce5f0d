"""What scripts and shell users expect: --json on every read command, -h, an
example in every help, a headless twin for every action in the app, and a bare
``scorecard`` that never starts the app without a terminal."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from scorecard.cli import cli
from tests.conftest import THIS_WEEK, digest


def _commands(group: click.Group, ctx: click.Context, path: tuple[str, ...] = ()):
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None
        yield (*path, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, click.Context(command, parent=ctx), (*path, name))


ALL_COMMANDS = [path for path, _ in _commands(cli, click.Context(cli))]


@pytest.mark.parametrize("path", [(), *ALL_COMMANDS], ids=lambda p: " ".join(p) or "scorecard")
def test_every_command_takes_dash_h_and_shows_an_example(run, path):
    helped = run(*path, "-h")
    assert helped.exit_code == 0, helped.stderr
    assert helped.stdout == run(*path, "--help").stdout
    assert "Usage: scorecard" in helped.stdout
    assert "Example" in helped.stdout
    example = helped.stdout.split("Example", 1)[1].splitlines()[1].strip()
    assert example.startswith("scorecard "), example


def test_show_json_is_the_json_export(run, demo_dir):
    shown = run("show", "--json")
    assert shown.exit_code == 0, shown.stderr
    assert shown.stdout == run("export", "-f", "json").stdout
    document = json.loads(shown.stdout)
    assert document["week"]["id"] == THIS_WEEK
    last = json.loads(run("show", "--json", "--week", "last").stdout)
    assert last["week"]["id"] == "2026-W46"


def test_commitment_list_json(run, demo_dir):
    listed = json.loads(run("commitment", "list", "--json").stdout)
    text = run("commitment", "list").stdout.splitlines()
    assert [c["id"][:7] for c in listed] == [line[:7] for line in text]
    assert {"id", "text", "owner", "team", "due_week", "status", "carried_from"} <= set(listed[0])
    open_only = json.loads(run("commitment", "list", "--open", "--json").stdout)
    assert open_only and all(c["status"] == "open" for c in open_only)


def test_log_json(run, workspace_dir):
    made = run("commitment", "add", "Send the list", "--owner", "Maya Chen").stdout.strip()
    run("commitment", "done", made)
    events = json.loads(run("log", made[:6], "--json").stdout)
    assert [e["status"] for e in events] == ["open", "done"]
    assert all(e["commitment_id"] == made and e["text"] == "Send the list" for e in events)
    assert json.loads(run("log", "--json").stdout) == events


def test_conflicts_list_json_when_there_are_none(run, workspace_dir):
    assert json.loads(run("conflicts", "list", "--json").stdout) == []
    assert json.loads(run("conflicts", "--json").stdout) == []


def test_note_list_edit_delete(run, workspace_dir):
    note_id = run("note", "add", "didnt", "Leads sat a week").stdout.strip()
    listed = json.loads(run("note", "list", "--json").stdout)
    assert [(n["id"], n["kind"], n["text"]) for n in listed] == [
        (note_id, "didnt", "Leads sat a week")
    ]
    edited = run("note", "edit", note_id[:6], "--text", "Leads sat two weeks", "--kind", "why")
    assert edited.exit_code == 0, edited.stderr
    assert "Leads sat two weeks" in edited.stdout
    assert run("note", "list").stdout.startswith(f"{note_id[:7]}  {THIS_WEEK}  why")
    deleted = run("note", "delete", note_id[:6])
    assert deleted.exit_code == 0
    assert deleted.stdout.startswith("Deleted ") and "Leads sat two weeks" in deleted.stdout
    assert json.loads(run("note", "list", "--json").stdout) == []
    missing = run("note", "delete", note_id[:6])
    assert missing.exit_code == 2 and missing.stderr.startswith("scorecard: no note")


def test_commitment_edit(run, workspace_dir):
    made = run("commitment", "add", "Send the list", "--owner", "Maya Chen").stdout.strip()
    edited = run(
        "commitment", "edit", made[:6], "--text", "Send the full list", "--owner", "Ana Ruiz",
        "--team", "shared", "--due", "2026-W50",
    )  # fmt: skip
    assert edited.exit_code == 0, edited.stderr
    (item,) = json.loads(run("commitment", "list", "--json").stdout)
    assert (item["text"], item["owner"], item["team"], item["due_week"]) == (
        "Send the full list",
        "Ana Ruiz",
        "shared",
        "2026-W50",
    )


def test_edits_refuse_bad_input_and_change_nothing(run, workspace_dir):
    made = run("commitment", "add", "Send the list", "--owner", "Maya Chen").stdout.strip()
    before = digest(workspace_dir / "scorecard.db")
    nothing = run("commitment", "edit", made)
    assert nothing.exit_code == 2 and "nothing to change" in nothing.stderr
    early = run("commitment", "edit", made, "--due", "2026-W40")
    assert early.exit_code == 2 and len(early.stderr.splitlines()) == 1
    empty = run("commitment", "edit", made, "--text", "  ")
    assert empty.exit_code == 2 and "must not be empty" in empty.stderr
    assert run("note", "edit", "abcd1234", "--text", "x").exit_code == 2
    assert run("note", "edit", "abcd").exit_code == 2
    assert digest(workspace_dir / "scorecard.db") == before


def test_rate_the_meeting(run, workspace_dir):
    assert run("rate", "8").stdout == f"{THIS_WEEK}: meeting rated 8/10\n"
    assert json.loads(run("show", "--json").stdout)["week"]["rating"] == 8
    assert run("rate", "11").exit_code == 2
    assert run("rate").exit_code == 2
    assert run("rate", "--clear").exit_code == 0
    assert json.loads(run("show", "--json").stdout)["week"]["rating"] is None


def test_read_commands_never_write(run, demo_dir):
    before = digest(demo_dir / "scorecard.db")
    for args in (
        ["show", "--json"],
        ["commitment", "list", "--json"],
        ["log", "--json"],
        ["conflicts", "list", "--json"],
        ["note", "list", "--json"],
        [],
    ):
        assert run(*args).exit_code == 0, args
    assert digest(demo_dir / "scorecard.db") == before


def test_bare_scorecard_without_a_terminal_prints_the_week(run, workspace_dir):
    bare = run()
    assert bare.exit_code == 0, bare.stderr
    assert bare.stdout == run("show").stdout


def test_bare_scorecard_in_a_pipe_exits_and_writes_no_escapes(workspace_dir):
    done = subprocess.run(
        [sys.executable, "-m", "scorecard"],
        cwd=workspace_dir,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout
    assert THIS_WEEK.encode() in done.stdout


def test_the_app_refuses_to_start_without_a_terminal(run, workspace_dir):
    refused = run("tui")
    assert refused.exit_code == 2
    assert "needs a terminal" in refused.stderr
    demo = run("demo", str(workspace_dir / "sample"))  # as --no-tui: prints the week
    assert demo.exit_code == 0 and "Sample workspace:" in demo.stdout
