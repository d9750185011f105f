"""Flat rows of nested response models, for CSV and NDJSON exports.

Columns come from the item model, not the data, so an empty page still has its
header and every page of a list has the same columns.  Nested objects become
dotted columns (`actor.name`); lists become one JSON-encoded cell.
"""

from __future__ import annotations

import csv
import io
import json
import types
from collections.abc import Iterable, Sequence
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

Column = tuple[str, ...]


def _nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model in `Model` or `Model | None`; None for anything else."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    if get_origin(annotation) in (Union, types.UnionType):
        models = [a for a in get_args(annotation) if a is not type(None)]
        if len(models) == 1:
            return _nested_model(models[0])
    return None


def columns_of(model: type[BaseModel], prefix: Column = ()) -> list[Column]:
    columns: list[Column] = []
    for name, field in model.model_fields.items():
        key = (*prefix, field.serialization_alias or field.alias or name)
        nested = _nested_model(field.annotation)
        columns.extend(columns_of(nested, key) if nested else [key])
    return columns


def header(columns: Sequence[Column]) -> list[str]:
    return [".".join(column) for column in columns]


# A text cell beginning with one of these is a formula to a spreadsheet; a leading
# apostrophe makes it show as text (OWASP's advice against CSV injection).
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(item: dict[str, Any], column: Column) -> str:
    value: Any = item
    for key in column:
        if not isinstance(value, dict):
            return ""
        value = value.get(key)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
        return "'" + value
    return str(value)


def csv_text(columns: Sequence[Column], items: Iterable[dict[str, Any]]) -> str:
    """A header line, then one line per item (RFC 4180: CRLF line ends, quoted as needed)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header(columns))
    writer.writerows([_cell(item, column) for column in columns] for item in items)
    return out.getvalue()


def ndjson_text(items: Iterable[dict[str, Any]]) -> str:
    """One JSON object per line, as nested as the JSON answer's items."""
    return "".join(json.dumps(item, ensure_ascii=False) + "\n" for item in items)
