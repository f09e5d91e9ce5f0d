"""Errors the user can act on. Each carries one clear sentence and an exit code.

Exit codes follow DESIGN.md: 1 for a failure the user can fix (a locked or
read-only file), 2 for bad usage or invalid input.
"""

from __future__ import annotations


class ScorecardError(Exception):
    """Base class: ``str(err)`` is the one line shown to the user."""

    exit_code = 1


class InvalidInput(ScorecardError):
    """The user typed something we cannot accept (exit 2)."""

    exit_code = 2


class ConfigError(InvalidInput):
    """scorecard.toml is missing, unreadable or invalid."""


class NotFound(InvalidInput):
    """An id, metric or week that does not exist."""


class OutOfBounds(InvalidInput):
    """A value its metric does not accept: out of range, too many decimals, a wrong sign."""


class WeekAhead(InvalidInput):
    """A value for a week more than one week ahead of this week (``--force`` allows it)."""


class StaleEdit(ScorecardError):
    """The value changed in another process since it was read."""


class WeekClosed(ScorecardError):
    """A write to a week that has been closed."""


class UnmergedFile(ScorecardError):
    """A write into a database git marks as unmerged (exit 1): finish the merge first."""
