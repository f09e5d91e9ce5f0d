"""parse_number reads what people type and what CRM exports write, and nothing else."""

from __future__ import annotations

import pytest

from scorecard.errors import InvalidInput
from scorecard.numbers import parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234", 1234),
        ("1,234.50", 1234.5),
        ("-3.5", -3.5),
        ("$1,200", 1200),
        ("42%", 42),
        ("42 %", 42),
        (".5", 0.5),
        ("1.234.567", 1234567),
        ("12,345,678.9", 12345678.9),
        ("1.234,50 €", 1234.5),
        ("€1.234,50", 1234.5),
        ("1 234", 1234),
        ("1\u00a0234.5", 1234.5),
        ("1\u202f234", 1234),
        ("1'234", 1234),
        ("USD 1,200", 1200),
        ("1200 EUR", 1200),
        ("£5", 5),
        ("-$5", -5),
        ("$-5", -5),
        ("−7", -7),
        ("+4", 4),
        ("1,234", 1234),  # a lone group of three: thousands by default
        ("1.234", 1.234),
        ("-0", 0),
    ],
)
def test_accepts(text, value):
    assert parse_number(text) == value


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,234", 1.234),
        ("1.234", 1234),
        ("1.234,5", 1234.5),
        ("1234.50", 1234.5),
        ("12,5", 12.5),
        ("1\u00a0234,5", 1234.5),
        ("27,5 %", 27.5),
    ],
)
def test_decimal_comma_convention(text, value):
    assert parse_number(text, decimal_comma=True) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        " ",
        "abc",
        "NaN",
        "inf",
        "1e5",
        "1e309",
        "$5k",
        "5.",
        "1,2,3",
        "1..2",
        "--5",
        "+-5",
        "$$5",
        "1 23",
        "12 345 6",
        "%",
        "$",
        "-",
        "1.2.3,4",
        "1,23.4",
        "5€%",
        "0x10",
    ],
)
def test_refuses(text):
    with pytest.raises(InvalidInput, match="is not a number"):
        parse_number(text)


def test_set_uses_the_tolerant_parser(workspace_dir, run):
    result = run("set", "pipeline", "$ 250.000,00")
    assert result.exit_code == 0, result.stderr
    assert "$250,000" in result.stdout
