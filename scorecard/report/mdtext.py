"""Markdown building blocks: escaping user text and GitHub-flavoured tables.

User text is shown literally wherever it lands: a ``|`` or a newline never
breaks a table, and headings, HTML, links, emphasis, code spans and math typed
by users are not rendered as markup. The escaping is minimal where it is safe,
so the raw Markdown still reads well when pasted into a chat.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

# Control characters (terminal escapes, bidi overrides) never reach a report.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
# Inline markup anywhere in a line: escapes, code, emphasis, strikethrough,
# links and images, HTML and autolinks, table pipes.
_INLINE = re.compile(r"([\\`*_~\[\]<>|])")
# An entity reference like &amp; or &#35; would be decoded: escape its &.
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Block markup at the start of a line: headings, quotes, list markers,
# thematic breaks, setext underlines, ordered list numbers, fenced code.
_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[+\-](?=\s|$)|[\-=]{2,}|\d+(?=[.)](?:\s|$)))")


def clean(text: str) -> str:
    """Drop control characters and normalise line ends to ``\\n``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    return _CONTROL.sub("", text)


def _escape_line(line: str) -> str:
    line = line.strip()
    line = _INLINE.sub(r"\\\1", line)
    line = _ENTITY.sub(r"\\&", line)
    if line.count("$") >= 2:  # a pair of dollars is inline math on GitHub
        line = line.replace("$", r"\$")
    match = _LINE_START.match(line)
    if match:
        if match.group(1).isdigit():  # "1. " would start an ordered list: escape the dot
            end = match.end()
            line = line[:end] + "\\" + line[end:]
        else:
            line = "\\" + line
    return line


def inline(text: str) -> str:
    """User text on one line (headings, list items): newlines become spaces."""
    lines = [ln for ln in clean(text).split("\n") if ln.strip()]
    return " ".join(_escape_line(ln) for ln in lines)


def cell(text: str) -> str:
    """User text in a table cell: line breaks become ``<br>``, pipes are escaped."""
    lines = [_escape_line(ln) for ln in clean(text).split("\n") if ln.strip()]
    return "<br>".join(lines) or " "


def block(text: str, indent: str = "  ") -> str:
    """User text as the body of a list item: one line per line, hard breaks between."""
    lines = [_escape_line(ln) for ln in clean(text).split("\n") if ln.strip()]
    return ("\\\n" + indent).join(lines)


def code(text: str) -> str:
    """Our own short text as a code span (ids, week ids)."""
    return f"`{text}`"


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], align: str) -> list[str]:
    """A GFM table. ``align`` has one letter per column: ``l``, ``r`` or ``c``.

    Cells must already be escaped (use :func:`cell` for user text).
    """
    marks = {"l": ":--", "r": "--:", "c": ":-:"}
    out = ["| " + " | ".join(headers) + " |", "| " + " | ".join(marks[a] for a in align) + " |"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out
