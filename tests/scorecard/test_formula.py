"""The formula parser: grammar, tokenisation of hyphenated keys, total evaluation."""

import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from scorecard import formula as fx


def value(text: str, **values: float | None) -> float | None:
    return fx.evaluate(fx.parse(text), {k.replace("_", "-"): v for k, v in values.items()})


def test_conversion_rate_of_two_hyphenated_keys():
    assert value("sqls-accepted / mqls * 100", sqls_accepted=30, mqls=120) == 25


def test_precedence_and_parentheses():
    assert value("1 + 2 * 3") == 7
    assert value("(1 + 2) * 3") == 9
    assert value("10 - 4 - 3") == 3  # left-associative
    assert value("8 / 4 / 2") == 1
    assert value("-2 * -3") == 6
    assert value("- (1 + 1)") == -2
    assert value(".5 + 1.") == 1.5


def test_a_hyphen_without_spaces_is_part_of_the_key():
    assert fx.parse("a-b") == fx.Ref("a-b")
    assert fx.parse("a - b") == fx.BinOp("-", fx.Ref("a"), fx.Ref("b"))
    assert fx.parse("a -b") == fx.BinOp("-", fx.Ref("a"), fx.Ref("b"))
    assert fx.parse("a-1") == fx.Ref("a-1")
    assert fx.parse("2-a") == fx.BinOp("-", fx.Number(2), fx.Ref("a"))


def test_missing_input_or_division_by_zero_is_no_data():
    assert value("a / b", a=1) is None
    assert value("a / b", a=1, b=None) is None
    assert value("a / b", a=1, b=0) is None
    assert value("a / (b - b)", a=1, b=3) is None
    assert value("a * a", a=1e300) is None  # beyond a float: no data, not inf


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty formula"),
        ("a +", "expected a number, a metric key or '(' at column 4, found the end"),
        ("(a + b", "expected ')' at column 7"),
        ("a b", "expected an operator at column 3, found 'b'"),
        ("a % b", "unexpected '%' at column 3"),
        ("A / b", "unexpected 'A' at column 1"),
        ("__import__('os')", "unexpected '_' at column 1"),
        ("a ** b", "expected a number, a metric key or '(' at column 4, found '*'"),
        ("1e5", "expected an operator at column 2, found 'e5'"),
    ],
)
def test_syntax_errors_say_what_and_where(text, message):
    with pytest.raises(fx.FormulaError, match=re.escape(message)):
        fx.parse(text)


def test_hostile_nesting_and_length_are_refused_not_a_crash():
    with pytest.raises(fx.FormulaError, match="nested more than"):
        fx.parse("(" * 200 + "1" + ")" * 200)
    with pytest.raises(fx.FormulaError, match="nested more than"):
        fx.parse("-" * 200 + "1")
    with pytest.raises(fx.FormulaError, match="longer than"):
        fx.parse("1 + " * 200 + "1")


def test_refs_in_order():
    assert list(fx.refs(fx.parse("(a + b-c) / a * 2"))) == ["a", "b-c", "a"]


def test_evaluation_order_puts_inputs_first_and_finds_cycles():
    nodes = {k: fx.parse(t) for k, t in {"c": "b * 2", "b": "a + 1", "d": "x"}.items()}
    assert fx.evaluation_order(nodes) == ["b", "c", "d"]
    cyclic = {k: fx.parse(t) for k, t in {"a": "b", "b": "c + 1", "c": "a"}.items()}
    with pytest.raises(fx.CycleError) as caught:
        fx.evaluation_order(cyclic)
    assert caught.value.cycle == ["a", "b", "c", "a"]
    with pytest.raises(fx.CycleError, match="x → x"):
        fx.evaluation_order({"x": fx.parse("x + 1")})


def test_derive_chains_derived_metrics():
    nodes = {"b": fx.parse("a * 2"), "c": fx.parse("b + a")}
    assert fx.derive(nodes, ["b", "c"], {"a": 3}) == {"a": 3, "b": 6, "c": 9}
    assert fx.derive(nodes, ["b", "c"], {}) == {"b": None, "c": None}


# -- properties ------------------------------------------------------------

keys = st.from_regex(r"[a-z][a-z0-9_]{0,3}(-[a-z0-9_]{1,3}){0,2}", fullmatch=True)
numbers = st.integers(0, 10**6).map(float) | st.sampled_from([0.5, 2.25, 0.125])
leaves = numbers.map(fx.Number) | keys.map(fx.Ref)
trees = st.recursive(
    leaves,
    lambda inner: inner.map(fx.Neg) | st.builds(fx.BinOp, st.sampled_from("+-*/"), inner, inner),
    max_leaves=12,
)


def python_value(node: fx.Node, env: dict[str, float]) -> float | None:
    """The reference semantics, written independently of the parser."""
    try:
        if isinstance(node, fx.Number):
            return node.value
        if isinstance(node, fx.Ref):
            return env.get(node.key)
        if isinstance(node, fx.Neg):
            inner = python_value(node.operand, env)
            return None if inner is None else -inner
        a, b = python_value(node.left, env), python_value(node.right, env)
        if a is None or b is None:
            return None
        result = {"+": a + b, "-": a - b, "*": a * b}.get(node.op) if node.op != "/" else a / b
    except ZeroDivisionError:
        return None
    return result if result is not None and math.isfinite(result) else None


@given(trees)
def test_rendered_tree_parses_back_to_itself(tree):
    assert fx.parse(fx.render(tree)) == tree


@given(trees, st.dictionaries(keys, st.floats(-1e6, 1e6)))
def test_evaluation_matches_reference_semantics(tree, env):
    assert fx.evaluate(tree, env) == python_value(tree, env)


@given(st.text(max_size=60))
def test_any_text_parses_or_raises_formula_error(text):
    try:
        node = fx.parse(text)
    except fx.FormulaError:
        return
    assert fx.evaluate(node, {}) is None or isinstance(fx.evaluate(node, {}), float)


@given(trees)
def test_spaces_around_operators_do_not_change_the_meaning(tree):
    spaced = fx.render(tree).replace("(", "( ").replace(")", " )")
    assert fx.parse(spaced) == tree
