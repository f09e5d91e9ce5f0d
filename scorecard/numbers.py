"""Numbers typed by people or exported by a CRM: parse strictly, format for humans."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal

from scorecard.errors import InvalidInput

CURRENCY_SYMBOLS = {"USD": "$", "EUR": "€", "GBP": "£"}

#: Signs, currency marks and group separators seen in spreadsheets and CRM exports.
_SIGNS = "+-−–"  # plus, hyphen-minus, minus sign, en dash
_CURRENCY_PREFIX = re.compile(r"^(?:[$€£¥]|[A-Z]{3}(?=[\s\d.,]))")
_CURRENCY_SUFFIX = re.compile(r"(?:[$€£¥]|(?<=[\s\d.])[A-Z]{3})$")
_SPACES = " \u00a0\u202f\u2009"  # space, no-break space, narrow no-break space, thin space
_GROUP_CHARS = _SPACES + "'’"
_BODY_RE = re.compile(r"^\d[\d.,'’ \u00a0\u202f\u2009]*$|^[.,]\d+$")


def _grouped(text: str, sep: str) -> bool:
    """``1,234,567`` with ``sep`` between groups of exactly three digits."""
    parts = text.split(sep)
    return (
        len(parts) > 1
        and 1 <= len(parts[0]) <= 3
        and all(len(p) == 3 for p in parts[1:])
        and all(p.isdigit() for p in parts)
    )


def _digits(body: str, decimal_comma: bool) -> str | None:
    """The number in ``body`` as plain ``1234.5`` digits, or None if malformed."""
    for char in _GROUP_CHARS:
        if char in body:
            # spaces and apostrophes group the integer part only, in threes
            head = re.split(r"[.,]", body, maxsplit=1)[0]
            if not _grouped(head, char):
                return None
            body = body.replace(char, "")
    has_dot, has_comma = "." in body, "," in body
    if has_dot and has_comma:
        decimal = "." if body.rfind(".") > body.rfind(",") else ","
        group = "," if decimal == "." else "."
        head, _, frac = body.rpartition(decimal)
        if not frac or not _grouped(head, group):
            return None
        return head.replace(group, "") + "." + frac
    if has_dot or has_comma:
        sep = "." if has_dot else ","
        head, _, frac = body.partition(sep)
        if _grouped(body, sep):
            # 1,234 or 1.234.567 group thousands, except a lone 1,234 / 1.234 whose
            # meaning depends on the convention (decimal comma or decimal point).
            is_decimal = body.count(sep) == 1 and (sep == ",") == decimal_comma
            return head + "." + frac if is_decimal else body.replace(sep, "")
        if body.count(sep) > 1 or not frac or (sep == "," and not decimal_comma):
            return None  # 1,23 is a typo unless commas are decimal marks
        return (head or "0") + "." + frac
    return body


@dataclass(frozen=True, slots=True)
class Reading:
    """A number as typed: its value and the signs written around it."""

    value: float
    currency: str | None = None
    """The currency symbol or ISO code written (``$``, ``EUR``), if any."""
    percent: bool = False
    """A ``%`` sign was written."""
    scale: str | None = None
    """The suffix that scaled the number (``k``, ``m``, ``bn``), if any."""


#: ``95k``, ``1.2m``, ``3bn``: thousands, millions, billions (any case).
SCALES = {"k": 1_000, "m": 1_000_000, "mm": 1_000_000, "b": 1_000_000_000, "bn": 1_000_000_000}
_SCALE_RE = re.compile(r"(?<=[\d.])\s?(k|mm|m|bn|b)$", re.IGNORECASE)


def read_number(text: str, *, decimal_comma: bool = False, scales: bool = False) -> Reading:
    """Read ``text`` as :func:`parse_number` does, and say which signs it had.

    With ``scales``, a suffix ``k``, ``m`` (or ``mm``) or ``b`` (or ``bn``)
    multiplies the number exactly (``1.2m`` is 1,200,000, not 1,199,999.99…).
    Whether a sign or suffix fits a metric is for :mod:`scorecard.bounds`.
    """
    body = text.strip()
    sign = ""
    if body[:1] and body[0] in _SIGNS:  # -$5
        sign, body = body[0], body[1:].strip()
    prefix = _CURRENCY_PREFIX.match(body)
    body = body[prefix.end() :].strip() if prefix else body
    if body[:1] and body[0] in _SIGNS and not sign:  # $-5
        sign, body = body[0], body[1:].strip()
    negative = sign not in ("", "+")
    suffix = _CURRENCY_SUFFIX.search(body)
    body = body[: suffix.start()].strip() if suffix else body
    percent = body.endswith("%")
    if percent:
        body = body[:-1].strip()
    scale = _SCALE_RE.search(body) if scales else None
    if scale:
        body = body[: scale.start()]
    digits = _digits(body, decimal_comma) if _BODY_RE.match(body) else None
    if digits is None:
        raise InvalidInput(f"'{text}' is not a number")
    exact = Decimal(digits) * SCALES[scale.group(1).lower()] if scale else Decimal(digits)
    value = float(exact)
    if not math.isfinite(value):
        raise InvalidInput(f"'{text}' is too large")
    return Reading(
        (-value if negative else value) + 0.0,  # normalise -0.0 to 0.0
        currency=marked.group(0).strip() if (marked := prefix or suffix) else None,
        percent=percent,
        scale=scale.group(1).lower() if scale else None,
    )


def parse_number(text: str, *, decimal_comma: bool = False) -> float:
    """Parse ``1234``, ``1,234.50``, ``-3.5``, ``$1,200``, ``42%``, ``1.234,50 €``.

    Tolerates what spreadsheets and CRM exports write: a currency symbol or
    ISO code before or after the number, thousands separators (``,`` ``.``
    space, no-break space, ``'``) in groups of three, ``1.234,50``, a
    Unicode minus. A comma alone is a thousands separator (``1,234``; ``1,23``
    is refused) unless ``decimal_comma`` is true (files from locales that
    write ``1,5``): then ``1,234`` is 1.234 and ``1.234`` is one thousand…
    Refuses anything else (words, ``NaN``, ``inf``, exponents, ``$5k``) with
    a sentence that names the text. A metric's value is read with
    :func:`scorecard.bounds.parse_value`, which also takes ``95k``.
    """
    return read_number(text, decimal_comma=decimal_comma).value


def plain_number(value: float) -> str:
    """The exact value as plain digits (``1234.5``, ``0.00001``), no exponent.

    ``parse_number(plain_number(x)) == x`` for every finite float: the
    shortest repr's digits, written out positionally.
    """
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value}")
    if float(value).is_integer() and abs(value) < 1e16:
        return str(int(value))
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


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


def format_change(delta: float | None, unit: str = "count", currency: str = "USD") -> str:
    """A change from one week to the next: ``+7``, ``-$4,000``, ``+2 pts``, ``±0``, ``—``.

    The report and the week screen both show it: one rule for both."""
    if delta is None:
        return "—"
    if delta == 0:
        return "±0"
    sign = "+" if delta > 0 else "-"
    if unit == "percent":
        return f"{sign}{format_number(abs(delta))} pts"
    return sign + format_number(abs(delta), unit, currency)
