"""Main text, title and date of a whole HTML page, by trafilatura."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import trafilatura
from trafilatura.settings import Document

from app.articles.splitting import ParagraphDraft, mark_duplicates
from app.text.cleaning import clean_paragraph


@dataclass(frozen=True, slots=True)
class ExtractedPage:
    title: str | None
    published_at: datetime | None
    language: str | None
    source: str | None
    paragraphs: list[ParagraphDraft]


def extract_page(html: str) -> ExtractedPage:
    document = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, favor_recall=True
    )
    if not isinstance(document, Document) or not document.text:
        return ExtractedPage(None, None, None, None, [])
    title = clean_paragraph(document.title) if document.title else None
    lines = [clean_paragraph(line) for line in document.text.split("\n")]
    lines = [line for line in lines if line]
    if lines and title and lines[0] == title:
        lines = lines[1:]
    published = None
    if document.date:
        try:
            published = datetime.fromisoformat(document.date).replace(tzinfo=UTC)
        except ValueError:
            published = None
    return ExtractedPage(
        title=title,
        published_at=published,
        language=document.language,
        source=document.sitename,
        paragraphs=mark_duplicates([ParagraphDraft(line) for line in lines]),
    )
