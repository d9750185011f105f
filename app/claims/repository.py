"""Reads of claims: the stored documents, and the statements behind them."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    Select,
    Text,
    TextClause,
    bindparam,
    func,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import ARRAY, array
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims.schemas import IDS_SHOWN, SOURCES_SHOWN
from app.claims.tallies import NO_BUCKET
from app.commitments.documents import commitment_document
from app.core.documents import as_text
from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_built, fetch_rows
from app.events.documents import event_document
from app.models import Citation, Claim, ClaimBucket, Commitment, Event

CLAIM_ORDER = Keyset("claims", (Claim.id, int))


def _model(kind: str) -> type[Commitment] | type[Event]:
    return Commitment if kind == "commitment" else Event


def _oldest_first(name: str, model: type[Commitment] | type[Event]) -> Keyset:
    """A claim's statements oldest report first: the index on (claim_id, reported_at,
    id) answers every page at the cost of the first."""
    return Keyset(name, (model.reported_at, datetime), (model.id, int), ascending=True)


# A claim's statements and its timeline steps, each kind's; a cursor names its list.
STATEMENT_ORDER = {
    kind: _oldest_first("claim_statements", _model(kind)) for kind in ("commitment", "event")
}
TIMELINE_ORDER = {
    kind: _oldest_first("claim_timeline", _model(kind)) for kind in ("commitment", "event")
}


async def list_claims(
    session: AsyncSession, params: PageParams, filters: dict[str, Any]
) -> tuple[list[str], str | None]:
    given = {name: value for name, value in filters.items() if value is not None}
    stmt = _claims_statement(frozenset(given), after=params.cursor is not None)
    return await CLAIM_ORDER.bound_documents(session, stmt, given, params)


@cache
def _claims_statement(filters: frozenset[str], *, after: bool) -> Select[*tuple[Any, ...]]:
    """The claims list for the `filters` given, built once with bind parameters."""
    stmt = select(Claim.id, Claim.document)
    if "kind" in filters:
        stmt = stmt.where(Claim.kind == bindparam("kind", type_=Text))
    if "entity_id" in filters:
        # `entity_ids @> ARRAY[:entity_id]`: the GIN index answers it.
        entity = array([bindparam("entity_id", type_=BigInteger)])
        stmt = stmt.where(Claim.entity_ids.contains(entity))
    if "type" in filters:
        stmt = stmt.where(Claim.event_type == bindparam("type", type_=Text))
    if "currency" in filters:
        stmt = stmt.where(Claim.currency == bindparam("currency", type_=Text))
    if "target_year" in filters:
        stmt = stmt.where(Claim.target_year == bindparam("target_year", type_=Integer))
    if "min_sources" in filters:
        stmt = stmt.where(Claim.source_count >= bindparam("min_sources", type_=Integer))
    if "since" in filters:
        stmt = stmt.where(Claim.last_reported >= bindparam("since", type_=DateTime(timezone=True)))
    if "until" in filters:
        stmt = stmt.where(Claim.first_reported < bindparam("until", type_=DateTime(timezone=True)))
    return CLAIM_ORDER.bound(stmt, after=after)


async def get_claim(session: AsyncSession, claim_id: int) -> Any | None:
    """The claim's kind, basis and stored document, or None."""
    rows = await fetch_built(session, _claim_statement(), {"id": claim_id})
    return rows[0] if rows else None


@cache
def _claim_statement() -> Select[*tuple[Any, ...]]:
    return select(Claim.kind, Claim.basis, Claim.document).where(
        Claim.id == bindparam("id", type_=BigInteger)
    )


async def statements(
    session: AsyncSession, claim_id: int, kind: str, params: PageParams
) -> tuple[list[str], str | None]:
    """A page of the claim's current statements as fact documents, oldest report
    first, and the cursor after it."""
    stmt = _statements_statement(kind, after=params.cursor is not None)
    return await STATEMENT_ORDER[kind].bound_documents(session, stmt, {"id": claim_id}, params)


@cache
def _statements_statement(kind: str, *, after: bool) -> Select[*tuple[Any, ...]]:
    model = _model(kind)
    document = commitment_document() if kind == "commitment" else event_document()
    stmt = select(model.reported_at, model.id, as_text(document)).where(
        model.claim_id == bindparam("id", type_=BigInteger), model.is_current
    )
    return STATEMENT_ORDER[kind].bound(stmt, after=after)


async def sources(session: AsyncSession, claim_id: int, kind: str) -> list[Any]:
    """The claim's first `SOURCES_SHOWN` sources by first report (its tallies,
    `claim_sources`), each with its full counts, the outlets that copied it
    (alphabetically), and the ids and articles of its first `READ_AHEAD`
    statements (oldest report first), read from their index: a bounded read
    however many reports the claim has."""
    return list(await fetch_rows(session, _sources_statement(kind), {"id": claim_id}))


# A source's first statements are its first articles' too, unless an article has
# several statements in it (`source_articles` then reads on).
READ_AHEAD = IDS_SHOWN


@cache
def _sources_statement(kind: str) -> TextClause:
    # Outlets compared as "C" (bytes): the order the API promises and the tallies keep.
    # A claim of one statement keeps no tallies (`tallies`): its statement is its
    # one source.
    table = _model(kind).__tablename__
    return text(
        f"""
SELECT shown.origin, shown.syndicated, shown.article_count, shown.statement_count,
  ahead.statement_ids, ahead.article_ids, shown.first_reported
FROM (
  (SELECT origin, syndicated, article_count, statement_count, first_reported
  FROM claim_sources WHERE claim_id = :id
  ORDER BY first_reported, origin COLLATE "C" LIMIT {SOURCES_SHOWN})
  UNION ALL
  SELECT s.claim_source, CAST('{{}}' AS text[]), 1, 1, s.reported_at
  FROM claims c JOIN {table} s ON s.claim_id = c.id AND s.is_current
  WHERE c.id = :id AND c.statement_count = 1
) shown
CROSS JOIN LATERAL (
  SELECT array_agg(f.id ORDER BY f.reported_at, f.id) AS statement_ids,
    array_agg(f.article_id ORDER BY f.reported_at, f.id) AS article_ids
  FROM (
    SELECT id, article_id, reported_at FROM {table}
    WHERE claim_id = :id AND claim_source = shown.origin AND is_current
    ORDER BY reported_at, id LIMIT {READ_AHEAD}
  ) f
) ahead
ORDER BY shown.first_reported, shown.origin COLLATE "C"
"""
    )


async def source_articles(
    session: AsyncSession, claim_id: int, kind: str, origin: str
) -> list[int]:
    """A source's first `IDS_SHOWN` articles, each once, by its first statement
    (oldest report first): its statements read from their index a chunk at a time
    until that many articles are found, so that articles with several statements
    in the source cost their statements, not every statement of the source."""
    found: dict[int, None] = {}
    params: dict[str, Any] = {"id": claim_id, "origin": origin}
    after = False
    while len(found) < IDS_SHOWN:
        rows = await fetch_rows(session, _source_articles_statement(kind, after=after), params)
        found.update(dict.fromkeys(r.article_id for r in rows))
        if len(rows) < ARTICLES_CHUNK:
            break
        params.update(after_at=rows[-1].reported_at, after_id=rows[-1].id)
        after = True
    return list(found)[:IDS_SHOWN]


# How many of a source's statements `source_articles` reads at a time.
ARTICLES_CHUNK = 2 * IDS_SHOWN


@cache
def _source_articles_statement(kind: str, *, after: bool) -> TextClause:
    table = _model(kind).__tablename__
    later = " AND (reported_at, id) > (:after_at, :after_id)" if after else ""
    return text(
        f"SELECT reported_at, id, article_id FROM {table}"
        f" WHERE claim_id = :id AND claim_source = :origin AND is_current{later}"
        f" ORDER BY reported_at, id LIMIT {ARTICLES_CHUNK}"
    )


async def buckets(session: AsyncSession, claim_id: int) -> list[Any]:
    """A commitment claim's tallies (`claim_buckets`), in `planning.Bucket`'s order."""
    return list(await fetch_rows(session, _buckets_statement(), {"id": claim_id}))


@cache
def _buckets_statement() -> Select[*tuple[Any, ...]]:
    b = ClaimBucket
    return select(
        b.lifecycle,
        func.nullif(b.bucket, NO_BUCKET),
        b.first,
        b.n,
        b.min_amount,
        b.max_amount,
        b.gdp_from,
        b.gdp_to,
    ).where(b.claim_id == bindparam("id", type_=BigInteger))


async def reported_at(session: AsyncSession, claim_id: int, times: list[datetime]) -> list[Any]:
    """The claim's commitments reported at one of `times`: each one's id, time, stage
    and value bucket."""
    params = {"id": claim_id, "times": times}
    return list(await fetch_built(session, _reported_at_statement(), params))


@cache
def _reported_at_statement() -> Select[*tuple[Any, ...]]:
    c = Commitment
    times = bindparam("times", type_=ARRAY(DateTime(timezone=True)))
    return select(c.id, c.reported_at, c.lifecycle, c.value_bucket).where(
        c.claim_id == bindparam("id", type_=BigInteger),
        c.is_current,
        c.reported_at == func.any(times),
    )


async def timeline(
    session: AsyncSession, claim_id: int, kind: str, params: PageParams
) -> tuple[list[Any], str | None]:
    """A page of the claim's steps, oldest report first, and the cursor after it: a
    commitment's statements with their stage, values and first quote; an event's,
    their id, article and time."""
    order = TIMELINE_ORDER[kind]
    stmt = _timeline_statement(kind, after=params.cursor is not None)
    values = {"id": claim_id, **order.bound_values(params)}
    # Numeric columns need SQLAlchemy's result processing: the ordinary path.
    rows = await fetch_rows(session, stmt, values)
    return order.page(rows, params, lambda row: (row[2], row[0]))


@cache
def _timeline_statement(kind: str, *, after: bool) -> Select[*tuple[Any, ...]]:
    if kind == "event":
        stmt = select(Event.id, Event.article_id, Event.reported_at).where(
            Event.claim_id == bindparam("id", type_=BigInteger), Event.is_current
        )
        return TIMELINE_ORDER[kind].bound(stmt, after=after)
    first_quote = (
        select(Citation.quote)
        .where(Citation.commitment_id == Commitment.id)
        .order_by(Citation.position, Citation.id)
        .limit(1)
        .scalar_subquery()
    )
    stmt = select(
        Commitment.id,
        Commitment.article_id,
        Commitment.reported_at,
        Commitment.lifecycle,
        Commitment.amount_value,
        Commitment.amount_currency,
        Commitment.gdp_from,
        Commitment.gdp_to,
        Commitment.value_bucket,
        first_quote,
    ).where(Commitment.claim_id == bindparam("id", type_=BigInteger), Commitment.is_current)
    return TIMELINE_ORDER[kind].bound(stmt, after=after)
