"""Client-supplied facts (`FactsIn`) converted to extraction types, with every quote
located in its paragraph."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from app.articles.schemas import FactsIn
from app.core.errors import QuoteNotFound
from app.events.schemas import DateIn
from app.extract.types import (
    CommitmentFact,
    EntityFact,
    EventFact,
    FactDate,
    Facts,
    ParticipantFact,
    Span,
)
from app.facts.schemas import CiteIn
from app.text.quotes import locate_quote


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
