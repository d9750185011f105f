"""Events as clients send them and as the API returns them."""

from __future__ import annotations

import re
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_validator

from app.core.types import CLEAN, ShortText
from app.core.vocabulary import DatePrecision, EntityType
from app.entities.schemas import EntityName
from app.extract.types import EVENT_TYPES_DOC
from app.facts.schemas import CITATION_EXAMPLE, CitationOut, CiteIn, Provenance

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_PRECISION: dict[int, DatePrecision] = {4: "year", 7: "month", 10: "day"}


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: EntityName
    type: EntityType | None = None
    role: Annotated[str, Field(min_length=1, max_length=50), CLEAN]


class DateIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    value: str = Field(examples=["2025-06-24"], description="YYYY, YYYY-MM or YYYY-MM-DD.")
    precision: DatePrecision | None = Field(
        default=None, description="Implied by `value` when omitted."
    )

    @model_validator(mode="after")
    def _consistent(self) -> DateIn:
        if not _DATE.match(self.value):
            raise ValueError("date value must be YYYY, YYYY-MM or YYYY-MM-DD")
        implied = _PRECISION[len(self.value)]
        if self.precision not in (None, implied):
            raise ValueError(f"precision must be '{implied}' for value {self.value!r}")
        self.precision = implied
        return self


class EventIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: Annotated[
        str,
        Field(pattern=r"^[a-z][a-z_]{0,39}$", examples=["meeting"], description=EVENT_TYPES_DOC),
    ]
    summary: ShortText
    date: DateIn | None = None
    participants: list[ParticipantIn] = Field(default_factory=list, max_length=100)
    citations: list[CiteIn] = Field(min_length=1, max_length=100)
    confidence: float = Field(default=1.0, ge=0, le=1)


class ParticipantOut(BaseModel):
    entity_id: int | None = Field(
        description="Null when the participant is described, not named (its text is `name`)."
    )
    name: str
    role: str


class DateOut(BaseModel):
    value: str = Field(examples=["2025-06-24"], description="YYYY, YYYY-MM or YYYY-MM-DD.")
    precision: DatePrecision


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
                    "citations": [CITATION_EXAMPLE],
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
