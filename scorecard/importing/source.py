"""The file to import: its bytes, its encoding, its separator, its cells.

A CRM or a spreadsheet writes CSV in one of a few ways, and each is detected
from the bytes, never guessed silently:

- encoding: UTF-8 with or without a BOM; UTF-16 with a BOM (what Excel writes
  as "Unicode text", tab separated) or without one (every other byte zero);
  Windows-1252 (cp1252, older Excel "CSV") when the bytes are not UTF-8 and
  decode to text. Anything else is refused in one line.
- separator: ``,``, ``;`` or tab, the one that splits the first lines into the
  same number of cells (Excel's ``sep=;`` first line is honoured).
- a report footer (Salesforce ends its exports with "Confidential Information
  - Do Not Distribute" and a copyright line): trailing rows of one cell under a
  header of three or more columns are dropped and counted.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import stat
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import BinaryIO

from scorecard.errors import InvalidInput
from scorecard.importing.split import footer_line, split_scan

MAX_FILE_BYTES = 50_000_000
STDIN = "-"
DELIMITERS = (",", ";", "\t")
_DELIMITER_NAMES = {",": "comma", ";": "semicolon", "\t": "tab"}
_WORD = re.compile(r"[^\W\d_]{3}")
# C0 controls other than tab, LF and CR: text files (in cp1252) never hold them.
_BINARY = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True, slots=True)
class Scan:
    """The wanted columns of every non-blank row, with the line each row starts on."""

    lines: Sequence[int]
    """The (1-based) line of each row; a quoted cell may span lines."""
    cells: list[tuple[str, ...]]
    """Per row, the wanted cells in the order asked for (``""`` past a short row)."""


@dataclass(slots=True)
class Table:
    """A CSV file's header; :meth:`scan` reads the rows, keeping only the columns needed.

    Holding every cell of a 100,000-row export costs more than reading it:
    each import reads the file once and keeps the few columns it uses.
    """

    name: str
    encoding: str
    delimiter: str
    header: list[str]
    text: str
    offset: int = 0
    """Lines to skip before the header (Excel's ``sep=`` line)."""
    rows: int = 0
    """Rows read by the last :meth:`scan` (the header, blank rows and footer not counted)."""
    footer: int = 0
    """Trailing report-footer rows dropped by the last :meth:`scan`."""
    index: dict[str, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for position, title in enumerate(self.header):
            self.index.setdefault(title.strip().casefold(), position)

    def column(self, title: str) -> int | None:
        """Where the column ``title`` is (any case, spaces around ignored)."""
        return self.index.get(title.strip().casefold())

    def describe(self) -> str:
        """``UTF-16, tab separated, 120 rows``."""
        rows = self.rows
        text = (
            f"{self.encoding}, {_DELIMITER_NAMES[self.delimiter]} separated, "
            f"{rows:,} row{'s' if rows != 1 else ''}"
        )
        if self.footer:
            text += f" (a {self.footer}-line report footer skipped)"
        return text

    def scan(self, wanted: Sequence[int]) -> Scan:
        """Every row after the header: the ``wanted`` cells and the line it starts on.

        This is the cost of an import. When every row is one line (no quoted
        cell spans lines), the lines are split (:mod:`.split`); otherwise the
        csv module reads the file (:meth:`scan_csv`). Both give the same rows.
        """
        pick = _picker(wanted)
        footer_possible = len(self.header) >= 3
        fast = split_scan(
            self.text, self.delimiter, self.offset, wanted, pick, _WORD if footer_possible else None
        )
        if fast is None:
            return self.scan_csv(wanted)
        self.rows, self.footer = len(fast.cells), fast.footer
        return Scan(fast.lines, fast.cells)

    def scan_csv(self, wanted: Sequence[int]) -> Scan:
        """:meth:`scan` with the csv module, row by row: any CSV, and the reference."""
        pick = _picker(wanted)
        footer_possible = len(self.header) >= 3
        width = max(wanted, default=0) + 1
        stream = io.StringIO(self.text, newline="")
        if self.offset:
            stream.readline()  # sep=X
        reader = csv.reader(stream, delimiter=self.delimiter, strict=True)
        lines: list[int] = []
        cells: list[tuple[str, ...]] = []
        add_line, add_cells = lines.append, cells.append
        pending: list[tuple[int, tuple[str, ...]]] = []  # footer-like rows, maybe not the end
        header_seen = False
        offset = self.offset
        end = offset
        try:
            for row in reader:
                start, end = end + 1, reader.line_num + offset
                if not row:
                    continue
                first = row[0]
                if (not first or first.isspace()) and not "".join(row).strip():
                    continue
                if not header_seen:
                    header_seen = True
                    continue
                if len(row) < width:
                    row += [""] * (width - len(row))
                picked = pick(row)
                if (
                    footer_possible
                    and (len(row) == 1 or not row[1] or row[1].isspace())
                    and footer_line(row, _WORD)
                ):
                    pending.append((start, picked))
                    continue
                if pending:
                    for at, held in pending:
                        add_line(at)
                        add_cells(held)
                    pending.clear()
                add_line(start)
                add_cells(picked)
        except csv.Error as exc:
            raise InvalidInput(f"{self.name}: line {end + 1}: not valid CSV ({exc})") from None
        self.rows, self.footer = len(cells), len(pending)
        return Scan(lines, cells)


def _picker(wanted: Sequence[int]) -> Callable[[list[str]], tuple[str, ...]]:
    if not wanted:
        return lambda row: ()
    if len(wanted) == 1:
        only = wanted[0]
        return lambda row: (row[only],)
    return itemgetter(*wanted)


def read_bytes(file: str, stdin: BinaryIO | None = None) -> tuple[str, bytes]:
    """The name to show in messages and the bytes of ``file`` (``-``: stdin)."""
    if file == STDIN:
        if stdin is None:
            raise InvalidInput("-: no standard input to read")
        if _isatty(stdin):
            raise InvalidInput("-: standard input is a terminal; pipe a file in (import - < FILE)")
        data = stdin.read(MAX_FILE_BYTES + 1)
        name = "stdin"
    else:
        name = file
        data = _read_file(Path(file), name)
    if len(data) > MAX_FILE_BYTES:
        raise InvalidInput(f"{name}: too large to import (more than {MAX_FILE_BYTES:,} bytes)")
    return name, data


def _isatty(stream: BinaryIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _read_file(path: Path, name: str) -> bytes:
    """At most ``MAX_FILE_BYTES + 1`` bytes of a regular file."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise InvalidInput(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InvalidInput(f"{name}: is a directory, not a CSV file") from None
    except OSError as exc:
        raise InvalidInput(f"{name}: cannot read ({exc.strerror})") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fh.fileno()).st_mode
        if stat.S_ISDIR(mode):
            raise InvalidInput(f"{name}: is a directory, not a CSV file")
        if not stat.S_ISREG(mode):
            raise InvalidInput(f"{name}: not a regular file (a device, pipe or socket)")
        try:
            return fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise InvalidInput(f"{name}: cannot read ({exc.strerror})") from None


def decode(data: bytes, name: str) -> tuple[str, str]:
    """The text and a label for its encoding, or one line saying why not."""
    if not data or data.isspace():
        raise InvalidInput(f"{name}: the file is empty")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _decode(data, "utf-16", name, "UTF-16"), "UTF-16"
    if data.startswith(codecs.BOM_UTF8):
        return _decode(data, "utf-8-sig", name, "UTF-8"), "UTF-8 with BOM"
    sixteen = _utf16_without_bom(data)
    if sixteen:
        return _decode(data, sixteen, name, "UTF-16"), "UTF-16"
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError as exc:
        position = exc.start
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = ""
    if text and not _BINARY.search(text):
        return text, "Windows-1252"
    raise InvalidInput(
        f"{name}: cannot tell the encoding: not UTF-8 (byte {position + 1}), UTF-16 or "
        'Windows-1252 text; save it as "CSV UTF-8"'
    )


def _decode(data: bytes, codec: str, name: str, label: str) -> str:
    try:
        return data.decode(codec)
    except UnicodeDecodeError as exc:
        raise InvalidInput(f"{name}: not valid {label} text (byte {exc.start + 1})") from None


def _utf16_without_bom(data: bytes) -> str | None:
    """``utf-16-le``/``-be`` when most high bytes of the first characters are zero."""
    head = data[:4000]
    if len(head) < 4 or b"\x00" not in head:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def sniff(text: str) -> tuple[str, int]:
    """The separator, and 1 if the first line is Excel's ``sep=X`` (to be skipped)."""
    first = text[:8].split("\n", 1)[0].rstrip("\r")
    if first[:4].lower() == "sep=" and len(first) == 5 and first[4] in DELIMITERS:
        return first[4], 1
    sample = [line for line in text[:65536].splitlines()[:21] if line.strip()][:20]
    best, best_score = ",", (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(sample, delimiter=delimiter)]
        except csv.Error:
            continue
        if not widths or widths[0] < 2:
            continue
        agree = sum(w == widths[0] for w in widths)
        score = (agree, widths[0])
        if score > best_score:
            best, best_score = delimiter, score
    return best, 0


def open_table(text: str, name: str, encoding: str) -> Table:
    """The header of the CSV ``text`` (its rows are read by :meth:`Table.scan`)."""
    delimiter, offset = sniff(text)
    head = io.StringIO(text[:1_000_000], newline="")  # the header is near the top
    if offset:
        head.readline()
    reader = csv.reader(head, delimiter=delimiter, strict=True)
    line = 1 + offset
    try:
        for cells in reader:
            line = reader.line_num + 1 + offset
            if "".join(cells).strip():
                header = [c.strip().lstrip("\ufeff") for c in cells]
                return Table(name, encoding, delimiter, header, text, offset)
    except csv.Error as exc:
        raise InvalidInput(f"{name}: line {line}: not valid CSV ({exc})") from None
    raise InvalidInput(f"{name}: the file is empty")
