"""The fixed vocabularies and length limits of the domain, each in one place.

Validation (:mod:`scorecard.validation`), the checks of stored rows
(:mod:`scorecard.rows`), the config schema and every display read these. This
module imports only the standard library: the merge driver git starts checks
rows with these, without importing the config's schema (pydantic) at all.
"""

from __future__ import annotations

from typing import Literal, get_args

Area = Literal["awareness", "revenue", "trust"]
#: The three areas every metric belongs to (Awareness, Revenue, Trust).
AREAS: tuple[Area, ...] = get_args(Area)
Unit = Literal["count", "currency", "percent"]
Direction = Literal["higher", "lower"]

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

ISSUE_STATES = ("open", "solved", "dropped")
#: What an issue may be raised from.
SOURCE_KINDS = ("metric", "commitment", "note")
#: What each action of an issue's history is called.
ACTIONS = ("raised", "ranked", "edited", "solved", "dropped", "reopened")

#: Length limits of typed text, in characters (stored rows are held to them too).
MAX_TEXT = 100_000
"""A retro note."""
MAX_SHORT_TEXT = 2_000
"""A commitment's text, a note on a value."""
MAX_NAME = 200
"""An owner or author."""
#: Issue text obeys the rules of note text (``clean_text``, inert at every sink).
MAX_ISSUE_TEXT = MAX_TEXT
MAX_RESOLUTION = 2000
#: The largest scorecard.toml read (bytes).
MAX_CONFIG_BYTES = 1_000_000
