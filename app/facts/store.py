"""Write one article revision's facts: entities resolved, spans turned into citations.

Every write is set-based (one statement per table), and entity counters move by
increments under row locks taken in id order, so concurrent ingests neither lose
counts nor deadlock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.bulk_insert import ReservedIds, any_of, copy_rows, insert_ids
from app.entities.names import normalise_name
from app.entities.resolution import NameRequest, name_request, resolve_names
from app.extract.types import CommitmentFact, EventFact, FactDate, Facts, Span
from app.models import Citation, Commitment, Entity, Event, EventParticipant, Mention

CONTEXT_CHARS = 32


@dataclass(frozen=True, slots=True)
class StoredParagraph:
    id: int
    index: int
    text: str


@dataclass(frozen=True, slots=True)
class Provenance:
    origin: str  # "client" | "extractor"
    extractor: str | None = None
    extractor_version: str | None = None


def span_columns(paragraph: StoredParagraph, span: Span) -> dict[str, Any]:
    """Citation columns for a span; `quote == paragraph.text[start:end]` by construction."""
    body = paragraph.text
    return {
        "paragraph_id": paragraph.id,
        "paragraph_index": paragraph.index,
        "start": span.start,
        "end": span.end,
        "quote": body[span.start : span.end],
        "prefix": body[max(0, span.start - CONTEXT_CHARS) : span.start],
        "suffix": body[span.end : span.end + CONTEXT_CHARS],
    }


def date_start(value: FactDate | None) -> date | None:
    if value is None:
        return None
    parts = [int(p) for p in value.value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


async def adjust_entity_counts(
    session: AsyncSession,
    mentions: Counter[int],
    articles: Counter[int],
    renamed: Collection[int] = (),
) -> None:
    """Add the deltas to entity counters, and rebuild the search vectors (name and
    aliases) of the `renamed` entities: those just created or given new aliases."""
    ids = sorted(set(mentions) | set(articles) | set(renamed))
    if not ids:
        return
    # Lock in id order first, so concurrent ingests touching the same entities queue
    # up instead of deadlocking.  FOR NO KEY UPDATE: it must not conflict with the
    # KEY SHARE locks that foreign-key checks of other ingests hold on these rows.
    # The UPDATE, a statement of its own, then sees the aliases that the ingests it
    # waited for committed.
    await session.execute(
        select(Entity.id)
        .where(any_of(Entity.id, ids))
        .order_by(Entity.id)
        .with_for_update(key_share=True)
    )
    await session.execute(
        text(
            "UPDATE entities SET mention_count = mention_count + d.dm,"
            " article_count = article_count + d.da, updated_at = now(),"
            " search = CASE WHEN d.renamed THEN to_tsvector('simple', name || ' ' || coalesce("
            "(SELECT string_agg(alias, ' ') FROM entity_aliases a"
            " WHERE a.entity_id = entities.id), '')) ELSE search END"
            " FROM unnest(CAST(:ids AS bigint[]), CAST(:dm AS int[]), CAST(:da AS int[]),"
            " CAST(:renamed AS boolean[])) AS d(id, dm, da, renamed) WHERE entities.id = d.id"
        ),
        {
            "ids": ids,
            "dm": [mentions[i] for i in ids],
            "da": [articles[i] for i in ids],
            "renamed": [i in renamed for i in ids],
        },
    )


@dataclass(frozen=True, slots=True)
class FactTarget:
    """One article revision and the batches of facts (client, extracted) to store for it."""

    article_id: int
    dated_at: datetime
    revision_id: int
    paragraphs: Sequence[StoredParagraph]
    batches: Sequence[tuple[Facts, Provenance]]


async def store_facts(
    session: AsyncSession,
    *,
    article_id: int,
    dated_at: datetime,
    revision_id: int,
    paragraphs: Sequence[StoredParagraph],
    batches: Sequence[tuple[Facts, Provenance]],
) -> None:
    """Store several batches of facts (client-supplied, extracted) of one revision."""
    target = FactTarget(article_id, dated_at, revision_id, paragraphs, batches)
    await store_facts_many(session, [target])


async def store_facts_many(
    session: AsyncSession, targets: Sequence[FactTarget], reserved: ReservedIds | None = None
) -> None:
    """Store the facts of many article revisions with one statement per table (the
    ids of events and commitments from `reserved` where given).

    All names are resolved in one call, so entities shared by the articles are
    looked up (and created) once; full names come before lone surnames across the
    whole set, as they do within one article.
    """
    units = [(t, facts, provenance) for t in targets for facts, provenance in t.batches]
    requests = [_name_requests(facts) for _, facts, _ in units]
    resolution = await resolve_names(session, [r for rs in requests for r in rs])
    resolved = resolution.ids
    mention_rows: dict[tuple[int, int, int, int], dict[str, Any]] = {}
    events: list[tuple[dict[str, Any], dict[int, StoredParagraph], EventFact, list[int]]] = []
    commitments: list[
        tuple[dict[str, Any], dict[int, StoredParagraph], CommitmentFact, int | None]
    ] = []
    offset = 0
    for (target, facts, provenance), names in zip(units, requests, strict=True):
        by_index = {p.index: p for p in target.paragraphs}
        common = {
            "article_id": target.article_id,
            "revision_id": target.revision_id,
            "origin": provenance.origin,
            "extractor": provenance.extractor,
            "extractor_version": provenance.extractor_version,
        }
        entity_ids = iter(resolved[offset : offset + len(names)])
        offset += len(names)
        for entity in facts.entities:
            entity_id = next(entity_ids)
            for span in entity.mentions:
                row = {
                    **common,
                    "article_dated_at": target.dated_at,
                    "entity_id": entity_id,
                    "confidence": entity.confidence,
                    **span_columns(by_index[span.paragraph_index], span),
                }
                mention_rows.setdefault((entity_id, row["paragraph_id"], span.start, span.end), row)
        for event in facts.events:
            events.append((common, by_index, event, [next(entity_ids) for _ in event.participants]))
        for c in facts.commitments:
            actor_id = next(entity_ids) if names_entity(c.actor_name) else None
            commitments.append((common, by_index, c, actor_id))
    await _store_events(session, events, reserved)
    await _store_commitments(session, commitments, reserved)
    if mention_rows:
        await copy_rows(session, Mention, list(mention_rows.values()))
    mentions = Counter(key[0] for key in mention_rows)
    articles = Counter(e for _, e in {(row["article_id"], k[0]) for k, row in mention_rows.items()})
    await adjust_entity_counts(session, mentions, articles, resolution.renamed)


def _name_requests(facts: Facts) -> list[NameRequest]:
    """Every name in the facts, in the order the store consumes them: entities,
    then event participants, then commitment actors.  Entity facts lend their types."""
    requests = [name_request(e.name, e.type, tuple(e.aliases)) for e in facts.entities]
    known = {normalise_name(e.name): e.type for e in facts.entities}
    for event in facts.events:
        for p in event.participants:
            requests.append(name_request(p.name, p.type or known.get(normalise_name(p.name))))
    for c in facts.commitments:
        if c.actor_name and names_entity(c.actor_name):
            kind = c.actor_type or known.get(normalise_name(c.actor_name))
            requests.append(name_request(c.actor_name, kind))
    return requests


def names_entity(actor: str | None) -> bool:
    """Whether a commitment's actor is a name ("Japan", "NATO member states") rather
    than a description ("the prime minister", "eu institutions"): a description keeps
    its text on the commitment with no entity, so it never becomes an entity with no
    mention."""
    return actor is not None and any(ch.isupper() for ch in actor)


async def _store_events(
    session: AsyncSession,
    events: Sequence[tuple[dict[str, Any], dict[int, StoredParagraph], EventFact, list[int]]],
    reserved: ReservedIds | None,
) -> None:
    if not events:
        return
    event_ids = await insert_ids(
        session,
        Event,
        [
            {
                **common,
                "type": e.type,
                "summary": e.summary,
                "date_value": e.date.value if e.date else None,
                "date_precision": e.date.precision if e.date else None,
                "date_start": date_start(e.date),
                "confidence": e.confidence,
            }
            for common, _, e, _ in events
        ],
        reserved,
    )
    participants = []
    citations = []
    for event_id, (common, by_index, event, entity_ids) in zip(event_ids, events, strict=True):
        for position, (p, entity_id) in enumerate(zip(event.participants, entity_ids, strict=True)):
            participants.append(
                {
                    "event_id": event_id,
                    "entity_id": entity_id,
                    "name": p.name,
                    "role": p.role,
                    "position": position,
                }
            )
        citations += _citation_rows(
            common["article_id"], by_index, event.citations, event_id=event_id
        )
    await copy_rows(session, EventParticipant, participants)
    await copy_rows(session, Citation, citations)


async def _store_commitments(
    session: AsyncSession,
    commitments: Sequence[
        tuple[dict[str, Any], dict[int, StoredParagraph], CommitmentFact, int | None]
    ],
    reserved: ReservedIds | None,
) -> None:
    if not commitments:
        return
    rows = [
        {
            **common,
            "actor_entity_id": actor_id,
            "actor_name": c.actor_name,
            "metric": c.metric,
            "amount_value": c.amount_value,
            "amount_currency": c.amount_currency,
            "gdp_from": c.gdp_from,
            "gdp_to": c.gdp_to,
            "target_year": c.target_year,
            "period": c.period,
            "status": c.status,
            "confidence": c.confidence,
        }
        for common, _, c, actor_id in commitments
    ]
    commitment_ids = await insert_ids(session, Commitment, rows, reserved)
    citations = []
    for commitment_id, (common, by_index, c, _) in zip(commitment_ids, commitments, strict=True):
        citations += _citation_rows(
            common["article_id"], by_index, c.citations, commitment_id=commitment_id
        )
    await copy_rows(session, Citation, citations)


def _citation_rows(
    article_id: int,
    by_index: dict[int, StoredParagraph],
    spans: Sequence[Span],
    **owner: int,
) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "position": position,
            **owner,
            **span_columns(by_index[s.paragraph_index], s),
        }
        for position, s in enumerate(spans)
    ]


async def delete_extracted_facts(session: AsyncSession, article_id: int) -> None:
    """Remove the built-in extractor's current facts of an article (client facts stay)."""
    rows = (
        await session.scalars(
            delete(Mention)
            .where(
                Mention.article_id == article_id,
                Mention.is_current,
                Mention.origin == "extractor",
            )
            .returning(Mention.entity_id)
        )
    ).all()
    for model in (Event, Commitment):
        await session.execute(
            delete(model).where(
                model.article_id == article_id, model.is_current, model.origin == "extractor"
            )
        )
    mentions = Counter(rows)
    remaining = set(
        (
            await session.scalars(
                select(Mention.entity_id).where(
                    Mention.article_id == article_id,
                    Mention.is_current,
                    Mention.entity_id.in_(list(mentions)),
                )
            )
        ).all()
    )
    await adjust_entity_counts(
        session,
        Counter({k: -v for k, v in mentions.items()}),
        Counter({k: -1 for k in mentions if k not in remaining}),
    )


async def retire_current_facts(session: AsyncSession, article_id: int) -> None:
    """Mark an article's current paragraphs and facts as superseded, and move the counters."""
    rows = (
        (
            await session.execute(
                select(Mention.entity_id).where(
                    Mention.article_id == article_id, Mention.is_current
                )
            )
        )
        .scalars()
        .all()
    )
    for model in (Mention, Event, Commitment):
        await session.execute(
            update(model)
            .where(model.article_id == article_id, model.is_current)
            .values(is_current=False)
        )
    mentions = Counter(rows)
    await adjust_entity_counts(
        session,
        Counter({k: -v for k, v in mentions.items()}),
        Counter(dict.fromkeys(mentions, -1)),
    )
