"""Mentions as response models, for the readers that hold ORM rows (annotations,
the explorer); the API's fact reads come as JSON from `documents`."""

from __future__ import annotations

from app.facts.schemas import MentionOut
from app.models import Citation, Mention


def _citation_fields(row: Citation | Mention) -> dict[str, object]:
    return {
        "article_id": row.article_id,
        "paragraph_id": row.paragraph_id,
        "paragraph_index": row.paragraph_index,
        "start": row.start,
        "end": row.end,
        "quote": row.quote,
        "prefix": row.prefix,
        "suffix": row.suffix,
    }


def mention_out(row: Mention) -> MentionOut:
    return MentionOut.model_validate(
        {**_citation_fields(row), "id": row.id, "entity_id": row.entity_id}
    )
