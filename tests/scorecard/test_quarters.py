from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.errors import InvalidInput
from scorecard.quarters import Quarter, parse_quarter
from scorecard.weeks import Week


def test_a_week_belongs_to_the_quarter_of_its_thursday():
    # 2026-W40 runs 28 Sep – 4 Oct; its Thursday is 1 Oct.
    assert Quarter.of(Week(2026, 40)) == Quarter(2026, 4)
    assert Quarter.of(Week(2026, 39)) == Quarter(2026, 3)
    # 2026-W53 runs 28 Dec 2026 – 3 Jan 2027; Thursday 31 Dec.
    assert Quarter.of(Week(2026, 53)) == Quarter(2026, 4)
    # 2020-W53 runs 28 Dec 2020 – 3 Jan 2021; Thursday 31 Dec 2020.
    assert Quarter.of(Week(2021, 1)) == Quarter(2021, 1)


def test_weeks_of_a_quarter():
    q4 = Quarter(2026, 4)
    assert q4.first_week == Week(2026, 40)
    assert q4.last_week == Week(2026, 53)
    assert len(q4.weeks()) == 14
    assert len(Quarter(2026, 1).weeks()) == 13


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(9000, 1, 1)))
def test_every_week_is_in_exactly_one_quarter(day):
    week = Week.of(day)
    quarter = Quarter.of(week)
    assert week in quarter.weeks()
    assert week not in (quarter + 1).weeks() and week not in (quarter - 1).weeks()
    assert 12 <= len(quarter.weeks()) <= 14  # 90 to 92 days
    assert (quarter + 1).first_week == quarter.last_week + 1
    assert quarter.first_week.monday + timedelta(days=3) >= date(
        quarter.year, 3 * quarter.number - 2, 1
    )


def test_parse():
    assert parse_quarter("2026-Q4") == Quarter(2026, 4)
    assert parse_quarter("2026q1") == Quarter(2026, 1)
    assert parse_quarter("next", relative_to=Week(2026, 53)) == Quarter(2027, 1)
    assert parse_quarter("last", relative_to=Week(2026, 1)) == Quarter(2025, 4)
    assert str(parse_quarter("this", relative_to=Week(2026, 48))) == "2026-Q4"
    for bad in ("2026-Q5", "Q4", "2026-Q0", "2026-W47", ""):
        with pytest.raises(InvalidInput, match="use a quarter like 2026-Q4"):
            parse_quarter(bad)
