"""``scorecard init`` and ``scorecard demo``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from scorecard.cli.base import State, config_dir, pass_state
from scorecard.config import CONFIG_NAME


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option(
    "--title",
    default="Sales & Marketing Scorecard",
    show_default=True,
    help="The workspace title shown in the app and reports.",
)
def init(directory: str | None, title: str) -> None:
    """Write scorecard.toml and an empty database in DIRECTORY (default: here)."""
    from scorecard.defaults import default_config
    from scorecard.workspace import Workspace

    folder = config_dir(directory)
    config_path = folder / CONFIG_NAME
    if config_path.is_file():  # a fresh clone, or an interrupted init: only the db is missing
        with Workspace.create_database(config_path) as ws:
            click.echo(f"Created {ws.db_path.name} for the existing {ws.config_path}")
        return
    with Workspace.create(default_config(title), config_path) as ws:
        click.echo(f"Created {ws.config_path} and {ws.db_path.name}")
        from scorecard import gitops

        if gitops.repo_root(folder) is not None:
            for line in gitops.install(ws.db_path):
                click.echo(line)
        click.echo("Next: scorecard set mqls 120   ·   scorecard show   ·   scorecard")


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--no-tui", is_flag=True, help="Only create the sample and print this week.")
@pass_state
def demo(state: State, directory: str | None, no_tui: bool) -> None:
    """Open a sample workspace with 13 weeks of history.

    Creates it in DIRECTORY (default: a new temporary folder); if DIRECTORY
    already holds a workspace, opens that one.
    """
    from scorecard import sample
    from scorecard.report.plain import render_summary

    folder = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="scorecard-demo-"))
    config_path = folder / CONFIG_NAME
    if not config_path.exists():
        sample.build(folder).close()
    state.config = str(config_path)
    if no_tui:
        ws = state.workspace()
        click.echo(f"Sample workspace: {config_path}")
        click.echo("")
        click.echo(render_summary(ws.summary(ws.week()), ws.config), nl=False)
        return
    from scorecard.cli.app import open_app

    open_app(state, None)
    click.echo(f"Sample workspace: {config_path}")  # after the app, so it stays on screen
