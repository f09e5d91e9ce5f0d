"""Export, then import into an empty workspace: the values come back exactly."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scorecard.defaults import DEFAULT_METRICS, default_config
from scorecard.numbers import parse_number, plain_number
from scorecard.text import escape_controls
from scorecard.weeks import parse_week
from scorecard.workspace import Workspace
from tests.conftest import Cli, create_workspace

FIRST = parse_week("2026-W40")
LAST = parse_week("2026-W47")
KEYS = [m.key for m in DEFAULT_METRICS if not m.derived]  # derived ones are computed

values = st.floats(allow_nan=False, allow_infinity=False)
notes = st.one_of(
    st.none(),
    st.text(min_size=1, max_size=40).filter(lambda t: t.strip() and "\x00" not in t),
    st.sampled_from(["=SUM(A1)", "+1", "-x", "@me", "'=quoted", 'a,b;c\n"d"', "  padded  "]),
)
UNITS = {m.key: m.unit for m in DEFAULT_METRICS}


def _accepted(key: str) -> st.SearchStrategy[float]:
    """Any value the metric accepts (its bounds have their own tests)."""
    if UNITS[key] == "count":
        return st.integers(0, 2**53).map(float)
    if UNITS[key] == "currency":
        return st.floats(min_value=0, max_value=1e300)
    # 0 < v < 1 in a CSV cell reads as a fraction typed for a percent ("did you mean
    # 27%?"), by design: such a value comes back only through JSON.
    return st.one_of(st.just(0.0), st.floats(min_value=1, max_value=100))


cells = st.lists(
    st.tuples(st.integers(0, FIRST.weeks_until(LAST)), st.sampled_from(KEYS)).flatmap(
        lambda cell: st.tuples(st.just(cell), st.tuples(_accepted(cell[1]), notes))
    ),
    min_size=1,
    max_size=12,
    unique_by=lambda item: item[0],
).map(dict)


def _fill(folder: Path, data) -> Workspace:
    ws = create_workspace(default_config("Round trip"), folder / "scorecard.toml")
    # one transaction (the cells are distinct): what is exported is the point, not how it got in
    ws.set_values(
        [(FIRST + offset, key, value, note) for (offset, key), (value, note) in data.items()]
    )
    return ws


def _csv_note(note: str | None) -> str | None:
    return (escape_controls(note).strip() or None) if note else note


def _snapshot(ws: Workspace):
    return {(v.week, v.metric): (v.value, v.note) for v in ws.values_between(FIRST, LAST)}


def _round_trip(data, fmt: str, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        source = _fill(Path(tmp) / "a", data)
        expected = _snapshot(source)
        if fmt == "csv":  # CSV shows control characters as visible escapes (JSON keeps them)
            expected = {k: (v, _csv_note(n)) for k, (v, n) in expected.items()}
        source.close()
        create_workspace(default_config("Empty"), Path(tmp) / "b" / "scorecard.toml").close()
        run = Cli()
        out = Path(tmp) / f"export{suffix}"
        a, b = str(Path(tmp) / "a" / "scorecard.toml"), str(Path(tmp) / "b" / "scorecard.toml")
        exported = run(
            "--config", a, "export", "--from", FIRST.id, "--to", LAST.id, "-f", fmt, "-o", str(out)
        )
        assert exported.exit_code == 0, exported.stderr
        imported = run("--config", b, "import", str(out))
        assert imported.exit_code == 0, imported.stderr
        with Workspace.open(b) as ws:
            got = _snapshot(ws)
        assert got == expected
        for key, (value, _) in got.items():  # -0.0 and 0.0 compare equal: check bits too
            assert str(value) == str(expected[key][0])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells)
def test_json_export_then_import_reproduces_values(data):
    _round_trip(data, "json", ".json")


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells)
def test_csv_export_then_import_reproduces_values(data):
    _round_trip(data, "csv", ".csv")


@given(values)
def test_plain_number_parses_back_exactly(value):
    assert parse_number(plain_number(value)) == value
