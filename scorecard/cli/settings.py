"""``scorecard config path``: where the user's own settings are (theme, keymap)."""

from __future__ import annotations

import click


@click.group("config")
def config_group() -> None:
    """The user's own settings: the app's theme and keymap (not the workspace's).

    \b
    Example:
      scorecard config path
    """


@config_group.command("path")
def path() -> None:
    """Print where the settings file is ($SCORECARD_SETTINGS, else the XDG config folder).

    The file need not exist: the app writes it when the theme is changed, and
    the keymap is added by hand (docs/tui.md).

    \b
    Example:
      scorecard config path   # then: $EDITOR "$(scorecard config path)"
    """
    from scorecard.paths import settings_path

    click.echo(str(settings_path()))
