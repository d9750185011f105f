"""Commitments rendered as JSON by Postgres (see `facts.documents`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, case, null, or_

from app.core.documents import json_object
from app.facts.documents import DOUBLE, citations_document, provenance_document
from app.models import Citation, Commitment


@cache
def commitment_document() -> ColumnElement[Any]:
    """`CommitmentOut` of the `commitments` row in scope."""
    has_actor = or_(Commitment.actor_name.is_not(None), Commitment.actor_entity_id.is_not(None))
    has_amount = and_(Commitment.amount_value.is_not(None), Commitment.amount_currency.is_not(None))
    has_share = or_(Commitment.gdp_from.is_not(None), Commitment.gdp_to.is_not(None))
    return json_object(
        id=Commitment.id,
        actor=case(
            (
                has_actor,
                json_object(entity_id=Commitment.actor_entity_id, name=Commitment.actor_name),
            ),
            else_=null(),
        ),
        metric=Commitment.metric,
        amount=case(
            (
                has_amount,
                json_object(
                    value=Commitment.amount_value.cast(DOUBLE),
                    currency=Commitment.amount_currency,
                ),
            ),
            else_=null(),
        ),
        share_of_gdp=case(
            (
                has_share,
                json_object(
                    from_=Commitment.gdp_from.cast(DOUBLE), to=Commitment.gdp_to.cast(DOUBLE)
                ),
            ),
            else_=null(),
        ),
        target_year=Commitment.target_year,
        period=Commitment.period,
        status=Commitment.status,
        article_id=Commitment.article_id,
        citations=citations_document(Citation.commitment_id == Commitment.id),
        confidence=Commitment.confidence,
        provenance=provenance_document(Commitment),
        claim_id=Commitment.claim_id,
    )
