"""Read exported Markdown back with a real parser (markdown-it-py, GFM tables)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token


def parser() -> MarkdownIt:
    return MarkdownIt("gfm-like")


def inline_text(token: Token) -> str:
    """The text a reader sees in an inline token; ``<br>`` is a newline.

    Fails on anything a user could have smuggled in as markup: emphasis,
    links, images, HTML other than our ``<br>``.
    """
    out = []
    for child in token.children or []:
        if child.type == "text":
            out.append(child.content)
        elif child.type == "code_inline":
            out.append(f"`{child.content}`")
        elif child.type in ("softbreak", "hardbreak") or (
            child.type == "html_inline" and child.content == "<br>"
        ):
            out.append("\n")
        elif child.type in ("link_open", "link_close") and child.info == "auto":
            continue  # a bare URL shown as itself
        elif child.type in ("strong_open", "strong_close", "em_open", "em_close"):
            continue  # our own emphasis; user emphasis would lose its * and fail to match
        else:
            raise AssertionError(f"markup in user text: {child.type} {child.content!r}")
    return "".join(out)


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Doc:
    headings: list[tuple[str, str]]
    tables: list[Table]
    items: list[str]
    tokens: list[Token]


def raw_cells(line: str) -> int:
    """Cells in a source table line, counted by its unescaped pipes.

    markdown-it pads or cuts rows to the header's width, so the shape of the
    rows has to be checked on the source.
    """
    body = line.strip()
    pipes = len(re.findall(r"(?<!\\)(?:\\\\)*\|", body))
    return pipes - 1 if body.startswith("|") and body.endswith("|") else pipes + 1


def parse(text: str) -> Doc:
    tokens = parser().parse(text)
    source = text.split("\n")
    headings: list[tuple[str, str]] = []
    tables: list[Table] = []
    items: list[str] = []
    row: list[str] | None = None
    in_head = False
    head_width = 0
    depth_item = 0
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            headings.append((tok.tag, inline_text(tokens[i + 1])))
        elif tok.type == "table_open":
            tables.append(Table(header=[]))
        elif tok.type == "thead_open":
            in_head = True
        elif tok.type == "thead_close":
            in_head = False
        elif tok.type == "tr_open":
            row = []
            assert tok.map is not None
            width = raw_cells(source[tok.map[0]])
            if in_head:
                head_width = width
            elif width != head_width:
                raise AssertionError(
                    f"row has {width} cells, header {head_width}: {source[tok.map[0]]}"
                )
        elif tok.type in ("th_open", "td_open"):
            assert row is not None
            row.append(inline_text(tokens[i + 1]))
        elif tok.type == "tr_close":
            assert row is not None
            if in_head:
                tables[-1].header = row
            else:
                tables[-1].rows.append(row)
        elif tok.type == "list_item_open":
            depth_item += 1
            if depth_item == 1:
                items.append(inline_text(tokens[i + 2]))
        elif tok.type == "list_item_close":
            depth_item -= 1
        elif tok.type in ("html_block", "fence", "code_block", "blockquote_open"):
            raise AssertionError(f"unexpected block {tok.type}: {tok.content!r}")
    return Doc(headings, tables, items, tokens)


def section_tables(doc: Doc, heading: str) -> list[Table]:
    """Tables that follow ``heading`` up to the next heading."""
    found: list[Table] = []
    current = None
    index = 0
    for tok_i, tok in enumerate(doc.tokens):
        if tok.type == "heading_open":
            current = inline_text(doc.tokens[tok_i + 1])
        elif tok.type == "table_open":
            if current == heading:
                found.append(doc.tables[index])
            index += 1
    return found
