"""Headless commands start fast: they never import Textual, nor sqlite-utils unless
they create a file or migrate one."""

import json
import subprocess
import sys
import textwrap

import pytest

PROBE = textwrap.dedent(
    """
    import json, sys
    from scorecard.cli import cli
    code = cli.main(sys.argv[1:], prog_name="scorecard", standalone_mode=False)
    def loaded(top):
        return sorted(m for m in sys.modules if m == top or m.startswith(top + "."))
    found = {"code": code, "textual": loaded("textual"), "sqlite_utils": loaded("sqlite_utils")}
    print(json.dumps(found), file=sys.stderr)
    """
)


def probe(args, cwd):
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], cwd=cwd, capture_output=True, text=True, check=False
    )
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


def test_init_and_demo_without_tui_load_no_textual(tmp_path):
    for args in (["init", str(tmp_path / "a")], ["demo", str(tmp_path / "b"), "--no-tui"]):
        result = probe(args, tmp_path)
        assert result["code"] == 0 and result["textual"] == []
