"""Reads of claims: the stored documents, and the statements' own fact documents."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    DateTime,
    Integer,
    Select,
    Text,
    bindparam,
    select,
)
from sqlalchemy.dialects.postgresql import array
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_built
from app.facts.documents import as_text, commitment_document, event_document
from app.models import Article, Claim, Commitment, Event

CLAIM_ORDER = Keyset("claims", (Claim.id, int))
# A claim's detail lists this many statements at most (its counts cover all of them).
STATEMENTS_SHOWN = 500


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
    """The claim's kind and stored documents, or None."""
    rows = await fetch_built(session, _claim_statement(), {"id": claim_id})
    return rows[0] if rows else None


@cache
def _claim_statement() -> Select[*tuple[Any, ...]]:
    return select(
        Claim.kind, Claim.document, Claim.sources_document, Claim.timeline_document
    ).where(Claim.id == bindparam("id", type_=BigInteger))


async def statements(session: AsyncSession, claim_id: int, kind: str) -> list[str]:
    """The claim's current statements as fact documents, oldest report first."""
    stmt = _statements_statement(kind)
    rows = await fetch_built(session, stmt, {"id": claim_id, "limit": STATEMENTS_SHOWN})
    return [row[0] for row in rows]


@cache
def _statements_statement(kind: str) -> Select[*tuple[Any, ...]]:
    model: type[Commitment] | type[Event] = Commitment if kind == "commitment" else Event
    document = commitment_document() if kind == "commitment" else event_document()
    return (
        select(as_text(document))
        .join(Article, Article.id == model.article_id)
        .where(model.claim_id == bindparam("id", type_=BigInteger), model.is_current)
        .order_by(Article.dated_at, model.id)
        .limit(bindparam("limit", type_=Integer))
    )
