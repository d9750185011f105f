"""Stored articles and paragraphs in their public shapes."""

from __future__ import annotations

from app.articles.schemas import ArticleDetail, ParagraphOut
from app.models import Article, Paragraph


def paragraph_out(row: Paragraph) -> ParagraphOut:
    return ParagraphOut(
        id=row.id,
        article_id=row.article_id,
        index=row.index,
        text=row.text,
        kind=row.kind,
        duplicate_of=row.duplicate_of_id,
    )


def _article_fields(row: Article) -> dict[str, object]:
    return {
        "id": row.id,
        "url": row.url,
        "title": row.title,
        "standfirst": row.standfirst,
        "source": row.source,
        "language": row.language,
        "published_at": row.published_at,
        "revision": row.revision,
        "paragraph_count": row.paragraph_count,
        "created_at": row.created_at,
        "updated_at": row.updated_at,
    }


def article_detail(row: Article) -> ArticleDetail:
    return ArticleDetail.model_validate(
        {**_article_fields(row), "paragraphs": [paragraph_out(p) for p in row.paragraphs]}
    )
