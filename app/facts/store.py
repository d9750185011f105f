"""Write one article revision's facts: entities resolved, spans turned into citations.

Every write is set-based (one statement per table), and entity counters move by
increments under row locks taken in id order, so concurrent ingests neither lose
counts nor deadlock.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import joining
from app.claims.tallies import EventStatement
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
    units = [
        (t, _without_nameless(facts), provenance)
        for t in targets
        for facts, provenance in t.batches
    ]
    requests = [_name_requests(facts) for _, facts, _ in units]
    resolution = await resolve_names(session, [r for rs in requests for r in rs])
    resolved = resolution.ids
    mention_rows: dict[tuple[int, int, int, int], dict[str, Any]] = {}
    events: list[_EventUnit] = []
    commitments: list[_CommitmentUnit] = []
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
            participants = [next(entity_ids) for _ in event.participants]
            cited = by_index[event.citations[0].paragraph_index].text if event.citations else None
            claim = joining.event_columns(
                event.type, date_start(event.date), target.dated_at, cited
            )
            events.append((common, by_index, event, participants, claim))
        for c in facts.commitments:
            actor = next(entity_ids) if names_entity(c.actor_name) else None
            commitments.append((common, by_index, c, actor, target.dated_at))
    event_rows = await _event_rows(session, events, reserved)
    commitment_rows = _commitment_rows(commitments)
    # The new statements join their claims in this transaction (see `app.claims`),
    # before they are inserted: they are inserted with their claim.
    unsettled = await joining.join_new(
        session,
        commitment_rows,
        [
            EventStatement(row, list(zip(ids, [p.name for p in e.participants], strict=True)))
            for row, (_, _, e, ids, _) in zip(event_rows, events, strict=True)
        ],
    )
    await _store_events(session, events, event_rows)
    await _store_commitments(session, commitments, commitment_rows, reserved)
    if mention_rows:
        await copy_rows(session, Mention, list(mention_rows.values()))
    mentions = Counter(key[0] for key in mention_rows)
    articles = Counter(e for _, e in {(row["article_id"], k[0]) for k, row in mention_rows.items()})
    # Claim groups are locked (by `join_new`) before entities are, as when facts are
    # retired or deleted, so that concurrent writes wait for each other in one order.
    await adjust_entity_counts(session, mentions, articles, resolution.renamed)
    # What joining could not decide before the insert (see `joining.join_new`).
    await joining.settle(session, unsettled)


def _named(name: str) -> bool:
    return bool(normalise_name(name))


def _without_nameless(facts: Facts) -> Facts:
    """The facts without names that normalise to nothing (`!!!`, an emoji), which could
    name no entity.  Client facts with one are refused when posted; the extractor's
    are dropped here: the entity, the participant, or the commitment's actor."""
    names = [e.name for e in facts.entities]
    names += [p.name for e in facts.events for p in e.participants]
    names += [c.actor_name for c in facts.commitments if c.actor_name]
    if all(map(_named, names)):
        return facts
    return Facts(
        entities=[e for e in facts.entities if _named(e.name)],
        events=[
            replace(e, participants=[p for p in e.participants if _named(p.name)])
            for e in facts.events
        ],
        commitments=[
            c
            if not c.actor_name or _named(c.actor_name)
            else replace(c, actor_name=None, actor_type=None)
            for c in facts.commitments
        ],
    )


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


# A commitment to store: its common columns, its article's paragraphs, the fact, its
# actor's entity id, and its article's publication time.
_CommitmentUnit = tuple[
    dict[str, Any], dict[int, StoredParagraph], CommitmentFact, int | None, datetime
]
# An event to store: its common columns, its article's paragraphs, the fact, its
# participants' entity ids, and its claim columns.
_EventUnit = tuple[dict[str, Any], dict[int, StoredParagraph], EventFact, list[int], dict[str, Any]]


def names_entity(actor: str | None) -> bool:
    """Whether a commitment's actor is a name ("Japan", "NATO member states") rather
    than a description ("the prime minister", "eu institutions"): a description keeps
    its text on the commitment with no entity, so it never becomes an entity with no
    mention."""
    return actor is not None and any(ch.isupper() for ch in actor)


async def _event_rows(
    session: AsyncSession, events: Sequence[_EventUnit], reserved: ReservedIds | None
) -> list[dict[str, Any]]:
    """The events' rows, with their ids (drawn now: a claim may be named after one)."""
    if not events:
        return []
    if reserved is None:
        reserved = await ReservedIds.draw(session, {Event: len(events)})
    ids = reserved.take(Event.__tablename__, len(events))
    return [
        {
            "id": event_id,
            **common,
            "type": e.type,
            "summary": e.summary,
            "date_value": e.date.value if e.date else None,
            "date_precision": e.date.precision if e.date else None,
            "date_start": date_start(e.date),
            "confidence": e.confidence,
            **claim,
        }
        for event_id, (common, _, e, _, claim) in zip(ids, events, strict=True)
    ]


async def _store_events(
    session: AsyncSession, events: Sequence[_EventUnit], rows: Sequence[dict[str, Any]]
) -> None:
    if not events:
        return
    await copy_rows(session, Event, rows)
    participants = []
    citations = []
    for row, (common, by_index, event, entity_ids, _) in zip(rows, events, strict=True):
        event_id = row["id"]
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


def _commitment_rows(commitments: Sequence[_CommitmentUnit]) -> list[dict[str, Any]]:
    return [
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
            **_commitment_claim(common["article_id"], dated_at, by_index, c, actor_id),
        }
        for common, by_index, c, actor_id, dated_at in commitments
    ]


async def _store_commitments(
    session: AsyncSession,
    commitments: Sequence[_CommitmentUnit],
    rows: Sequence[dict[str, Any]],
    reserved: ReservedIds | None,
) -> None:
    if not commitments:
        return
    commitment_ids = await insert_ids(session, Commitment, rows, reserved)
    citations = []
    for commitment_id, (common, by_index, c, *_) in zip(commitment_ids, commitments, strict=True):
        citations += _citation_rows(
            common["article_id"], by_index, c.citations, commitment_id=commitment_id
        )
    await copy_rows(session, Citation, citations)


def _commitment_claim(
    article_id: int,
    dated_at: datetime,
    by_index: dict[int, StoredParagraph],
    c: CommitmentFact,
    actor_id: int | None,
) -> dict[str, Any]:
    first = c.citations[0] if c.citations else None
    return joining.commitment_columns(
        actor_entity_id=actor_id,
        actor_name=c.actor_name,
        metric=c.metric,
        currency=c.amount_currency,
        amount=c.amount_value,
        gdp_to=c.gdp_to,
        gdp_from=c.gdp_from,
        article_id=article_id,
        reported_at=dated_at,
        status=c.status,
        paragraph=by_index[first.paragraph_index].text if first else None,
        start=first.start if first else 0,
        end=first.end if first else 0,
    )


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
    groups: set[str | None] = set()
    for model in (Event, Commitment):
        groups |= set(
            (
                await session.scalars(
                    delete(model)
                    .where(
                        model.article_id == article_id,
                        model.is_current,
                        model.origin == "extractor",
                    )
                    .returning(model.claim_group)
                )
            ).all()
        )
    await joining.settle(session, groups)
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
    await session.execute(
        update(Mention)
        .where(Mention.article_id == article_id, Mention.is_current)
        .values(is_current=False)
    )
    groups: set[str | None] = set()
    for model in (Event, Commitment):
        groups |= set(
            (
                await session.scalars(
                    update(model)
                    .where(model.article_id == article_id, model.is_current)
                    .values(is_current=False)
                    .returning(model.claim_group)
                )
            ).all()
        )
    # The retired statements leave their claims; a claim left empty goes.
    await joining.settle(session, groups)
    mentions = Counter(rows)
    await adjust_entity_counts(
        session,
        Counter({k: -v for k, v in mentions.items()}),
        Counter(dict.fromkeys(mentions, -1)),
    )
