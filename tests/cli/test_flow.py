"""The headless week from the shell: init, set, commitments, notes, show."""

from scorecard.config_file import load


def test_init_in_an_empty_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("init", "--title", "Acme")
    assert result.exit_code == 0, result.stderr
    assert (tmp_path / "scorecard.db").is_file()
    assert load(tmp_path / "scorecard.toml").title == "Acme"
    again = run("init")
    assert again.exit_code == 2
    assert again.stderr == f"scorecard: {tmp_path / 'scorecard.toml'} already exists\n"


def test_init_into_a_named_folder(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert run("init", "team/sync").exit_code == 0
    assert (tmp_path / "team" / "sync" / "scorecard.toml").is_file()


def test_a_week_recorded_from_the_shell_reads_back(run, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    run("init", "--sales-lead", "Sam Rivera", "--marketing-lead", "Maya Chen")
    assert run("set", "mqls", "131").stdout == "mqls 2026-W47 = 131 (target ≥ 120: ✓ on track)\n"
    assert run("set", "closed-won", "$81,000", "--note", "one slipped").exit_code == 0
    assert run("set", "lead-rejection", "21", "--week", "2026-11-18").exit_code == 0
    made = run("commitment", "add", "Send the webinar list", "--owner", "Maya Chen")
    assert made.exit_code == 0
    commitment_id = made.stdout.strip()
    assert len(commitment_id) == 32
    other = run(
        "commitment",
        "add",
        "Tag rejected leads",
        "--owner",
        "Sam",
        "--team",
        "sales",
        "--due",
        "this",
    )
    assert other.exit_code == 0
    done = run("commitment", "done", commitment_id[:6])
    assert done.exit_code == 0 and "[done]" in done.stdout
    assert run("note", "add", "kudos", "Sam closed Globex", "--author", "Maya").exit_code == 0
    assert run("note", "add", "didnt", "Trade-show leads sat a week").exit_code == 0

    shown = run("show")
    assert shown.exit_code == 0
    text = shown.stdout
    assert "2026-W47 (16 Nov – 22 Nov 2026)" in text
    assert "131" in text and "✓ on track" in text
    assert "$81,000" in text and "! at risk" in text  # 15 % tolerance on closed-won
    assert "21%" in text and "✗ off track" in text  # lower is better, 15 % target
    assert f"{commitment_id[:7]}  [done]" in text and "Send the webinar list" in text
    assert "[open]     Tag rejected leads" in text
    assert "Sam closed Globex (Maya" in text
    assert "Trade-show leads sat a week (tester" in text


def test_commitment_list_and_carry(run, workspace_dir):
    first = run("commitment", "add", "Refresh nurture", "--owner", "Maya Chen").stdout.strip()
    carried = run("commitment", "carry", first[:5], "--week", "next")
    assert carried.exit_code == 0
    new_id = carried.stdout.strip()
    listing = run("commitment", "list").stdout.splitlines()
    assert any(line.startswith(first[:7]) and "[carried]" in line for line in listing)
    assert any(line.startswith(new_id[:7]) and "carried from" in line for line in listing)
    open_only = run("commitment", "list", "--open").stdout.splitlines()
    assert [line[:7] for line in open_only] == [new_id[:7]]


def test_show_another_week_and_help(run, workspace_dir):
    assert "2026-W40" in run("show", "--week", "2026-W40").stdout
    for args in ([], ["set"], ["commitment", "add"], ["note", "add"], ["show"], ["init"]):
        helped = run(*args, "--help")
        assert helped.exit_code == 0 and "Usage:" in helped.stdout


def test_a_value_entered_by_mistake_can_be_removed(run, workspace_dir):
    run("set", "mqls", "12", "--week", "2026-W45")
    removed = run("unset", "mqls", "--week", "2026-W45")
    assert removed.exit_code == 0 and "value removed" in removed.stdout
    assert "· no data" in run("show", "--week", "2026-W45").stdout.split("\n")[4]
    again = run("unset", "mqls", "--week", "2026-W45")
    assert again.exit_code == 0 and "nothing to do" in again.stdout
    assert run("unset", "nope").exit_code == 2
