"""The default workspace that ``init`` writes: a metric set from the domain.

At least two metrics per area, owners spread over sales, marketing and shared,
the shared funnel (visits → MQLs → SQLs → opportunities → deals won) as stages,
the conversions computed from those counts (MQL → SQL, win rate), this
quarter's pipeline, revenue and win-rate goals, and the three operating rules
every sales/marketing pair should write down.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from scorecard.config import Agreement, Config, Goal, Metric, Team
from scorecard.quarters import Quarter
from scorecard.weeks import Week

DEFAULT_METRICS = [
    # Awareness: the top of the shared funnel (contacts → leads).
    Metric(
        key="mqls",
        name="Marketing-qualified leads",
        area="awareness",
        owner="marketing",
        target=120,
        description="Leads that meet the agreed lead definition.",
        stage=2,
    ),
    Metric(
        key="web-visits",
        name="Website visits",
        area="awareness",
        owner="marketing",
        target=8000,
        stage=1,
    ),
    Metric(
        key="attended-calls",
        name="Sales calls attended by marketing",
        area="awareness",
        owner="shared",
        target=4,
    ),
    # Revenue: what the business cares about most (leads → customers).
    Metric(
        key="sqls-accepted",
        name="SQLs accepted by sales",
        area="revenue",
        owner="sales",
        target=40,
        description="Leads sales accepted at the hand-off.",
        stage=3,
    ),
    Metric(
        key="mql-to-sql",
        name="MQL → SQL conversion",
        area="revenue",
        owner="shared",
        unit="percent",
        target=33,
        description="Share of the week's MQLs that sales accepted.",
        formula="sqls-accepted / mqls * 100",
    ),
    Metric(
        key="opportunities",
        name="Opportunities created",
        area="revenue",
        owner="sales",
        target=16,
        stage=4,
    ),
    Metric(
        key="pipeline",
        name="Pipeline created",
        area="revenue",
        owner="shared",
        unit="currency",
        target=250000,
    ),
    Metric(
        key="deals-won",
        name="Deals won",
        area="revenue",
        owner="sales",
        target=4,
        stage=5,
    ),
    Metric(
        key="closed-won",
        name="Closed-won revenue",
        area="revenue",
        owner="sales",
        unit="currency",
        target=90000,
        tolerance=0.15,
    ),
    Metric(
        key="win-rate",
        name="Win rate",
        area="revenue",
        owner="sales",
        unit="percent",
        target=25,
        description="Deals won as a share of the opportunities created that week.",
        formula="deals-won / opportunities * 100",
    ),
    # Trust: the promises the teams keep to each other and to customers.
    Metric(
        key="sla-followup",
        name="Follow-up within SLA",
        area="trust",
        owner="sales",
        unit="percent",
        target=90,
        tolerance=0.05,
    ),
    Metric(
        key="lead-rejection",
        name="Leads rejected by sales",
        area="trust",
        owner="shared",
        unit="percent",
        target=15,
        direction="lower",
        tolerance=0.2,
    ),
    Metric(
        key="retention",
        name="Customer retention",
        area="trust",
        owner="shared",
        unit="percent",
        target=95,
        tolerance=0.03,
    ),
]


def default_goals(quarter: Quarter) -> list[Goal]:
    """The quarter's shared goals: pipeline, revenue and win rate."""
    return [
        Goal(
            key="pipeline",
            name=f"Pipeline created in Q{quarter.number}",
            metric="pipeline",
            quarter=quarter.id,
            target=3250000,
            owner="shared",
        ),
        Goal(
            key="revenue",
            name=f"Closed-won revenue in Q{quarter.number}",
            metric="closed-won",
            quarter=quarter.id,
            target=1200000,
            owner="sales",
        ),
        Goal(
            key="win-rate",
            name="Win rate at 25%",
            metric="win-rate",
            quarter=quarter.id,
            target=25,
            owner="shared",
        ),
    ]


#: The three rules every pair should write down, as drafts (no ``agreed`` date):
#: a starting point to discuss, never presented as something both leads agreed.
DRAFT_AGREEMENTS = [
    Agreement(
        key="lead-definition",
        title="What counts as a lead",
        text="Draft: a contact at a company of 50+ employees in our target industries who has "
        "asked for a demo or pricing, or engaged with two pieces of content in 30 days.",
    ),
    Agreement(
        key="hand-off",
        title="Hand-off from marketing to sales",
        text="Draft: marketing hands a lead to sales as an MQL in the CRM with source and "
        "context; sales accepts (SQL) or rejects it with a reason within two working days.",
    ),
    Agreement(
        key="follow-up-sla",
        title="Follow-up SLA",
        text="Draft: sales makes first contact with every accepted lead within 24 working hours.",
    ),
]


def _agreed(draft: Agreement, on: date) -> Agreement:
    text = draft.text.removeprefix("Draft: ")
    return dataclasses.replace(draft, text=text[:1].upper() + text[1:], agreed=on)


#: The same rules as the sample workspace's leads agreed them (``scorecard demo``).
DEFAULT_AGREEMENTS = [
    _agreed(a, agreed)
    for a, agreed in zip(
        DRAFT_AGREEMENTS, (date(2026, 9, 1), date(2026, 9, 1), date(2026, 9, 15)), strict=True
    )
]

DEFAULT_TITLE = "Sales & Marketing Scorecard"
#: Neutral names for the leads until the workspace is told who they are.
DEFAULT_SALES_LEAD = "Sales lead"
DEFAULT_MARKETING_LEAD = "Marketing lead"


def default_config(
    title: str = DEFAULT_TITLE,
    *,
    sales_lead: str = DEFAULT_SALES_LEAD,
    marketing_lead: str = DEFAULT_MARKETING_LEAD,
    agreements: list[Agreement] | None = None,
    quarter: Quarter | None = None,
) -> Config:
    """The workspace ``init`` writes (validated when written): the default metrics,
    the given leads, the operating rules as drafts unless ``agreements`` says, and
    the goals of ``quarter`` (default: this week's)."""
    return Config(
        title=title,
        teams={
            "sales": Team(name="Sales", lead=sales_lead),
            "marketing": Team(name="Marketing", lead=marketing_lead),
        },
        metrics=DEFAULT_METRICS,
        agreements=DRAFT_AGREEMENTS if agreements is None else agreements,
        goals=default_goals(quarter or Quarter.of(Week.current())),
    )
