"""Checks on what the user typed, before anything is written.

Each raises :class:`InvalidInput` (or :class:`NotFound`) with one clear line.
"""

from __future__ import annotations

import unicodedata

from scorecard import config as cfg
from scorecard.enums import MAX_NAME as MAX_NAME
from scorecard.enums import MAX_SHORT_TEXT as MAX_SHORT_TEXT
from scorecard.enums import MAX_TEXT as MAX_TEXT
from scorecard.enums import NOTE_KINDS, TEAMS
from scorecard.errors import InvalidInput, NotFound

# A name made only of these (zero-width spaces, control characters…) shows as nothing.
_INVISIBLE = {"Cc", "Cf", "Zs", "Zl", "Zp"}


def clean_text(text: str, what: str, *, max_len: int = MAX_TEXT, single_line: bool = False) -> str:
    value = text.strip()
    invisible = single_line and all(unicodedata.category(c) in _INVISIBLE for c in value)
    if not value or invisible:  # a name must show as something
        raise InvalidInput(f"{what} must not be empty")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:  # bytes from the shell that are not UTF-8 (surrogateescape)
        raise InvalidInput(f"{what} is not valid UTF-8 text") from None
    if len(value) > max_len:
        raise InvalidInput(f"{what} is too long ({len(value):,} characters, at most {max_len:,})")
    if "\x00" in value:
        raise InvalidInput(f"{what} contains a NUL character")
    if single_line and ("\n" in value or "\r" in value):
        raise InvalidInput(f"{what} must be a single line")
    return value


def metric(config: cfg.Config, key: str) -> cfg.Metric:
    """The metric ``key`` of ``config``, or :class:`NotFound` naming the known ones."""
    found = config.metric(key)
    if found is None:
        known = ", ".join(m.key for m in config.metrics)
        raise NotFound(f"unknown metric '{key}' (known: {known})")
    return found


def team(team: str) -> str:
    team = team.strip().lower()
    if team not in TEAMS:
        raise InvalidInput(f"unknown team '{team}' (use {', '.join(TEAMS)})")
    return team


def note_kind(kind: str) -> str:
    kind = kind.strip().lower().replace("'", "")
    if kind not in NOTE_KINDS:
        raise InvalidInput(f"unknown note kind '{kind}' (use {', '.join(NOTE_KINDS)})")
    return kind


def team_of(config: cfg.Config, owner: str) -> str | None:
    """The team whose lead is ``owner``, if any."""
    for key, found in config.teams.items():
        if found.lead.casefold() == owner.strip().casefold():
            return key
    return None
