"""Reads of commitments as JSON documents (see `documents`): the list with its
filters (keyset-paged) and single commitments; and the write of an article's
commitments."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    BigInteger,
    Integer,
    Select,
    Text,
    bindparam,
    func,
    select,
)
from sqlalchemy.ext.asyncio import AsyncSession

from app.commitments.documents import commitment_document
from app.core.bulk_insert import PendingRows, ReservedIds, copy_rows, insert_ids
from app.core.documents import as_text
from app.core.pagination import Keyset, PageParams
from app.core.reads import fetch_built_document
from app.extract.types import CommitmentFact
from app.facts.citations import StoredParagraph, citation_rows
from app.models import Citation, Commitment

COMMITMENT_ORDER = Keyset("commitments", (Commitment.id, int))


async def get_commitment(session: AsyncSession, commitment_id: int) -> str | None:
    return await fetch_built_document(session, _commitment_statement(), {"id": commitment_id})


@cache
def _commitment_statement() -> Select[*tuple[Any, ...]]:
    return select(as_text(commitment_document())).where(
        Commitment.id == bindparam("id", type_=BigInteger), Commitment.is_current
    )


async def list_commitments(
    session: AsyncSession,
    params: PageParams,
    *,
    actor_id: int | None = None,
    article_id: int | None = None,
    currency: str | None = None,
    target_year: int | None = None,
    q: str | None = None,
) -> tuple[list[str], str | None]:
    filters = {
        "actor_id": actor_id,
        "article_id": article_id,
        "currency": currency,
        "target_year": target_year,
        "q": q or None,
    }
    given = {name: value for name, value in filters.items() if value is not None}
    stmt = _commitments_statement(frozenset(given), after=params.cursor is not None)
    return await COMMITMENT_ORDER.bound_documents(session, stmt, given, params)


@cache
def _commitments_statement(filters: frozenset[str], *, after: bool) -> Select[*tuple[Any, ...]]:
    """The commitments list for the `filters` given, built once with bind parameters
    (as `_events_statement`)."""
    stmt = select(Commitment.id, as_text(commitment_document()).label("doc")).where(
        Commitment.is_current
    )
    if "actor_id" in filters:
        stmt = stmt.where(Commitment.actor_entity_id == bindparam("actor_id", type_=BigInteger))
    if "article_id" in filters:
        stmt = stmt.where(Commitment.article_id == bindparam("article_id", type_=BigInteger))
    if "currency" in filters:
        stmt = stmt.where(Commitment.amount_currency == bindparam("currency", type_=Text))
    if "target_year" in filters:
        stmt = stmt.where(Commitment.target_year == bindparam("target_year", type_=Integer))
    if "q" in filters:
        query = func.websearch_to_tsquery("english", bindparam("q", type_=Text))
        stmt = stmt.where(Commitment.search.bool_op("@@")(query))
    return COMMITMENT_ORDER.bound(stmt, after=after)


# A commitment to store: its common columns, its article's paragraphs, the fact, its
# actor's entity id, and its article's publication time.
CommitmentUnit = tuple[
    dict[str, Any], dict[int, StoredParagraph], CommitmentFact, int | None, datetime
]


def commitment_columns(
    common: dict[str, Any], c: CommitmentFact, actor_id: int | None
) -> dict[str, Any]:
    """A commitment's row, but for its claim's columns (`claims.joining`)."""
    return {
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


async def insert_commitments(
    session: AsyncSession,
    commitments: Sequence[CommitmentUnit],
    rows: Sequence[dict[str, Any]],
    reserved: ReservedIds | None,
    pending: PendingRows | None = None,
) -> list[int]:
    """Insert the commitments' `rows` (one per unit, claim columns included) and their
    citations (or hold them in `pending`); return their ids."""
    commitment_ids = await insert_ids(session, Commitment, list(rows), reserved, pending)
    citations = []
    for commitment_id, (common, by_index, c, *_) in zip(commitment_ids, commitments, strict=True):
        citations += citation_rows(
            common["article_id"], by_index, c.citations, commitment_id=commitment_id
        )
    await copy_rows(session, Citation, citations, pending)
    return commitment_ids
