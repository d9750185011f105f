"""What every kind of fact shares: its citations (as sent and as returned) and its
provenance."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from app.core.types import CLEAN

CITATION_EXAMPLE: JsonDict = {
    "article_id": 7,
    "paragraph_id": 31,
    "paragraph_index": 1,
    "start": 344,
    "end": 423,
    "quote": "increase defense spending from 2% to 5% of GDP by 2035",
    "prefix": "commitments from member states to ",
    "suffix": ", a move that aligns with Trum",
}


class CitationOut(BaseModel):
    """Where a fact is stated: `quote == paragraph.text[start:end]` always holds."""

    model_config = ConfigDict(json_schema_extra={"examples": [CITATION_EXAMPLE]})

    article_id: int
    paragraph_id: int
    paragraph_index: int
    start: int = Field(description="0-based code-point offset into the paragraph text.")
    end: int = Field(description="Exclusive end offset.")
    quote: str
    prefix: str = Field(description="Up to 32 characters before the quote.")
    suffix: str = Field(description="Up to 32 characters after the quote.")


class Provenance(BaseModel):
    """Who stated a fact: the response's `provenance`, and what the store writes in
    each fact's provenance columns."""

    model_config = ConfigDict(frozen=True)

    origin: Literal["client", "extractor"] = Field(
        description="Supplied by the client, or found by the built-in extractor."
    )
    extractor: str | None = None
    extractor_version: str | None = None


class CiteIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    paragraph_index: int = Field(ge=0, le=100_000)
    quote: Annotated[str, Field(min_length=1, max_length=5000), CLEAN]
