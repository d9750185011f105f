"""Citation rows: every fact's spans turned into exact quotes of stored paragraphs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from app.extract.types import Span

CONTEXT_CHARS = 32


@dataclass(frozen=True, slots=True)
class StoredParagraph:
    id: int
    index: int
    text: str


def span_columns(paragraph: StoredParagraph, span: Span) -> dict[str, Any]:
    """Citation columns for a span; `quote == paragraph.text[start:end]` by construction."""
    body = paragraph.text
    return {
        "paragraph_id": paragraph.id,
        "paragraph_index": paragraph.index,
        "start": span.start,
        "end": span.end,
        "quote": body[span.start : span.end],
        "prefix": body[max(0, span.start - CONTEXT_CHARS) : span.start],
        "suffix": body[span.end : span.end + CONTEXT_CHARS],
    }


def citation_rows(
    article_id: int,
    by_index: dict[int, StoredParagraph],
    spans: Sequence[Span],
    **owner: int,
) -> list[dict[str, Any]]:
    return [
        {
            "article_id": article_id,
            "position": position,
            **owner,
            **span_columns(by_index[s.paragraph_index], s),
        }
        for position, s in enumerate(spans)
    ]
