"""The value types every extraction stage speaks.

Facts here are independent of storage and of the web layer: spans are
paragraph-relative code-point offsets, and names are surface strings that the
store later resolves to entities.  Client-supplied facts are converted into
these same types, so both paths are persisted by one piece of code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal, get_args

from app.core.vocabulary import CommitmentStatus, DatePrecision, EntityType

__all__ = ["CommitmentStatus", "DatePrecision", "EntityType"]  # and the types below
# The event types the built-in extractor emits (its trigger lexicon uses no other);
# client-supplied events may use other lower-case types.
EventType = Literal[
    "meeting",
    "visit",
    "statement",
    "report",
    "request",
    "agreement",
    "military_action",
    "aid",
    "disaster",
    "ruling",
    "suspension",
    "sanction",
    "appointment",
    "election",
    "protest",
    "arrest",
    "death",
    "other",
]
EVENT_TYPES: tuple[str, ...] = get_args(EventType)
EVENT_TYPES_DOC = (
    "The built-in extractor's types: "
    + ", ".join(EVENT_TYPES)
    + ". Client-supplied events may use any lower-case type."
)


@dataclass(frozen=True, slots=True)
class ParagraphSpan:
    """A half-open `[start, end)` range of code points in one paragraph (a citation)."""

    paragraph_index: int
    start: int
    end: int

    def __reduce__(self) -> tuple[Any, ...]:
        # Pickled by value: far cheaper than the generic state of frozen slotted
        # dataclasses, and facts cross a process boundary after every extraction.
        return ParagraphSpan, (self.paragraph_index, self.start, self.end)


# The public name, kept for callers; inside the extractor `ParagraphSpan` avoids a
# clash with spaCy's `Span` and the store's `Citation`.
Span = ParagraphSpan


@dataclass(frozen=True, slots=True)
class FactDate:
    value: str  # "YYYY", "YYYY-MM" or "YYYY-MM-DD"
    precision: DatePrecision

    def __reduce__(self) -> tuple[Any, ...]:
        return FactDate, (self.value, self.precision)


@dataclass(slots=True)
class EntityFact:
    name: str
    type: EntityType
    mentions: list[ParagraphSpan]
    aliases: list[str] = field(default_factory=list)
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class ParticipantFact:
    name: str
    role: str
    type: EntityType | None = None

    def __reduce__(self) -> tuple[Any, ...]:
        return ParticipantFact, (self.name, self.role, self.type)


@dataclass(slots=True)
class EventFact:
    type: str
    summary: str
    citations: list[ParagraphSpan]
    participants: list[ParticipantFact] = field(default_factory=list)
    date: FactDate | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class CommitmentFact:
    actor_name: str | None
    metric: str
    citations: list[ParagraphSpan]
    amount_value: Decimal | None = None
    amount_currency: str | None = None
    gdp_from: Decimal | None = None
    gdp_to: Decimal | None = None
    target_year: int | None = None
    period: str | None = None
    status: CommitmentStatus | None = None
    actor_type: EntityType | None = None
    confidence: float = 1.0


@dataclass(slots=True)
class Facts:
    entities: list[EntityFact] = field(default_factory=list)
    events: list[EventFact] = field(default_factory=list)
    commitments: list[CommitmentFact] = field(default_factory=list)
