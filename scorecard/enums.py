"""The fixed vocabularies of the domain, each in one place.

Validation (:mod:`scorecard.validation`), the merge's checks of incoming rows
(:mod:`scorecard.conflicts`), the config schema and every display read these.
"""

from __future__ import annotations

from typing import Literal, get_args

Team = Literal["sales", "marketing", "shared"]
#: Who owns a metric or a commitment; ``shared``: "WE won that deal".
TEAMS: tuple[Team, ...] = get_args(Team)

#: Kinds of retro notes, in the order a retro goes through them.
NOTE_KINDS = ("worked", "didnt", "why", "idea", "kudos")
NOTE_LABELS = {
    "worked": "What worked",
    "didnt": "What didn't work",
    "why": "Why",
    "idea": "Ideas",
    "kudos": "Kudos",
}

#: Commitment statuses. ``open`` until reviewed; ``carried`` means it went on
#: as a new commitment (whose ``carried_from`` points back).
COMMITMENT_STATUSES = ("open", "done", "missed", "dropped", "carried")
#: What a review may set (``open`` reopens); carrying is its own action.
REVIEW_STATUSES = ("open", "done", "missed", "dropped")
