"""The user's settings file: what loads, what is refused, what is written back."""

from __future__ import annotations

import pytest

from scorecard import settings
from scorecard.errors import ConfigError


def test_a_theme_saved_keeps_the_keymap_and_leaves_defaults_out(tmp_path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text('[keymap]\n"week.history" = "f6"\n')
    loaded = settings.load(path)
    assert loaded == settings.Settings(keymap={"week.history": "f6"})
    settings.save(loaded.with_theme("textual-light"), path)
    again = settings.load(path)
    assert again.theme == "textual-light" and again.keymap == {"week.history": "f6"}
    settings.save(settings.Settings(), path)
    assert path.read_text() == ""  # nothing but defaults: nothing written
    assert settings.load(path) == settings.Settings()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("theme = ''\n", "theme: String should have at least 1 character"),
        (f"theme = '{'x' * 101}'\n", "theme: String should have at most 100 characters"),
        ("keymap = 3\n", "keymap: Input should be a valid dictionary"),
        ('[keymap]\n"week.history" = 1\n', "keymap.week.history: Input should be a valid string"),
        ("colour = 'red'\n", "colour: unknown field"),
    ],
)
def test_a_bad_value_is_one_line_naming_the_field(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(text)
    with pytest.raises(ConfigError) as refused:
        settings.load(path)
    assert str(refused.value) == f"{path}: {message}"
