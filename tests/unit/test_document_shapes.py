"""Every response shape has one source, its pydantic model: the JSON rendered in SQL
and assembled in Python has the model's keys, in its order, nested models included;
a field added to a model appears in the rendering, or the rendering refuses to build.

No database here: the SQL expressions are read as they are built.
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any, Union, get_args, get_origin

import pytest
from pydantic import BaseModel
from sqlalchemy import ClauseElement
from sqlalchemy.dialects import postgresql
from sqlalchemy.sql.functions import Function

from app.articles.documents import (
    article_detail_document,
    article_document_trigger_body,
    facts_document,
    paragraph_document,
    unique_paragraph_json,
)
from app.articles.schemas import ArticleDetail, ArticleFacts, ArticleOut, ParagraphOut
from app.commitments.documents import commitment_document
from app.commitments.schemas import CommitmentOut
from app.core.documents import JsonTemplate, field_keys, model_document
from app.core.pagination import JsonPage, Page
from app.entities.documents import entity_document, mention_document
from app.entities.schemas import EntityOut, MentionOut
from app.events.documents import event_document
from app.events.schemas import EventOut
from app.models import Article
from app.search.schemas import SearchHit


def _objects(element: ClauseElement) -> Iterator[Function[Any]]:
    """The outermost `json_build_object` calls in `element`."""
    if isinstance(element, Function) and element.name == "json_build_object":
        yield element
        return
    for child in element.get_children():
        yield from _objects(child)


def _object(element: ClauseElement) -> Function[Any]:
    found = list(_objects(element))
    assert len(found) == 1, f"expected one JSON object in {element}, found {len(found)}"
    return found[0]


def _keys_and_values(obj: Function[Any]) -> list[tuple[str, ClauseElement]]:
    args = list(obj.clauses.clauses)
    keys = [str(key.compile(dialect=postgresql.dialect())) for key in args[::2]]
    assert all(k.startswith("'") and k.endswith("'") for k in keys), keys
    return [(k[1:-1], v) for k, v in zip(keys, args[1::2], strict=True)]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model a field holds, alone, optional or in a list."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType, list):
        for arg in get_args(annotation):
            found = _nested_model(arg)
            if found is not None:
                return found
    return None


def assert_shape(element: ClauseElement, model: type[BaseModel]) -> None:
    """The JSON object `element` builds has `model`'s keys in its order, and each
    nested object the nested model's."""
    rendered = _keys_and_values(_object(element))
    keys = field_keys(model)
    assert [k for k, _ in rendered] == list(keys.values()), model.__name__
    for (_, value), name in zip(rendered, keys, strict=True):
        nested = _nested_model(model.model_fields[name].annotation)
        if nested is not None:
            assert_shape(value, nested)


SQL_SHAPES: list[tuple[Callable[[], ClauseElement], type[BaseModel]]] = [
    (paragraph_document, ParagraphOut),
    (article_detail_document, ArticleDetail),
    (entity_document, EntityOut),
    (mention_document, MentionOut),
    (event_document, EventOut),
    (commitment_document, CommitmentOut),
    (
        lambda: facts_document(entities=Article.id > 0, events=True, commitments=True),
        ArticleFacts,
    ),
]


@pytest.mark.parametrize(("build", "model"), SQL_SHAPES, ids=lambda v: getattr(v, "__name__", ""))
def test_every_sql_document_has_its_models_keys(
    build: Callable[[], ClauseElement], model: type[BaseModel]
) -> None:
    assert_shape(build(), model)


def test_the_stored_article_document_has_the_models_keys() -> None:
    """The trigger's body renders `ArticleOut`: its keys in order, `NEW`'s columns."""
    body = article_document_trigger_body()
    assert body.startswith("BEGIN NEW.document := ") and body.endswith("; RETURN NEW; END")
    keys = [f"'{key}', " for key in field_keys(ArticleOut).values()]
    positions = [body.index(key) for key in keys]
    assert positions == sorted(positions)
    assert "'paragraphs'" not in body and "articles." not in body


class _WithWordCount(ArticleOut):
    word_count: int


class _WithDatedAt(ArticleOut):
    dated_at: datetime


def test_a_field_without_column_or_expression_refuses_to_build() -> None:
    with pytest.raises(LookupError, match=r"_WithWordCount\.word_count has no column"):
        model_document(_WithWordCount, Article)
    with pytest.raises(TypeError, match="has no field wordcount"):
        model_document(ArticleOut, Article, wordcount=Article.paragraph_count)


def test_a_field_added_with_its_column_appears_in_the_sql_and_the_trigger() -> None:
    """A field named as its column needs no SQL written: reads and the stored
    document's trigger render it, a datetime as the others are."""
    document = model_document(_WithDatedAt, Article)
    assert [k for k, _ in _keys_and_values(_object(document))][-1] == "dated_at"
    sql = str(document.compile(dialect=postgresql.dialect()))
    assert sql.count("to_char(timezone(") == 2 * 4  # published, created, updated, dated
    with_expression = model_document(_WithWordCount, Article, word_count=Article.paragraph_count)
    assert [k for k, _ in _keys_and_values(_object(with_expression))][-1] == "word_count"


def test_python_assembled_documents_follow_their_models() -> None:
    paragraph = unique_paragraph_json(7, 3, 0, 'A "quoted" naïve line', "body")
    assert list(json.loads(paragraph)) == list(field_keys(ParagraphOut).values())
    assert ParagraphOut.model_validate_json(paragraph).text == 'A "quoted" naïve line'

    page = JsonPage(['{"a":1}', '{"a":2}'], None).body
    assert list(json.loads(page)) == list(field_keys(Page).values())
    assert json.loads(page)["items"] == [{"a": 1}, {"a": 2}]

    hit = JsonTemplate(SearchHit)
    with pytest.raises(TypeError, match="missing 1 required keyword-only argument: 'snippet'"):
        hit.render(score=1.0, paragraph=paragraph, article="{}")


def test_a_field_added_to_a_python_assembled_model_fails_every_render_without_it() -> None:
    class _Tagged(ParagraphOut):
        tag: str

    template = JsonTemplate(_Tagged)
    parts = {"id": 1, "article_id": 2, "index": 0, "text": '"t"', "kind": '"body"'}
    with pytest.raises(TypeError, match="missing 2 required keyword-only arguments"):
        template.render(**parts)
    with pytest.raises(TypeError, match="unexpected keyword argument 'tags'"):
        template.render(**parts, duplicate_of="null", tag='"x"', tags="[]")
    rendered = template.render(**parts, duplicate_of="null", tag='"x"')
    assert _Tagged.model_validate_json(rendered).tag == "x"
