"""scorecard.toml: the workspace's settings, validated with pydantic.

Read with ``tomllib``, written (only by ``init`` and ``demo``) with ``tomli-w``,
which rewrites the whole file and drops comments. Errors name the file, the
field and the problem in one line. Unknown keys are errors.

Found like git finds ``.git``: ``--config``, else ``$SCORECARD_CONFIG``, else
the nearest ``scorecard.toml`` from the current directory upwards.
"""

from __future__ import annotations

import os
import tomllib
from datetime import date
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from scorecard.errors import ConfigError

CONFIG_NAME = "scorecard.toml"
ENV_VAR = "SCORECARD_CONFIG"

Area = Literal["awareness", "revenue", "trust"]
Owner = Literal["sales", "marketing", "shared"]
TeamKey = Literal["sales", "marketing"]
Unit = Literal["count", "currency", "percent"]
Direction = Literal["higher", "lower"]

AREAS: tuple[Area, ...] = ("awareness", "revenue", "trust")
OWNERS: tuple[Owner, ...] = ("sales", "marketing", "shared")

Key = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$")]
Text = Annotated[str, Field(min_length=1, max_length=2000)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Team(_Strict):
    name: Text
    """Display name of the team, e.g. "Sales"."""
    lead: Text
    """The team's lead, who runs the weekly sync."""


class Metric(_Strict):
    key: Key
    """Short id used on the command line (``scorecard set mqls 120``)."""
    name: Text
    """Human name shown in the scorecard and reports."""
    area: Area
    """Awareness, revenue or trust."""
    owner: Owner
    """Who is accountable: sales, marketing, or shared ("WE won that deal")."""
    unit: Unit = "count"
    """count, currency (see ``currency``) or percent (35 means 35%)."""
    target: float
    """The weekly target in force now. Values keep the target of their week."""
    direction: Direction = "higher"
    """Whether higher or lower values are better."""
    tolerance: Annotated[float, Field(ge=0, le=1)] = 0.1
    """How far from target (a fraction of it) still counts as "at risk"."""
    description: str = ""
    """Optional: how the metric is counted."""

    @field_validator("target")
    @classmethod
    def _finite(cls, value: float) -> float:
        if value != value or value in (float("inf"), float("-inf")):
            raise ValueError("must be a finite number")
        return value


class Agreement(_Strict):
    key: Key
    """Short id, e.g. ``lead-definition``."""
    title: Text
    """What the rule is about, e.g. "What counts as a lead"."""
    text: Annotated[str, Field(min_length=1, max_length=10000)]
    """The rule as both leads agreed it."""
    agreed: date
    """The date both leads agreed it (a TOML date: 2026-09-01)."""


class GitSettings(_Strict):
    commit_on_close: bool = True
    """Commit the database and the week's report when a week is closed."""
    tag: bool = True
    """Tag the close commit ``scorecard/<week>``."""


class Config(_Strict):
    title: Text
    """The workspace title shown in the header and reports."""
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")] = "USD"
    """ISO code for currency metrics (USD, EUR and GBP show a symbol)."""
    database: str = "scorecard.db"
    """Path of the SQLite file, relative to this toml."""
    allow_external_database: bool = False
    """Set to true to allow a database path outside this folder (absolute or ``..``)."""
    reports_dir: str = "reports"
    """Where ``close`` writes each week's Markdown report, relative to this toml."""
    teams: dict[TeamKey, Team]
    """The two teams, ``sales`` and ``marketing``, with their leads."""
    metrics: list[Metric]
    """The scorecard, in display order within each area."""
    agreements: list[Agreement] = []
    """The operating rules: lead definition, hand-off, follow-up SLA…"""
    git: GitSettings = GitSettings()
    """What happens in git when a week is closed."""

    @model_validator(mode="after")
    def _consistent(self) -> Config:
        missing = {"sales", "marketing"} - set(self.teams)
        if missing:
            raise ValueError(f"teams: missing {', '.join(sorted(missing))}")
        if not self.metrics:
            raise ValueError("metrics: at least one metric is needed")
        for label, keys in (
            ("metric", [m.key for m in self.metrics]),
            ("agreement", [a.key for a in self.agreements]),
        ):
            dupes = sorted({k for k in keys if keys.count(k) > 1})
            if dupes:
                raise ValueError(f"duplicate {label} key {', '.join(dupes)}")
        if not self.database.strip():
            raise ValueError("database: must not be empty")
        return self

    def metric(self, key: str) -> Metric | None:
        return next((m for m in self.metrics if m.key == key), None)

    def metrics_in(self, area: Area) -> list[Metric]:
        return [m for m in self.metrics if m.area == area]


def _format_validation_error(path: Path, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ""
        for item in err["loc"]:
            loc += f"[{item}]" if isinstance(item, int) else (f".{item}" if loc else str(item))
        msg = err["msg"]
        if err["type"] == "extra_forbidden":
            msg = "unknown field"
        elif msg.startswith("Value error, "):
            msg = msg.removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    return f"{path}: " + "; ".join(parts)


def load(path: Path) -> Config:
    """Read and validate a scorecard.toml, or raise one-line :class:`ConfigError`."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ConfigError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise ConfigError(f"{path}: is a directory, not a scorecard.toml") from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > 1_000_000:
        raise ConfigError(f"{path}: too large for a scorecard.toml ({len(raw):,} bytes)")
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (invalid UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if not data:
        raise ConfigError(f"{path}: empty; run 'scorecard init' to write one")
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(path, exc)) from None


def discover(explicit: str | os.PathLike[str] | None = None, cwd: Path | None = None) -> Path:
    """Where the config is: explicit path, ``$SCORECARD_CONFIG``, or upward search."""
    if explicit:
        return Path(explicit)
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    raise ConfigError(
        f"no {CONFIG_NAME} here or in any parent folder; run 'scorecard init' or pass --config"
    )


def database_path(config: Config, config_path: Path) -> Path:
    """The database file, resolved against the toml's folder.

    A path outside the workspace folder (absolute, or escaping with ``..``)
    is refused unless ``allow_external_database = true`` says it is meant.
    """
    root = config_path.resolve().parent
    candidate = Path(config.database).expanduser()
    resolved = (root / candidate).resolve()
    if not config.allow_external_database and not resolved.is_relative_to(root):
        raise ConfigError(
            f"{config_path}: database: '{config.database}' is outside the workspace folder; "
            "set allow_external_database = true if that is intended"
        )
    return resolved


def _tidy(value: object) -> object:
    """Whole floats as ints (``target = 120``), empty optional strings dropped."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {k: _tidy(v) for k, v in value.items() if v != ""}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def dump(config: Config) -> dict[str, object]:
    """The config as plain TOML-ready data (dates stay dates)."""
    data = _tidy(config.model_dump(mode="python"))
    assert isinstance(data, dict)
    return data


def write(config: Config, path: Path) -> None:
    """Write the toml atomically (a temporary file renamed into place)."""
    import tomli_w  # only init/demo write the toml

    text = tomli_w.dumps(dump(config))
    for stale in path.parent.glob(f".{path.name}.*.new"):  # left by a write that crashed
        stale.unlink(missing_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
