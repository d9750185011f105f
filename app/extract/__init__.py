"""The built-in fact extractor (spaCy parse + rule stages).

from app.extract import Document, get_extractor
facts = get_extractor().extract(Document(paragraphs=[(0, "...")]))
"""

from .pipeline import EXTRACTOR_NAME, EXTRACTOR_VERSION, Document, Extractor, get_extractor
from .types import (
    CommitmentFact,
    EntityFact,
    EventFact,
    FactDate,
    Facts,
    ParticipantFact,
    Span,
)

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
