"""Shapes every part of the API shares: problem details and a page of items.

They import nothing of the server (no web framework, no database), so the Python
client, which reads these shapes, does not load the server to import them.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, Field

T = TypeVar("T")

PROBLEM_MEDIA_TYPE = "application/problem+json"
# Relative type URIs (RFC 9457, section 3.1.1), documented in the README.
PROBLEM_BASE = "/problems/"


class FieldProblem(BaseModel):
    loc: list[str | int] = Field(description="Where the bad value is, e.g. ['body', 'text'].")
    msg: str
    type: str


class Problem(BaseModel):
    """RFC 9457 problem details."""

    type: str = Field(examples=[PROBLEM_BASE + "not-found"])
    title: str = Field(examples=["Not Found"])
    status: int = Field(examples=[404])
    detail: str = Field(examples=["article 42 does not exist"])
    instance: str | None = Field(default=None, examples=["/v1/articles/42"])
    errors: list[FieldProblem] | None = Field(
        default=None, description="Each bad field, for validation errors."
    )


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = Field(
        description="Pass as `cursor` to get the next page; null on the last page."
    )
