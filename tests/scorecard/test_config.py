from pathlib import Path

import pytest

from scorecard import config as cfg
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
        assert len(config.metrics_in(area)) >= 2
    assert {m.owner for m in config.metrics} == {"sales", "marketing", "shared"}
    assert {a.key for a in config.agreements} >= {"lead-definition", "hand-off", "follow-up-sla"}


def test_written_toml_reads_back_equal(tmp_path):
    path = tmp_path / "scorecard.toml"
    cfg.write(default_config("Round trip"), path)
    assert cfg.load(path) == default_config("Round trip")
    assert "target = 120\n" in path.read_text()


def test_repository_sample_toml_is_the_built_in_sample():
    assert cfg.load(ROOT / "scorecard.toml") == sample_config()


def test_toml_syntax_error_names_file_and_line(tmp_path):
    path = write(tmp_path / "scorecard.toml", 'title = "x"\nmetrics = [\n  oops\n')
    with pytest.raises(ConfigError, match=r"scorecard.toml: invalid TOML: .*line 3"):
        cfg.load(path)


def _sample_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (ROOT / "scorecard.toml").read_text()
    assert old in text
    return write(tmp_path / "scorecard.toml", text.replace(old, new, 1))


def test_unknown_field_is_an_error_naming_it(tmp_path):
    path = _sample_with(tmp_path, 'currency = "USD"', 'currency = "USD"\ncolour = "blue"')
    with pytest.raises(ConfigError, match=r"scorecard.toml: colour: unknown field"):
        cfg.load(path)


def test_mistyped_field_names_its_place(tmp_path):
    path = _sample_with(tmp_path, 'direction = "higher"', 'direction = "up"')
    with pytest.raises(ConfigError, match=r"metrics\[0\]\.direction: Input should be 'higher'"):
        cfg.load(path)


def test_target_must_be_a_number(tmp_path):
    path = _sample_with(tmp_path, "target = 120", 'target = "lots"')
    with pytest.raises(ConfigError, match=r"metrics\[0\]\.target"):
        cfg.load(path)


def test_duplicate_metric_keys_are_refused(tmp_path):
    path = _sample_with(tmp_path, 'key = "web-visits"', 'key = "mqls"')
    with pytest.raises(ConfigError, match="duplicate metric key mqls"):
        cfg.load(path)


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"\x00\xff\xfe binary", "not a text file")],
)
def test_empty_or_binary_toml(tmp_path, content, reason):
    path = tmp_path / "scorecard.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError, match=reason):
        cfg.load(path)


def test_discovery_order(tmp_path, monkeypatch):
    outer = write(tmp_path / "scorecard.toml", "")
    inner = tmp_path / "team" / "deep"
    inner.mkdir(parents=True)
    monkeypatch.chdir(inner)
    assert cfg.discover() == outer
    monkeypatch.setenv("SCORECARD_CONFIG", "/elsewhere/scorecard.toml")
    assert cfg.discover() == Path("/elsewhere/scorecard.toml")
    assert cfg.discover("explicit.toml") == Path("explicit.toml")


def test_no_config_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ConfigError, match="no scorecard.toml here or in any parent"):
        cfg.discover()


@pytest.mark.parametrize("database", ["../../etc/x.db", "/tmp/elsewhere.db"])
def test_database_outside_workspace_needs_explicit_permission(tmp_path, database):
    config = default_config().model_copy(update={"database": database})
    with pytest.raises(ConfigError, match="outside the workspace folder"):
        cfg.database_path(config, tmp_path / "scorecard.toml")
    allowed = config.model_copy(update={"allow_external_database": True})
    assert cfg.database_path(allowed, tmp_path / "scorecard.toml").is_absolute()
