"""The inert-text policy: every field from storage or config, wherever it lands.

Anything read from the database or a scorecard.toml may have been written by
another tool, a colleague's branch or a compromised laptop (docs/reliability.md,
threat model). It reaches people through five sinks, and each has one function
here; nothing else in the product escapes text.

One policy for the characters that can drive a terminal or hide what text
says: C0 controls (ESC among them), DEL, C1 controls, the Unicode bidi controls
(Trojan Source) and the line/paragraph separators. They are never emitted raw;
each is shown as a visible escape (``\\x1b``, ``\\u202e``), so a reader sees that
something odd is there, and nothing is silently dropped. Line breaks and tabs
are the only controls a sink may keep, where it has a use for them.

- :func:`terminal`: ``show``, lists, ``log``, error lines, the app.
- :func:`md_inline`, :func:`md_cell`, :func:`md_block`, :func:`md_code`:
  Markdown, escaped so that no markup (HTML, links, images, emphasis, headings)
  from data is ever rendered.
- :func:`commit_line`: the subject and each body line of a commit message.
- :func:`csv_cell`: CSV, with formula injection neutralised.
- :func:`json_dumps` / :func:`json_safe`: JSON, escaped as ``\\uXXXX`` so that
  it round-trips exactly and is still safe to ``cat``.
- :func:`slack_inline`: Slack's mrkdwn (``export -f slack``), where data can
  neither format the message nor mention anyone.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

# C0 controls but tab, LF and CR (each sink decides about those), DEL, C1,
# Bidi_Control (ALM, LRM, RLM, LRE…RLO, LRI…PDI), line and paragraph separators.
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
# What JSON text may not carry raw: all of the above, and C0 but LF (json.dumps
# escapes C0 inside strings; a raw LF is only ever indentation between tokens).
_JSON_UNSAFE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]"
)
_BREAKS = re.compile(r"\r\n|[\n\r\u2028\u2029]")


def _visible(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def escape_controls(text: str) -> str:
    """``text`` with every control character but tab, LF and CR as a visible escape."""
    if text.isascii() and text.isprintable():
        return text  # the common case: no regex pass
    return _CONTROL.sub(_visible, text)


def _lines(text: str) -> list[str]:
    """``text`` split at any line break (CRLF, CR, LF, NEL, U+2028/2029)."""
    return _BREAKS.split(text)


# -- terminal -------------------------------------------------------------------


def terminal(text: object, *, single_line: bool = True) -> str:
    """Text for a terminal (CLI output, error lines, the app's widgets).

    ``single_line``: line breaks and tabs become spaces. Otherwise line breaks
    become ``\\n`` (a bare CR, which would let text overwrite the line, too).
    """
    value = "" if text is None else str(text)
    if value.isascii() and value.isprintable():
        return value
    if single_line:
        return escape_controls(" ".join(_lines(value)).replace("\t", " "))
    return "\n".join(escape_controls(line.replace("\t", " ")) for line in _lines(value))


# -- Markdown -------------------------------------------------------------------

# Inline markup anywhere in a line: escapes, code, emphasis, strikethrough,
# links and images, HTML and autolinks, table pipes.
_MD_INLINE = re.compile(r"([\\`*_~\[\]<>|])")
# An entity reference like &amp; or &#35; would be decoded: escape its &.
_MD_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
# Block markup at the start of a line: headings, quotes, list markers,
# thematic breaks, setext underlines, ordered list numbers, fenced code.
_MD_LINE_START = re.compile(r"^(#{1,6}(?=\s|$)|>|[+\-](?=\s|$)|=+|-{2,}|\d+(?=[.)](?:\s|$)))")
_MD_CODE_SAFE = re.compile(r"^[0-9A-Za-z_.:/+-]*$")


def width(text: str) -> int:
    """Terminal cells ``text`` takes: wide (East Asian) characters take two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def pad(text: str, size: int) -> str:
    """``text`` padded with spaces to ``size`` terminal cells."""
    return text + " " * max(0, size - width(text))


def md_clean(text: object) -> str:
    """Control characters as visible escapes, line ends as ``\\n``, tabs as spaces."""
    value = "" if text is None else str(text)
    return "\n".join(escape_controls(line.replace("\t", " ")) for line in _lines(value))


def _md_line(line: str) -> str:
    line = line.strip()
    line = _MD_INLINE.sub(r"\\\1", line)
    line = _MD_ENTITY.sub(r"\\&", line)
    if line.count("$") >= 2:  # a pair of dollars is inline math on GitHub
        line = line.replace("$", r"\$")
    match = _MD_LINE_START.match(line)
    if match:
        if match.group(1).isdigit():  # "1. " would start an ordered list: escape the dot
            end = match.end()
            line = line[:end] + "\\" + line[end:]
        else:
            line = "\\" + line
    return line


def _md_lines(text: object) -> list[str]:
    return [_md_line(ln) for ln in md_clean(text).split("\n") if ln.strip()]


def md_inline(text: object) -> str:
    """Text on one line of Markdown (headings, list items, table cells of our
    own short values): newlines become spaces."""
    return " ".join(_md_lines(text))


def md_cell(text: object) -> str:
    """Text in a table cell: line breaks become ``<br>``, pipes are escaped."""
    return "<br>".join(_md_lines(text)) or " "


def md_block(text: object, indent: str = "  ") -> str:
    """Text as the body of a list item: one line per line, hard breaks between."""
    return ("\\\n" + indent).join(_md_lines(text))


def md_code(text: object) -> str:
    """A short id or week id as a code span; anything else is escaped text."""
    value = "" if text is None else str(text)
    if value and _MD_CODE_SAFE.match(value):
        return f"`{value}`"
    return md_inline(value)


# -- commit messages ------------------------------------------------------------


def commit_line(text: object, max_len: int | None = None) -> str:
    """One line of a commit message (the subject, or one body line).

    ``git log`` replays a message on the reader's terminal: controls become
    visible escapes, line breaks and runs of white space one space, and a
    ``max_len`` cut ends with an ellipsis.
    """
    line = " ".join(terminal(text).split())
    if max_len is not None and len(line) > max_len:
        line = line[: max(0, max_len - 1)].rstrip() + "…"
    return line


# -- CSV ------------------------------------------------------------------------

_FORMULA = re.compile(r"^'*[=+\-@\t\r]")
_NEUTRALISED = re.compile(r"^'+[=+\-@\t\r]")
_PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")


def neutralise(cell: str) -> str:
    """Prefix ``'`` to a cell a spreadsheet would run as a formula (``=``, ``+``,
    ``-``, ``@``, a tab or a CR first); a plain number stays a number."""
    if _PLAIN_NUMBER.match(cell):
        return cell
    return "'" + cell if _FORMULA.match(cell) else cell


def restore(cell: str) -> str:
    """Undo :func:`neutralise` (a file we wrote, or one a spreadsheet saved)."""
    return cell[1:] if _NEUTRALISED.match(cell) else cell


def csv_cell(value: object) -> str:
    """One CSV cell: controls as visible escapes (tab, CR and LF stay: the CSV
    writer quotes them), then formulas neutralised. ``None`` is empty."""
    text = "" if value is None else str(value)
    return neutralise(escape_controls(text))


# -- JSON -----------------------------------------------------------------------


def json_safe(text: str) -> str:
    """JSON text (or a line of ``git textconv``'s dump, made of JSON scalars)
    with DEL, C1 and bidi controls escaped as ``\\uXXXX`` too: ``json.dumps``
    escapes only C0. Inside a string the escape means the same character, so
    the data round-trips exactly; a control anywhere else (a table name in a
    dump line) is made visible the same way."""
    if text.isascii() and (text.isprintable() or text.replace("\n", "").isprintable()):
        return text  # the common case: no regex pass
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def json_dumps(document: Any, *, indent: int | None = 2) -> str:
    """``document`` as JSON, safe to print on a terminal, ending with a newline."""
    return (
        json_safe(json.dumps(document, ensure_ascii=False, indent=indent, allow_nan=False)) + "\n"
    )


# -- Slack mrkdwn ---------------------------------------------------------------

# Slack has no backslash escape: a word joiner (U+2060, invisible) after each
# markup character keeps it from pairing into bold, italics, strike or code,
# and after an @ keeps a pasted @channel or @here from notifying anyone.
_SLACK_MARKUP = re.compile(r"([*_~`]|(?<!\w)@(?=\w))")
WORD_JOINER = "\u2060"


def slack_inline(text: object) -> str:
    """Text on one line of a Slack message: controls as visible escapes, line
    breaks as spaces, ``&``, ``<`` and ``>`` as the entities Slack asks for (they
    also stop ``<!here>`` mentions and ``<url|links>``), markup made literal."""
    line = " ".join(terminal(text).split())
    line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SLACK_MARKUP.sub(lambda m: m.group(1) + WORD_JOINER, line)
