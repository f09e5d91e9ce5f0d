"""scorecard.toml as a file: found, read, validated and written.

Found like git finds ``.git``: ``--config``, else ``$SCORECARD_CONFIG``, else
the nearest ``scorecard.toml`` from the current directory upwards. Read with
``tomllib`` and checked by one pydantic-core ``SchemaValidator`` built from the
settings' own schemas (:mod:`scorecard.config`); written (only by ``init``,
``demo`` and ``import --save``) with ``tomli-w``, which rewrites the whole file
and drops comments. Errors name the file, the field and the problem in one
line. Unknown keys are errors.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from pathlib import Path
from typing import Any

from pydantic_core import SchemaValidator, ValidationError

from scorecard.config import MAX_CONFIG_BYTES, Config, schema_of
from scorecard.errors import ConfigError, InvalidInput

CONFIG_NAME = "scorecard.toml"
ENV_VAR = "SCORECARD_CONFIG"

_VALIDATOR = SchemaValidator(schema_of(Config))


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
    from scorecard.files import read_bytes

    try:  # a FIFO, a device, a symlink loop or a huge file: refused before reading
        raw = read_bytes(path, limit=MAX_CONFIG_BYTES, what="a scorecard.toml")
    except InvalidInput as exc:
        raise ConfigError(str(exc)) from None
    try:
        text = raw.decode("utf-8")
        data = tomllib.loads(text)
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (invalid UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    if not data:
        raise ConfigError(f"{path}: empty; run 'scorecard init' to write one")
    return validate(data, path)


def validate(data: dict[str, Any], path: Path) -> Config:
    """Check settings read from ``path``, or raise one-line :class:`ConfigError`."""
    try:
        config = _VALIDATOR.validate_python(data)
    except ValidationError as exc:
        raise ConfigError(_format_validation_error(path, exc)) from None
    assert isinstance(config, Config)
    return config


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
    try:
        root = config_path.resolve().parent
        candidate = Path(config.database).expanduser()
        resolved = (root / candidate).resolve()
    except (RuntimeError, OSError):  # Python's "Symlink loop", a name too long
        raise ConfigError(
            f"{config_path}: database: '{config.database}' cannot be resolved (a symlink loop?)"
        ) from None
    if not config.allow_external_database and not resolved.is_relative_to(root):
        raise ConfigError(
            f"{config_path}: database: '{config.database}' is outside the workspace folder; "
            "set allow_external_database = true if that is intended"
        )
    return resolved


def _tidy(value: object) -> object:
    """Whole floats as ints (``target = 120``), empty and unset options dropped."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):  # TOML has no null: an unset option is left out
        return {k: _tidy(v) for k, v in value.items() if v != "" and v is not None}
    if isinstance(value, list):
        return [_tidy(v) for v in value]
    return value


def dump(config: Config) -> dict[str, object]:
    """The config as plain TOML-ready data (dates stay dates)."""
    data = _tidy(dataclasses.asdict(config))
    assert isinstance(data, dict)
    if not data.get("imports"):
        data.pop("imports", None)  # written by ``import --save``, as text
    return data


def write(config: Config, path: Path) -> None:
    """Write ``config`` as TOML atomically (a temporary file renamed into place),
    refusing settings that would not load back."""
    import tomli_w  # only init/demo write the toml

    validate(dataclasses.asdict(config), path)
    from scorecard.files import write_atomically

    write_atomically(path, tomli_w.dumps(dump(config)), clear_stale=True)
