"""Reading rows by splitting lines gives exactly what the csv module gives.

``Table.scan`` splits lines when every row is one line and falls back to the
csv module otherwise (``Table.scan_csv``, the reference). For any text (quotes,
quoted separators and line ends, blank rows, short rows, CR, CRLF and lone CR,
report footers, a ``sep=`` line), both must return the same cells, lines,
row count and footer, or fail with the same message.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scorecard.errors import InvalidInput
from scorecard.importing import source, split
from scorecard.importing.source import Table

FOOTER = "Confidential Information - Do Not Distribute"
CELLS = st.sampled_from(
    ["", " ", "a", "Won", "12", "1,5", '"q"', '"a,b"', '"x\r\ny"', '"x\ny"', 'a"b', '"a"b',
     FOOTER, "\t", "é", "\"\"", "  \u00a0", "a\x0cb", "\x85"]
)  # fmt: skip
ENDS = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def csv_texts(draw: st.DrawFn) -> tuple[str, str, int]:
    delimiter = draw(st.sampled_from([",", ";", "\t"]))
    end = draw(ENDS) if draw(st.booleans()) else None  # one line end, or any mix
    width = draw(st.integers(1, 5))
    header = delimiter.join(f"h{i}" for i in range(width))
    offset = int(draw(st.booleans()))
    out = [f"sep={delimiter}"] * offset + [header]
    for _ in range(draw(st.integers(0, 12))):
        cells = draw(st.lists(CELLS, min_size=0, max_size=width + 1))
        out.append(delimiter.join(cells))
    # a report footer's tail: footer lines, blank lines, empty cells past the header's width
    tail = st.sampled_from(["", " ", FOOTER, "(c) Copyright 2000-2026", delimiter * 2])
    for line in draw(st.lists(tail, max_size=4)):
        out.append(line + delimiter * draw(st.integers(0, 6)) + draw(st.sampled_from(["", " "])))
    text = ""
    for line in out:
        text += line + (end or draw(ENDS))
    if draw(st.booleans()):
        text = text.rstrip("\r\n")
    return text, delimiter, offset


def scans(text: str, delimiter: str, offset: int, wanted: list[int]) -> list[object]:
    header = source.open_table(text, "f.csv", "UTF-8").header
    results = []
    for read in ("scan", "scan_csv"):
        table = Table("f.csv", "UTF-8", delimiter, header, text, offset)
        try:
            scan = getattr(table, read)(wanted)
        except InvalidInput as exc:
            results.append(("refused", str(exc)))
            continue
        results.append((list(scan.lines), scan.cells, table.rows, table.footer))
    return results


@settings(max_examples=500, deadline=None)
@given(
    csv_texts(),
    st.lists(st.integers(0, 5), min_size=1, max_size=3),
    st.sampled_from([split.CHUNK, 1, 7, 30]),
)
def test_splitting_lines_reads_what_the_csv_module_reads(made, wanted, chunk):
    text, delimiter, offset = made
    default, split.CHUNK = split.CHUNK, chunk  # several chunks per file, too
    try:
        fast, reference = scans(text, delimiter, offset, wanted)
    except InvalidInput:
        return  # the header itself is not valid CSV: neither reader runs
    finally:
        split.CHUNK = default
    assert fast == reference


def test_a_quoted_cell_spanning_lines_is_left_to_the_csv_module():
    text = 'Name,Stage,Note\r\nAcme,Won,"two\r\nlines"\r\nBeta,Lost,x\r\n'
    assert split.split_scan(text, ",", 0, [0, 2], lambda r: (r[0], r[2]), None) is None
    table = source.open_table(text, "f.csv", "UTF-8")
    scan = table.scan([0, 2])
    assert scan.cells == [("Acme", "two\r\nlines"), ("Beta", "x")]
    assert list(scan.lines) == [2, 4]


def test_quoted_cells_on_one_line_are_read_by_splitting():
    text = 'Name,Amount,Stage\n"Acme, Inc.","$1,200.00",Won\nBeta,900,Lost\n\n'
    found = split.split_scan(text, ",", 0, [0, 1], lambda r: (r[0], r[1]), None)
    assert found is not None
    assert found.cells == [("Acme, Inc.", "$1,200.00"), ("Beta", "900")]
    assert list(found.lines) == [2, 3]


@pytest.mark.parametrize("bad", ['Acme,"Won"x,1', 'Acme,"Won,1'])
def test_bad_quoting_is_refused_with_the_csv_modules_line(bad):
    text = f"Name,Stage,Amount\nBeta,Lost,2\n{bad}\n"
    table = source.open_table(text, "f.csv", "UTF-8")
    with pytest.raises(InvalidInput, match=r"^f\.csv: line 3: not valid CSV"):
        table.scan([1])
