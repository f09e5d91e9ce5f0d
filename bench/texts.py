"""Words for the generated workspace: people, commitments, retro notes.

Combined at random (from the generator's seeded ``Random``), so ten years of
text is varied enough to look like a real team's, and as long.
"""

from __future__ import annotations

import random

LEADS = ["Sam Rivera", "Maya Chen"]
SALES = ["Sam Rivera", "Jordan Blake", "Priya Nair", "Luis Ortega", "Hannah Weiss"]
MARKETING = ["Maya Chen", "Tomás Silva", "Aisha Bello", "Noor Haddad", "Kenji Mori"]

_DO = {
    "sales": [
        "Call back every demo request from {source}",
        "Tag rejected leads from {source} with a reason in the CRM",
        "Share the top five lost-deal reasons for {segment} with marketing",
        "Run the follow-up SLA report for {segment}",
        "Invite marketing to the {segment} pipeline review",
        "Review stalled {segment} opportunities with the team",
        "Send marketing three objections heard on {segment} calls",
        "Follow up on leads from {source} older than two days",
    ],
    "marketing": [
        "Send the attendee list from {source} to sales within a day",
        "Write a customer story for {segment}",
        "Join three {segment} discovery calls to hear objections first-hand",
        "Refresh the nurture sequence for {segment}",
        "Clean up duplicate contacts from {source}",
        "Draft the battle card for {segment} deals",
        "Fix the lead form on {source} so the definition is applied",
        "Build the {segment} landing page with sales' input",
    ],
    "shared": [
        "Agree the new lead-scoring threshold for {segment}",
        "Walk through the {segment} funnel numbers together",
        "Rewrite the hand-off checklist for leads from {source}",
        "Decide who owns leads from {source}",
        "Review the {segment} win/loss interviews together",
    ],
}
_SOURCES = [
    "the pricing page",
    "the webinar",
    "the trade show",
    "LinkedIn ads",
    "the partner portal",
    "the newsletter",
    "the free trial",
    "the comparison page",
    "the podcast",
    "the conference booth",
]
_SEGMENTS = [
    "mid-market",
    "enterprise",
    "healthcare",
    "fintech",
    "EMEA",
    "public sector",
    "renewal",
    "SMB",
    "manufacturing",
    "retail",
]

_NOTES = {
    "worked": [
        "The joint push on {source} brought leads that sales accepted the same day.",
        "Following up within the SLA on {segment} doubled the connect rate.",
        "The shared pipeline review kept both teams on the same numbers.",
        "The {segment} customer story converts twice as well as the old page.",
        "Pairing on {segment} calls gave marketing better copy within a week.",
    ],
    "didnt": [
        "Leads from {source} sat untouched for a week.",
        "Too many {segment} leads were rejected without a reason.",
        "Nurture emails went to {segment} customers who had already bought.",
        "We argued about numbers from two different dashboards again.",
        "The campaign on {source} launched before sales had the talk track.",
    ],
    "why": [
        "No owner for the hand-off after {source}.",
        "The lead definition was not applied to the form on {source}.",
        "CRM and the marketing tool sync only once a week.",
        "We changed the scoring model for {segment} without telling sales.",
        "Nobody checked the {segment} list before the send.",
    ],
    "idea": [
        "Add a 'rejected reason' picklist so {segment} data is usable.",
        "Pair each AE with a marketer for one week a quarter.",
        "Route leads from {source} to the SDR team, not the AEs.",
        "Send a weekly digest of {segment} wins to both teams.",
        "Try a shorter demo for sign-ups from {source}.",
    ],
    "kudos": [
        "{marketer}'s team turned the {segment} case study around in two days.",
        "{seller} closed a {segment} deal that started from {source}: WE won it.",
        "{marketer} cleaned thousands of duplicate contacts before the launch.",
        "{seller} answered every lead from {source} inside the SLA all week.",
    ],
}
_NOTE_WEIGHTS = {"worked": 0.26, "didnt": 0.22, "why": 0.18, "idea": 0.18, "kudos": 0.16}
_VALUE_NOTES = [
    "two late losses",
    "holiday week",
    "webinar spike",
    "CRM sync was down on Monday",
    "includes one large renewal",
    "counted after the definition change",
    "trade show week",
]


def _fill(template: str, rng: random.Random) -> str:
    return template.format(
        source=rng.choice(_SOURCES),
        segment=rng.choice(_SEGMENTS),
        seller=rng.choice(SALES[1:]),
        marketer=rng.choice(MARKETING[1:]),
    )


def commitment(rng: random.Random) -> tuple[str, str, str]:
    """Text, owner and team of a new commitment."""
    team = rng.choices(["sales", "marketing", "shared"], [0.42, 0.42, 0.16])[0]
    people = SALES if team == "sales" else MARKETING if team == "marketing" else LEADS
    # The leads own most commitments; their people own the rest.
    owner = people[0] if rng.random() < 0.6 else rng.choice(people)
    return _fill(rng.choice(_DO[team]), rng), owner, team


def note(rng: random.Random) -> tuple[str, str, str]:
    """Kind, author and text of a retro note."""
    kind = rng.choices(list(_NOTE_WEIGHTS), list(_NOTE_WEIGHTS.values()))[0]
    author = rng.choice(LEADS) if rng.random() < 0.7 else rng.choice(SALES + MARKETING)
    text = _fill(rng.choice(_NOTES[kind]), rng)
    if rng.random() < 0.25:  # some notes get a second sentence
        text += " " + _fill(rng.choice(_NOTES[kind]), rng)
    return kind, author, text


def value_note(rng: random.Random) -> str | None:
    return rng.choice(_VALUE_NOTES) if rng.random() < 0.04 else None


def lead_of(owner: str, rng: random.Random) -> str:
    """Who enters a metric: its team's lead (shared ones: either)."""
    if owner == "sales":
        return LEADS[0]
    if owner == "marketing":
        return LEADS[1]
    return rng.choice(LEADS)
