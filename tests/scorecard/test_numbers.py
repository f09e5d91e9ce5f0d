import pytest

from scorecard.errors import InvalidInput
from scorecard.numbers import format_number, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("131", 131),
        (" 22.5 ", 22.5),
        ("1,234.50", 1234.5),
        ("$48,000", 48000),
        ("35%", 35),
        ("-3.5", -3.5),
        ("-0", 0.0),
        (".5", 0.5),
    ],
)
def test_numbers_people_type(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize("text", ["abc", "", "nan", "NaN", "inf", "1e309", "$5k", "1,23", "--1"])
def test_things_that_are_not_numbers(text):
    with pytest.raises(InvalidInput, match="is not a number|too large"):
        parse_number(text)


def test_minus_zero_is_stored_as_zero():
    assert str(parse_number("-0")) == "0.0"


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (1234, "count", "1,234"),
        (12.5, "count", "12.5"),
        (48000, "currency", "$48,000"),
        (-1200, "currency", "-$1,200"),
        (35, "percent", "35%"),
        (22.25, "percent", "22.25%"),
    ],
)
def test_format_for_humans(value, unit, shown):
    assert format_number(value, unit) == shown


def test_unknown_currency_shows_its_code():
    assert format_number(10, "currency", "CHF") == "10 CHF"
