"""Joining statements into claims, in the transaction that writes them.

The fact store calls `settle` with the claim groups (`keys`) whose statements it
has just added, retired or deleted.  For each group, under a transaction-scoped
advisory lock taken in key order (so concurrent ingests of the same story queue
up on the group instead of racing, and never deadlock on each other), the
group's current statements are read through the indexed `claim_group`, planned
(`planning`: a pure function of those statements, hence independent of arrival
order), and the differences written: new claims by `INSERT ... ON CONFLICT (key)
DO NOTHING`, statements moved by their ids, emptied claims deleted.  Joining
never scans claims outside the touched groups.  Nothing here commits: the
caller's transaction does.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import keys
from app.claims.lifecycle import cited_sentence, classify
from app.claims.planning import (
    ClaimPlan,
    CommitmentRow,
    EventRow,
    Report,
    plan_commitments,
    plan_events,
    render,
)

# Off only to measure what joining costs (`FACTSTORE_JOIN_CLAIMS=false`, set by
# `create_app`): statements then keep their group but join no claim.
ENABLED = True

# The first citation's quote and the md5 of its paragraph's text, for a statement
# `s` of `owner` ('commitment' or 'event').
_FIRST_CITATION = (
    "LEFT JOIN LATERAL (SELECT ci.quote, md5(p.text) AS paragraph_hash"
    " FROM citations ci JOIN paragraphs p ON p.id = ci.paragraph_id"
    " WHERE ci.{owner}_id = s.id ORDER BY ci.position, ci.id LIMIT 1) fc ON true"
)

_COMMITMENTS = (
    "SELECT s.id, s.claim_id, s.claim_group, s.target_year, s.lifecycle, s.amount_value,"
    " s.amount_currency, s.gdp_from, s.gdp_to, s.metric, s.actor_entity_id, s.actor_name,"
    " s.article_id, a.dated_at, a.url, a.source, fc.quote, fc.paragraph_hash"
    " FROM commitments s JOIN articles a ON a.id = s.article_id "
    + _FIRST_CITATION.format(owner="commitment")
    + " WHERE s.claim_group IN (SELECT unnest(CAST(:groups AS text[]))) AND s.is_current"
)

_EVENTS = (
    "SELECT s.id, s.claim_id, s.claim_group, s.type, s.summary, s.date_value,"
    " s.date_precision, s.article_id, a.dated_at, a.url, a.source, fc.quote,"
    " fc.paragraph_hash,"
    " (SELECT coalesce(array_agg(ep.entity_id ORDER BY ep.position), '{}')"
    "  FROM event_participants ep WHERE ep.event_id = s.id) AS entity_ids,"
    " (SELECT coalesce(array_agg(ep.name ORDER BY ep.position), '{}')"
    "  FROM event_participants ep WHERE ep.event_id = s.id) AS names"
    " FROM events s JOIN articles a ON a.id = s.article_id "
    + _FIRST_CITATION.format(owner="event")
    + " WHERE s.claim_group IN (SELECT unnest(CAST(:groups AS text[]))) AND s.is_current"
)


def commitment_columns(
    *,
    actor_entity_id: int | None,
    actor_name: str | None,
    metric: str,
    currency: str | None,
    gdp_to: Decimal | None,
    gdp_from: Decimal | None,
    article_id: int,
    status: str | None,
    paragraph: str | None,
    start: int,
    end: int,
) -> dict[str, Any]:
    """The claim columns of a new commitment row: its group and its stage, read from
    the sentence its first citation is in."""
    sentence = cited_sentence(paragraph, start, end) if paragraph is not None else ""
    return {
        "claim_group": keys.commitment_group(
            actor_entity_id=actor_entity_id,
            actor_name=actor_name,
            metric=metric,
            currency=currency,
            gdp_to=gdp_to,
            gdp_from=gdp_from,
            article_id=article_id,
        ),
        "lifecycle": classify(sentence, status),
    }


def event_columns(event_type: str, day: date | None, reported_at: datetime) -> dict[str, Any]:
    """The claim column of a new event row: its group (type and week)."""
    return {"claim_group": keys.event_group(event_type, day or reported_at.date())}


async def settle(session: AsyncSession, groups: Collection[str | None]) -> None:
    """Bring the claims of `groups` in line with their current statements."""
    wanted = sorted({g for g in groups if g})
    if not wanted or not ENABLED:
        return
    await session.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtextextended(g, 17))"
            " FROM (SELECT DISTINCT g FROM unnest(CAST(:groups AS text[])) AS u(g) ORDER BY g) s"
        ),
        {"groups": wanted},
    )
    commitment_groups = [g for g in wanted if g.startswith("c|")]
    event_groups = [g for g in wanted if g.startswith("e|")]
    plans: list[ClaimPlan] = []
    if commitment_groups:
        rows = await _commitment_rows(session, commitment_groups)
        for group in commitment_groups:
            plans += plan_commitments(group, rows.get(group, []))
    if event_groups:
        event_rows = await _event_rows(session, event_groups)
        for group in event_groups:
            plans += plan_events(group, event_rows.get(group, []))
    await _apply(session, wanted, plans)


def _report(row: Any) -> Report:
    return Report(
        article_id=row.article_id,
        reported_at=row.dated_at,
        outlet=keys.outlet(row.url, row.source, row.article_id),
        paragraph_hash=row.paragraph_hash,
        quote=row.quote,
    )


async def _commitment_rows(
    session: AsyncSession, groups: Sequence[str]
) -> dict[str, list[CommitmentRow]]:
    result = await session.execute(text(_COMMITMENTS), {"groups": list(groups)})
    rows: dict[str, list[CommitmentRow]] = {}
    for r in result:
        rows.setdefault(r.claim_group, []).append(
            CommitmentRow(
                id=r.id,
                claim_id=r.claim_id,
                group=r.claim_group,
                target_year=r.target_year,
                lifecycle=r.lifecycle,
                amount_value=r.amount_value,
                currency=r.amount_currency,
                gdp_from=r.gdp_from,
                gdp_to=r.gdp_to,
                metric=r.metric,
                actor_entity_id=r.actor_entity_id,
                actor_name=r.actor_name,
                report=_report(r),
            )
        )
    return rows


async def _event_rows(session: AsyncSession, groups: Sequence[str]) -> dict[str, list[EventRow]]:
    result = await session.execute(text(_EVENTS), {"groups": list(groups)})
    rows: dict[str, list[EventRow]] = {}
    for r in result:
        rows.setdefault(r.claim_group, []).append(
            EventRow(
                id=r.id,
                claim_id=r.claim_id,
                group=r.claim_group,
                type=r.type,
                summary=r.summary,
                date_value=r.date_value,
                date_precision=r.date_precision,
                participants=tuple(zip(r.entity_ids, r.names, strict=True)),
                report=_report(r),
            )
        )
    return rows


async def _apply(session: AsyncSession, groups: Sequence[str], plans: Sequence[ClaimPlan]) -> None:
    existing = {
        r.key: r.id
        for r in await session.execute(
            text(
                "SELECT id, key FROM claims"
                " WHERE group_key IN (SELECT unnest(CAST(:groups AS text[])))"
            ),
            {"groups": list(groups)},
        )
    }
    missing = [p for p in plans if p.key not in existing]
    if missing:
        existing.update(await _insert_claims(session, missing))
    moves: dict[str, tuple[list[int], list[int]]] = {"commitments": ([], []), "events": ([], [])}
    for plan in plans:
        claim_id = existing[plan.key]
        for c in plan.commitments:
            if c.claim_id != claim_id:
                moves["commitments"][0].append(c.id)
                moves["commitments"][1].append(claim_id)
        for e in plan.events:
            if e.claim_id != claim_id:
                moves["events"][0].append(e.id)
                moves["events"][1].append(claim_id)
    for table, (ids, claim_ids) in moves.items():
        if ids:
            await session.execute(
                text(
                    f"UPDATE {table} SET claim_id = m.claim_id"
                    " FROM unnest(CAST(:ids AS bigint[]), CAST(:claims AS bigint[]))"
                    " AS m(id, claim_id) WHERE {table}.id = m.id".replace("{table}", table)
                ),
                {"ids": ids, "claims": claim_ids},
            )
    if plans:
        await _update_claims(session, [(existing[p.key], p) for p in plans])
    kept = [existing[p.key] for p in plans]
    await session.execute(
        text(
            "DELETE FROM claims WHERE group_key IN (SELECT unnest(CAST(:groups AS text[])))"
            " AND id NOT IN (SELECT unnest(CAST(:kept AS bigint[])))"
        ),
        {"groups": list(groups), "kept": kept},
    )


async def _insert_claims(session: AsyncSession, plans: Sequence[ClaimPlan]) -> dict[str, int]:
    """Insert the claims; a key that another transaction inserted first is looked up
    (the advisory lock makes that rare: it is the unique key that guarantees it)."""
    columns = ["actor_entity_id", "metric_class", "basis", "currency", "target_year", "event_type"]
    params: dict[str, Any] = {
        "keys": [p.key for p in plans],
        "kinds": [p.kind for p in plans],
        "groups": [p.group for p in plans],
    }
    for name in columns:
        params[name] = [p.columns[name] for p in plans]
    inserted = await session.execute(
        text(
            "INSERT INTO claims (key, kind, group_key, actor_entity_id, metric_class, basis,"
            " currency, target_year, event_type)"
            " SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:kinds AS text[]),"
            " CAST(:groups AS text[]), CAST(:actor_entity_id AS bigint[]),"
            " CAST(:metric_class AS text[]), CAST(:basis AS text[]), CAST(:currency AS text[]),"
            " CAST(:target_year AS int[]), CAST(:event_type AS text[]))"
            " ON CONFLICT (key) DO NOTHING RETURNING key, id"
        ),
        params,
    )
    ids = {r.key: r.id for r in inserted}
    lost = [p.key for p in plans if p.key not in ids]
    if lost:
        found = await session.execute(
            text("SELECT key, id FROM claims WHERE key IN (SELECT unnest(CAST(:keys AS text[])))"),
            {"keys": lost},
        )
        ids.update({r.key: r.id for r in found})
    return ids


async def _update_claims(session: AsyncSession, claims: Sequence[tuple[int, ClaimPlan]]) -> None:
    rendered = [(claim_id, render(plan, claim_id)) for claim_id, plan in claims]
    await session.execute(
        text(
            "UPDATE claims SET status = u.status, entity_ids = CAST(u.entity_ids AS bigint[]),"
            " statement_count = u.statement_count, source_count = u.source_count,"
            " first_reported = u.first_reported, last_reported = u.last_reported,"
            " document = u.document, sources_document = u.sources_document,"
            " timeline_document = u.timeline_document, updated_at = now()"
            " FROM unnest(CAST(:ids AS bigint[]), CAST(:status AS text[]),"
            " CAST(:entity_ids AS text[]), CAST(:statement_count AS int[]),"
            " CAST(:source_count AS int[]), CAST(:first AS timestamptz[]),"
            " CAST(:last AS timestamptz[]), CAST(:document AS text[]),"
            " CAST(:sources AS text[]), CAST(:timeline AS text[]))"
            " AS u(id, status, entity_ids, statement_count, source_count, first_reported,"
            " last_reported, document, sources_document, timeline_document)"
            " WHERE claims.id = u.id"
        ),
        {
            "ids": [c for c, _ in rendered],
            "status": [r.status for _, r in rendered],
            "entity_ids": ["{" + ",".join(map(str, r.entity_ids)) + "}" for _, r in rendered],
            "statement_count": [r.statement_count for _, r in rendered],
            "source_count": [r.source_count for _, r in rendered],
            "first": [r.first_reported for _, r in rendered],
            "last": [r.last_reported for _, r in rendered],
            "document": [r.document for _, r in rendered],
            "sources": [r.sources_document for _, r in rendered],
            "timeline": [r.timeline_document for _, r in rendered],
        },
    )
