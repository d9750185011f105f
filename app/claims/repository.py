"""Reads of claims: the stored documents, and the statements behind them."""

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

from app.commitments.documents import commitment_document
from app.core.documents import as_text
from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_built, fetch_rows
from app.events.documents import event_document
from app.models import Citation, Claim, Commitment, Event

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
    """The claim's kind, basis and stored document, or None."""
    rows = await fetch_built(session, _claim_statement(), {"id": claim_id})
    return rows[0] if rows else None


@cache
def _claim_statement() -> Select[*tuple[Any, ...]]:
    return select(Claim.kind, Claim.basis, Claim.document).where(
        Claim.id == bindparam("id", type_=BigInteger)
    )


def _model(kind: str) -> type[Commitment] | type[Event]:
    return Commitment if kind == "commitment" else Event


async def statements(session: AsyncSession, claim_id: int, kind: str) -> list[str]:
    """The claim's current statements as fact documents, oldest report first."""
    rows = await fetch_built(
        session, _statements_statement(kind), {"id": claim_id, "limit": STATEMENTS_SHOWN}
    )
    return [row[0] for row in rows]


@cache
def _statements_statement(kind: str) -> Select[*tuple[Any, ...]]:
    model = _model(kind)
    document = commitment_document() if kind == "commitment" else event_document()
    return (
        select(as_text(document))
        .where(model.claim_id == bindparam("id", type_=BigInteger), model.is_current)
        .order_by(model.reported_at, model.id)
        .limit(bindparam("limit", type_=Integer))
    )


async def reports(session: AsyncSession, claim_id: int, kind: str) -> list[Any]:
    """Each current statement's id, article, publication time, outlet and cited-text hash."""
    return list(await fetch_built(session, _reports_statement(kind), {"id": claim_id}))


@cache
def _reports_statement(kind: str) -> Select[*tuple[Any, ...]]:
    model = _model(kind)
    return select(
        model.id, model.article_id, model.reported_at, model.outlet, model.text_hash
    ).where(model.claim_id == bindparam("id", type_=BigInteger), model.is_current)


async def timeline_rows(session: AsyncSession, claim_id: int) -> list[Any]:
    """A commitment claim's statements with their stage, values and first quote."""
    # Numeric columns need SQLAlchemy's result processing: the ordinary path.
    return list(await fetch_rows(session, _timeline_statement(), {"id": claim_id}))


@cache
def _timeline_statement() -> Select[*tuple[Any, ...]]:
    first_quote = (
        select(Citation.quote)
        .where(Citation.commitment_id == Commitment.id)
        .order_by(Citation.position, Citation.id)
        .limit(1)
        .scalar_subquery()
    )
    return select(
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
