"""Reusable validated field types for request bodies and query parameters."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BeforeValidator,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import core_schema

from app.text.cleaning import (
    has_forbidden_characters,
    has_lone_surrogates,
    has_unstorable_characters,
)


def _no_control_characters(value: str) -> str:
    if not has_unstorable_characters(value):
        return value
    if has_forbidden_characters(value):
        raise ValueError("text must not contain NUL or other control characters")
    if has_lone_surrogates(value):
        raise ValueError("text must not contain lone UTF-16 surrogates (not valid Unicode)")
    return value


# The same rule for the OpenAPI document, so clients and fuzzers know it (JSON Schema regex).
NO_CONTROL_CHARACTERS = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$"


class _Clean:
    """`_no_control_characters` after the string's own checks, and the same rule in
    the JSON Schema (`NO_CONTROL_CHARACTERS`): one marker for both."""

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(_no_control_characters, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        return {**handler(schema), "pattern": NO_CONTROL_CHARACTERS}


CLEAN = _Clean()
CleanStr = Annotated[str, CLEAN]
# Length limits go before `CLEAN`: placed after a validator, pydantic checks them in
# Python, one call each, and says a string has too few "items"; before it, natively,
# with string messages ("String should have at most 300 characters").
ShortText = Annotated[str, Field(min_length=1, max_length=1000), CLEAN]
Name = Annotated[str, Field(min_length=1, max_length=300), CLEAN]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]

# PostgreSQL's web-search parser stacks a `-` (NOT) for each one met before a word,
# skipping spaces and the operator characters between them, on a stack of 32: more
# fail the whole statement ("tsquery stack too small").  Past a few, more change
# nothing a reader wants, so a run of this many is refused (`-` excluded from the gap,
# so the pattern cannot backtrack).
MAX_NEGATIONS = 16
_NEGATION_RUN = re.compile(r'(?:-[^\w"-]*){' + str(MAX_NEGATIONS + 1) + ",}")


def _few_negations(value: str) -> str:
    if _NEGATION_RUN.search(value):
        raise ValueError(f"the query has more than {MAX_NEGATIONS} '-' (NOT) operators in a row")
    return value


# Words for PostgreSQL's `websearch_to_tsquery`: the explorer's search box (which
# may be empty) and the API's `q` (at least a character).
SearchBox = Annotated[str, Field(max_length=200), CLEAN, AfterValidator(_few_negations)]
SearchQuery = Annotated[
    str, Field(min_length=1, max_length=500), CLEAN, AfterValidator(_few_negations)
]
# Query parameters of text, their limits checked natively (see `ShortText`).
CursorText = Annotated[str, Field(max_length=512), CLEAN]
SourceText = Annotated[str, Field(max_length=200), CLEAN]
EventTypeText = Annotated[str, Field(max_length=40), CLEAN]
NamePrefix = Annotated[str, Field(min_length=1, max_length=200), CLEAN]

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?")


def _not_a_number(value: object) -> object:
    """Pydantic would read `0.5`, `"-0"` or a JSON number as a Unix time; a client
    sending one has made a mistake.  Only ISO 8601 text is a date or date-time here."""
    if isinstance(value, int | float) or (
        isinstance(value, str) and _NUMBER.fullmatch(value.strip())
    ):
        raise ValueError("expected an ISO 8601 date or date-time, not a number")
    return value


# The instants factstore accepts (publication times, `since`/`until`, cursors), in UTC.
# PostgreSQL's timestamptz cannot hold every instant Python can parse (year 9999 at
# -14:00 is year 10000 in UTC), and it stores 0001-01-01 and 9999-12-31 from some
# drivers as -infinity/+infinity; a far-future date would also sort first in every
# list for ever.  News is dated well inside this range.
EARLIEST = datetime(1800, 1, 1, tzinfo=UTC)
LATEST = datetime(2200, 12, 31, 23, 59, 59, 999999, tzinfo=UTC)
DATETIME_RANGE = "1800-01-01T00:00:00Z to 2200-12-31T23:59:59.999999Z"


def in_accepted_range(value: datetime) -> bool:
    """`value` (naive means UTC) lies within `EARLIEST`..`LATEST`."""
    # Compare years first: converting year 1 or 9999 to UTC may overflow.
    if not EARLIEST.year - 1 <= value.year <= LATEST.year + 1:
        return False
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return EARLIEST <= aware <= LATEST


def _in_range(value: datetime) -> datetime:
    if not in_accepted_range(value):
        raise ValueError(f"date-time out of range: accepted from {DATETIME_RANGE}")
    return value


# A date-time of a request body or a query string: ISO 8601 text within the range.
DateTimeParam = Annotated[datetime, BeforeValidator(_not_a_number), AfterValidator(_in_range)]
DateParam = Annotated[date, BeforeValidator(_not_a_number)]
