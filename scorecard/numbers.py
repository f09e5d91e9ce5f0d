"""Numbers typed by people: parse strictly, format for humans."""

from __future__ import annotations

import math
import re

from scorecard.errors import InvalidInput

_NUMBER_RE = re.compile(
    r"""^(?P<sign>[-+]?)\s*(?P<cur>[$€£])?\s*
    (?P<int>\d{1,3}(?:,\d{3})+|\d+)?(?P<frac>\.\d+)?\s*(?P<pct>%)?$""",
    re.VERBOSE | re.ASCII,
)

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}


def parse_number(text: str) -> float:
    """Parse ``1234``, ``1,234.50``, ``-3.5``, ``$1,200``, ``42%``.

    Refuses anything else (words, ``NaN``, ``inf``, ``1e309``, ``$5k``) with
    a sentence that names the text.
    """
    raw = text.strip()
    match = _NUMBER_RE.match(raw)
    if not raw or not match or not (match.group("int") or match.group("frac")):
        raise InvalidInput(f"'{text}' is not a number")
    digits = (match.group("int") or "0").replace(",", "") + (match.group("frac") or "")
    value = float(digits)
    if match.group("sign") == "-":
        value = -value
    if not math.isfinite(value):
        raise InvalidInput(f"'{text}' is too large")
    return value + 0.0  # normalise -0.0 to 0.0


def check_finite(value: float, what: str = "value") -> float:
    if not math.isfinite(value):
        raise InvalidInput(f"{what} must be a finite number, not {value}")
    return value + 0.0


def format_number(value: float, unit: str = "count", currency: str = "USD") -> str:
    """``1,234``, ``$48,000``, ``35%``, ``12.5`` — stable for the same input."""
    if float(value).is_integer():
        body = f"{abs(value):,.0f}"
    else:
        body = f"{abs(value):,.2f}".rstrip("0").rstrip(".")
    sign = "-" if value < 0 else ""
    if unit == "currency":
        symbol = CURRENCY_SYMBOLS.get(currency)
        return f"{sign}{symbol}{body}" if symbol else f"{sign}{body} {currency}"
    if unit == "percent":
        return f"{sign}{body}%"
    return f"{sign}{body}"
