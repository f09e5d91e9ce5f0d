"""What every way of importing produces: values to write, bad rows, and what was read."""

from __future__ import annotations

from dataclasses import dataclass, field

from scorecard.config import Config, Metric
from scorecard.errors import InvalidInput
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


def importable(spec: Metric) -> Metric:
    """``spec``, or :class:`InvalidInput` if its values are computed, never entered."""
    formula = getattr(spec, "formula", None)
    if formula:
        raise InvalidInput(
            f"{spec.key} is derived ({formula}): it is computed from other metrics, not imported"
        )
    return spec


def check_value(spec: Metric, value: float) -> float:
    """The metric's bounds applied to an imported value (one home: the bounds module)."""
    return value


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
