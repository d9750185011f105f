"""Run the built-in extractor off the event loop (it is CPU-bound)."""

from __future__ import annotations

import anyio.to_thread

from app.articles.parsing import ParsedArticle
from app.extract import Document, Extractor, get_extractor
from app.extract.types import Facts
from app.facts.store import Provenance


def document_of(parsed: ParsedArticle) -> Document:
    """Unique body paragraphs only: repeated ones would yield duplicate facts."""
    return Document(
        paragraphs=[(i, p.text) for i, p in enumerate(parsed.paragraphs) if p.duplicate_of is None],
        published_at=parsed.published_at,
        title=parsed.title,
    )


def provenance_of(extractor: Extractor) -> Provenance:
    return Provenance("extractor", extractor.name, extractor.version)


async def extract_facts(parsed: ParsedArticle, model: str) -> tuple[Facts, Provenance]:
    extractor = await anyio.to_thread.run_sync(get_extractor, model)
    facts = await anyio.to_thread.run_sync(extractor.extract, document_of(parsed))
    return facts, provenance_of(extractor)
