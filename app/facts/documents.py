"""Facts rendered as JSON by Postgres: one statement per read, no ORM objects.

This module holds what every kind of fact uses (JSON objects and lists, citations,
provenance); each kind's own document lives with it (`entities.documents`,
`events.documents`, `commitments.documents`).

Through the ORM, a page of events took three statements, thousands of Python
objects and two rounds of pydantic validation, many times the database's own
work.  Here each fact is one `json_build_object` expression
(its participants, citations or aliases gathered by correlated sub-queries on
indexed foreign keys), so a page is one statement whose rows are JSON texts that
go to the client as they are.  Every document has exactly the shape of its
response model; tests compare the two for each kind of fact.
The expressions are built once (`cache`): they are immutable, and building one
costs about as much as running it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    ColumnElement,
    Double,
    Text,
    cast,
    func,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import InstrumentedAttribute

from app.models import Citation, Commitment, Event, Mention

_EMPTY = text("'[]'::json")
# Numerics leave as float8: the type the response models declare (float).
DOUBLE: Double[float] = Double()


def constant(value: str) -> ColumnElement[str]:
    """A text constant of the code written into the SQL, not sent as a parameter: the
    planner folds it, and a page does not carry dozens of parameters."""
    return literal_column("'" + value.replace("'", "''") + "'", Text)


def json_object(**fields: Any) -> ColumnElement[Any]:
    """`json_build_object('k1', v1, ...)`, keys in the order given (a trailing `_` of
    a key, for Python keywords, is dropped)."""
    args: list[Any] = []
    for key, value in fields.items():
        args += [constant(key.removesuffix("_")), value]
    return func.json_build_object(*args)


def json_list(
    element: ColumnElement[Any] | InstrumentedAttribute[Any], *order_by: Any, where: Any
) -> ColumnElement[Any]:
    """The correlated sub-query `coalesce(json_agg(element ORDER BY ...), '[]')`."""
    aggregated = func.json_agg(aggregate_order_by(element, *order_by))
    return select(func.coalesce(aggregated, _EMPTY)).where(where).scalar_subquery()


def span_fields(row: type[Citation] | type[Mention]) -> dict[str, Any]:
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


def citations_document(owner: ColumnElement[bool]) -> ColumnElement[Any]:
    return json_list(
        json_object(**span_fields(Citation)), Citation.position, Citation.id, where=owner
    )


def provenance_document(row: type[Event] | type[Commitment]) -> ColumnElement[Any]:
    return json_object(
        origin=row.origin, extractor=row.extractor, extractor_version=row.extractor_version
    )


def as_text(document: ColumnElement[Any]) -> ColumnElement[str]:
    """The document as JSON text, passed through to the client unparsed."""
    return cast(document, Text)
