import dataclasses
from pathlib import Path

import pytest

from scorecard import config as cfg
from scorecard import config_file
from scorecard.defaults import default_config
from scorecard.errors import ConfigError
from scorecard.sample import sample_config

ROOT = Path(__file__).resolve().parents[2]


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_default_metric_set_covers_every_area_and_owner():
    config = default_config()
    for area in cfg.AREAS:
        assert len([m for m in config.metrics if m.area == area]) >= 2
    assert {m.owner for m in config.metrics} == {"sales", "marketing", "shared"}
    assert {a.key for a in config.agreements} >= {"lead-definition", "hand-off", "follow-up-sla"}


def test_written_toml_reads_back_equal(tmp_path):
    path = tmp_path / "scorecard.toml"
    config_file.write(default_config("Round trip"), path)
    assert config_file.load(path) == default_config("Round trip")
    assert "target = 120\n" in path.read_text()


def test_repository_sample_toml_is_the_built_in_sample():
    assert config_file.load(ROOT / "scorecard.toml") == sample_config()


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path / "scorecard.toml", 'title = "x"\nmetrics = [\n  oops\n')
    with pytest.raises(ConfigError, match=r"scorecard.toml: invalid TOML: .*line 3"):
        config_file.load(path)


def _sample_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "scorecard.toml").read_text()
    assert old in text
    return write(tmp_path / "scorecard.toml", text.replace(old, new, 1))


def test_unknown_field_is_an_error_naming_it(tmp_path):
    path = _sample_with(tmp_path, 'currency = "USD"', 'currency = "USD"\ncolour = "blue"')
    with pytest.raises(ConfigError, match=r"scorecard.toml: colour: unknown field"):
        config_file.load(path)


def test_mistyped_field_names_its_place(tmp_path):
    path = _sample_with(tmp_path, 'direction = "higher"', 'direction = "up"')
    with pytest.raises(ConfigError, match=r"metrics\[0\]\.direction: Input should be 'higher'"):
        config_file.load(path)


def test_target_must_be_a_number(tmp_path):
    path = _sample_with(tmp_path, "target = 120", 'target = "lots"')
    with pytest.raises(ConfigError, match=r"metrics\[0\]\.target"):
        config_file.load(path)


def test_duplicate_metric_keys_are_refused(tmp_path):
    path = _sample_with(tmp_path, 'key = "web-visits"', 'key = "mqls"')
    with pytest.raises(ConfigError, match="duplicate metric key mqls"):
        config_file.load(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\xff\xfe binary", "not a text file")],
)
def test_empty_or_binary_toml(tmp_path, content, reason):
    path = tmp_path / "scorecard.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=reason):
        config_file.load(path)


def test_discovery_order(tmp_path, monkeypatch):
    outer = write(tmp_path / "scorecard.toml", "")
    inner = tmp_path / "team" / "deep"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert config_file.discover() == outer
    monkeypatch.setenv("SCORECARD_CONFIG", "/elsewhere/scorecard.toml")
    assert config_file.discover() == Path("/elsewhere/scorecard.toml")
    assert config_file.discover("explicit.toml") == Path("explicit.toml")


def test_no_config_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="no scorecard.toml here or in any parent"):
        config_file.discover()


@pytest.mark.parametrize("database", ["../../etc/x.db", "/tmp/elsewhere.db"])
def test_database_outside_workspace_needs_explicit_permission(tmp_path, database):
    config = dataclasses.replace(default_config(), database=database)
    with pytest.raises(ConfigError, match="outside the workspace folder"):
        config_file.database_path(config, tmp_path / "scorecard.toml")
    allowed = dataclasses.replace(config, allow_external_database=True)
    assert config_file.database_path(allowed, tmp_path / "scorecard.toml").is_absolute()


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("target = 120", "target = inf", r"metrics\[0\]\.target: Input should be a finite number"),
        ("target = 120", "target = 120\ncolour = 1", r"metrics\[0\]\.colour: unknown field"),
        (
            "[teams.sales]",
            '[teams.support]\nname = "S"\nlead = "L"\n\n[teams.sales]',
            r"teams\.support\.\[key\]: Input should be 'sales' or 'marketing'",
        ),
    ],
)
def test_nested_errors_name_their_place(tmp_path, old, new, message):
    with pytest.raises(ConfigError, match=message):
        config_file.load(_sample_with(tmp_path, old, new))


def test_settings_built_in_code_are_checked_when_written(tmp_path):
    bad = dataclasses.replace(default_config(), title="")
    with pytest.raises(ConfigError, match="title: String should have at least 1 character"):
        config_file.write(bad, tmp_path / "scorecard.toml")
    assert not (tmp_path / "scorecard.toml").exists()


def test_defaults_fill_what_the_file_leaves_out(tmp_path):
    path = write(
        tmp_path / "scorecard.toml",
        'title = "Small"\n[teams.sales]\nname = "S"\nlead = "Sam"\n'
        '[teams.marketing]\nname = "M"\nlead = "Maya"\n'
        '[[metrics]]\nkey = "mqls"\nname = "MQLs"\narea = "awareness"\nowner = "marketing"\n'
        "target = 120\n",
    )
    config = config_file.load(path)
    assert config.currency == "USD" and config.agreements == [] and config.git.tag
    metric = config.metrics[0]
    assert (metric.unit, metric.direction, metric.tolerance, metric.target) == (
        "count",
        "higher",
        0.1,
        120.0,
    )


# -- derived metrics, funnel stages, goals (#17) --------------------------------

_RETENTION = 'key = "retention"\nname = "Customer retention"'


def test_formula_syntax_error_names_the_field(tmp_path):
    path = _sample_with(tmp_path, _RETENTION, _RETENTION + '\nformula = "closed-won / (pipeline"')
    with pytest.raises(
        ConfigError, match=r"metrics\[12\]\.formula: expected '\)' at column 23, found the end"
    ):
        config_file.load(path)


def test_formula_unknown_metric_names_the_metric(tmp_path):
    path = _sample_with(tmp_path, _RETENTION, _RETENTION + '\nformula = "won / pipeline"')
    with pytest.raises(ConfigError, match=r"metrics\[\d+\]\.formula: unknown metric 'won'$"):
        config_file.load(path)


def test_hyphen_between_two_keys_suggests_spaces(tmp_path):
    path = _sample_with(tmp_path, _RETENTION, _RETENTION + '\nformula = "closed-won-pipeline"')
    with pytest.raises(ConfigError, match="write 'closed-won - pipeline' to subtract"):
        config_file.load(path)


def test_formula_cycle_names_the_metric(tmp_path):
    text = (ROOT / "scorecard.toml").read_text()
    assert _RETENTION in text
    text = text.replace(_RETENTION, _RETENTION + '\nformula = "sla-followup * 2"', 1)
    text = text.replace(
        'key = "sla-followup"\nname = "Follow-up within SLA"',
        'key = "sla-followup"\nname = "Follow-up within SLA"\nformula = "retention / 2"',
    )
    path = write(tmp_path / "scorecard.toml", text)
    with pytest.raises(ConfigError, match=r"formula: \S+ depends on itself \(.* → .*\)"):
        config_file.load(path)


def test_formula_on_itself_is_a_cycle(tmp_path):
    path = _sample_with(tmp_path, _RETENTION, _RETENTION + '\nformula = "retention + 1"')
    with pytest.raises(ConfigError, match=r"metrics\[12\]\.formula: retention depends on itself"):
        config_file.load(path)


def test_stage_must_be_a_count_and_unique(tmp_path):
    path = _sample_with(tmp_path, _RETENTION, _RETENTION + "\nstage = 9")
    with pytest.raises(ConfigError, match=r"stage: a funnel stage must be a count"):
        config_file.load(path)
    path = _sample_with(tmp_path, 'key = "attended-calls"\n', 'key = "attended-calls"\nstage = 2\n')
    with pytest.raises(ConfigError, match=r"metrics\[2\]\.stage: stage 2 is already mqls"):
        config_file.load(path)


def _goal(**fields: str) -> str:
    base = {
        "key": '"q4-x"',
        "name": '"Q4 X"',
        "metric": '"closed-won"',
        "quarter": '"2026-Q4"',
        "target": "100",
        "owner": '"sales"',
    }
    base.update(fields)
    return "\n[[goals]]\n" + "".join(f"{k} = {v}\n" for k, v in base.items())


def _with_goal(tmp_path: Path, **fields: str) -> Path:
    text = (ROOT / "scorecard.toml").read_text().replace("[git]", _goal(**fields) + "\n[git]")
    return write(tmp_path / "scorecard.toml", text)


def test_goal_with_an_unknown_metric_names_the_field(tmp_path):
    with pytest.raises(ConfigError, match=r"goals\[\d+\]\.metric: unknown metric 'revenue'"):
        config_file.load(_with_goal(tmp_path, metric='"revenue"'))


@pytest.mark.parametrize("quarter", ['"2026-Q5"', '"Q4"', '"next"', "2026"])
def test_goal_quarter_that_does_not_parse_names_the_field(tmp_path, quarter):
    with pytest.raises(ConfigError, match=r"goals\[\d+\]\.quarter: "):
        config_file.load(_with_goal(tmp_path, quarter=quarter))


def test_goal_quarter_is_normalised_and_round_trips(tmp_path):
    config = config_file.load(_with_goal(tmp_path, key='"q4-y"', quarter='"2026q4"'))
    goal = next(g for g in config.goals if g.key == "q4-y")
    assert goal.quarter == "2026-Q4"
    out = tmp_path / "again.toml"
    config_file.write(config, out)
    assert config_file.load(out) == config


def test_unknown_goal_field_is_an_error(tmp_path):
    with pytest.raises(ConfigError, match=r"goals\[\d+\]\.colour: unknown field"):
        config_file.load(_with_goal(tmp_path, colour='"red"'))
