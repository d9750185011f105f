"""Response documents rendered from their pydantic models: one source per shape.

A read's JSON is made by PostgreSQL (`json_build_object`) or, for parts that come
from a scan as columns, assembled in Python; either way the keys, their order and
the way a value is written come from the response model here, so a field added to
a model appears in every rendering, or the rendering refuses to build (a field with
no column of its name and no expression given).
"""

from __future__ import annotations

import json
import types
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel
from sqlalchemy import (
    ColumnElement,
    FromClause,
    Text,
    case,
    cast,
    func,
    inspect,
    literal_column,
    select,
    text,
)
from sqlalchemy.dialects.postgresql import aggregate_order_by
from sqlalchemy.orm import InstrumentedAttribute

_EMPTY = text("'[]'::json")


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


def as_text(document: ColumnElement[Any]) -> ColumnElement[str]:
    """The document as JSON text, passed through to the client unparsed."""
    return cast(document, Text)


# As pydantic writes an aware datetime: ISO 8601 in UTC with `Z`, microseconds only
# when there are some.  The one definition of it in SQL (reads and the trigger that
# stores an article's document both use it).
_SECONDS = constant('YYYY-MM-DD"T"HH24:MI:SS"Z"')
_MICROSECONDS = constant('YYYY-MM-DD"T"HH24:MI:SS.US"Z"')


def timestamp(column: Any) -> ColumnElement[Any]:
    """A `timestamptz` as pydantic serialises an aware datetime, or null."""
    utc = func.timezone(constant("UTC"), column)
    return case(
        (func.date_trunc(constant("second"), column) == column, func.to_char(utc, _SECONDS)),
        else_=func.to_char(utc, _MICROSECONDS),
    )


def field_keys(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> its key in the model's JSON (the serialisation alias, if any), in
    the model's order."""
    return {
        name: field.serialization_alias or field.alias or name
        for name, field in model.model_fields.items()
    }


def _is_datetime(annotation: Any) -> bool:
    if annotation is datetime:
        return True
    return get_origin(annotation) in (Union, types.UnionType) and datetime in get_args(annotation)


def _columns(row: Any) -> Mapping[str, Any]:
    """The columns of a table, alias or mapped class, by name."""
    columns: Mapping[str, Any] = row.c if isinstance(row, FromClause) else inspect(row).columns
    return columns


def model_document(model: type[BaseModel], row: Any, **expressions: Any) -> ColumnElement[Any]:
    """`model`'s JSON as one `json_build_object`: each field, in the model's order and
    under its JSON key, is `expressions[field]` when given, else the column of its
    name in `row` (a mapped class, a table or an alias), a datetime written as
    pydantic writes it.  A field with neither is an error here, when the document is
    built, not a document short of a key."""
    keys = field_keys(model)
    unknown = expressions.keys() - keys.keys()
    if unknown:
        raise TypeError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
    columns = _columns(row)
    args: list[Any] = []
    for name, key in keys.items():
        if name in expressions:
            value = expressions[name]
        elif name in columns:
            value = columns[name]
            if _is_datetime(model.model_fields[name].annotation):
                value = timestamp(value)
        else:
            raise LookupError(
                f"{model.__name__}.{name} has no column {name!r} in {row}: give its"
                " expression where the document is built"
            )
        args += [constant(key), value]
    return func.json_build_object(*args)


# A string as JSON, with one encoder for every call (`json.dumps` with options
# builds an encoder each time, twice the cost).
json_string = json.JSONEncoder(ensure_ascii=False).encode


class JsonTemplate:
    """`model`'s JSON assembled in Python from its fields' JSON texts (values already
    encoded, or documents rendered by the database), keys in the model's order.

    `render` is made once from the model: an f-string function whose keyword-only
    parameters are the model's fields, so a field added to the model fails every
    render that does not give it (as `namedtuple` does, the function is written
    from the field names; they are identifiers, as pydantic requires).
    """

    def __init__(self, model: type[BaseModel]) -> None:
        self.model = model
        keys = field_keys(model)
        if not all(n.isidentifier() and not set(k) & set("\"'{}\\") for n, k in keys.items()):
            raise ValueError(f"{model.__name__}: a field name or key cannot be templated")
        body = ",".join(f'"{key}":{{{name}}}' for name, key in keys.items())
        source = f"def render(*, {', '.join(keys)}):\n    return f'{{{{{body}}}}}'\n"
        namespace: dict[str, Any] = {}
        exec(source, namespace)
        self.render: Callable[..., str] = namespace["render"]
