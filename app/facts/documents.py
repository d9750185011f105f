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

from sqlalchemy import ColumnElement, Double

from app.core.documents import json_list, json_object, model_document
from app.facts.schemas import Provenance
from app.models import Citation, Commitment, Event, Mention

# Numerics leave as float8: the type the response models declare (float).
DOUBLE: Double[float] = Double()


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
    return model_document(Provenance, row)
