"""Articles and paragraphs rendered as JSON by Postgres, as `facts.documents` does
for facts: one statement per read, rows sent to the client as they are.

Timestamps are written the way the response models write them (ISO 8601 in UTC
with `Z`, microseconds only when there are some); tests compare every document
with its response model.  An article's own `ArticleOut` is stored with it
(`Article.document`, kept by a trigger: see its migration), so lists and search
hits select it instead of building it.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, case, func, null

from app.commitments.documents import commitment_document
from app.entities.documents import entity_document
from app.events.documents import event_document
from app.facts.documents import constant, json_list, json_object
from app.models import Article, Commitment, Entity, Event, Paragraph

_SECONDS = constant('YYYY-MM-DD"T"HH24:MI:SS"Z"')
_MICROSECONDS = constant('YYYY-MM-DD"T"HH24:MI:SS.US"Z"')


def timestamp(column: Any) -> ColumnElement[Any]:
    """A `timestamptz` as pydantic serialises an aware datetime, or null."""
    utc = func.timezone(constant("UTC"), column)
    return case(
        (column.is_(None), null()),
        (func.date_trunc(constant("second"), column) == column, func.to_char(utc, _SECONDS)),
        else_=func.to_char(utc, _MICROSECONDS),
    )


@cache
def paragraph_document() -> ColumnElement[Any]:
    """`ParagraphOut` of the `paragraphs` row in scope (`unique_paragraph_json` makes
    the same in Python; tests hold both to the model)."""
    return json_object(
        id=Paragraph.id,
        article_id=Paragraph.article_id,
        index=Paragraph.index,
        text=Paragraph.text,
        kind=Paragraph.kind,
        duplicate_of=Paragraph.duplicate_of_id,
    )


# A string as JSON, with one encoder for every call (`json.dumps` with options
# builds an encoder each time, twice the cost).
json_string = json.JSONEncoder(ensure_ascii=False).encode


def unique_paragraph_json(id_: int, article_id: int, index: int, text: str, kind: str) -> str:
    """`ParagraphOut` of a paragraph that is no duplicate, made in Python from its
    columns: what `paragraph_document` renders, for search hits, whose paragraphs'
    columns come from the scan that found them."""
    return (
        f'{{"id":{id_},"article_id":{article_id},"index":{index},'
        f'"text":{json_string(text)},"kind":{json_string(kind)},"duplicate_of":null}}'
    )


def _article_fields() -> dict[str, Any]:
    return {
        "id": Article.id,
        "url": Article.url,
        "title": Article.title,
        "standfirst": Article.standfirst,
        "source": Article.source,
        "language": Article.language,
        "published_at": timestamp(Article.published_at),
        "revision": Article.revision,
        "paragraph_count": Article.paragraph_count,
        "created_at": timestamp(Article.created_at),
        "updated_at": timestamp(Article.updated_at),
    }


@cache
def article_detail_document() -> ColumnElement[Any]:
    """`ArticleDetail`: the article and the paragraphs of its latest revision."""
    paragraphs = json_list(
        paragraph_document(),
        Paragraph.index,
        where=(Paragraph.article_id == Article.id) & Paragraph.is_current,
    )
    return json_object(**_article_fields(), paragraphs=paragraphs)


def facts_document(
    *, entities: ColumnElement[bool], events: ColumnElement[bool], commitments: ColumnElement[bool]
) -> ColumnElement[Any]:
    """`ArticleFacts`: the entities, events and commitments that match, each by id."""
    return json_object(
        entities=json_list(entity_document(), Entity.id, where=entities),
        events=json_list(event_document(), Event.id, where=events),
        commitments=json_list(commitment_document(), Commitment.id, where=commitments),
    )
