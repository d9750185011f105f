"""Reusable validated field types for request bodies and query parameters."""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, Field

from app.articles.text_cleaning import has_forbidden_characters


def _no_control_characters(value: str) -> str:
    if has_forbidden_characters(value):
        raise ValueError("text must not contain NUL or other control characters")
    return value


# The same rule for the OpenAPI document, so clients and fuzzers know it (JSON Schema regex).
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"

CleanStr = Annotated[
    str,
    AfterValidator(_no_control_characters),
    Field(json_schema_extra={"pattern": NO_CONTROL_CHARACTERS}),
]
ShortText = Annotated[CleanStr, Field(min_length=1, max_length=1000)]
Name = Annotated[CleanStr, Field(min_length=1, max_length=300)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _not_a_number(value: object) -> object:
    """Pydantic would read `0.5`, `"-0"` or a JSON number as a Unix time; a client
    sending one has made a mistake.  Only ISO 8601 text is a date or date-time here."""
    if isinstance(value, int | float) or (
        isinstance(value, str) and _NUMBER.fullmatch(value.strip())
    ):
        raise ValueError("expected an ISO 8601 date or date-time, not a number")
    return value


DateTimeParam = Annotated[datetime, BeforeValidator(_not_a_number)]
DateParam = Annotated[date, BeforeValidator(_not_a_number)]
