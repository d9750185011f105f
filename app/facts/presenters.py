"""Turn stored rows into the public fact shapes."""

from __future__ import annotations

from app.facts.schemas import (
    ActorOut,
    AmountOut,
    CitationOut,
    CommitmentOut,
    DateOut,
    EntityOut,
    EventOut,
    MentionOut,
    ParticipantOut,
    Provenance,
    ShareOfGdpOut,
)
from app.models import Citation, Commitment, Entity, Event, Mention


def _citation_fields(row: Citation | Mention) -> dict[str, object]:
    return {
        "article_id": row.article_id,
        "paragraph_id": row.paragraph_id,
        "paragraph_index": row.paragraph_index,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "prefix": row.prefix,
        "suffix": row.suffix,
    }


def citation_out(row: Citation) -> CitationOut:
    return CitationOut.model_validate(_citation_fields(row))


def mention_out(row: Mention) -> MentionOut:
    return MentionOut.model_validate(
        {**_citation_fields(row), "id": row.id, "entity_id": row.entity_id}
    )


def _provenance(row: Event | Commitment) -> Provenance:
    return Provenance.model_validate(
        {
            "origin": row.origin,
            "extractor": row.extractor,
            "extractor_version": row.extractor_version,
        }
    )


def entity_out(row: Entity) -> EntityOut:
    return EntityOut.model_validate(
        {
            "id": row.id,
            "name": row.name,
            "type": row.type,
            "aliases": [a.alias for a in row.aliases],
            "mention_count": row.mention_count,
            "article_count": row.article_count,
        }
    )


def event_out(row: Event) -> EventOut:
    date = None
    if row.date_value and row.date_precision:
        date = DateOut.model_validate({"value": row.date_value, "precision": row.date_precision})
    return EventOut(
        id=row.id,
        type=row.type,
        summary=row.summary,
        date=date,
        participants=[
            ParticipantOut(entity_id=p.entity_id, name=p.name, role=p.role)
            for p in row.participants
        ],
        article_id=row.article_id,
        citations=[citation_out(c) for c in row.citations],
        confidence=row.confidence,
        provenance=_provenance(row),
    )


def commitment_out(row: Commitment) -> CommitmentOut:
    has_actor = row.actor_name is not None or row.actor_entity_id is not None
    has_share = row.gdp_from is not None or row.gdp_to is not None
    return CommitmentOut(
        id=row.id,
        actor=ActorOut(entity_id=row.actor_entity_id, name=row.actor_name) if has_actor else None,
        metric=row.metric,
        amount=(
            AmountOut(value=float(row.amount_value), currency=row.amount_currency)
            if row.amount_value is not None and row.amount_currency is not None
            else None
        ),
        share_of_gdp=(
            ShareOfGdpOut.model_validate(
                {
                    "from": None if row.gdp_from is None else float(row.gdp_from),
                    "to": None if row.gdp_to is None else float(row.gdp_to),
                }
            )
            if has_share
            else None
        ),
        target_year=row.target_year,
        period=row.period,
        status=row.status,
        article_id=row.article_id,
        citations=[citation_out(c) for c in row.citations],
        confidence=row.confidence,
        provenance=_provenance(row),
    )
