from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.errors import InvalidInput
from scorecard.weeks import Week, parse_week, week_range, weeks_in_year

days = st.dates(min_value=date(1900, 1, 8), max_value=date(9998, 12, 20))


def test_parse_iso_week_and_format():
    week = parse_week("2026-W47")
    assert (week.year, week.number) == (2026, 47)
    assert str(week) == "2026-W47"
    assert parse_week("2026w47") == week


def test_parse_date_inside_week():
    assert str(parse_week("2026-11-18")) == "2026-W47"
    assert str(parse_week("2026-11-22")) == "2026-W47"  # Sunday
    assert str(parse_week("2026-11-23")) == "2026-W48"  # Monday


def test_relative_words_follow_today():  # conftest freezes today to 2026-11-18
    assert str(parse_week("this")) == "2026-W47"
    assert str(parse_week("last")) == "2026-W46"
    assert str(parse_week("NEXT")) == "2026-W48"


def test_dates_of_a_week():
    week = parse_week("2026-W47")
    assert week.monday == date(2026, 11, 16)
    assert week.sunday == date(2026, 11, 22)
    assert week.label() == "2026-W47 (16 Nov – 22 Nov 2026)"
    assert parse_week("2026-W01").label() == "2026-W01 (29 Dec 2025 – 4 Jan 2026)"


def test_week_53_exists_only_in_long_years():
    assert weeks_in_year(2026) == 53
    assert weeks_in_year(2025) == 52
    assert str(parse_week("2026-W53")) == "2026-W53"
    assert parse_week("2026-W53") + 1 == parse_week("2027-W01")


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2025-W53", "2025 has weeks 1 to 52"),
        ("2026-W00", "2026 has weeks 1 to 53"),
        ("2026-W54", "2026 has weeks 1 to 53"),
        ("10000-W01", "year out of range"),
        ("2026-02-30", "invalid date"),
        ("someday", "use an ISO week"),
        ("", "use an ISO week"),
    ],
)
def test_impossible_weeks_are_refused_with_the_reason(text, reason):
    with pytest.raises(InvalidInput, match=reason):
        parse_week(text)


def test_week_range_is_consecutive_oldest_first():
    weeks = week_range(parse_week("2026-W02"), 4)
    assert [str(w) for w in weeks] == ["2025-W51", "2025-W52", "2026-W01", "2026-W02"]


@given(days)
def test_every_date_lies_inside_its_week(day):
    week = Week.of(day)
    assert week.monday <= day <= week.sunday
    assert parse_week(day.isoformat()) == week


@given(days)
def test_format_then_parse_round_trips(day):
    week = Week.of(day)
    assert parse_week(str(week)) == week


@given(
    st.dates(min_value=date(1900, 1, 8), max_value=date(9990, 12, 20)),  # +-400 weeks fit
    st.integers(min_value=-400, max_value=400),
)
def test_stepping_matches_calendar_arithmetic(day, steps):
    week = Week.of(day)
    moved = Week.of(week.monday + timedelta(weeks=steps))
    assert week + steps == moved
    assert moved - steps == week
    assert week.weeks_until(moved) == steps
    assert (week < moved) == (steps > 0)
