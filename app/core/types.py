"""Reusable validated field types for request bodies and query parameters."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, Field

from app.articles.text_cleaning import has_forbidden_characters


def _no_control_characters(value: str) -> str:
    if has_forbidden_characters(value):
        raise ValueError("text must not contain NUL or other control characters")
    return value


CleanStr = Annotated[str, AfterValidator(_no_control_characters)]
ShortText = Annotated[CleanStr, Field(min_length=1, max_length=1000)]
Name = Annotated[CleanStr, Field(min_length=1, max_length=300)]
Id = Annotated[int, Field(ge=1, le=2**63 - 1)]
