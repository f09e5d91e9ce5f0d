"""``scorecard log [ID] [--git]``: the history of commitments, from the database or from git."""

from __future__ import annotations

from typing import Any

import click

from scorecard.cli.base import State, completes, echo_json, json_option, pass_state
from scorecard.errors import InvalidInput


@click.command("log")
@click.argument(
    "commitment_id", metavar="[ID]", required=False, shell_complete=completes("commitments")
)
@click.option("--git", "from_git", is_flag=True, help="From git: which commit changed it.")
@json_option("the history")
@pass_state
def log(state: State, commitment_id: str | None, from_git: bool, as_json: bool) -> None:
    """The history of commitments (or of commitment or issue ID).

    \b
    Examples:
      scorecard log 3f2a9c1
      scorecard log --git --json
    """
    from scorecard.errors import NotFound
    from scorecard.text import terminal as t

    ws = state.workspace()
    try:
        found = ws.find_commitment(commitment_id) if commitment_id else None
    except NotFound:
        assert commitment_id is not None
        issue = ws.find_issue(commitment_id)  # not a commitment: an issue, or NotFound
        if from_git:
            raise InvalidInput("log --git follows commitments; for an issue use log ID") from None
        _issue_log(ws, issue, as_json)
        return
    if from_git:
        from scorecard.githistory import db_changes

        changes = db_changes(ws.db_path, found.id if found else None)
        if as_json:
            from scorecard.cli.output import change_record

            echo_json([change_record(c) for c in changes])
            return
        for change in changes:
            click.echo(
                f"{t(change.sha[:7])} {t(change.date)} {t(change.author)}  "
                f"{t(change.subject)}  ({t(change.what)})"
            )
        return
    texts = {c.id: c.text for c in ws.commitments()}
    events = ws.history(found.id) if found else ws.all_history()
    if as_json:
        from scorecard.cli.output import event_record

        echo_json([event_record(e, texts.get(e.commitment_id)) for e in events])
        return
    for event in events:
        text = t(texts.get(event.commitment_id, ""))[:60]
        click.echo(
            f"{t(event.at)}  {t(event.commitment_id[:7])}  {t(event.status):<7}  "
            f"{t(event.week)}  {t(event.by or '-')}  {text}"
        )


def _issue_log(ws: Any, issue: Any, as_json: bool) -> None:
    from scorecard.report.plain import issue_event_line

    events = ws.issue_history(issue.id)
    if as_json:
        echo_json(
            [
                {
                    "at": e.at,
                    "issue_id": e.issue_id,
                    "seq": e.seq,
                    "action": e.action,
                    "week": e.week,
                    "detail": e.detail,
                    "by": e.by,
                    "text": issue.text,
                }
                for e in events
            ]
        )
        return
    for event in events:
        click.echo(issue_event_line(event, issue.text))
