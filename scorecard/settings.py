"""The user's own settings: the app's theme and a keymap, in the XDG config folder.

One file per user, not per workspace (a workspace is shared through git; how a
lead likes the app to look is theirs): ``$SCORECARD_SETTINGS`` if set, else
``$XDG_CONFIG_HOME/scorecard/settings.toml`` (``~/.config/...`` by default).
``scorecard config path`` prints where it is. The app writes it (with tomli-w,
which drops comments) only when the theme is changed; the keymap is edited by
hand. A file that does not load is an error naming the file and the field.

Imported by the app only: pydantic's models cost an import the headless
commands do not pay (``scorecard config path`` needs :func:`path` alone).
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from scorecard.errors import ConfigError
from scorecard.paths import settings_path

DEFAULT_THEME = "textual-dark"


class Settings(BaseModel):
    """What ``settings.toml`` holds. Unknown keys are errors."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    theme: str = Field(default=DEFAULT_THEME, min_length=1, max_length=100)
    """The app's theme: any of Textual's (ctrl+p, "Theme"); remembered when changed."""
    keymap: dict[str, str] = Field(default_factory=dict)
    """Keys for the app's actions by binding id, e.g. ``"week.history" = "ctrl+h"``
    (several keys: ``"f2,ctrl+h"``). ``?`` lists the ids with their keys."""


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
        return Settings.model_validate(data)
    except ValidationError as exc:
        raise ConfigError(_message(path, exc)) from None


def save(settings: Settings, path: Path | None = None) -> None:
    """Write ``settings`` atomically (a temporary file renamed into place)."""
    import tomli_w

    path = path or settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    data = settings.model_dump(exclude_defaults=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.new")
    try:
        tmp.write_text(tomli_w.dumps(data), encoding="utf-8")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
