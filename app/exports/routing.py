"""`ListRoute`: the one mechanism that gives every `Page` endpoint its formats.

Routers use it as their `route_class`.  A route whose response model is a `Page`
gets a validated `format` query parameter, the CSV and NDJSON media types in its
OpenAPI answer, and a handler that renders the page as the caller negotiated, with
`Link: <...>; rel="next"` when there is a next page.  Other routes are untouched.
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


def page_item_model(response_model: Any) -> type[BaseModel] | None:
    """`EntityOut` for `Page[EntityOut]`; None when the model is not a page."""
    if not (isinstance(response_model, type) and issubclass(response_model, Page)):
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
        self.item_model = page_item_model(kwargs.get("response_model"))
        if self.item_model is not None:
            kwargs["dependencies"] = [*(kwargs.get("dependencies") or []), Depends(format_param)]
            responses = dict(kwargs.get("responses") or {})
            ok = dict(responses.get(200, {}))
            ok["content"] = {**ok.get("content", {}), **_LIST_CONTENT}
            ok["headers"] = {**ok.get("headers", {}), "Link": _LINK_DOC}
            responses[200] = ok
            kwargs["responses"] = responses
        super().__init__(path, endpoint, **kwargs)

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.item_model is None:
            return handler
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
