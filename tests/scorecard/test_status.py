import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard.status import SPARK_BLOCKS, Status, evaluate, say_do, sparkline

finite = st.floats(min_value=-1e9, max_value=1e9, allow_nan=False)
tolerance = st.floats(min_value=0, max_value=1)


@pytest.mark.parametrize(
    ("value", "target", "direction", "expected"),
    [
        (120, 120, "higher", Status.ON_TRACK),
        (130, 120, "higher", Status.ON_TRACK),
        (110, 120, "higher", Status.AT_RISK),  # within 10 % below
        (108, 120, "higher", Status.AT_RISK),  # exactly on the band edge
        (107, 120, "higher", Status.OFF_TRACK),
        (15, 15, "lower", Status.ON_TRACK),
        (16, 15, "lower", Status.AT_RISK),
        (20, 15, "lower", Status.OFF_TRACK),
        (None, 120, "higher", Status.NO_DATA),
    ],
)
def test_status_by_direction_and_tolerance(value, target, direction, expected):
    assert evaluate(value, target, direction, 0.1) is expected


def test_every_status_has_a_word_and_a_symbol():
    for status in Status:
        assert status.value and status.symbol
    assert len({s.symbol for s in Status}) == len(Status)


@given(finite, finite, tolerance)
def test_meeting_the_target_is_always_on_track(target, extra, tol):
    better = target + abs(extra)
    assert evaluate(better, target, "higher", tol) is Status.ON_TRACK
    assert evaluate(target - abs(extra), target, "lower", tol) is Status.ON_TRACK


@given(finite, finite, finite, tolerance)
def test_status_never_improves_as_the_value_gets_worse(target, a, b, tol):
    order = [Status.OFF_TRACK, Status.AT_RISK, Status.ON_TRACK]
    low, high = sorted((a, b))
    assert order.index(evaluate(low, target, "higher", tol)) <= order.index(
        evaluate(high, target, "higher", tol)
    )
    assert order.index(evaluate(high, target, "lower", tol)) <= order.index(
        evaluate(low, target, "lower", tol)
    )


@given(finite, finite, tolerance)
def test_directions_mirror_each_other(value, target, tol):
    assert evaluate(value, target, "higher", tol) is evaluate(-value, -target, "lower", tol)


def test_say_do_counts_done_over_judged_and_ignores_dropped_and_open():
    ratio = say_do([("done", 6), ("missed", 1), ("carried", 1), ("dropped", 3), ("open", 2)])
    assert ratio.judged == 8
    assert ratio.ratio == 0.75
    assert ratio.label() == "75% (6/8)"
    assert say_do([("open", 2)]).ratio is None
    assert say_do([]).label() == "–"


def test_sparkline_scales_to_range_and_shows_gaps():
    line = sparkline([1, None, 5, 3])
    assert line == f"{SPARK_BLOCKS[0]} {SPARK_BLOCKS[-1]}{SPARK_BLOCKS[4]}"
    assert sparkline([None, None]) == "  "
    assert len(set(sparkline([7, 7, 7]))) == 1


@given(st.lists(st.one_of(st.none(), finite), max_size=20))
def test_sparkline_has_one_cell_per_week(series):
    assert len(sparkline(series)) == len(series)
