"""Response models of facts: citations, entities, events and commitments."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from app.extract.types import EVENT_TYPES_DOC

EntityTypeName = Literal["person", "organization", "location", "group", "other"]


_CITATION_EXAMPLE: JsonDict = {
    "article_id": 7,
    "paragraph_id": 31,
    "paragraph_index": 1,
    "start": 344,
    "end": 423,
    "quote": "increase defense spending from 2% to 5% of GDP by 2035",
    "prefix": "commitments from member states to ",
    "suffix": ", a move that aligns with Trum",
}


class CitationOut(BaseModel):
    """Where a fact is stated: `quote == paragraph.text[start:end]` always holds."""

    model_config = ConfigDict(json_schema_extra={"examples": [_CITATION_EXAMPLE]})

    article_id: int
    paragraph_id: int
    paragraph_index: int
    start: int = Field(description="0-based code-point offset into the paragraph text.")
    end: int = Field(description="Exclusive end offset.")
    quote: str
    prefix: str = Field(description="Up to 32 characters before the quote.")
    suffix: str = Field(description="Up to 32 characters after the quote.")


class Provenance(BaseModel):
    origin: Literal["client", "extractor"] = Field(
        description="Supplied by the client, or found by the built-in extractor."
    )
    extractor: str | None = None
    extractor_version: str | None = None


class EntityOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "name": "North Atlantic Treaty Organization",
                    "type": "organization",
                    "aliases": ["NATO", "Nato"],
                    "mention_count": 42,
                    "article_count": 12,
                }
            ]
        }
    )

    id: int
    name: str
    type: EntityTypeName
    aliases: list[str]
    mention_count: int = Field(description="Mentions in the latest revisions of articles.")
    article_count: int = Field(description="Articles whose latest revision mentions it.")


class MentionOut(CitationOut):
    id: int
    entity_id: int


class ParticipantOut(BaseModel):
    entity_id: int | None = Field(
        description="Null when the participant is described, not named (its text is `name`)."
    )
    name: str
    role: str


class DateOut(BaseModel):
    value: str = Field(examples=["2025-06-24"], description="YYYY, YYYY-MM or YYYY-MM-DD.")
    precision: Literal["year", "month", "day"]


class EventOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 11,
                    "type": "meeting",
                    "summary": "Summit at NATO's headquarters in Brussels",
                    "date": {"value": "2025-06-24", "precision": "day"},
                    "participants": [
                        {"entity_id": 3, "name": "NATO", "role": "participant"},
                        {"entity_id": 8, "name": "Brussels", "role": "location"},
                    ],
                    "article_id": 7,
                    "citations": [_CITATION_EXAMPLE],
                    "confidence": 0.7,
                    "provenance": {
                        "origin": "client",
                        "extractor": None,
                        "extractor_version": None,
                    },
                    "claim_id": 4,
                }
            ]
        }
    )

    id: int
    type: str = Field(examples=["meeting"], description=EVENT_TYPES_DOC)
    summary: str
    date: DateOut | None
    participants: list[ParticipantOut]
    article_id: int
    citations: list[CitationOut]
    confidence: float
    provenance: Provenance
    claim_id: int | None = Field(
        default=None, description="The claim that gathers every report of this fact."
    )


class ActorOut(BaseModel):
    entity_id: int | None
    name: str | None


class AmountOut(BaseModel):
    value: float = Field(description="In units of the currency (not thousands or millions).")
    currency: str = Field(examples=["USD"], description="ISO 4217 code.")


class ShareOfGdpOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True, serialize_by_alias=True)

    from_: float | None = Field(alias="from", description="Percent of GDP before.")
    to: float | None = Field(description="Percent of GDP pledged.")


class CommitmentOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 5,
                    "actor": {"entity_id": 9, "name": "NATO member states"},
                    "metric": "defense spending",
                    "amount": None,
                    "share_of_gdp": {"from": 2.0, "to": 5.0},
                    "target_year": 2035,
                    "period": None,
                    "status": "pledged",
                    "article_id": 7,
                    "citations": [_CITATION_EXAMPLE],
                    "confidence": 0.8,
                    "provenance": {
                        "origin": "extractor",
                        "extractor": "factstore-rules",
                        "extractor_version": "1.0.0",
                    },
                    "claim_id": 2,
                }
            ]
        }
    )

    id: int
    actor: ActorOut | None
    metric: str = Field(examples=["defense spending"])
    amount: AmountOut | None
    share_of_gdp: ShareOfGdpOut | None
    target_year: int | None
    period: str | None
    status: str | None
    article_id: int
    citations: list[CitationOut]
    confidence: float
    provenance: Provenance
    claim_id: int | None = Field(
        default=None, description="The claim that gathers every report of this fact."
    )


class ArticleFacts(BaseModel):
    entities: list[EntityOut]
    events: list[EventOut]
    commitments: list[CommitmentOut]
