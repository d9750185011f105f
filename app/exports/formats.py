"""Which representation of a list the caller asked for: `?format=` first, then `Accept`."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Query
from starlette.requests import Request

ListFormat = Literal["json", "csv", "ndjson"]
MEDIA_TYPES: dict[str, str] = {
    "json": "application/json",
    "csv": "text/csv",
    "ndjson": "application/x-ndjson",
}
_FORMAT_OF_MEDIA_TYPE = {media: name for name, media in MEDIA_TYPES.items()}


async def format_param(
    format: Annotated[
        ListFormat | None,
        Query(description="json (default), csv or ndjson; overrides the `Accept` header."),
    ] = None,
) -> ListFormat | None:
    """Declares and validates `?format=`; `negotiate` reads it again from the request."""
    return format


def _accepted(header: str) -> list[tuple[float, int, str]]:
    """(quality, -position, media type) of each entry of an `Accept` header."""
    entries = []
    for position, part in enumerate(header.split(",")):
        media, *params = (p.strip() for p in part.split(";"))
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        entries.append((quality, -position, media.lower()))
    return entries


def negotiate(request: Request) -> ListFormat:
    """`?format=` wins; else the best-rated of our media types in `Accept`; else JSON."""
    explicit = request.query_params.get("format")
    if explicit in MEDIA_TYPES:
        return explicit  # type: ignore[return-value]
    for quality, _, media in sorted(_accepted(request.headers.get("accept", "")), reverse=True):
        if quality > 0 and media in _FORMAT_OF_MEDIA_TYPE:
            return _FORMAT_OF_MEDIA_TYPE[media]  # type: ignore[return-value]
    return "json"
