"""The ``scorecard`` command line. Headless commands never import Textual."""

from __future__ import annotations

import click

from scorecard import __version__
from scorecard.cli.base import ScorecardGroup, State


@click.group("scorecard", cls=ScorecardGroup, invoke_without_command=True)
@click.option(
    "--config",
    "config",
    type=click.Path(dir_okay=False),
    envvar="SCORECARD_CONFIG",
    help="Path of scorecard.toml (default: $SCORECARD_CONFIG, else the nearest one upwards).",
)
@click.version_option(__version__, prog_name="scorecard")
@click.pass_context
def cli(ctx: click.Context, config: str | None) -> None:
    """Alignment Scorecard: the weekly sales & marketing sync.

    Run without a command to open the app on the current week.
    """
    ctx.obj = State(config)
    if ctx.invoked_subcommand is None:
        from scorecard.cli.app import open_app

        open_app(ctx.obj, None)


def _register() -> None:
    from scorecard.cli import app, commitments, data, git, record, setup

    for module in (setup, record, commitments, data, app, git):
        for command in module.COMMANDS:
            cli.add_command(command)


_register()


def main() -> None:
    cli.main(prog_name="scorecard")
