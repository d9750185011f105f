"""What a claim says, from its statements: pure functions, so the result does not
depend on the order in which the statements were stored.

Commitment claims (one per target year of a group, see `keys`) are summarised
from their statements grouped by stage and value bucket (`keys.value_bucket`):
the tallies the write path keeps (`tallies`), which the timeline reads too.
- *Headline* statements are those at the pledged, committed or revised stage that
  give an amount (or a share of GDP).  Their buckets are clustered, a bucket
  joining a cluster whose value is within `AMOUNT_TOLERANCE` (shares:
  `SHARE_TOLERANCE` points), taking buckets in order of first report.
- In order of first report, a cluster first reported within `DISPUTE_WINDOW` of the
  current value's first report disputes it (`disputed` lists the values of the
  current period); one first reported later is a revision: it becomes the current
  value, and its first statement is the timeline's `revised` step.  A late report
  of an old value is not a revision: its cluster was first reported long ago.
- `pledged` (and `amount`) is the current value; `disbursed` (`allocated`) is the
  largest amount a disbursement (allocation) statement gives, since outlets
  restate running totals; `gap` is pledged minus disbursed.
- `status` is the furthest stage reached (pledged < committed, revised <
  allocated < disbursed < withdrawn).

Sources: each statement's origin is the outlet (`claim_outlet`) that first
carried the paragraph it cites (by publication time, then name), or its own
outlet; a claim's sources are its distinct origins, so a syndicated copy of the
same paragraphs is not another source (read in `repository.sources`).  The metric
and actor name shown are the earliest statement's.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from app.claims.keys import event_key
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
    TimelineStep,
)
from app.commitments.schemas import ActorOut, AmountOut, ShareOfGdpOut
from app.events.schemas import DateOut, ParticipantOut

AMOUNT_TOLERANCE = Decimal("0.02")  # relative: €2bn and €2.03bn are the same pledge
SHARE_TOLERANCE = Decimal("0.05")  # percentage points of GDP
DISPUTE_WINDOW = timedelta(days=7)
_HEADLINE = frozenset({PLEDGED, COMMITTED, REVISED})
_RANK = {PLEDGED: 1, COMMITTED: 2, REVISED: 2, ALLOCATED: 3, DISBURSED: 4, WITHDRAWN: 5}


@dataclass(frozen=True, slots=True)
class Bucket:
    """Statements of one claim at one stage with values in one bucket."""

    lifecycle: str
    bucket: int | None
    first: datetime
    count: int
    min_amount: Decimal | None
    max_amount: Decimal | None
    gdp_from: Decimal | None
    gdp_to: Decimal | None


@dataclass(frozen=True, slots=True)
class Totals:
    """One claim's counts over all its current statements."""

    statements: int
    sources: int
    first: datetime
    last: datetime
    metric: str | None = None
    actor_name: str | None = None


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
    reported_at: datetime


@dataclass(slots=True)
class EventPlan:
    key: str
    group: str
    type: str
    rows: list[EventRow]


@dataclass(frozen=True, slots=True)
class Rendered:
    """A claim's derived columns."""

    claim_id: int
    document: str
    status: str | None
    entity_ids: list[int]
    statement_count: int
    source_count: int
    first_reported: datetime
    last_reported: datetime


@dataclass(frozen=True, slots=True)
class CommitmentClaim:
    """A commitment claim's join keys (fixed by its key)."""

    id: int
    actor_entity_id: int | None
    metric_class: str | None
    basis: str | None
    currency: str | None
    target_year: int | None


def _value(b: Bucket) -> Decimal | None:
    return b.min_amount if b.min_amount is not None else b.gdp_to


def _same(a: Decimal, b: Decimal, *, share: bool) -> bool:
    if share:
        return abs(a - b) <= SHARE_TOLERANCE
    return abs(a - b) <= AMOUNT_TOLERANCE * max(a, b)


@dataclass(frozen=True, slots=True)
class Walk:
    current: list[Bucket] | None  # the cluster of the current value
    period: list[list[Bucket]]  # clusters since the last revision (more than one: disputed)
    revisions: list[list[Bucket]]  # clusters that revised the value


def walk(buckets: Iterable[Bucket], *, share: bool) -> Walk:
    headline = sorted(
        (b for b in buckets if b.lifecycle in _HEADLINE and _value(b) is not None),
        key=lambda b: (b.first, b.bucket),
    )
    clusters: list[list[Bucket]] = []
    for b in headline:
        value = _value(b)
        assert value is not None
        for cluster in clusters:
            first = _value(cluster[0])
            assert first is not None
            if _same(value, first, share=share):
                cluster.append(b)
                break
        else:
            clusters.append([b])
    if not clusters:
        return Walk(None, [], [])
    current, period, revisions = clusters[0], [clusters[0]], []
    for cluster in clusters[1:]:
        if cluster[0].first - current[0].first <= DISPUTE_WINDOW:
            period.append(cluster)
        else:
            current, period = cluster, [cluster]
            revisions.append(cluster)
    return Walk(current, period, revisions)


def _amount(value: Decimal | None, currency: str | None) -> AmountOut | None:
    if value is None or currency is None:
        return None
    return AmountOut(value=float(value), currency=currency)


def _share(gdp_from: Decimal | None, gdp_to: Decimal | None) -> ShareOfGdpOut | None:
    if gdp_from is None and gdp_to is None:
        return None
    return ShareOfGdpOut.model_validate(
        {
            "from": None if gdp_from is None else float(gdp_from),
            "to": None if gdp_to is None else float(gdp_to),
        }
    )


def status_of(buckets: Iterable[Bucket], revised: bool) -> str | None:
    stages = {b.lifecycle for b in buckets} | ({REVISED} if revised else set())
    return max(stages, key=lambda s: (_RANK[s], s)) if stages else None


def render_commitment(
    claim: CommitmentClaim, totals: Totals, buckets: Sequence[Bucket]
) -> Rendered:
    share = claim.basis == "gdp"
    currency = claim.currency
    steps = walk(buckets, share=share)
    current = steps.current[0] if steps.current else None
    pledged = None if current is None or share else current.min_amount
    disbursed = max(
        (b.max_amount for b in buckets if b.lifecycle == DISBURSED and b.max_amount is not None),
        default=None,
    )
    allocated = max(
        (b.max_amount for b in buckets if b.lifecycle == ALLOCATED and b.max_amount is not None),
        default=None,
    )
    gap = None if pledged is None or disbursed is None else max(pledged - disbursed, Decimal(0))
    disputed = None
    if len(steps.period) > 1:
        disputed = DisputedOut(
            values=[
                DisputedValue(
                    amount=None if share else _amount(cluster[0].min_amount, currency),
                    share_of_gdp=_share(cluster[0].gdp_from, cluster[0].gdp_to) if share else None,
                    first_reported=cluster[0].first,
                    report_count=sum(b.count for b in cluster),
                )
                for cluster in steps.period
            ]
        )
    status = status_of(buckets, bool(steps.revisions))
    document = ClaimOut(
        id=claim.id,
        kind="commitment",
        actor=ActorOut(entity_id=claim.actor_entity_id, name=totals.actor_name)
        if claim.actor_entity_id is not None or totals.actor_name
        else None,
        metric=totals.metric,
        metric_class=claim.metric_class,
        amount=_amount(None if current is None else current.min_amount, currency),
        share_of_gdp=None if current is None else _share(current.gdp_from, current.gdp_to),
        target_year=claim.target_year,
        status=status,
        pledged=_amount(pledged, currency),
        allocated=_amount(allocated, currency),
        disbursed=_amount(disbursed, currency),
        gap=_amount(gap, currency),
        disputed=disputed,
        statement_count=totals.statements,
        source_count=totals.sources,
        first_reported=totals.first,
        last_reported=totals.last,
    )
    return _rendered(document, [claim.actor_entity_id] if claim.actor_entity_id else [])


def _rendered(document: ClaimOut, entity_ids: list[int]) -> Rendered:
    return Rendered(
        claim_id=document.id,
        document=document.model_dump_json(by_alias=True),
        status=document.status,
        entity_ids=entity_ids,
        statement_count=document.statement_count,
        source_count=document.source_count,
        first_reported=document.first_reported,
        last_reported=document.last_reported,
    )


class Components:
    """Connected components of named nodes (union-find): a component's root is its
    smallest node, so that it does not depend on the order nodes were joined in."""

    def __init__(self) -> None:
        self._parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        parent = self._parent
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self._parent[max(ra, rb)] = min(ra, rb)


def plan_events(group: str, rows: Sequence[EventRow]) -> list[EventPlan]:
    """Connected components of the group's events by shared participant entities."""
    nodes = Components()
    for row in rows:
        nodes.find(f"s{row.id}")
        for entity_id, _ in row.participants:
            nodes.union(f"s{row.id}", f"p{entity_id}")
    components: dict[str, list[EventRow]] = {}
    for row in rows:
        components.setdefault(nodes.find(f"s{row.id}"), []).append(row)
    plans = []
    for members in components.values():
        key = event_key(
            group, {e for row in members for e, _ in row.participants}, (r.id for r in members)
        )
        members.sort(key=lambda r: (r.reported_at, r.id))
        plans.append(EventPlan(key, group, members[0].type, members))
    return plans


@dataclass(frozen=True, slots=True)
class EventLabels:
    """What an event claim shows of its statements, from its tallies (`tallies`):
    the summary most of them give, the most precise date most of them give, and
    each participant's name as most of them give it (ties to the smallest, by code
    point)."""

    type: str
    summary: str
    date: DateOut | None
    names: dict[int, str]


def render_event(claim_id: int, labels: EventLabels, totals: Totals) -> Rendered:
    entity_ids = sorted(labels.names)
    document = ClaimOut(
        id=claim_id,
        kind="event",
        type=labels.type,
        summary=labels.summary,
        date=labels.date,
        participants=[
            ParticipantOut(entity_id=e, name=labels.names[e], role="participant")
            for e in entity_ids
        ],
        statement_count=totals.statements,
        source_count=totals.sources,
        first_reported=totals.first,
        last_reported=totals.last,
    )
    return _rendered(document, entity_ids)


# Reads: the timeline, a page at a time, with the claim's revisions from its tallies.


@dataclass(frozen=True, slots=True)
class StatementRow:
    id: int
    article_id: int
    reported_at: datetime
    lifecycle: str | None
    amount_value: Decimal | None
    currency: str | None
    gdp_from: Decimal | None
    gdp_to: Decimal | None
    bucket: int | None
    quote: str | None


@dataclass(frozen=True, slots=True)
class Revision:
    """A value that revised the claim's: when it was first reported, and the stages
    and value buckets of its statements (`walk`'s cluster)."""

    first: datetime
    keys: frozenset[tuple[str, int | None]]


def revisions(buckets: Iterable[Bucket], *, share: bool) -> list[Revision]:
    return [
        Revision(min(b.first for b in cluster), frozenset((b.lifecycle, b.bucket) for b in cluster))
        for cluster in walk(buckets, share=share).revisions
    ]


def revising_statements(
    found: Iterable[Revision],
    candidates: Iterable[tuple[int, datetime, str | None, int | None]],
) -> set[int]:
    """Of `candidates` (id, reported_at, stage, bucket: the claim's statements reported
    when a revision was first reported), the first statement of each revision: the
    timeline's `revised` steps."""
    rows = sorted(candidates, key=lambda r: (r[1], r[0]))
    firsts = set()
    for revision in found:
        for statement_id, reported, stage, bucket in rows:
            if reported == revision.first and (stage or PLEDGED, bucket) in revision.keys:
                firsts.add(statement_id)
                break
    return firsts


def timeline_steps(rows: Sequence[StatementRow], revising: Collection[int]) -> list[TimelineStep]:
    """Statements in publication order, each with its stage; the first statement of
    each revising value (`revising`) is the `revised` step."""
    return [
        TimelineStep(
            statement_id=r.id,
            article_id=r.article_id,
            reported_at=r.reported_at,
            status=REVISED if r.id in revising else (r.lifecycle or PLEDGED),
            amount=_amount(r.amount_value, r.currency),
            share_of_gdp=_share(r.gdp_from, r.gdp_to),
            quote=r.quote,
        )
        for r in sorted(rows, key=lambda r: (r.reported_at, r.id))
    ]
