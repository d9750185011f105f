"""Helpers for the extractor tests: the project's own fixture articles and the dev set."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from app.articles.splitting import split_text
from app.extract import Document, EntityFact, Facts, Span, get_extractor

DEVSET = Path(__file__).parent / "devset"
HOLDOUT = Path(__file__).parent / "holdout"
DATA = Path(__file__).resolve().parents[1] / "data"
# Written for these tests: a scraped-looking summit report (a bold lead block with the
# headline twice, body paragraphs repeated) and a short report with Markdown headings.
SUMMIT = DATA / "alliance_summit.md"
REVIEW = DATA / "defence_review.md"
FIXTURES = (SUMMIT, REVIEW)


def fixture_document(path: Path, published_at: datetime | None = None) -> Document:
    """The article's body as the API hands it to the extractor: split as a posted
    `text` is, first copies of repeated paragraphs only, each at its body index."""
    split = split_text(path.read_text(encoding="utf-8"))
    return Document(
        paragraphs=[(i, p.text) for i, p in enumerate(split.paragraphs) if p.duplicate_of is None],
        published_at=published_at,
        title=split.title,
    )


def devset(folder: Path = DEVSET) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def news_paragraphs() -> list[str]:
    """Every paragraph of the dev and hold-out articles, then the fixture articles'."""
    articles = devset() + devset(HOLDOUT)
    texts = [p for a in articles for p in a["paragraphs"]]
    return texts + [text for path in FIXTURES for _, text in fixture_document(path).paragraphs]


def devset_document(article: dict[str, Any]) -> Document:
    return Document(
        paragraphs=list(enumerate(article["paragraphs"])),
        published_at=datetime.fromisoformat(article["published_at"]),
        title=article.get("title"),
    )


def quote(doc: Document, span: Span) -> str:
    text = dict(doc.paragraphs)[span.paragraph_index]
    return text[span.start : span.end]


def all_spans(facts: Facts) -> list[Span]:
    spans = [s for e in facts.entities for s in e.mentions]
    spans += [s for e in facts.events for s in e.citations]
    spans += [s for c in facts.commitments for s in c.citations]
    return spans


def extract_checked(doc: Document) -> Facts:
    """The extractor's facts for `doc`, once every citation is checked to quote text of
    its paragraph with no space at either end."""
    facts = get_extractor().extract(doc)
    for span in all_spans(facts):
        text = quote(doc, span)
        assert text and text == text.strip(), f"{span} quotes {text!r}"
    return facts


def facts_of(*paragraphs: str, published_at: datetime | None = None) -> Facts:
    """`extract_checked` on a made-up article of these paragraphs."""
    return extract_checked(
        Document(paragraphs=list(enumerate(paragraphs)), published_at=published_at)
    )


def find_entity(facts: Facts, form: str) -> EntityFact | None:
    """The entity named `form` or having it as an alias."""
    return next((e for e in facts.entities if form in {e.name, *e.aliases}), None)
