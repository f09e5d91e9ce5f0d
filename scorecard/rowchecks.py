"""Checks of one stored value: what a field of a row must be before it is used.

Each check takes a value as SQLite returned it and says what is wrong with it
(one short phrase, the value shown shortened) or None. The rules are those of
typed input (:mod:`scorecard.validation`, :mod:`scorecard.config`): types, enums,
ISO week ids and times, id shapes and the same length limits.
:mod:`scorecard.rows` says which check each column of each table gets.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from scorecard.errors import ScorecardError
from scorecard.weeks import Week

WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
ID = re.compile(r"^[0-9a-f]{4,64}$")
_KEY = re.compile(r"^[a-z][a-z0-9_-]{0,39}$")
_COLUMN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")
MAX_STAMP = 40
MAX_JSON = 1_000_000
#: The deepest JSON a conflict cell may nest (a row is one object of scalars).
MAX_JSON_DEPTH = 4

Check = Callable[[Any], str | None]


@functools.lru_cache(maxsize=4096)
def _week_problem(value: str) -> str | None:
    match = WEEK.match(value)
    if match is None:
        return "is not an ISO week like 2026-W47"
    try:
        Week(int(match.group(1)), int(match.group(2)))
    except ScorecardError as exc:
        return str(exc)
    return None


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:39] + "…"


def week(value: Any) -> str | None:
    if not isinstance(value, str):
        return f"{_show(value)} is not a week id"
    problem = _week_problem(value) if len(value) <= 10 else "is not an ISO week like 2026-W47"
    return f"{_show(value)} {problem}" if problem else None


def stamp(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > MAX_STAMP:
        return f"{_show(value)} is not a time"
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return f"{_show(value)} is not an ISO time"
    return None


def day(value: Any) -> str | None:
    if not isinstance(value, str) or len(value) > 10:
        return f"{_show(value)} is not a date"
    try:
        date.fromisoformat(value)
    except ValueError:
        return f"{_show(value)} is not an ISO date"
    return None


def row_id(value: Any) -> str | None:
    if not isinstance(value, str) or ID.match(value) is None:
        return f"{_show(value)} is not an id"
    return None


def text(max_len: int, *, single_line: bool = False, empty: bool = False) -> Check:
    """Text of at most ``max_len`` characters, never NUL; not blank unless ``empty``."""

    def check(value: Any) -> str | None:
        if not isinstance(value, str):
            return f"{_show(value)} is not text"
        if len(value) > max_len:
            return f"has {len(value):,} characters, more than {max_len:,}"
        if not empty and not value.strip():
            return "is empty"
        if "\x00" in value:
            return "holds a NUL character"
        if single_line and ("\n" in value or "\r" in value):
            return "is not a single line"
        return None

    return check


def one_of(values: Iterable[str]) -> Check:
    allowed = tuple(values)

    def check(value: Any) -> str | None:
        return None if value in allowed else f"{_show(value)} is not one of {', '.join(allowed)}"

    return check


def number(value: Any) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return f"{_show(value)} is not a number"
    if not math.isfinite(value):
        return f"{_show(value)} is not a finite number"
    return None


def between(low: float, high: float) -> Check:
    def check(value: Any) -> str | None:
        found = number(value)
        if found is None and not low <= value <= high:
            return f"{_show(value)} is not from {low:g} to {high:g}"
        return found

    return check


def whole(low: int, high: int) -> Check:
    def check(value: Any) -> str | None:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            return f"{_show(value)} is not a whole number from {low} to {high}"
        return None

    return check


def metric_key(value: Any) -> str | None:
    if not isinstance(value, str) or _KEY.match(value) is None:
        return f"{_show(value)} is not a metric key"
    return None


def column_name(value: Any) -> str | None:
    if not isinstance(value, str) or _COLUMN.match(value) is None:
        return f"{_show(value)} is not a column name"
    return None


def _depth(value: Any, limit: int) -> bool:
    """True if ``value`` nests no deeper than ``limit``."""
    if limit < 0:
        return False
    if isinstance(value, dict):
        return all(_depth(v, limit - 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth(v, limit - 1) for v in value)
    return True


def json_cell(*, array: bool = False) -> Check:
    def check(value: Any) -> str | None:
        if not isinstance(value, str) or len(value) > MAX_JSON:
            return "is not a JSON value of at most 1 MB"
        if value.count("[") + value.count("{") > 10_000:
            return "is JSON nested too deeply"
        try:
            decoded = json.loads(value)
        except (ValueError, RecursionError):
            return "is not valid JSON"
        if not _depth(decoded, MAX_JSON_DEPTH):
            return "is JSON nested too deeply"
        if array and not isinstance(decoded, list):
            return "is not a JSON array"
        return None

    return check


def optional(check: Check) -> Check:
    def maybe(value: Any) -> str | None:
        return None if value is None else check(value)

    return maybe
