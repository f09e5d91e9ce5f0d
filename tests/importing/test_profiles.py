"""Mappings saved as ``[[imports]]`` in scorecard.toml, and reused next week."""

from __future__ import annotations

import tomllib

from scorecard import config_file
from scorecard.weeks import parse_week
from tests.conftest import digest
from tests.importing.conftest import FIXTURES, values

DEALS = str(FIXTURES / "hubspot-deals.csv")
WON = (
    "--metric", "closed-won", "--date", "Close Date", "--value", "Amount",
    "--where", "Deal Stage=Closed Won", "--where", "Deal Stage=Won",
)  # fmt: skip
COMMENTED = "# Our workspace — edited by hand, keep these comments\n"


def test_save_appends_the_table_and_keeps_the_rest_byte_for_byte(workspace_dir, workspace, run):
    toml = workspace_dir / "scorecard.toml"
    original = COMMENTED + toml.read_text() + "\n# the end\n"
    toml.write_text(original)
    result = run("import", DEALS, *WON, "--save", "hubspot-won")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1] == (
        "Saved profile hubspot-won in scorecard.toml: next time, "
        "scorecard import FILE --profile hubspot-won"
    )
    text = toml.read_text()
    assert text.startswith(original)
    assert text[len(original) :] == (
        "\n# saved by 'scorecard import --save'\n"
        "[[imports]]\n"
        'name = "hubspot-won"\n'
        'metric = "closed-won"\n'
        'date = "Close Date"\n'
        'value = "Amount"\n'
        'aggregate = "sum"\n'
        "where = [\n"
        '    "Deal Stage=Closed Won",\n'
        '    "Deal Stage=Won",\n'
        "]\n"
    )
    profile = config_file.load(toml).imports[0]
    assert profile.name == "hubspot-won" and profile.how == "sum"


def test_a_profile_reproduces_the_mapped_import(workspace_dir, workspace, run):
    assert run("import", DEALS, *WON, "--save", "hubspot-won").exit_code == 0
    mapped = values(workspace)
    assert mapped[("2026-W45", "closed-won")] == 36500.5
    workspace.set_value(parse_week("2026-W45"), "closed-won", 1)
    result = run("import", DEALS, "--profile", "hubspot-won")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[0] == (
        "Profile hubspot-won: closed-won = sum of 'Amount' by the week of 'Close Date' "
        "where 'Deal Stage' = Closed Won or Won."
    )
    assert "1 changed, 2 unchanged" in result.stdout
    assert values(workspace) == mapped


def test_saving_the_same_mapping_again_changes_nothing(workspace_dir, run):
    toml = workspace_dir / "scorecard.toml"
    assert run("import", DEALS, *WON, "--save", "won").exit_code == 0
    saved = toml.read_bytes()
    again = run("import", DEALS, *WON, "--sum", "--save", "won")
    assert again.exit_code == 0, again.stderr
    assert "Profile won is already saved in scorecard.toml." in again.stdout
    assert toml.read_bytes() == saved


def test_another_mapping_under_a_taken_name_is_refused_before_anything_is_written(
    workspace_dir, workspace, run
):
    assert run("import", DEALS, *WON, "--save", "won").exit_code == 0
    toml = workspace_dir / "scorecard.toml"
    before_toml, before_db = toml.read_bytes(), digest(workspace.db_path)
    result = run("import", DEALS, "-m", "pipeline", "--date", "Create Date", "--save", "won")
    assert result.exit_code == 2
    assert "already has an import profile 'won' with another mapping" in result.stderr
    assert toml.read_bytes() == before_toml
    assert digest(workspace.db_path) == before_db


def test_dry_run_does_not_save(workspace_dir, run):
    toml = workspace_dir / "scorecard.toml"
    before = toml.read_bytes()
    result = run("import", DEALS, *WON, "--save", "won", "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[-1].endswith("nothing was written; profile won not saved.")
    assert toml.read_bytes() == before


def test_a_bad_name_or_an_unknown_profile_is_one_line(workspace_dir, run):
    bad = run("import", DEALS, *WON, "--save", "Hub Spot")
    assert bad.exit_code == 2
    assert "--save 'Hub Spot': a profile name is lowercase letters" in bad.stderr
    missing = run("import", DEALS, "--profile", "nope")
    assert missing.exit_code == 2
    assert missing.stderr.strip().endswith(
        "no import profile 'nope' in "
        f"{workspace_dir / 'scorecard.toml'} (none saved yet: use --save NAME)"
    )


def test_invalid_imports_entries_name_file_field_and_problem(workspace_dir, run):
    toml = workspace_dir / "scorecard.toml"
    base = toml.read_text()
    cases = {
        '[[imports]]\nname = "x"\nmetric = "nope"\ndate = "Close Date"\n': (
            "imports[0].metric: unknown metric 'nope'"
        ),
        '[[imports]]\nname = "x"\nmetric = "mqls"\ndate = "D"\naggregate = "median"\n': (
            "imports.0.aggregate: Input should be 'sum', 'count', 'mean' or 'last'"
        ),
        '[[imports]]\nname = "x"\nmetric = "mqls"\ndate = "D"\nwhere = ["Stage"]\n': (
            "where: 'Stage' is not COLUMN=VALUE"
        ),
        '[[imports]]\nname = "x"\nmetric = "mqls"\ndate = "D"\naggregate = "mean"\n': (
            "aggregate: mean needs a value column"
        ),
        '[[imports]]\nname = "x"\nmetric = "mqls"\ndate = "D"\ncolour = 1\n': (
            "imports.0.colour: unknown field"
        ),
        '[[imports]]\nname = "x"\nmetric = "mqls"\ndate = "D"\n' * 2: (
            "duplicate import profile key x"
        ),
    }
    for extra, message in cases.items():
        toml.write_text(base + "\n" + extra)
        result = run("import", DEALS, "--profile", "x")
        assert result.exit_code == 2, extra
        assert result.stderr.startswith(f"scorecard: {toml}: "), result.stderr
        assert message.replace(".0.", "[0].") in result.stderr, (message, result.stderr)
        assert len(result.stderr.splitlines()) == 1


def test_saved_toml_reads_back_with_tomllib(workspace_dir, run):
    assert run("import", DEALS, *WON, "--save", "won", "--date-format", "Y-m-d").exit_code == 0
    data = tomllib.loads((workspace_dir / "scorecard.toml").read_text())
    assert data["imports"][0]["date_format"] == "Y-m-d"


def test_a_short_mapping_is_saved_as_a_table_not_inline_inside_git(workspace_dir, run):
    # tomli-w writes a short table inline (imports = [{...}]): after [git] it would be git.imports
    (workspace_dir / "in.csv").write_text("D\n2026-11-18\n")
    result = run("import", "in.csv", "--metric", "mqls", "--date", "D", "--save", "c")
    assert result.exit_code == 0, result.stderr
    text = (workspace_dir / "scorecard.toml").read_text()
    assert text.endswith(
        '[[imports]]\nname = "c"\nmetric = "mqls"\ndate = "D"\naggregate = "count"\n'
    )
    assert config_file.load(workspace_dir / "scorecard.toml").imports[0].how == "count"
