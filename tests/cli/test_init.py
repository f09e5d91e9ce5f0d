"""``scorecard init``: the leads and title given, asked at a terminal, neutral
in a script; operating rules as drafts; the author is who git says."""

from __future__ import annotations

import subprocess

from scorecard import config_file


def test_init_options_name_the_workspace_and_leads(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    leads = ("--sales-lead", "Ana Ruiz", "--marketing-lead", "Lee Park")
    made = run("init", "--title", "Acme", *leads)
    assert made.exit_code == 0, made.stderr
    config = config_file.load(tmp_path / "scorecard.toml")
    assert config.title == "Acme"
    assert (config.teams["sales"].lead, config.teams["marketing"].lead) == ("Ana Ruiz", "Lee Park")
    added = run("commitment", "add", "Call the stalled SQLs", "--owner", "ana ruiz")
    assert added.exit_code == 0, added.stderr  # the team comes from the lead's name


def test_init_without_a_terminal_never_asks_and_invents_nobody(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    made = run("init", input="")
    assert made.exit_code == 0, made.stderr
    text = (tmp_path / "scorecard.toml").read_text()
    assert "Sam Rivera" not in text and "Maya Chen" not in text
    config = config_file.load(tmp_path / "scorecard.toml")
    assert config.teams["sales"].lead == "Sales lead"
    assert config.teams["marketing"].lead == "Marketing lead"
    assert config.agreements and all(a.is_draft for a in config.agreements)
    assert "agreed =" not in text
    assert "drafts" in made.stdout


def test_init_at_a_terminal_asks_for_what_was_not_given(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    from scorecard.cli import setup

    monkeypatch.setattr(setup, "interactive", lambda: True)
    made = run("init", "--title", "Acme", input="Ana Ruiz\n\n")
    assert made.exit_code == 0, made.stderr
    assert "Workspace title" not in made.stdout  # given as an option
    assert "Sales lead [Sales lead]:" in made.stdout
    config = config_file.load(tmp_path / "scorecard.toml")
    assert config.teams["sales"].lead == "Ana Ruiz"
    assert config.teams["marketing"].lead == "Marketing lead"  # Enter keeps the default


def test_draft_agreements_are_marked_and_not_reported_as_in_force(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init")
    report = run("export").stdout
    assert "What counts as a lead" not in report
    from screens.agreements import agreements_text

    shown = agreements_text(config_file.load(tmp_path / "scorecard.toml")).plain
    assert shown.count("DRAFT: not agreed yet") == 3


def test_the_sample_keeps_its_people_and_agreed_rules(run, demo_dir):
    config = config_file.load(demo_dir / "scorecard.toml")
    assert config.teams["sales"].lead == "Sam Rivera"
    assert not any(a.is_draft for a in config.agreements)
    assert "What counts as a lead" in run("export").stdout


def _git_config(home, *args):
    subprocess.run(["git", "config", "--global", *args], check=True, cwd=home)


def test_default_author_is_git_user_name_then_login(run, workspace_dir, monkeypatch, tmp_path):
    import getpass

    from scorecard import ids

    monkeypatch.delenv("SCORECARD_USER")
    monkeypatch.setattr(getpass, "getuser", lambda: "login-name")
    ids._git_user_name.cache_clear()
    first = run("note", "add", "idea", "No git name yet").stdout.strip()
    _git_config(workspace_dir, "user.name", "Ana Ruiz")
    ids._git_user_name.cache_clear()
    second = run("note", "add", "idea", "Now git knows").stdout.strip()
    monkeypatch.setenv("SCORECARD_USER", "Override")
    third = run("note", "add", "idea", "The variable wins").stdout.strip()
    ids._git_user_name.cache_clear()
    import json

    authors = {n["id"]: n["author"] for n in json.loads(run("note", "list", "--json").stdout)}
    assert [authors[first], authors[second], authors[third]] == [
        "login-name",
        "Ana Ruiz",
        "Override",
    ]
