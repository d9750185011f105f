"""`HEAD` on every `GET` endpoint: the GET answer's status and headers, without its body.

FastAPI routes a GET endpoint for GET only, so HEAD got 405.  This middleware runs a
HEAD as the GET it stands for (the same read pool, checks and headers, including
`Content-Length`, as RFC 9110 allows) and drops the body on its way out.
"""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadAsGetMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_without_body(message: Message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        as_get = {**scope, "method": "GET"}
        try:
            await self.app(as_get, receive, send_without_body)
        finally:
            if "route" in as_get:  # the route template, for the metrics and logs outside
                scope["route"] = as_get["route"]
