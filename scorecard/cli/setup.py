"""``scorecard init`` and ``scorecard demo``."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from scorecard.cli.base import State, config_dir, interactive, pass_state
from scorecard.config_file import CONFIG_NAME
from scorecard.defaults import DEFAULT_MARKETING_LEAD, DEFAULT_SALES_LEAD, DEFAULT_TITLE


def _ask(given: str | None, question: str, default: str) -> str:
    """What was given, else (at a terminal) what the user types, else ``default``."""
    if given is not None:
        return given
    if not interactive():
        return default
    answer = click.prompt(question, default=default, show_default=True)
    return str(answer).strip() or default


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--title", default=None, help=f"The workspace title [default: {DEFAULT_TITLE}].")
@click.option(
    "--sales-lead", default=None, help=f"Who leads sales [default: {DEFAULT_SALES_LEAD}]."
)
@click.option(
    "--marketing-lead",
    default=None,
    help=f"Who leads marketing [default: {DEFAULT_MARKETING_LEAD}].",
)
def init(
    directory: str | None, title: str | None, sales_lead: str | None, marketing_lead: str | None
) -> None:
    """Write scorecard.toml and an empty database in DIRECTORY (default: here).

    At a terminal it asks for what the options did not give; without one
    (a script) it uses the defaults and never asks. The operating rules
    start as drafts for both leads to agree.

    \b
    Example:
      scorecard init sync --title "Acme" --sales-lead "Ana Ruiz" --marketing-lead "Lee Park"
    """
    from scorecard.defaults import default_config
    from scorecard.workspace import Workspace

    folder = config_dir(directory)
    config_path = folder / CONFIG_NAME
    if config_path.is_file():  # a fresh clone, or an interrupted init: only the db is missing
        with Workspace.create_database(config_path) as ws:
            click.echo(f"Created {ws.db_path.name} for the existing {ws.config_path}")
        return
    config = default_config(
        _ask(title, "Workspace title", DEFAULT_TITLE),
        sales_lead=_ask(sales_lead, "Sales lead", DEFAULT_SALES_LEAD),
        marketing_lead=_ask(marketing_lead, "Marketing lead", DEFAULT_MARKETING_LEAD),
    )
    with Workspace.create(config, config_path) as ws:
        click.echo(f"Created {ws.config_path} and {ws.db_path.name}")
        from scorecard import gitops

        if gitops.repo_root(folder) is not None:
            from scorecard.closing import reports_dir

            for line in gitops.install(ws.db_path, reports_dir(ws)):
                click.echo(line)
            sha, files = gitops.commit_setup(ws)
            if sha:
                click.echo(
                    f"Committed {sha[:7]}: {', '.join(files)} (what a clone needs; "
                    "in a fresh clone run 'scorecard git install' once)"
                )
        click.echo("The operating rules are drafts: agree them, then date them in scorecard.toml.")
        click.echo("Next: scorecard set mqls 120   ·   scorecard show   ·   scorecard")


@click.command()
@click.argument("directory", required=False, type=click.Path(file_okay=False))
@click.option("--no-tui", is_flag=True, help="Only create the sample and print this week.")
@pass_state
def demo(state: State, directory: str | None, no_tui: bool) -> None:
    """Open a sample workspace with 13 weeks of history.

    Creates it in DIRECTORY (default: a new temporary folder); if DIRECTORY
    already holds a workspace, opens that one.

    \b
    Example:
      scorecard demo /tmp/sample --no-tui
    """
    from scorecard import sample
    from scorecard.report.plain import render_summary

    folder = Path(directory) if directory else Path(tempfile.mkdtemp(prefix="scorecard-demo-"))
    config_path = folder / CONFIG_NAME
    if not config_path.exists():
        sample.build(folder).close()
    state.config = str(config_path)
    if no_tui or not interactive():
        ws = state.workspace()
        click.echo(f"Sample workspace: {config_path}")
        click.echo("")
        click.echo(render_summary(ws.summary(ws.week()), ws.config), nl=False)
        return
    from scorecard.cli.app import open_app

    open_app(state, None)
    click.echo(f"Sample workspace: {config_path}")  # after the app, so it stays on screen
