"""Where the user's own files are (docs/tui.md, "Settings")."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "SCORECARD_SETTINGS"


def settings_path() -> Path:
    """``$SCORECARD_SETTINGS``, else ``$XDG_CONFIG_HOME/scorecard/settings.toml``
    (``~/.config`` when XDG_CONFIG_HOME is unset or not absolute, as the XDG
    Base Directory spec says)."""
    explicit = os.environ.get(ENV_VAR, "").strip()
    if explicit:
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CONFIG_HOME", "").strip()
    folder = Path(base) if base and Path(base).is_absolute() else Path.home() / ".config"
    return folder / "scorecard" / "settings.toml"
