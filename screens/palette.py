"""The command palette (ctrl+p): the app's own actions, by human names.

Built from the bindings themselves, so a new key is in the palette too: every
binding of ours has an ``id`` (Textual's own widget bindings have none: cursor
moves, scrolling and the like are left out). Each action is offered once,
named by its tooltip (else its description), with the key that runs it (after
the user's keymap) as help; actions that cannot run now are left out.
Textual's own system commands are kept where they add something: the theme
picker, quit, the screenshot; its keys panel gives way to our help (``?``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.binding import Binding
from textual.dom import DOMNode

if TYPE_CHECKING:
    from textual.app import App
    from textual.screen import Screen

#: Textual's system commands that our own actions replace.
REPLACED = {"Keys"}


def _bindings(node: DOMNode) -> Iterator[Binding]:
    """The node's bindings of ours, its class's first, then those it inherits
    (Textual merges ``BINDINGS`` along the class hierarchy)."""
    for cls in type(node).__mro__:
        for item in cls.__dict__.get("BINDINGS", ()):
            if isinstance(item, Binding) and item.id and item.description:
                yield item


def key_help(binding: Binding, keymap: dict[str, str]) -> str:
    from screens.help import key_label

    keys = keymap.get(binding.id or "", binding.key)
    return f"Key: {key_label(keys)}"


def commands(
    app: App[Any], screen: Screen[Any], taken: set[str] | None = None
) -> Iterable[SystemCommand]:
    """Our actions on ``screen`` (its widgets, the screen, the app), each once;
    none titled as one of ``taken`` (Textual's own commands)."""
    from textual.actions import parse

    keymap: dict[str, str] = getattr(app, "user_keymap", {})
    focused = screen.focused
    chain = list(focused.ancestors_with_self) if focused is not None else []
    nodes: list[DOMNode] = [*chain, *screen.query("*"), screen, app]
    offered: dict[str, tuple[Binding, DOMNode]] = {}
    for node in nodes:
        if getattr(node, "display", True) is False:
            continue  # a hidden widget (the value entry between edits) offers nothing
        for binding in _bindings(node):
            assert binding.id is not None
            if binding.id in offered:
                continue  # the focused widget's own comes first
            namespace, action, parameters = parse(binding.action)
            target = app if namespace == "app" else node
            if target.check_action(action, parameters) is False:
                continue
            offered[binding.id] = (binding, node)
    titles = set(taken or ())
    for binding, node in offered.values():
        title = binding.tooltip or binding.description
        if title in titles:
            continue
        titles.add(title)
        yield SystemCommand(
            title, key_help(binding, keymap), partial(app.run_action, binding.action, node)
        )
