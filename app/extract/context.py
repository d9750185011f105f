"""What the rule stages share about one parsed article: `ArticleContext`.

One object per article replaces the parallel sequences (parsed documents, their
texts, sentences and paragraph indexes, the publication time) that stages used to
take positionally; `ArticleEntities` is the entity stage's answer that later
stages read through it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from spacy.tokens import Doc, Span

from .spans import sentences as parsed_sentences
from .types import EntityFact, EntityType


class ArticleEntities:
    """The entities of one article and which tokens mention them."""

    def __init__(self, facts: list[EntityFact], by_token: list[dict[int, EntityFact]]) -> None:
        self.facts = facts
        self._by_token = by_token
        self._persons: list[tuple[int, int, EntityFact]] = sorted(
            (pos, i, fact)
            for pos, tokens in enumerate(by_token)
            for i, fact in tokens.items()
            if fact.type == "person"
        )

    def at(self, doc_pos: int, token_i: int) -> EntityFact | None:
        """The entity whose mention covers token `token_i` of document `doc_pos`."""
        return self._by_token[doc_pos].get(token_i)

    def token_indexes(self, doc_pos: int) -> frozenset[int]:
        """Indexes of the tokens of document `doc_pos` that mention any entity."""
        return frozenset(self._by_token[doc_pos])

    def person_tokens(self, doc_pos: int) -> frozenset[int]:
        """Indexes of the tokens of document `doc_pos` that mention a person."""
        return frozenset(i for i, f in self._by_token[doc_pos].items() if f.type == "person")

    def by_name(self, name: str) -> EntityFact | None:
        return next((f for f in self.facts if f.name == name), None)

    def most_mentioned(self, etype: EntityType) -> EntityFact | None:
        candidates = [f for f in self.facts if f.type == etype]
        return max(candidates, key=lambda f: len(f.mentions)) if candidates else None

    def last_person_before(self, doc_pos: int, token_i: int) -> EntityFact | None:
        """The most recently mentioned person before a token: the referent of "he"/"she"."""
        best: EntityFact | None = None
        for pos, i, fact in self._persons:
            if (pos, i) >= (doc_pos, token_i):
                break
            best = fact
        return best


@dataclass(slots=True)
class ArticleContext:
    """One article's parsed paragraphs and everything stages derive from them.

    `docs[i]` is the parse of `texts[i]`, the paragraph the caller numbered
    `indexes[i]`; `sentences[i]` are its sentences.  `entities` is filled by the
    entity stage, before the stages that read it.
    """

    docs: Sequence[Doc]
    texts: Sequence[str]
    indexes: Sequence[int]
    sentences: Sequence[Sequence[Span]]
    published_at: datetime | None = None
    title: str | None = None
    headings: frozenset[int] = frozenset()  # positions in `docs` of known headings
    entities: ArticleEntities = field(default_factory=lambda: ArticleEntities([], []))

    @classmethod
    def build(
        cls,
        docs: Sequence[Doc],
        texts: Sequence[str],
        indexes: Sequence[int],
        published_at: datetime | None = None,
        title: str | None = None,
        headings: frozenset[int] = frozenset(),
    ) -> ArticleContext:
        return cls(
            docs=docs,
            texts=texts,
            indexes=indexes,
            sentences=[parsed_sentences(d) for d in docs],
            published_at=published_at,
            title=title,
            headings=headings,
            entities=ArticleEntities([], [{} for _ in docs]),
        )
