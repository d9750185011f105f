"""The built-in fact extractor (spaCy parse + rule stages).

from app.extract import Document, get_extractor
facts = get_extractor().extract(Document(paragraphs=[(0, "...")]))
"""

from typing import TYPE_CHECKING, Any

from .types import (
    CommitmentFact,
    EntityFact,
    EventFact,
    FactDate,
    Facts,
    ParticipantFact,
    Span,
)

if TYPE_CHECKING:
    from .pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, Document, Extractor, get_extractor

# The pipeline loads spaCy; the value types above do not.  It is imported when one of
# its names is first asked for, so what speaks only the types (the schemas, and the
# Python client that imports them) does not load spaCy.
_PIPELINE = frozenset(
    {"EXTRACTOR_NAME", "EXTRACTOR_VERSION", "Document", "Extractor", "get_extractor"}
)


def __getattr__(name: str) -> Any:
    if name in _PIPELINE:
        from . import pipeline

        return getattr(pipeline, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "EXTRACTOR_NAME",
    "EXTRACTOR_VERSION",
    "CommitmentFact",
    "Document",
    "EntityFact",
    "EventFact",
    "Extractor",
    "FactDate",
    "Facts",
    "ParticipantFact",
    "Span",
    "get_extractor",
]
