"""Reads of entities and their mentions as JSON documents (see `documents`), and the
entity counters that writes of facts move."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import (
    ColumnElement,
    func,
    select,
    text,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import driver
from app.core.documents import as_text
from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_document, fetch_documents, fetch_rows
from app.entities.aliases import NewAlias
from app.entities.documents import entity_document, mention_document
from app.models import Entity, Mention

ENTITY_ORDER = Keyset("entities", (Entity.id, int))
MENTION_ORDER = Keyset("mentions", (Mention.id, int))

_WORD = re.compile(r"\w+")


def name_prefix_query(q: str) -> ColumnElement[object] | None:
    """`to_tsquery('simple', 'word1:* & word2:*')` from free text, or None if it has no words."""
    words = _WORD.findall(q.casefold())[:10]
    if not words:
        return None
    return func.to_tsquery("simple", " & ".join(f"{w}:*" for w in words))


async def get_entity(session: AsyncSession, entity_id: int) -> str | None:
    stmt = select(as_text(entity_document())).where(Entity.id == entity_id)
    return await fetch_document(session, stmt)


async def entity_exists(session: AsyncSession, entity_id: int) -> bool:
    return bool(await fetch_rows(session, select(Entity.id).where(Entity.id == entity_id)))


async def list_entities(
    session: AsyncSession, params: PageParams, *, q: str | None, type_: str | None
) -> tuple[list[str], str | None]:
    # Listed: the entities that the latest revisions of articles mention.  One whose
    # every mention was revised or deleted away keeps its row (old claims and
    # citations may name it, and its id stays addressable) but is not listed.
    listed = Entity.mention_count > 0
    stmt = select(Entity.id, as_text(entity_document()).label("doc")).where(listed)
    if q is not None:
        query = name_prefix_query(q)
        if query is None:
            return [], None
        # Read the GIN index's matches first (a MATERIALIZED CTE is an optimisation
        # fence), then page through them: left to itself the planner walks the primary
        # key backwards and tests every entity against the query until a page is full.
        matches = select(Entity.id).where(Entity.search.bool_op("@@")(query), listed)
        if type_ is not None:
            matches = matches.where(Entity.type == type_)
        found = matches.cte("matches").prefix_with("MATERIALIZED")
        page = Keyset("entities", (found.c.id, int)).apply(select(found.c.id), params).subquery()
        stmt = stmt.join(page, page.c.id == Entity.id)
    elif type_ is not None:
        stmt = stmt.where(Entity.type == type_)
    return await ENTITY_ORDER.documents(session, stmt, params)


async def list_mentions(
    session: AsyncSession, params: PageParams, *, entity_id: int
) -> tuple[list[str], str | None]:
    stmt = select(Mention.id, as_text(mention_document()).label("doc")).where(
        Mention.entity_id == entity_id, Mention.is_current
    )
    return await MENTION_ORDER.documents(session, stmt, params)


async def get_mention(session: AsyncSession, mention_id: int) -> str | None:
    """A mention of any revision, as annotations address it."""
    stmt = select(as_text(mention_document())).where(Mention.id == mention_id)
    return await fetch_document(session, stmt)


async def article_mentions(session: AsyncSession, article_id: int) -> list[str]:
    """Every mention in the article's latest revision, in reading order."""
    stmt = (
        select(as_text(mention_document()))
        .where(Mention.article_id == article_id, Mention.is_current)
        .order_by(Mention.paragraph_index, Mention.start, Mention.id)
    )
    return await fetch_documents(session, stmt)


async def adjust_entity_counts(
    session: AsyncSession,
    mentions: Counter[int],
    articles: Counter[int],
    renamed: Collection[int] = (),
    aliases: Sequence[NewAlias] = (),
) -> None:
    """Add the deltas to entity counters, record the new `aliases`, and rebuild the
    search vectors (name and aliases) of the `renamed` entities (those just created)
    and of those given a new alias."""
    touched = set(mentions) | set(articles) | set(renamed)
    ids = sorted(touched | {a.entity_id for a in aliases})
    if not ids:
        return
    # Lock in id order first, so concurrent ingests touching the same entities queue
    # up instead of deadlocking.  FOR NO KEY UPDATE: it must not conflict with the
    # KEY SHARE locks that foreign-key checks of other ingests hold on these rows.
    if not renamed and not aliases:
        # Counters only: the locks are taken by the statement's one-time filter, before
        # it updates a row, and the increments apply to the latest committed rows.
        await driver.execute(session, _ADD_COUNTS, _deltas(ids, mentions, articles))
        return
    # The aliases are inserted by the statement that locks their entities: no other
    # ingest adds aliases to an entity it has not locked, so none waits here.
    renamed = set(renamed)
    if aliases:
        added = await driver.execute(
            session,
            _LOCK_AND_ADD_ALIASES,
            {
                "ids": ids,
                "entity_ids": [a.entity_id for a in aliases],
                "norms": [a.norm for a in aliases],
                "aliases": [a.alias for a in aliases],
            },
        )
        renamed |= {row[0] for row in added}
    else:
        await driver.execute(session, _LOCK, {"ids": ids})
    ids = sorted(touched | renamed)
    # A new search vector reads the entity's aliases: the UPDATE, a statement of its
    # own after the locks, then sees those that the ingests it waited for committed.
    await driver.execute(
        session,
        _ADD_COUNTS_AND_SEARCH,
        {**_deltas(ids, mentions, articles), "renamed": [i in renamed for i in ids]},
    )


def _deltas(ids: list[int], mentions: Counter[int], articles: Counter[int]) -> dict[str, Any]:
    return {"ids": ids, "dm": [mentions[i] for i in ids], "da": [articles[i] for i in ids]}


_LOCKED_IN_ORDER = (
    "SELECT entities.id FROM entities"
    " WHERE entities.id IN (SELECT unnest(CAST(:ids AS bigint[])))"
    " ORDER BY entities.id FOR NO KEY UPDATE"
)
_LOCK = text(_LOCKED_IN_ORDER)
# The new aliases (rows in their order); the entities given one, once their rows are
# locked (the one-time filter runs before the insert that the main query reads).
_LOCK_AND_ADD_ALIASES = text(
    "WITH added AS ("
    " INSERT INTO entity_aliases (entity_id, norm, alias)"
    " SELECT entity_id, norm, alias FROM unnest(CAST(:entity_ids AS bigint[]),"
    " CAST(:norms AS text[]), CAST(:aliases AS text[]))"
    " WITH ORDINALITY AS u(entity_id, norm, alias, ordinal) ORDER BY ordinal"
    " ON CONFLICT (entity_id, norm) DO NOTHING RETURNING entity_id)"
    " SELECT DISTINCT entity_id FROM added"
    f" WHERE (SELECT count(*) FROM ({_LOCKED_IN_ORDER}) AS locked) >= 0"
)
_ADD_COUNTS = text(
    "UPDATE entities SET mention_count = mention_count + d.dm,"
    " article_count = article_count + d.da, updated_at = now()"
    " FROM unnest(CAST(:ids AS bigint[]), CAST(:dm AS int[]), CAST(:da AS int[]))"
    " AS d(id, dm, da) WHERE entities.id = d.id"
    f" AND (SELECT count(*) FROM ({_LOCKED_IN_ORDER}) AS locked) >= 0"
)
_ADD_COUNTS_AND_SEARCH = text(
    "UPDATE entities SET mention_count = mention_count + d.dm,"
    " article_count = article_count + d.da, updated_at = now(),"
    " search = CASE WHEN d.renamed THEN to_tsvector('simple', name || ' ' || coalesce("
    "(SELECT string_agg(alias, ' ') FROM entity_aliases a"
    " WHERE a.entity_id = entities.id), '')) ELSE search END"
    " FROM unnest(CAST(:ids AS bigint[]), CAST(:dm AS int[]), CAST(:da AS int[]),"
    " CAST(:renamed AS boolean[])) AS d(id, dm, da, renamed) WHERE entities.id = d.id"
)
