"""Spending commitments as clients send them and as the API returns them."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from app.core.types import CLEAN
from app.core.vocabulary import CommitmentStatus, EntityType
from app.entities.schemas import EntityName
from app.facts.schemas import CITATION_EXAMPLE, CitationOut, CiteIn, Provenance


class ActorIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: EntityName
    type: EntityType | None = None


class AmountIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: Decimal = Field(ge=0, le=Decimal("1e18"), max_digits=30, decimal_places=6)
    currency: str = Field(pattern=r"^[A-Z]{3}$", examples=["USD"])


class ShareOfGdpIn(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    from_: Decimal | None = Field(default=None, alias="from", ge=0, le=1000, decimal_places=4)
    to: Decimal | None = Field(default=None, ge=0, le=1000, decimal_places=4)


class CommitmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    actor: ActorIn | None = None
    metric: Annotated[str, Field(min_length=1, max_length=300), CLEAN]
    amount: AmountIn | None = None
    share_of_gdp: ShareOfGdpIn | None = None
    target_year: int | None = Field(default=None, ge=1800, le=2500)
    period: Annotated[str, Field(max_length=100), CLEAN] | None = None
    status: CommitmentStatus | None = None
    citations: list[CiteIn] = Field(min_length=1, max_length=100)
    confidence: float = Field(default=1.0, ge=0, le=1)


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
                    "citations": [CITATION_EXAMPLE],
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
