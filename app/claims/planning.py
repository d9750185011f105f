"""Which claims a group of statements makes, and what each claim says: pure functions
of the group's current statements, so the result does not depend on the order in
which they were stored.

Commitment claims (one per target year of a group, see `keys`):
- *Headline* statements are those at the pledged, committed or revised stage that
  give an amount (or a share of GDP).  In publication order, a headline value
  equal to the current one (amounts within `AMOUNT_TOLERANCE`, shares within
  `SHARE_TOLERANCE` points) agrees with it; a different value reported within
  `DISPUTE_WINDOW` of the first report of the current value disputes it (both
  values are listed in `disputed`); a different value reported later is a
  revision: the step's status is `revised` and the value becomes current.
- `pledged` is the current value; `disbursed` (`allocated`) is the largest amount
  a disbursement (allocation) statement gives, since outlets restate running
  totals; `gap` is pledged minus disbursed.
- `status` is the furthest stage reached (pledged < committed, revised <
  allocated < disbursed < withdrawn).

Sources: statements are counted once per outlet (`keys.outlet`); outlets whose
statements cite a paragraph with the very same text are one source (syndication).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from typing import Any

from app.claims import keys
from app.claims.lifecycle import (
    ALLOCATED,
    COMMITTED,
    DISBURSED,
    PLEDGED,
    REVISED,
    WITHDRAWN,
)
from app.claims.schemas import (
    ClaimOut,
    DisputedOut,
    DisputedValue,
    SourceOut,
    TimelineStep,
)
from app.facts.schemas import ActorOut, AmountOut, DateOut, ParticipantOut, ShareOfGdpOut

AMOUNT_TOLERANCE = Decimal("0.02")  # relative: €2bn and €2.03bn are the same pledge
SHARE_TOLERANCE = Decimal("0.05")  # percentage points of GDP
DISPUTE_WINDOW = timedelta(days=7)
_HEADLINE = frozenset({PLEDGED, COMMITTED, REVISED})
_RANK = {PLEDGED: 1, COMMITTED: 2, REVISED: 2, ALLOCATED: 3, DISBURSED: 4, WITHDRAWN: 5}


@dataclass(frozen=True, slots=True)
class Report:
    """Where and when a statement was published."""

    article_id: int
    reported_at: datetime
    outlet: str
    paragraph_hash: str | None
    quote: str | None


@dataclass(frozen=True, slots=True)
class CommitmentRow:
    id: int
    claim_id: int | None
    group: str
    target_year: int | None
    lifecycle: str | None
    amount_value: Decimal | None
    currency: str | None
    gdp_from: Decimal | None
    gdp_to: Decimal | None
    metric: str
    actor_entity_id: int | None
    actor_name: str | None
    report: Report


@dataclass(frozen=True, slots=True)
class EventRow:
    id: int
    claim_id: int | None
    group: str
    type: str
    summary: str
    date_value: str | None
    date_precision: str | None
    participants: tuple[tuple[int, str], ...]  # (entity id, name as the statement gives it)
    report: Report


@dataclass(slots=True)
class ClaimPlan:
    key: str
    kind: str
    group: str
    columns: dict[str, Any]  # the join-key columns, fixed by the key
    commitments: list[CommitmentRow] = field(default_factory=list)
    events: list[EventRow] = field(default_factory=list)

    @property
    def statement_ids(self) -> list[int]:
        return [s.id for s in self.commitments] + [s.id for s in self.events]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A claim's derived columns."""

    document: str
    sources_document: str
    timeline_document: str
    status: str | None
    entity_ids: list[int]
    statement_count: int
    source_count: int
    first_reported: datetime
    last_reported: datetime


def _order(report: Report, id_: int) -> tuple[datetime, int]:
    return (report.reported_at, id_)


def plan_commitments(group: str, rows: Sequence[CommitmentRow]) -> list[ClaimPlan]:
    years = {r.target_year for r in rows if r.target_year is not None}
    undated_year = next(iter(years)) if len(years) == 1 else None
    plans: dict[str, ClaimPlan] = {}
    basis = group.rsplit("|", 1)[-1]
    for row in sorted(rows, key=lambda r: _order(r.report, r.id)):
        year = row.target_year if row.target_year is not None else undated_year
        key = keys.commitment_key(group, year)
        plan = plans.get(key)
        if plan is None:
            actor = group.split("|")[1]
            plan = plans[key] = ClaimPlan(
                key,
                "commitment",
                group,
                {
                    "actor_entity_id": int(actor) if actor.isdigit() else None,
                    "metric_class": group.split("|")[2],
                    "basis": basis,
                    "currency": basis if len(basis) == 3 and basis.isupper() else None,
                    "target_year": year,
                    "event_type": None,
                },
            )
        plan.commitments.append(row)
    return list(plans.values())


def plan_events(group: str, rows: Sequence[EventRow]) -> list[ClaimPlan]:
    """Connected components of the group's events by shared participant entities."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for row in rows:
        node = f"s{row.id}"
        find(node)
        for entity_id, _ in row.participants:
            union(node, f"p{entity_id}")
    components: dict[str, list[EventRow]] = {}
    for row in rows:
        components.setdefault(find(f"s{row.id}"), []).append(row)
    plans = []
    for members in components.values():
        entity_ids = sorted({e for row in members for e, _ in row.participants})
        anchor = str(entity_ids[0]) if entity_ids else f"x{min(r.id for r in members)}"
        plan = ClaimPlan(
            f"{group}|{anchor}",
            "event",
            group,
            {
                "actor_entity_id": None,
                "metric_class": None,
                "basis": None,
                "currency": None,
                "target_year": None,
                "event_type": members[0].type,
            },
        )
        plan.events = sorted(members, key=lambda r: _order(r.report, r.id))
        plans.append(plan)
    return plans


def _sources(statements: Iterable[tuple[int, Report]]) -> list[SourceOut]:
    """Outlets, those that carried the same paragraph text merged into one source."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    ordered = sorted(statements, key=lambda s: _order(s[1], s[0]))
    first_outlet_of_text: dict[str, str] = {}
    for _, report in ordered:
        find(report.outlet)
        if report.paragraph_hash is None:
            continue
        other = first_outlet_of_text.setdefault(report.paragraph_hash, report.outlet)
        ra, rb = find(other), find(report.outlet)
        if ra != rb:
            parent[rb] = ra  # the outlet that carried the text first stays the source
    sources: dict[str, SourceOut] = {}
    for statement_id, report in ordered:
        root = find(report.outlet)
        source = sources.get(root)
        if source is None:
            source = sources[root] = SourceOut(
                outlet=root,
                syndicated=[],
                article_ids=[],
                statement_ids=[],
                first_reported=report.reported_at,
            )
        if report.outlet != root and report.outlet not in source.syndicated:
            source.syndicated.append(report.outlet)
        if report.article_id not in source.article_ids:
            source.article_ids.append(report.article_id)
        source.statement_ids.append(statement_id)
    return list(sources.values())


def _value(row: CommitmentRow) -> Decimal | None:
    return row.amount_value if row.amount_value is not None else row.gdp_to


def _same(a: Decimal, b: Decimal, *, share: bool) -> bool:
    if share:
        return abs(a - b) <= SHARE_TOLERANCE
    return abs(a - b) <= AMOUNT_TOLERANCE * max(a, b)


def _amount(value: Decimal | None, currency: str | None) -> AmountOut | None:
    if value is None or currency is None:
        return None
    return AmountOut(value=float(value), currency=currency)


def _share(row: CommitmentRow) -> ShareOfGdpOut | None:
    if row.gdp_from is None and row.gdp_to is None:
        return None
    return ShareOfGdpOut.model_validate(
        {
            "from": None if row.gdp_from is None else float(row.gdp_from),
            "to": None if row.gdp_to is None else float(row.gdp_to),
        }
    )


def _most_common(values: Iterable[str | None]) -> str | None:
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    # Ties go to the first in publication order (Counter keeps insertion order).
    return counted.most_common(1)[0][0]


def render(plan: ClaimPlan, claim_id: int) -> Rendered:
    if plan.kind == "commitment":
        return _render_commitment(plan, claim_id)
    return _render_event(plan, claim_id)


def _finish(
    claim: ClaimOut, sources: list[SourceOut], steps: list[TimelineStep], entity_ids: list[int]
) -> Rendered:
    return Rendered(
        document=claim.model_dump_json(by_alias=True),
        sources_document=json.dumps([s.model_dump(mode="json") for s in sources]),
        timeline_document=json.dumps([s.model_dump(mode="json", by_alias=True) for s in steps]),
        status=claim.status,
        entity_ids=entity_ids,
        statement_count=claim.statement_count,
        source_count=claim.source_count,
        first_reported=claim.first_reported,
        last_reported=claim.last_reported,
    )


def _render_commitment(plan: ClaimPlan, claim_id: int) -> Rendered:
    rows = plan.commitments
    share = plan.columns["basis"] == "gdp"
    currency = plan.columns["currency"]
    current: CommitmentRow | None = None
    period: list[CommitmentRow] = []  # headline statements since the last revision
    steps: list[TimelineStep] = []
    status: str | None = None
    disbursed: Decimal | None = None
    allocated: Decimal | None = None
    for row in rows:
        stage = row.lifecycle or PLEDGED
        value = _value(row)
        if stage in _HEADLINE and value is not None:
            current_value = None if current is None else _value(current)
            if current is None or current_value is None:
                current, period = row, [row]
            elif (
                _same(value, current_value, share=share)
                or row.report.reported_at - current.report.reported_at <= DISPUTE_WINDOW
            ):
                period.append(row)  # agrees, or disputes the current value
            else:
                stage = REVISED
                current, period = row, [row]
        elif stage == DISBURSED and row.amount_value is not None:
            disbursed = max(disbursed or row.amount_value, row.amount_value)
        elif stage == ALLOCATED and row.amount_value is not None:
            allocated = max(allocated or row.amount_value, row.amount_value)
        if status is None or _RANK[stage] >= _RANK[status]:
            status = stage
        steps.append(
            TimelineStep(
                statement_id=row.id,
                article_id=row.report.article_id,
                reported_at=row.report.reported_at,
                status=stage,
                amount=_amount(row.amount_value, row.currency),
                share_of_gdp=_share(row),
                quote=row.report.quote,
            )
        )
    sources = _sources((r.id, r.report) for r in rows)
    pledged = None if current is None or share else current.amount_value
    gap = None if pledged is None or disbursed is None else max(pledged - disbursed, Decimal(0))
    actor_ids = {r.actor_entity_id for r in rows if r.actor_entity_id is not None}
    actor_id = plan.columns["actor_entity_id"]
    claim = ClaimOut(
        id=claim_id,
        kind="commitment",
        actor=ActorOut(entity_id=actor_id, name=_most_common(r.actor_name for r in rows))
        if actor_id is not None or any(r.actor_name for r in rows)
        else None,
        metric=_most_common(r.metric for r in rows),
        metric_class=plan.columns["metric_class"],
        amount=_amount(None if current is None else current.amount_value, currency),
        share_of_gdp=None if current is None else _share(current),
        target_year=plan.columns["target_year"],
        status=status,
        pledged=_amount(pledged, currency),
        allocated=_amount(allocated, currency),
        disbursed=_amount(disbursed, currency),
        gap=_amount(gap, currency),
        disputed=_disputed(_clusters(period, share=share), share=share, currency=currency),
        statement_count=len(rows),
        source_count=len(sources),
        first_reported=min(r.report.reported_at for r in rows),
        last_reported=max(r.report.reported_at for r in rows),
    )
    return _finish(claim, sources, steps, sorted(actor_ids))


def _clusters(rows: Sequence[CommitmentRow], *, share: bool) -> list[list[CommitmentRow]]:
    """Statements grouped by value (each within tolerance of its cluster's first)."""
    clusters: list[list[CommitmentRow]] = []
    for row in rows:
        value = _value(row)
        assert value is not None
        for cluster in clusters:
            first = _value(cluster[0])
            assert first is not None
            if _same(value, first, share=share):
                cluster.append(row)
                break
        else:
            clusters.append([row])
    return clusters


def _disputed(
    disputes: list[list[CommitmentRow]], *, share: bool, currency: str | None
) -> DisputedOut | None:
    if len(disputes) < 2:
        return None
    values = []
    for cluster in disputes:
        first = cluster[0]
        values.append(
            DisputedValue(
                amount=None if share else _amount(first.amount_value, currency),
                share_of_gdp=_share(first) if share else None,
                statement_ids=[r.id for r in cluster],
                source_count=len(_sources((r.id, r.report) for r in cluster)),
            )
        )
    return DisputedOut(values=values)


def _render_event(plan: ClaimPlan, claim_id: int) -> Rendered:
    rows = plan.events
    names: dict[int, Counter[str]] = {}
    for row in rows:
        for entity_id, name in row.participants:
            names.setdefault(entity_id, Counter())[name] += 1
    dated = [(r.date_value, r.date_precision) for r in rows if r.date_value and r.date_precision]
    date = None
    if dated:
        # The most precise date most statements give; ties to the earliest.
        best = sorted(Counter(dated).items(), key=lambda kv: (-len(kv[0][0]), -kv[1], kv[0][0]))
        value, precision = best[0][0]
        date = DateOut(value=value, precision=precision)
    sources = _sources((r.id, r.report) for r in rows)
    entity_ids = sorted(names)
    claim = ClaimOut(
        id=claim_id,
        kind="event",
        type=plan.columns["event_type"],
        summary=rows[0].summary,
        date=date,
        participants=[
            ParticipantOut(entity_id=e, name=names[e].most_common(1)[0][0], role="participant")
            for e in entity_ids
        ],
        statement_count=len(rows),
        source_count=len(sources),
        first_reported=min(r.report.reported_at for r in rows),
        last_reported=max(r.report.reported_at for r in rows),
    )
    steps = [
        TimelineStep(
            statement_id=r.id,
            article_id=r.report.article_id,
            reported_at=r.report.reported_at,
            status=None,
            amount=None,
            share_of_gdp=None,
            quote=r.report.quote,
        )
        for r in rows
    ]
    return _finish(claim, sources, steps, entity_ids)
