"""What every way of importing produces: values to write, bad rows, and what was read."""

from __future__ import annotations

from dataclasses import dataclass, field

from scorecard.config import Config, Metric
from scorecard.errors import InvalidInput
from scorecard.importing.cells import accounting
from scorecard.importing.dates import DateColumn
from scorecard.weeks import Week

MAX_NOTE = 2000


@dataclass(frozen=True, slots=True)
class ImportRow:
    """One weekly value to write."""

    where: str
    """Where it came from, for messages: ``line 7``, ``values[6]``, ``12 rows``."""
    week: Week
    metric: str
    value: float
    note: str | None = None
    rows: int | None = None
    """How many rows of the file were aggregated into it (mapped imports only)."""


@dataclass(frozen=True, slots=True)
class RowError:
    where: str
    reason: str
    order: int = 0
    """Sort key: the line (or list index) the error is on."""


@dataclass
class Reading:
    """A file read: the values, the bad rows, and one line per thing worth saying."""

    read_as: str = ""
    """``Read deals.csv: UTF-8, comma separated, 120 rows.``"""
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    dates: list[tuple[str, DateColumn]] = field(default_factory=list)
    """The date columns read and how (described once every cell is read)."""

    def summary_lines(self) -> list[str]:
        dated = [f"Dates in '{column}': {d.describe()}." for column, d in self.dates]
        return [self.read_as] * bool(self.read_as) + dated + self.notes


class Metrics:
    """Metric lookup by key or name (any case), refusing what cannot be imported."""

    def __init__(self, config: Config) -> None:
        self._by_text: dict[str, Metric] = {}
        for m in config.metrics:
            self._by_text.setdefault(m.key.casefold(), m)
            self._by_text.setdefault(m.name.strip().casefold(), m)
        self._seen: dict[str, Metric | None] = {}

    def find(self, text: str) -> Metric | None:
        found = self._seen.get(text, False)
        if found is False:
            found = self._seen[text] = self._by_text.get(text.strip().casefold())
        return found  # type: ignore[return-value]

    def get(self, text: str) -> Metric:
        spec = self.find(text)
        if spec is None:
            raise InvalidInput(f"unknown metric '{text.strip()}'")
        importable(spec)
        return spec


def is_derived(spec: Metric) -> bool:
    """Computed from other metrics (a ``formula``): nothing to import."""
    return spec.derived


def importable(spec: Metric) -> Metric:
    """``spec``, or :class:`InvalidInput` if its values are computed, never entered
    (the rule of :func:`scorecard.derived.refuse_typed`, shared with ``set`` and the app)."""
    from scorecard.derived import refuse_typed

    refuse_typed(spec)
    return spec


class Values:
    """Cells that hold a metric's weekly value (long and wide files), read as
    ``scorecard set`` reads what is typed: :func:`scorecard.bounds.parse_value`
    (the unit's signs, "did you mean 27%?", min, max, decimals), with the
    column's decimal mark and an accountant's ``(500)``. Repeated cells are
    read once."""

    def __init__(self, currency: str) -> None:
        self.currency = currency
        self._seen: dict[tuple[str, str, bool], float] = {}

    def read(self, spec: Metric, text: str, *, decimal_comma: bool) -> float:
        key = (spec.key, text, decimal_comma)
        found = self._seen.get(key)
        if found is None:
            from scorecard.bounds import parse_value

            negative, body = accounting(text)
            typed = "-" + body.strip() if negative else body
            found = parse_value(spec, typed, currency=self.currency, decimal_comma=decimal_comma)
            self._seen[key] = found
        return found


def weekly(spec: Metric, value: float, *, mean: bool, currency: str) -> float:
    """An aggregated week's value with the metric's bounds applied; a mean is
    rounded to the metric's decimals first (nobody typed its last digits)."""
    from scorecard.bounds import bounds_of, check_value

    decimals = bounds_of(spec).decimals
    if mean and decimals is not None:
        value = round(value, decimals)
    return check_value(spec, round(value, 10) + 0.0, currency=currency)


def parse_note(raw: str | None, *, spreadsheet: bool = True) -> str | None:
    """A note cell: empty is None (keep the stored note); ``spreadsheet`` undoes
    the formula guard of our CSV export."""
    from scorecard.text import restore

    if raw is None:
        return None
    note = raw.strip()
    note = restore(note) if spreadsheet else note
    if not note.strip():
        return None
    if len(note) > MAX_NOTE:
        raise InvalidInput(f"note is too long ({len(note):,} characters, at most {MAX_NOTE:,})")
    if "\x00" in note:
        raise InvalidInput("note contains a NUL character")
    return note
