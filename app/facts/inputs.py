"""Client-supplied facts: request models, and their conversion to extraction types
with every quote located in its paragraph."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from app.articles.quotes import locate_quote
from app.core.errors import QuoteNotFound
from app.core.types import CleanStr, Name, ShortText
from app.core.vocabulary import CommitmentStatus, DatePrecision, EntityType
from app.entities.names import normalise_name
from app.extract.types import (
    EVENT_TYPES_DOC,
    CommitmentFact,
    EntityFact,
    EventFact,
    FactDate,
    Facts,
    ParticipantFact,
    Span,
)


def _nameable(value: str) -> str:
    """Entities meet under their normalised name: one that normalises to nothing
    (`!!!`, an emoji) could name no entity."""
    if not normalise_name(value):
        raise ValueError("a name needs at least one letter or digit")
    return value


EntityName = Annotated[Name, AfterValidator(_nameable)]

_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
_PRECISION: dict[int, DatePrecision] = {4: "year", 7: "month", 10: "day"}


class CiteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paragraph_index: int = Field(ge=0, le=100_000)
    quote: Annotated[CleanStr, Field(min_length=1, max_length=5000)]


class EntityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: EntityName
    type: EntityType
    aliases: list[EntityName] = Field(default_factory=list, max_length=50)
    mentions: list[CiteIn] = Field(min_length=1, max_length=1000)


class ParticipantIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: EntityName
    type: EntityType | None = None
    role: Annotated[CleanStr, Field(min_length=1, max_length=50)]


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
    metric: Annotated[CleanStr, Field(min_length=1, max_length=300)]
    amount: AmountIn | None = None
    share_of_gdp: ShareOfGdpIn | None = None
    target_year: int | None = Field(default=None, ge=1800, le=2500)
    period: Annotated[CleanStr, Field(max_length=100)] | None = None
    status: CommitmentStatus | None = None
    citations: list[CiteIn] = Field(min_length=1, max_length=100)
    confidence: float = Field(default=1.0, ge=0, le=1)


class FactsIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    entities: list[EntityIn] = Field(default_factory=list, max_length=5000)
    events: list[EventIn] = Field(default_factory=list, max_length=5000)
    commitments: list[CommitmentIn] = Field(default_factory=list, max_length=5000)


def _fact_date(value: DateIn | None) -> FactDate | None:
    if value is None or value.precision is None:
        return None
    return FactDate(value.value, value.precision)


class _Locator:
    """Locates quotes and collects every failure, so one 422 names them all."""

    def __init__(self, paragraphs: Sequence[str], duplicate_of: Sequence[int | None]) -> None:
        self.paragraphs = paragraphs
        self.duplicate_of = duplicate_of
        self.errors: list[dict[str, Any]] = []

    def span(self, cite: CiteIn, loc: list[str | int]) -> Span:
        index = cite.paragraph_index
        if index >= len(self.paragraphs):
            self.errors.append(
                {
                    "loc": [*loc, "paragraph_index"],
                    "msg": f"the article has no paragraph {index}",
                    "type": "paragraph_not_found",
                }
            )
            return Span(0, 0, 0)
        # Facts cite the first occurrence of a repeated paragraph.
        original = self.duplicate_of[index]
        target = index if original is None else original
        found = locate_quote(self.paragraphs[target], cite.quote)
        if found is None:
            self.errors.append(
                {
                    "loc": [*loc, "quote"],
                    "msg": f"quote {cite.quote!r} not found in paragraph {index}",
                    "type": "quote_not_found",
                }
            )
            return Span(0, 0, 0)
        return Span(target, *found)

    def spans(self, cites: Sequence[CiteIn], loc: list[str | int]) -> list[Span]:
        return [self.span(c, [*loc, i]) for i, c in enumerate(cites)]


def to_facts(
    facts: FactsIn, paragraphs: Sequence[str], duplicate_of: Sequence[int | None]
) -> Facts:
    """Client facts as extraction types; raises `QuoteNotFound` naming every bad quote."""
    locate = _Locator(paragraphs, duplicate_of)
    base: list[str | int] = ["body", "facts"]
    result = Facts(
        entities=[
            EntityFact(
                name=e.name,
                type=e.type,
                aliases=list(e.aliases),
                mentions=locate.spans(e.mentions, [*base, "entities", i, "mentions"]),
            )
            for i, e in enumerate(facts.entities)
        ],
        events=[
            EventFact(
                type=e.type,
                summary=e.summary,
                date=_fact_date(e.date),
                participants=[ParticipantFact(p.name, p.role, p.type) for p in e.participants],
                citations=locate.spans(e.citations, [*base, "events", i, "citations"]),
                confidence=e.confidence,
            )
            for i, e in enumerate(facts.events)
        ],
        commitments=[
            CommitmentFact(
                actor_name=c.actor.name if c.actor else None,
                actor_type=c.actor.type if c.actor else None,
                metric=c.metric,
                amount_value=c.amount.value if c.amount else None,
                amount_currency=c.amount.currency if c.amount else None,
                gdp_from=c.share_of_gdp.from_ if c.share_of_gdp else None,
                gdp_to=c.share_of_gdp.to if c.share_of_gdp else None,
                target_year=c.target_year,
                period=c.period,
                status=c.status,
                citations=locate.spans(c.citations, [*base, "commitments", i, "citations"]),
                confidence=c.confidence,
            )
            for i, c in enumerate(facts.commitments)
        ],
    )
    if locate.errors:
        names = "; ".join(e["msg"] for e in locate.errors[:10])
        raise QuoteNotFound(f"some cited quotes were not found: {names}", errors=locate.errors)
    return result
