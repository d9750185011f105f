"""Write one article revision's facts: entities resolved, spans turned into citations,
statements joined to their claims; and retire or re-extract them.

Each kind of fact owns its write (`entities`, `events`, `commitments` repositories);
this module orders them in one transaction and joins the claims, which sit above
every kind of fact.

Every write is set-based (one statement per table), and entity counters move by
increments under row locks taken in id order, so concurrent ingests neither lose
counts nor deadlock.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import delete, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import joining
from app.claims.tallies import EVENT_PARTICIPANTS, EventStatement
from app.commitments.repository import CommitmentUnit, commitment_columns, insert_commitments
from app.core.bulk_insert import PendingRows, ReservedIds, copy_rows
from app.entities.names import normalise_name
from app.entities.repository import adjust_entity_counts
from app.entities.resolution import NameRequest, name_request, resolve_names
from app.events.repository import EventUnit, date_start, event_rows, store_events
from app.extract.types import CommitmentFact, Facts, Span
from app.facts.citations import StoredParagraph, span_columns
from app.facts.schemas import Provenance
from app.models import Commitment, Event, Mention


@dataclass(frozen=True, slots=True)
class FactTarget:
    """One article revision and the batches of facts (client, extracted) to store for it."""

    article_id: int
    dated_at: datetime
    revision_id: int
    paragraphs: Sequence[StoredParagraph]
    batches: Sequence[tuple[Facts, Provenance]]
    # Mentions the revision already has, as (entity id, paragraph id, start, end): on
    # re-extraction, the client's, which the extractor may find again.
    existing_mentions: frozenset[tuple[int, int, int, int]] = frozenset()
    # The article's outlet (`claims.keys.outlet`) where the writer has its URL at
    # hand and Python surely computes it; None: joining reads it from the article.
    outlet: str | None = None


async def store_facts(
    session: AsyncSession,
    *,
    article_id: int,
    dated_at: datetime,
    revision_id: int,
    paragraphs: Sequence[StoredParagraph],
    batches: Sequence[tuple[Facts, Provenance]],
    existing_mentions: frozenset[tuple[int, int, int, int]] = frozenset(),
    retired: joining.Retired | None = None,
) -> frozenset[int]:
    """Store several batches of facts (client-supplied, extracted) of one revision;
    `retired` and what is returned as `store_facts_many`'s."""
    target = FactTarget(article_id, dated_at, revision_id, paragraphs, batches, existing_mentions)
    return await store_facts_many(session, [target], retired=retired)


async def store_facts_many(
    session: AsyncSession,
    targets: Sequence[FactTarget],
    reserved: ReservedIds | None = None,
    pending: PendingRows | None = None,
    retired: joining.Retired | None = None,
) -> frozenset[int]:
    """Store the facts of many article revisions with one statement per table (the
    ids of events and commitments from `reserved` where given).  The rows held in
    `pending` (the revisions' own, where given) are written first; the facts' rows
    are held there too, and written together once they have their claims.  With
    `retired` (a revision's old statements, `retire_current_facts`), returns the
    claims its new statements only restated, which need no settling for it.

    All names are resolved in one call, so entities shared by the articles are
    looked up (and created) once; full names come before lone surnames across the
    whole set, as they do within one article.
    """
    if pending is not None:
        # The revisions' own rows go in first, before any lock is taken that is held
        # until commit (new entities' keys, claim groups): a concurrent write meeting
        # those locks must not wait on these rows too.  Joining also reads an
        # article's outlet from its row where the writer could not tell it.
        await pending.flush(session)
    units = [
        (t, _without_nameless(facts), provenance)
        for t in targets
        for facts, provenance in t.batches
    ]
    requests = [_name_requests(facts) for _, facts, _ in units]
    resolution = await resolve_names(session, [r for rs in requests for r in rs])
    resolved = resolution.ids
    types = {
        entity_id: request.type
        for entity_id, request in zip(resolved, (r for rs in requests for r in rs), strict=True)
    }
    mention_rows: dict[tuple[int, int, int, int], dict[str, Any]] = {}
    roles: list[_Role] = []
    events: list[EventUnit] = []
    commitments: list[CommitmentUnit] = []
    offset = 0
    for (target, facts, provenance), names in zip(units, requests, strict=True):
        by_index = {p.index: p for p in target.paragraphs}
        common = {
            "article_id": target.article_id,
            "revision_id": target.revision_id,
            **provenance.model_dump(),
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
            participants = [
                next(entity_ids) if names_entity(p.name) else None for p in event.participants
            ]
            cited = by_index[event.citations[0].paragraph_index].text if event.citations else None
            claim = joining.event_columns(
                event.type, date_start(event.date), target.dated_at, cited
            )
            events.append((common, by_index, event, participants, claim))
            roles += [
                _Role(
                    target,
                    common,
                    by_index,
                    entity_id,
                    p.name,
                    event.citations,
                    event.confidence,
                    person=types.get(entity_id) == "person",
                )
                for p, entity_id in zip(event.participants, participants, strict=True)
                if entity_id is not None
            ]
        for c in facts.commitments:
            actor = next(entity_ids) if names_entity(c.actor_name) else None
            commitments.append((common, by_index, c, actor, target.dated_at))
            if actor is not None and c.actor_name:
                roles.append(
                    _Role(
                        target,
                        common,
                        by_index,
                        actor,
                        c.actor_name,
                        c.citations,
                        c.confidence,
                        person=types.get(actor) == "person",
                    )
                )
    # After every entity's own mentions, so that a role adds a mention only where the
    # entity has none yet.
    mentioned = {(k[0], k[1]) for k in mention_rows}
    for role in roles:
        _add_role_mention(mention_rows, mentioned, role)
    for target in targets:
        for key in target.existing_mentions:
            mention_rows.pop(key, None)
    if mention_rows:
        # Mentions name no claim: they are written before joining takes the claim
        # groups' locks, which are held until commit, so that a concurrent write
        # waiting for those locks does not also wait for these rows.
        await copy_rows(session, Mention, list(mention_rows.values()), pending)
        if pending is not None:
            await pending.flush(session)
    rows_of_events = await event_rows(session, events, reserved)
    rows_of_commitments = _commitment_rows(commitments)
    # The new statements join their claims in this transaction (see `app.claims`),
    # before they are inserted: they are inserted with their claim.  Described
    # participants (no entity) take no part in joining.
    unsettled = await joining.join_new(
        session,
        {t.article_id: t.outlet for t in targets if t.outlet is not None},
        rows_of_commitments,
        [
            EventStatement(
                row,
                [
                    (entity_id, p.name)
                    for entity_id, p in zip(ids, e.participants, strict=True)
                    if entity_id is not None
                ],
            )
            for row, (_, _, e, ids, _) in zip(rows_of_events, events, strict=True)
        ],
        retired,
    )
    await store_events(session, events, rows_of_events, pending)
    if commitments:
        await insert_commitments(session, commitments, rows_of_commitments, reserved, pending)
    if pending is not None:
        await pending.flush(session)
    mentions = Counter(key[0] for key in mention_rows)
    # An article counts once per entity: not again when it already had a mention of it
    # (a client's, kept through re-extraction).
    already = {(t.article_id, key[0]) for t in targets for key in t.existing_mentions}
    articles = Counter(
        e for a, e in {(row["article_id"], k[0]) for k, row in mention_rows.items()} - already
    )
    # Claim groups are locked (by `join_new`) before entities are, as when facts are
    # retired or deleted, so that concurrent writes wait for each other in one order.
    await adjust_entity_counts(session, mentions, articles, resolution.created, resolution.aliases)
    # What joining could not decide before the insert (see `joining.join_new`).
    await joining.settle(
        session, unsettled.groups, unsettled.claims, counted=True, added_only=retired is None
    )
    return unsettled.restated


@dataclass(frozen=True, slots=True)
class _Role:
    """An entity taking part in a fact (an event's participant, a commitment's actor)."""

    target: FactTarget
    common: dict[str, Any]
    by_index: dict[int, StoredParagraph]
    entity_id: int
    name: str
    citations: Sequence[Span]
    confidence: float
    person: bool = False


@lru_cache(maxsize=4096)
def _name_pattern(name: str) -> re.Pattern[str]:
    """The name as a whole word or words, in any case ("NATO" in "Nato's")."""
    return re.compile(r"(?<!\w)" + re.escape(name) + r"(?!\w)", re.IGNORECASE)


def _is_word(c: str) -> bool:
    return c.isalnum() or c == "_"


def whole_words(text: str, name: str) -> Iterator[tuple[int, int]]:
    """Where `name` stands in `text` as a whole word or words, in any case: the
    spans `_name_pattern(name).finditer(text)` gives.  Names are mostly new to a
    process (a bulk post brings thousands), and compiling a pattern costs far more
    than finding it, so ASCII text is searched by `str.find`, where lower-casing is
    exactly the pattern's case-insensitivity; other text by the pattern."""
    if not (name and text.isascii() and name.isascii()):
        for match in _name_pattern(name).finditer(text):
            yield match.start(), match.end()
        return
    haystack, needle = text.lower(), name.lower()
    i = haystack.find(needle)
    while i >= 0:
        j = i + len(needle)
        if (i == 0 or not _is_word(text[i - 1])) and (j == len(text) or not _is_word(text[j])):
            yield i, j
            i = haystack.find(needle, j)
        else:
            i = haystack.find(needle, i + 1)


def _role_span(role: _Role) -> Span | None:
    """Where the role's name stands in the paragraphs its fact cites: inside a citation
    first, then anywhere in a cited paragraph; as written before another case."""
    wanted = role.name.strip()
    forms = [wanted]
    if role.person and " " in wanted:
        forms.append(wanted.rsplit(" ", 1)[1])  # a person named again by surname
    for form in forms:
        found: list[tuple[int, Span]] = []
        for span in role.citations:
            text = role.by_index[span.paragraph_index].text
            for start, end in whole_words(text, form):
                inside = span.start <= start and end <= span.end
                rank = (0 if inside else 2) + (0 if text[start:end] == form else 1)
                found.append((rank, Span(span.paragraph_index, start, end)))
        if found:
            return min(found, key=lambda f: f[0])[1]
    return None


def _add_role_mention(
    mention_rows: dict[tuple[int, int, int, int], dict[str, Any]],
    mentioned: set[tuple[int, int]],
    role: _Role,
) -> None:
    """Count a participant or actor as a mention of its entity: its name where a cited
    paragraph writes it; else, when the entity has no mention in those paragraphs, the
    fact's first citation (an office's pledge names no country, yet is the country's).
    So no entity exists without a mention, and its counts include every role."""
    if not role.citations:
        return
    span = _role_span(role)
    if span is None:
        cited = {role.by_index[c.paragraph_index].id for c in role.citations}
        if any((role.entity_id, paragraph_id) in mentioned for paragraph_id in cited):
            return
        span = role.citations[0]
    paragraph = role.by_index[span.paragraph_index]
    key = (role.entity_id, paragraph.id, span.start, span.end)
    if key in mention_rows:
        return
    mentioned.add((role.entity_id, paragraph.id))
    mention_rows[key] = {
        **role.common,
        "article_dated_at": role.target.dated_at,
        "entity_id": role.entity_id,
        "confidence": role.confidence,
        **span_columns(paragraph, span),
    }


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
            if names_entity(p.name):
                kind = p.type or known.get(normalise_name(p.name))
                requests.append(name_request(p.name, kind))
    for c in facts.commitments:
        if c.actor_name and names_entity(c.actor_name):
            kind = c.actor_type or known.get(normalise_name(c.actor_name))
            requests.append(name_request(c.actor_name, kind))
    return requests


def names_entity(actor: str | None) -> bool:
    """Whether a commitment's actor or an event's participant is a name ("Japan", "NATO
    member states") rather than a description ("the prime minister", "protesters"): a
    description keeps its text on the fact with no entity, and is never an entity."""
    return actor is not None and any(ch.isupper() for ch in actor)


def _commitment_rows(commitments: Sequence[CommitmentUnit]) -> list[dict[str, Any]]:
    return [
        {
            **commitment_columns(common, c, actor_id),
            **_commitment_claim(common["article_id"], dated_at, by_index, c, actor_id),
        }
        for common, by_index, c, actor_id, dated_at in commitments
    ]


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


# What a statement leaving its claim returns: its group, claim and source, and what
# it gave the claim's tallies (`joining.RESTATED`).
_LEAVING = {
    model: (
        model.id,
        model.claim_group,
        model.claim_id,
        model.claim_source,
        *(getattr(model, column) for column in joining.RESTATED[kind]),
    )
    for model, kind in ((Event, "event"), (Commitment, "commitment"))
}

# The named participants of an article's current events (of an origin, or all),
# read as recounts read them (`tallies.EVENT_PARTICIPANTS`).
_NAMED_PARTICIPANTS = text(
    "SELECT s.id," + EVENT_PARTICIPANTS + " FROM events s WHERE s.article_id = :article"
    " AND s.is_current AND (CAST(:origin AS text) IS NULL OR s.origin = :origin)"
)


async def _named_participants(
    session: AsyncSession, article_id: int, *, origin: str | None = None
) -> dict[int, list[tuple[int, str]]]:
    """The named participants (entity, name) of the article's current events (of
    `origin`), each event's in order."""
    rows = await session.execute(_NAMED_PARTICIPANTS, {"article": article_id, "origin": origin})
    return {r.id: list(zip(r.entity_ids, r.names, strict=True)) for r in rows}


async def _leave(
    session: AsyncSession,
    article_id: int,
    *,
    deleted: bool,
    replaced: bool,
    origin: str | None = None,
) -> joining.Retired:
    """Delete the article's current events and commitments (`origin`'s, or all), or
    mark them superseded, and have them leave their claims (`joining.leave`,
    `replaced` as there).  The events' named participants are read first, where their
    claims may be restated: a delete takes them along."""
    named = await _named_participants(session, article_id, origin=origin) if replaced else {}
    rows = {}
    for model in (Event, Commitment):
        where = [model.article_id == article_id, model.is_current]
        if origin is not None:
            where.append(model.origin == origin)
        statement = (
            delete(model).where(*where)
            if deleted
            else update(model).where(*where).values(is_current=False)
        )
        rows[model] = (await session.execute(statement.returning(*_LEAVING[model]))).all()
    retired = joining.Retired.of(
        joining.signed(
            [r._asdict() for r in rows[Commitment]],
            [(r._asdict(), named.get(r.id, ())) for r in rows[Event]],
        )
    )
    await joining.leave(session, retired, replaced=replaced)
    return retired


async def delete_extracted_facts(
    session: AsyncSession, article_id: int, *, replaced: bool = False
) -> joining.Retired:
    """Remove the built-in extractor's current facts of an article (client facts stay);
    `replaced` (a re-extraction), as `retire_current_facts`."""
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
    retired = await _leave(session, article_id, deleted=True, replaced=replaced, origin="extractor")
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
    return retired


async def current_mention_keys(
    session: AsyncSession, article_id: int
) -> frozenset[tuple[int, int, int, int]]:
    """The article's current mentions as (entity id, paragraph id, start, end)."""
    rows = await session.execute(
        select(Mention.entity_id, Mention.paragraph_id, Mention.start, Mention.end).where(
            Mention.article_id == article_id, Mention.is_current
        )
    )
    return frozenset((r[0], r[1], r[2], r[3]) for r in rows)


async def retire_current_facts(
    session: AsyncSession, article_id: int, *, replaced: bool = False
) -> joining.Retired:
    """Mark an article's current paragraphs and facts as superseded, and move the
    counters.  The retired statements leave their claims at once; or, `replaced`
    (a revision, whose statements are written next), once the caller settles the
    claims returned (`joining.settle_replaced`) after writing the new ones: a revision's
    statement that restates a claim's key then joins the claim it leaves, which keeps
    its id, instead of its claim going with the old statement and coming back under
    a new id; and one that restates all its old one gave the claim changes no tally
    (`joining.Retired`), and the claim is not counted again."""
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
    retired = await _leave(session, article_id, deleted=False, replaced=replaced)
    mentions = Counter(rows)
    await adjust_entity_counts(
        session,
        Counter({k: -v for k, v in mentions.items()}),
        Counter(dict.fromkeys(mentions, -1)),
    )
    return retired
