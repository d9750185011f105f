"""Commitments rendered as JSON by Postgres (see `facts.documents`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, and_, case, null, or_

from app.commitments.schemas import ActorOut, AmountOut, CommitmentOut, ShareOfGdpOut
from app.core.documents import model_document
from app.facts.documents import DOUBLE, citations_document, provenance_document
from app.models import Citation, Commitment


@cache
def commitment_document() -> ColumnElement[Any]:
    """`CommitmentOut` of the `commitments` row in scope."""
    has_actor = or_(Commitment.actor_name.is_not(None), Commitment.actor_entity_id.is_not(None))
    has_amount = and_(Commitment.amount_value.is_not(None), Commitment.amount_currency.is_not(None))
    has_share = or_(Commitment.gdp_from.is_not(None), Commitment.gdp_to.is_not(None))
    actor = model_document(
        ActorOut, Commitment, entity_id=Commitment.actor_entity_id, name=Commitment.actor_name
    )
    amount = model_document(
        AmountOut,
        Commitment,
        value=Commitment.amount_value.cast(DOUBLE),
        currency=Commitment.amount_currency,
    )
    share = model_document(
        ShareOfGdpOut,
        Commitment,
        from_=Commitment.gdp_from.cast(DOUBLE),
        to=Commitment.gdp_to.cast(DOUBLE),
    )
    return model_document(
        CommitmentOut,
        Commitment,
        actor=case((has_actor, actor), else_=null()),
        amount=case((has_amount, amount), else_=null()),
        share_of_gdp=case((has_share, share), else_=null()),
        citations=citations_document(Citation.commitment_id == Commitment.id),
        provenance=provenance_document(Commitment),
    )
