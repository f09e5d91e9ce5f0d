"""screens → scorecard → db: the app never reaches past the Workspace service."""

from __future__ import annotations

import ast
from pathlib import Path

import screens

SCREENS = Path(screens.__file__).parent


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text("utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_screens_never_import_the_storage_layer_or_sqlite() -> None:
    for path in sorted(SCREENS.glob("*.py")):
        for module in imported_modules(path):
            top = module.split(".")[0]
            assert top not in {"db", "sqlite3", "sqlite_utils"}, f"{path.name} imports {module}"
