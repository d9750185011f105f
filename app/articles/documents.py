"""Articles and paragraphs rendered as JSON, from their response models
(`app.core.documents`): by PostgreSQL for reads, one statement each, rows sent to
the client as they are; in Python for search hits' paragraphs.

An article's own `ArticleOut` is stored with it (`Article.document`, kept by the
trigger function `articles_document()`), so lists and search hits select it instead
of building it.  The function's body is rendered here from the same model
(`article_document_trigger_body`); a migration holds it as text, so migrations stay
reproducible, and a test fails, printing the body to install, when the model and
the installed function part.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement, column, table
from sqlalchemy.dialects import postgresql

from app.articles.schemas import ArticleDetail, ArticleOut, ParagraphOut
from app.commitments.documents import commitment_document
from app.core.documents import (
    JsonTemplate,
    as_text,
    json_list,
    json_object,
    json_string,
    model_document,
)
from app.entities.documents import entity_document
from app.events.documents import event_document
from app.models import Article, Commitment, Entity, Event, Paragraph

# The column `ParagraphOut.duplicate_of` comes from.
_PARAGRAPH_COLUMNS = {"duplicate_of": Paragraph.duplicate_of_id}


@cache
def paragraph_document() -> ColumnElement[Any]:
    """`ParagraphOut` of the `paragraphs` row in scope."""
    return model_document(ParagraphOut, Paragraph, **_PARAGRAPH_COLUMNS)


_PARAGRAPH_JSON = JsonTemplate(ParagraphOut)


def unique_paragraph_json(id_: int, article_id: int, index: int, text: str, kind: str) -> str:
    """`ParagraphOut` of a paragraph that is no duplicate, made in Python from its
    columns: what `paragraph_document` renders, for search hits, whose paragraphs'
    columns come from the scan that found them."""
    return _PARAGRAPH_JSON.render(
        id=id_,
        article_id=article_id,
        index=index,
        text=json_string(text),
        kind=json_string(kind),
        duplicate_of="null",
    )


@cache
def article_detail_document() -> ColumnElement[Any]:
    """`ArticleDetail`: the article and the paragraphs of its latest revision."""
    paragraphs = json_list(
        paragraph_document(),
        Paragraph.index,
        where=(Paragraph.article_id == Article.id) & Paragraph.is_current,
    )
    return model_document(ArticleDetail, Article, paragraphs=paragraphs)


def facts_document(
    *, entities: ColumnElement[bool], events: ColumnElement[bool], commitments: ColumnElement[bool]
) -> ColumnElement[Any]:
    """`ArticleFacts`: the entities, events and commitments that match, each by id."""
    return json_object(
        entities=json_list(entity_document(), Entity.id, where=entities),
        events=json_list(event_document(), Event.id, where=events),
        commitments=json_list(commitment_document(), Commitment.id, where=commitments),
    )


def article_document_trigger_body() -> str:
    """The body of the trigger function `articles_document()`: `ArticleOut` of the row
    being written (`NEW`), as the reads render it, into `NEW.document`."""
    new = table("new", *(column(c.name, c.type) for c in Article.__table__.c))
    document = as_text(model_document(ArticleOut, new))
    rendered = document.compile(
        dialect=postgresql.dialect(),  # type: ignore[no-untyped-call]
        compile_kwargs={"literal_binds": True},
    )
    return f"BEGIN NEW.document := {rendered}; RETURN NEW; END"
