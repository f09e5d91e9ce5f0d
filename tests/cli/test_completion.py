"""Shell completion through click's ``_SCORECARD_COMPLETE`` protocol, as bash, zsh
and fish ask for it: metric keys, week words and recent ids, never a write."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from scorecard.cli import cli
from tests.conftest import digest


def complete(shell: str, line: str) -> list[str]:
    """What the shell would offer for the last word of ``line``."""
    words = line.split(" ")
    env = {
        "_SCORECARD_COMPLETE": f"{shell}_complete",
        "COMP_WORDS": line,
        "COMP_CWORD": str(len(words) - 1) if shell != "fish" else words[-1],
    }
    result = CliRunner().invoke(cli, [], env=env, prog_name="scorecard")
    assert result.exit_code == 0, result.output
    out = (
        [ln for ln in result.stdout.splitlines() if ln]
        if shell != "zsh"
        else result.stdout.splitlines()
    )
    if shell == "bash":
        return [ln.split(",", 1)[1] for ln in out]
    if shell == "zsh":  # type, value, help: three lines each
        return out[1::3]
    return [ln.split(",", 1)[1].split("\t")[0] for ln in out]


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_metric_keys(shell, workspace_dir):
    assert complete(shell, "scorecard set w") == ["web-visits", "win-rate"]
    assert "mqls" in complete(shell, "scorecard unset ")


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_week_words(shell, workspace_dir):
    offered = complete(shell, "scorecard show --week ")
    assert offered[:3] == ["this", "last", "next"]
    assert {"2026-W47", "2026-W46", "2026-W48"} <= set(offered)
    assert complete(shell, "scorecard export --from 2026-W4") == [
        "2026-W47",
        "2026-W46",
        "2026-W45",
        "2026-W44",
        "2026-W43",
        "2026-W48",
    ]


def test_recent_ids_with_their_text(run, workspace_dir):
    made = run("commitment", "add", "Send the list", "--owner", "Maya Chen").stdout.strip()
    done = run("commitment", "add", "Old one", "--owner", "Maya Chen").stdout.strip()
    run("commitment", "done", done)
    note = run("note", "add", "idea", "Pair AEs with marketers").stdout.strip()
    before = digest(workspace_dir / "scorecard.db")
    offered = complete("bash", "scorecard commitment done ")
    assert offered[0] == made[:7]  # open ones first
    assert set(offered) == {made[:7], done[:7]}
    assert complete("bash", f"scorecard log {made[:3]}") == [made[:7]]
    assert complete("bash", "scorecard note edit ") == [note[:7]]
    zsh = CliRunner().invoke(
        cli,
        [],
        env={"_SCORECARD_COMPLETE": "zsh_complete", "COMP_WORDS": "scorecard note delete ",
             "COMP_CWORD": "3"},
        prog_name="scorecard",
    )  # fmt: skip
    assert "idea: Pair AEs with marketers" in zsh.stdout
    assert complete("bash", "scorecard conflicts resolve ") == []
    assert digest(workspace_dir / "scorecard.db") == before


def test_no_workspace_means_no_suggestions_and_no_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert complete("bash", "scorecard set ") == []
    assert complete("bash", "scorecard commitment done ") == []
    assert complete("bash", "scorecard show --week l") == ["last"]


def test_the_shell_scripts_are_printed(run):
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete")):
        source = CliRunner().invoke(
            cli, [], env={"_SCORECARD_COMPLETE": f"{shell}_source"}, prog_name="scorecard"
        )
        assert source.exit_code == 0 and marker in source.stdout
