"""Textual's parsed CSS, shared by the apps one test process runs.

Textual caches parsed CSS per ``Stylesheet``, and ``Stylesheet.reparse``
(run when an app starts and each time a screen with CSS of its own is first
pushed) starts a fresh one: so every app a test starts parses every widget's
and screen's CSS again, the same text with the same theme variables each
time (about a sixth of a Pilot test's CPU). Here the parse of one CSS source
is kept for the process, keyed by everything the parse reads: the text, where
it was read from, its flags, its scope and the stylesheet's variables. What
the app does with the rules is untouched; CSS with errors still fails as
before (its rules carry the errors, and ``Stylesheet.parse`` raises on them).
"""

from __future__ import annotations

from typing import Any


def share_parsed_css() -> None:
    from textual.css.stylesheet import Stylesheet

    if getattr(Stylesheet._parse_rules, "shared", False):
        return
    parse_rules = Stylesheet._parse_rules
    parsed: dict[tuple[Any, ...], Any] = {}

    def shared_parse_rules(
        self: Stylesheet,
        css: str,
        read_from: Any,
        is_default_rules: bool = False,
        tie_breaker: int = 0,
        scope: str = "",
    ) -> Any:
        variables = tuple(sorted(self._variables.items()))
        key = (css, read_from, is_default_rules, tie_breaker, scope, variables)
        if key not in parsed:
            parsed[key] = parse_rules(self, css, read_from, is_default_rules, tie_breaker, scope)
        return parsed[key]

    shared_parse_rules.shared = True  # type: ignore[attr-defined]
    Stylesheet._parse_rules = shared_parse_rules  # type: ignore[method-assign]
