"""Shared helpers for the extractor tests: the shared sample and the dev set."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from app.extract import Document, Facts, Span

DEVSET = Path(__file__).parent / "devset"
HOLDOUT = Path(__file__).parent / "holdout"
SAMPLE = Path(__file__).resolve().parents[3] / "shared" / "samples" / "000_345c898cbabe1957.txt"


def sample_paragraphs() -> list[tuple[int, str]]:
    """The sample's body paragraphs as the caller passes them: first copies only.

    Indexes are positions among all body paragraphs (bold headline lines are not
    body), so a repeated block keeps the index of its first occurrence.
    """
    body = [
        line
        for line in SAMPLE.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("**")
    ]
    seen: set[str] = set()
    unique: list[tuple[int, str]] = []
    for index, text in enumerate(body):
        if text not in seen:
            seen.add(text)
            unique.append((index, text))
    return unique


def devset(folder: Path = DEVSET) -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json"))]


def news_paragraphs() -> list[str]:
    """Every paragraph of the dev and hold-out articles, then the sample's."""
    articles = devset() + devset(HOLDOUT)
    texts = [p for a in articles for p in a["paragraphs"]]
    return texts + [text for _, text in sample_paragraphs()]


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
