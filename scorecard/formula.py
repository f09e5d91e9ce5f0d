"""Formulas of derived metrics: ``sqls-accepted / mqls * 100``.

A small recursive-descent parser (never ``eval``). The grammar::

    formula := sum
    sum     := product (("+" | "-") product)*
    product := unary (("*" | "/") unary)*
    unary   := "-" unary | atom
    atom    := NUMBER | KEY | "(" sum ")"

``NUMBER`` is ``12``, ``0.5`` or ``.5``; ``KEY`` is a metric key. Keys contain
hyphens, so a name runs as far as letters, digits, ``_`` and ``-`` go:
``sqls-accepted`` is one key, and subtraction is written with a space before
its ``-`` (``mqls - sqls-accepted``). Spaces are otherwise free.

Evaluation is total: a missing input, a division by zero or a result beyond
the range of a float gives ``None`` ("no data"), never an exception.
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

#: A formula longer than this, or nested deeper, is refused (a config from git is input).
MAX_LENGTH = 500
MAX_DEPTH = 32

_TOKEN = re.compile(
    r"\s*(?:(?P<number>(?:\d+(?:\.\d*)?|\.\d+))|(?P<key>[a-z][a-z0-9_-]*)|(?P<op>[-+*/()]))"
)


class FormulaError(ValueError):
    """A formula that does not parse; the message says where."""


@dataclass(frozen=True, slots=True)
class Number:
    value: float


@dataclass(frozen=True, slots=True)
class Ref:
    key: str


@dataclass(frozen=True, slots=True)
class Neg:
    operand: Node


@dataclass(frozen=True, slots=True)
class BinOp:
    op: str
    left: Node
    right: Node


Node = Number | Ref | Neg | BinOp


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "number", "key", "op" or "end"
    text: str
    at: int  # 1-based column, for messages


def _tokens(text: str) -> list[_Token]:
    out: list[_Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].isspace():
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.lastgroup is None:
            col = pos + len(text[pos:]) - len(text[pos:].lstrip()) + 1
            raise FormulaError(f"unexpected {text[col - 1]!r} at column {col}")
        kind = match.lastgroup
        out.append(_Token(kind, match.group(kind), match.start(kind) + 1))
        pos = match.end()
    out.append(_Token("end", "", len(text) + 1))
    return out


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokens(text)
        self.pos = 0
        self.depth = 0

    @property
    def token(self) -> _Token:
        return self.tokens[self.pos]

    def _take(self) -> _Token:
        token = self.token
        self.pos += 1
        return token

    def _fail(self, expected: str) -> FormulaError:
        token = self.token
        found = "the end" if token.kind == "end" else repr(token.text)
        return FormulaError(f"expected {expected} at column {token.at}, found {found}")

    def formula(self) -> Node:
        node = self.sum()
        if self.token.kind != "end":
            raise self._fail("an operator")
        return node

    def sum(self) -> Node:
        node = self.product()
        while self.token.kind == "op" and self.token.text in "+-":
            op = self._take().text
            node = BinOp(op, node, self.product())
        return node

    def product(self) -> Node:
        node = self.unary()
        while self.token.kind == "op" and self.token.text in "*/":
            op = self._take().text
            node = BinOp(op, node, self.unary())
        return node

    def unary(self) -> Node:
        if self.token.kind == "op" and self.token.text == "-":
            self._take()
            with self._nested():
                return Neg(self.unary())
        return self.atom()

    def atom(self) -> Node:
        token = self.token
        if token.kind == "number":
            self._take()
            return Number(float(token.text))
        if token.kind == "key":
            self._take()
            return Ref(token.text)
        if token.kind == "op" and token.text == "(":
            self._take()
            with self._nested():
                node = self.sum()
            if not (self.token.kind == "op" and self.token.text == ")"):
                raise self._fail("')'")
            self._take()
            return node
        raise self._fail("a number, a metric key or '('")

    def _nested(self) -> _Depth:
        return _Depth(self)


class _Depth:
    def __init__(self, parser: _Parser):
        self.parser = parser

    def __enter__(self) -> None:
        self.parser.depth += 1
        if self.parser.depth > MAX_DEPTH:
            raise FormulaError(f"nested more than {MAX_DEPTH} deep")

    def __exit__(self, *exc: object) -> None:
        self.parser.depth -= 1


@functools.lru_cache(maxsize=256)
def parse(text: str) -> Node:
    """The tree of ``text``, or :class:`FormulaError` saying what and where."""
    if not text.strip():
        raise FormulaError("empty formula")
    if len(text) > MAX_LENGTH:
        raise FormulaError(f"longer than {MAX_LENGTH} characters")
    return _Parser(text).formula()


def refs(node: Node) -> Iterator[str]:
    """The metric keys ``node`` reads, in order of appearance (repeats included)."""
    if isinstance(node, Ref):
        yield node.key
    elif isinstance(node, Neg):
        yield from refs(node.operand)
    elif isinstance(node, BinOp):
        yield from refs(node.left)
        yield from refs(node.right)


_OPS: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b,
    "-": lambda a, b: a - b,
    "*": lambda a, b: a * b,
    "/": lambda a, b: a / b,
}


def evaluate(node: Node, values: Mapping[str, float | None]) -> float | None:
    """The value of ``node`` given the week's ``values``; ``None`` if it has none."""
    if isinstance(node, Number):
        return node.value
    if isinstance(node, Ref):
        return values.get(node.key)
    if isinstance(node, Neg):
        inner = evaluate(node.operand, values)
        return None if inner is None else -inner
    left = evaluate(node.left, values)
    right = evaluate(node.right, values)
    if left is None or right is None or (node.op == "/" and right == 0):
        return None
    result = _OPS[node.op](left, right)
    return result if math.isfinite(result) else None


class CycleError(ValueError):
    """Formulas that depend on each other in a loop; ``cycle`` lists it, closed."""

    def __init__(self, cycle: list[str]):
        self.cycle = cycle
        super().__init__(" → ".join(cycle))


def evaluation_order(formulas: Mapping[str, Node]) -> list[str]:
    """Keys of ``formulas`` ordered so that each comes after the derived keys it reads.

    Keys not in ``formulas`` are typed inputs. Raises :class:`CycleError`.
    Ties keep the order of ``formulas``, so the result is deterministic.
    """
    done: dict[str, None] = {}
    visiting: list[str] = []

    def visit(key: str) -> None:
        if key in done:
            return
        if key in visiting:
            raise CycleError([*visiting[visiting.index(key) :], key])
        visiting.append(key)
        for ref in refs(formulas[key]):
            if ref in formulas:
                visit(ref)
        visiting.pop()
        done[key] = None

    for key in formulas:
        visit(key)
    return list(done)


def derive(
    formulas: Mapping[str, Node], order: list[str], values: Mapping[str, float | None]
) -> dict[str, float | None]:
    """``values`` (one week's typed numbers) with every derived metric added."""
    out: dict[str, float | None] = dict(values)
    for key in order:
        out[key] = evaluate(formulas[key], out)
    return out


def render(node: Node) -> str:
    """Canonical text of ``node`` (fully parenthesised binary operations)."""
    if isinstance(node, Number):
        return repr(node.value)
    if isinstance(node, Ref):
        return node.key
    if isinstance(node, Neg):
        return f"-{render(node.operand)}"
    return f"({render(node.left)} {node.op} {render(node.right)})"
