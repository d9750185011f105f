"""The built-in extractor: spaCy parse, then cheap rule stages over the parse."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from spacy.tokens import Doc

from .commitments import extract_commitments
from .context import ArticleContext
from .entities import resolve_entities
from .events import extract_events
from .gazetteer import get_gazetteer
from .nlp import load_nlp, parse
from .pledge_events import pledge_events
from .types import Facts

EXTRACTOR_NAME = "factstore-rules"
EXTRACTOR_VERSION = "2.4.0"


@dataclass(frozen=True)
class Document:
    """One article's unique body paragraphs, as the caller numbered them."""

    paragraphs: Sequence[tuple[int, str]]
    published_at: datetime | None = None
    title: str | None = None  # context only: never cited
    # Numbers of the paragraphs the caller knows are headings (a Markdown heading or a
    # bold line inside the body); lines in headline style are found without it.
    headings: frozenset[int] = frozenset()


class Extractor:
    """Entities, events and spending commitments from news paragraphs."""

    name: str = EXTRACTOR_NAME
    version: str = EXTRACTOR_VERSION

    def __init__(self, model: str = "en_core_web_sm", batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self.nlp = load_nlp(model)
        self.gazetteer = get_gazetteer()

    def extract(self, doc: Document) -> Facts:
        return self.extract_many([doc])[0]

    def extract_many(self, docs: Sequence[Document]) -> list[Facts]:
        """Extract from many articles, parsing all their paragraphs in one batched pipe."""
        texts = [text for d in docs for _, text in d.paragraphs]
        parsed = parse(self.nlp, texts, self.batch_size)
        results: list[Facts] = []
        for d in docs:
            article_docs = [next(parsed) for _ in d.paragraphs]
            results.append(self.facts_from_parsed(d, article_docs))
        return results

    def facts_from_parsed(self, doc: Document, parsed: Sequence[Doc]) -> Facts:
        """Run the rule stages on `doc`'s paragraphs already parsed by `self.nlp`."""
        ctx = ArticleContext.build(
            parsed,
            [text for _, text in doc.paragraphs],
            [index for index, _ in doc.paragraphs],
            doc.published_at,
            doc.title,
            frozenset(pos for pos, (i, _) in enumerate(doc.paragraphs) if i in doc.headings),
        )
        entities = resolve_entities(ctx, self.gazetteer)
        commitments = extract_commitments(ctx)
        return Facts(
            entities=entities.facts,
            events=pledge_events(ctx, extract_events(ctx), commitments),
            commitments=commitments,
        )


@lru_cache(maxsize=4)
def get_extractor(model: str = "en_core_web_sm") -> Extractor:
    """The process-wide extractor for `model`; the model is loaded once."""
    return Extractor(model)
