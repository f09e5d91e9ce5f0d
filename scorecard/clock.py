"""Today and now, in one place so tests, demos and snapshots can freeze them.

``SCORECARD_TODAY=2026-11-18`` freezes the date (and makes ``now()`` noon UTC
of that day), which keeps snapshots and golden files stable.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, time

from scorecard.errors import InvalidInput

_frozen: datetime | None = None


@contextmanager
def frozen(moment: datetime) -> Iterator[None]:
    """Make ``now()`` return ``moment`` inside the block (sample data, tests)."""
    global _frozen
    previous, _frozen = _frozen, moment
    try:
        yield
    finally:
        _frozen = previous


def today() -> date:
    frozen = os.environ.get("SCORECARD_TODAY")
    if frozen:
        try:
            return date.fromisoformat(frozen)
        except ValueError:
            message = f"SCORECARD_TODAY={frozen!r} is not a date like 2026-11-18"
            raise InvalidInput(message) from None
    return date.today()


def now() -> datetime:
    if _frozen is not None:
        return _frozen
    if os.environ.get("SCORECARD_TODAY"):
        return datetime.combine(today(), time(12, 0), tzinfo=UTC)
    return datetime.now(UTC)


def stamp(moment: datetime | None = None) -> str:
    """UTC ISO-8601 with seconds, e.g. ``2026-11-23T10:52:13Z``."""
    moment = (moment or now()).astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")
