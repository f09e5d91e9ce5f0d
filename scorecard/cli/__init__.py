"""The ``scorecard`` command line. Headless commands never import Textual, and each
command imports its own module only."""

from __future__ import annotations

import gc
import os

import click

from scorecard import __version__
from scorecard.cli.base import ScorecardGroup, State

#: Every subcommand, imported only when it runs (or for --help and completion).
COMMANDS = {
    "init": "scorecard.cli.setup:init",
    "demo": "scorecard.cli.setup:demo",
    "set": "scorecard.cli.record:set_value",
    "unset": "scorecard.cli.record:unset_value",
    "note": "scorecard.cli.record:note",
    "show": "scorecard.cli.record:show",
    "goals": "scorecard.cli.goals:goals",
    "rate": "scorecard.cli.record:rate",
    "commitment": "scorecard.cli.commitments:commitment",
    "issue": "scorecard.cli.issues:issue",
    "export": "scorecard.cli.data:export",
    "import": "scorecard.cli.imports:import_",
    "close": "scorecard.cli.data:close",
    "reopen": "scorecard.cli.data:reopen",
    "tui": "scorecard.cli.app:tui",
    "git": "scorecard.cli.git:git_group",
    "conflicts": "scorecard.cli.conflicts:conflicts",
    "log": "scorecard.cli.log:log",
    "config": "scorecard.cli.settings:config_group",
    "check": "scorecard.cli.check:check",
}


@click.group(
    "scorecard",
    cls=ScorecardGroup,
    lazy_commands=COMMANDS,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
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

    Run without a command to open the app on the current week; without a
    terminal (a pipe, a file, cron) it prints the week as 'show' does instead.

    \b
    Examples:
      scorecard init && scorecard set mqls 131 && scorecard
      scorecard show --json | jq .metrics
    """
    # The first pydantic model made (the settings, scorecard.toml) would look for
    # pydantic plugins in the entry points of every installed distribution: tens
    # of ms of every command's start, for plugins this program does not use.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    ctx.obj = State(config)
    if ctx.invoked_subcommand is None:
        from scorecard.cli.base import interactive

        if not interactive():
            from scorecard.cli.record import show

            ctx.invoke(show)
            return
        from scorecard.cli.app import open_app

        open_app(ctx.obj, None)


def main() -> None:
    """The ``scorecard`` program (console script and ``python -m scorecard``): its
    process ends when this returns."""
    try:
        cli.main(prog_name="scorecard")
    finally:
        # The process is ending: keep the collector from walking every object it
        # made (the imported modules, pydantic's schemas, click's commands) while
        # Python tears them down (about 60 ms of CPU of every command on the
        # benchmark's machine, docs/benchmarks.md). Not in ``cli.main``: a caller
        # that runs commands in-process (CliRunner) goes on collecting as before.
        gc.freeze()
