"""The user's own settings: the app's theme and a keymap, in the XDG config folder.

One file per user, not per workspace (a workspace is shared through git; how a
lead likes the app to look is theirs): ``$SCORECARD_SETTINGS`` if set, else
``$XDG_CONFIG_HOME/scorecard/settings.toml`` (``~/.config/...`` by default).
``scorecard config path`` prints where it is. The app writes it (with tomli-w,
which drops comments) only when the theme is changed; the keymap is edited by
hand. A file that does not load is an error naming the file and the field.

Imported by the app only (``scorecard config path`` needs :func:`path` alone).
A frozen dataclass checked by a pydantic-core schema, as scorecard.toml's
settings are (:mod:`scorecard.config`): pydantic's ``BaseModel`` machinery
cost the app's start-up about a tenth of its time (docs/benchmarks.md).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic_core import SchemaValidator, ValidationError
from pydantic_core import core_schema as cs

from scorecard.config import schema_of
from scorecard.errors import ConfigError
from scorecard.paths import settings_path

DEFAULT_THEME = "textual-dark"


@dataclass(frozen=True, kw_only=True)
class Settings:
    """What ``settings.toml`` holds. Unknown keys are errors."""

    theme: str = field(
        default=DEFAULT_THEME, metadata={"schema": cs.str_schema(min_length=1, max_length=100)}
    )
    """The app's theme: any of Textual's (ctrl+p, "Theme"); remembered when changed."""
    keymap: dict[str, str] = field(
        default_factory=dict,
        metadata={"schema": cs.dict_schema(cs.str_schema(), cs.str_schema())},
    )
    """Keys for the app's actions by binding id, e.g. ``"week.history" = "ctrl+h"``
    (several keys: ``"f2,ctrl+h"``). ``?`` lists the ids with their keys."""

    def with_theme(self, theme: str) -> Settings:
        return dataclasses.replace(self, theme=theme)

    def changed(self) -> dict[str, Any]:
        """The fields that differ from the defaults: what the file holds."""
        default = Settings()
        return {
            item.name: getattr(self, item.name)
            for item in dataclasses.fields(self)
            if getattr(self, item.name) != getattr(default, item.name)
        }


_VALIDATOR = SchemaValidator(schema_of(Settings))


def _message(path: Path, exc: ValidationError) -> str:
    parts = []
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"])
        msg = "unknown field" if err["type"] == "extra_forbidden" else err["msg"]
        parts.append(f"{loc}: {msg}" if loc else msg)
    return f"{path}: " + "; ".join(parts)


def load(path: Path | None = None) -> Settings:
    """The settings (defaults if there is no file), or one-line :class:`ConfigError`."""
    path = path or settings_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Settings()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read ({exc.strerror})") from None
    if len(raw) > 100_000:
        raise ConfigError(f"{path}: too large for a settings file ({len(raw):,} bytes)")
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a text file (invalid UTF-8)") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    try:
        found = _VALIDATOR.validate_python(data)
    except ValidationError as exc:
        raise ConfigError(_message(path, exc)) from None
    assert isinstance(found, Settings)
    return found


def save(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically (a temporary file renamed into place)."""
    import tomli_w

    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.changed()
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
