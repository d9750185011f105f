"""`ListRoute`: the one mechanism that gives every `Page` endpoint its formats.

Routers use it as their `route_class`.  A route whose response model is a `Page`
gets a validated `format` query parameter, the CSV and NDJSON media types in its
OpenAPI answer, and a handler that renders the page as the caller negotiated, with
`Link: <...>; rel="next"` when there is a next page.  A page of items of several
models (a claim's statements: commitments or events) has no one set of columns:
it is JSON only, with its `Link` header.  Other routes are untouched.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlencode

from fastapi import Depends
from pydantic import BaseModel
from starlette.requests import Request
from starlette.responses import Response

from app.api.routing import ScopedRoute
from app.core.pagination import JsonPage, Page
from app.exports.formats import MEDIA_TYPES, format_param, negotiate
from app.exports.tabular import columns_of, csv_text, ndjson_text

_LINK_DOC = {
    "description": 'The next page, as `<url>; rel="next"` (absent on the last page).',
    "schema": {"type": "string"},
}
_LIST_CONTENT = {
    MEDIA_TYPES["csv"]: {"schema": {"type": "string", "description": "A header line, then rows."}},
    MEDIA_TYPES["ndjson"]: {"schema": {"type": "string", "description": "One item per line."}},
}


def is_page(response_model: Any) -> bool:
    return isinstance(response_model, type) and issubclass(response_model, Page)


def page_item_model(response_model: Any) -> type[BaseModel] | None:
    """`EntityOut` for `Page[EntityOut]`; None when the model is not a page, or a
    page of several models."""
    if not is_page(response_model):
        return None
    (item,) = response_model.__pydantic_generic_metadata__["args"]
    return item if isinstance(item, type) and issubclass(item, BaseModel) else None


def next_link(request: Request, cursor: str) -> str:
    """A relative link to the next page: the same query with `cursor` replaced."""
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    query = urlencode([*params, ("cursor", cursor)])
    return f'<{request.url.path}?{query}>; rel="next"'


class ListRoute(ScopedRoute):
    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        self.paged = is_page(kwargs.get("response_model"))
        self.item_model = page_item_model(kwargs.get("response_model"))
        if self.paged:
            responses = dict(kwargs.get("responses") or {})
            ok = dict(responses.get(200, {}))
            ok["headers"] = {**ok.get("headers", {}), "Link": _LINK_DOC}
            if self.item_model is not None:
                kwargs["dependencies"] = [
                    *(kwargs.get("dependencies") or []),
                    Depends(format_param),
                ]
                ok["content"] = {**ok.get("content", {}), **_LIST_CONTENT}
            responses[200] = ok
            kwargs["responses"] = responses
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if not self.paged:
            return handler
        if self.item_model is None:
            return _linked(handler)
        columns = columns_of(self.item_model)

        async def render_page(request: Request) -> Response:
            response = await handler(request)
            if response.status_code != 200:
                return response
            chosen = negotiate(request)
            if isinstance(response, JsonPage) and chosen == "json":
                # Sent as it is, with no need to parse it for its cursor.
                rendered: Response = response
                cursor = response.next_cursor
            else:
                body = bytes(response.body)
                page = json.loads(body)
                cursor = page.get("next_cursor")
                if chosen == "csv":
                    body = csv_text(columns, page["items"]).encode()
                elif chosen == "ndjson":
                    body = ndjson_text(page["items"]).encode()
                rendered = Response(body, media_type=MEDIA_TYPES[chosen])
            rendered.headers["Vary"] = "Accept"
            if cursor:
                rendered.headers["Link"] = next_link(request, cursor)
            return rendered

        return render_page


def _linked(
    handler: Callable[[Request], Coroutine[Any, Any, Response]],
) -> Callable[[Request], Coroutine[Any, Any, Response]]:
    """A JSON-only page's handler, with its `Link` header."""

    async def link_page(request: Request) -> Response:
        response = await handler(request)
        if isinstance(response, JsonPage) and response.next_cursor:
            response.headers["Link"] = next_link(request, response.next_cursor)
        return response

    return link_page
