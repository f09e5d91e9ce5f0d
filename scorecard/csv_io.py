"""CSV in and out: metric values (and commitments) for spreadsheets and CRMs.

Writing: UTF-8, ``,`` separated, CRLF line ends (RFC 4180), values as plain exact
digits. A text cell that a spreadsheet would run as a formula (starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading ``'``;
reading removes it again, so text survives a round trip.

Reading is :mod:`scorecard.importing`; it calls :func:`restore` on every text
cell it takes from a CSV file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from scorecard.config import Config
from scorecard.models import Commitment, MetricValue
from scorecard.numbers import plain_number
from scorecard.status import metric_status, target_in_force
from scorecard.text import csv_cell

VALUE_COLUMNS = (
    "week",
    "metric",
    "value",
    "note",
    "target",
    "status",
    "metric_name",
    "unit",
    "entered_by",
    "entered_at",
)
COMMITMENT_COLUMNS = (
    "id",
    "text",
    "owner",
    "team",
    "week_made",
    "due_week",
    "status",
    "carried_from",
    "created_at",
    "updated_at",
)


def _write(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180; quotes cells holding \r
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(cell) for cell in row])
    return out.getvalue()


def write_values(values: Iterable[MetricValue], config: Config) -> str:
    """One row per week and metric, in week then scorecard order."""
    order = {m.key: i for i, m in enumerate(config.metrics)}
    rows = []
    for v in sorted(values, key=lambda v: (v.week, order.get(v.metric, len(order)), v.metric)):
        spec = config.metric(v.metric)
        target = target_in_force(v.target, spec) if spec else v.target
        status = metric_status(v.value, target, spec).value if spec else ""
        rows.append(
            [
                v.week,
                v.metric,
                plain_number(v.value),
                v.note,
                None if target is None else plain_number(target),
                status,
                spec.name if spec else "",
                spec.unit if spec else "",
                v.entered_by,
                v.entered_at,
            ]
        )
    return _write(VALUE_COLUMNS, rows)


def write_commitments(items: Iterable[Commitment]) -> str:
    return _write(COMMITMENT_COLUMNS, ([getattr(c, k) for k in COMMITMENT_COLUMNS] for c in items))
