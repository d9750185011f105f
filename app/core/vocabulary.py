"""The closed vocabularies of facts, written once: the extractor's types, the API's
request and response models and the tables' CHECK constraints take them from here
(a test holds the constraints the migrations installed to them)."""

from __future__ import annotations

from typing import Any, Literal, get_args

EntityType = Literal["person", "organization", "location", "group", "other"]
DatePrecision = Literal["year", "month", "day"]
CommitmentStatus = Literal["proposed", "pledged", "agreed", "delivered"]


def sql_in(column: str, vocabulary: Any) -> str:
    """`column IN ('a', 'b', ...)` for a CHECK constraint, from a `Literal`."""
    return f"{column} IN ({', '.join(repr(value) for value in get_args(vocabulary))})"
