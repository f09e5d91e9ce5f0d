"""Headless commands start fast: they never import Textual."""

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
    loaded = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    print(json.dumps({"code": code, "textual": loaded}), file=sys.stderr)
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


def test_init_and_demo_without_tui_load_no_textual(tmp_path):
    assert probe(["init", str(tmp_path / "a")], tmp_path) == {"code": 0, "textual": []}
    assert probe(["demo", str(tmp_path / "b"), "--no-tui"], tmp_path) == {
        "code": 0,
        "textual": [],
    }
