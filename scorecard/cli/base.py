"""What every command shares: the group with one-line errors, the lazily opened
workspace, and parameter types for weeks and numbers.

Messages go to stderr as one line, no traceback. Exit 0 ok, 1 a failure the
user can fix, 2 bad usage or invalid input (DESIGN.md).
"""

from __future__ import annotations

import contextlib
import importlib
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import click

from scorecard.errors import InvalidInput, ScorecardError
from scorecard.weeks import Week, parse_week

F = TypeVar("F", bound=Callable[..., Any])
#: Damaged stored rows named one a line on stderr; beyond, a count.
MAX_BAD_LINES = 10


def fail(message: str) -> None:
    from scorecard.text import terminal  # messages quote what was typed: keep it inert

    click.echo(f"scorecard: {terminal(message)}", err=True)


class ScorecardGroup(click.Group):
    """A click group whose every error is one line on stderr.

    Subcommands named in ``lazy_commands`` (name -> ``"module:attribute"``) are
    imported only when run, listed or completed (click's "Lazily Loading
    Subcommands" pattern), so a command pays for its own imports only.
    """

    def __init__(
        self, *args: Any, lazy_commands: Mapping[str, str] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.lazy_commands = dict(lazy_commands or {})

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy_commands})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy_commands:
            module, _, attribute = self.lazy_commands[cmd_name].partition(":")
            command = getattr(importlib.import_module(module), attribute)
            if not isinstance(command, click.Command):
                raise TypeError(f"{self.lazy_commands[cmd_name]} is not a click command")
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def resolve_command(
        self, ctx: click.Context, args: list[str]
    ) -> tuple[str | None, click.Command | None, list[str]]:
        try:
            return super().resolve_command(ctx, args)
        except click.NoSuchCommand as exc:
            # click suggests a name among the commands loaded so far: offer them all
            raise click.NoSuchCommand(
                exc.command_name, possibilities=self.list_commands(ctx), ctx=exc.ctx
            ) from None

    def main(
        self,
        args: Any = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        code = 0
        State.pending_notices.clear()
        State.left_out = False
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
            code = result if isinstance(result, int) else 0
            for line in State.pending_notices:
                fail(line)
            if code == 0 and State.left_out:
                code = 1
        except click.UsageError as exc:
            path = exc.ctx.command_path if exc.ctx else "scorecard"
            fail(f"{exc.format_message()} (see '{path} --help')")
            code = 2
        except click.ClickException as exc:
            fail(exc.format_message())
            code = exc.exit_code
        except click.Abort:
            fail("aborted")
            code = 1
        except ScorecardError as exc:
            fail(str(exc))
            code = exc.exit_code
        except KeyboardInterrupt:
            code = 130
        State.pending_notices.clear()
        if standalone_mode:
            sys.exit(code)
        return code


class State:
    """Per-invocation state: the --config option and the workspace, opened once.

    A command that opened the workspace ends, when it succeeded, with what the
    user should know about git (conflicts left, an unmerged file, drivers
    missing or not running), one line each on stderr. Commands that say it
    themselves (``conflicts``, ``git install``, the app) set ``git_notices``
    to False.
    """

    #: Lines to print once the command has succeeded (see ScorecardGroup.main).
    pending_notices: ClassVar[list[str]] = []
    #: A command that only read left damaged stored rows out of what it printed:
    #: it exits 1 (a command that wrote exits 0, so that it is not run again).
    left_out: ClassVar[bool] = False

    def __init__(self, config: str | None):
        self.config = config
        self._workspace: Any = None
        self.git_notices = True

    def workspace(self, *, check_derived: bool = True) -> Any:
        if self._workspace is None:
            from scorecard.workspace import Workspace

            self._workspace = Workspace.open(self.config, check_derived=check_derived)
            click.get_current_context().call_on_close(self._finish)
        return self._workspace

    def _finish(self) -> None:
        ws, self._workspace = self._workspace, None
        try:
            self._report_bad_rows(ws)
            if self.git_notices:
                from scorecard.errors import ScorecardError

                with contextlib.suppress(ScorecardError):
                    State.pending_notices.extend(ws.git_notices())
        finally:
            ws.close()

    @staticmethod
    def _report_bad_rows(ws: Any) -> None:
        """One line on stderr for each stored row that was left out (at most a few)."""
        bad = ws.bad_rows()
        if bad and not ws.store.writes:
            State.left_out = True
        for item in bad[:MAX_BAD_LINES]:
            fail(item.line())
        if len(bad) > MAX_BAD_LINES:
            fail(f"… and {len(bad) - MAX_BAD_LINES} more damaged rows; run 'scorecard check'")


pass_state = click.make_pass_decorator(State)


def completes(kind: str) -> Callable[[click.Context, click.Parameter, str], list[Any]]:
    """Tab completion of ``kind`` (metrics, commitments, notes, conflicts) for an
    argument; the completing code is imported only when the shell asks."""

    def complete(ctx: click.Context, param: click.Parameter, incomplete: str) -> list[Any]:
        from scorecard.cli import complete as found

        result: list[Any] = getattr(found, kind)(ctx, param, incomplete)
        return result

    return complete


class WeekType(click.ParamType):
    name = "WEEK"

    def shell_complete(self, ctx: click.Context, param: click.Parameter, incomplete: str) -> Any:
        from scorecard.cli import complete

        return complete.weeks(ctx, param, incomplete)

    def convert(self, value: Any, param: Any, ctx: Any) -> Week:
        if isinstance(value, Week):
            return value
        try:
            return parse_week(str(value))
        except InvalidInput as exc:
            self.fail(str(exc), param, ctx)


WEEK = WeekType()


def week_option(
    help_text: str = "The week: 2026-W47, a date, this, last or next.",
) -> Callable[[F], F]:
    return click.option("--week", "-w", type=WEEK, default=None, help=help_text)


def json_option(what: str = "the same data") -> Callable[[F], F]:
    """``--json``: the read command prints ``what`` as JSON (lists as one array)."""
    return click.option(
        "--json", "as_json", is_flag=True, help=f"Print {what} as JSON, for scripts."
    )


def echo_json(data: Any) -> None:
    """Print ``data`` as the exports print JSON: stable, indented, text made inert."""
    from scorecard.text import json_dumps

    click.echo(json_dumps(data), nl=False)


def resolve_week(week: Week | None) -> Week:
    return week or Week.current()


def interactive() -> bool:
    """Whether a person is at a terminal: stdin and stdout both a tty.

    Without one (a pipe, a file, cron, CI) nothing prompts and the app never
    starts: its escape sequences would land in the file and it would wait forever.
    """
    return sys.stdin.isatty() and sys.stdout.isatty()


def config_dir(path: str | None) -> Path:
    return Path(path) if path else Path.cwd()
