"""Records of the read commands' ``--json`` output (imported only with ``--json``).

Lists are printed as one JSON array (as ``sqlite-utils query`` does), in the
order the text output has. Commitments and notes are the same records as in
``export -f json``, and ``show --json`` prints that export's document itself:
one builder for each thing, whichever command prints it. The text is made
inert by :func:`scorecard.text.json_dumps` (``echo_json``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scorecard.conflicts import MergeConflict
    from scorecard.githistory import Change
    from scorecard.models import CommitmentEvent


def event_record(event: CommitmentEvent, text: str | None) -> dict[str, Any]:
    return {
        "id": event.id,
        "commitment_id": event.commitment_id,
        "seq": event.seq,
        "status": event.status,
        "week": event.week,
        "by": event.by,
        "at": event.at,
        "text": text,
    }


def change_record(change: Change) -> dict[str, Any]:
    return {
        "commit": change.sha,
        "date": change.date,
        "author": change.author,
        "subject": change.subject,
        "what": change.what,
    }


def conflict_record(item: MergeConflict) -> dict[str, Any]:
    return {
        "id": item.id,
        "table": item.table,
        "key": list(item.key),
        "column": item.column,
        "where": item.where,
        "base": item.base,
        "ours": item.ours,
        "theirs": item.theirs,
        "created_at": item.created_at,
    }
