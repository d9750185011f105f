"""A cap on request bodies, counted on the bytes as they arrive.

`Content-Length` is only a claim (and chunked bodies carry none), so the cap is
enforced on the streamed `http.request` messages themselves.  The first byte over
the cap ends the request with a 413 problem: the app below it sees the body stop
and anything it tries to answer is dropped, so nothing is parsed or stored.
"""

from __future__ import annotations

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.errors import problem_messages


class _BodyTooLarge(Exception):
    """Raised into the app below when the body passes the cap."""


class BodySizeLimitMiddleware:
    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            await self._refuse(send)
            return

        received = 0
        too_large = False
        started = False

        async def counting_receive() -> Message:
            nonlocal received, too_large
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    too_large = True
                    raise _BodyTooLarge
            return message

        async def guarded_send(message: Message) -> None:
            nonlocal started
            if too_large and not started:
                return  # the app's answer to a body it never got whole; 413 goes instead
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, guarded_send)
        except Exception:
            if not too_large:
                raise
        if too_large and not started:
            await self._refuse(send)

    async def _refuse(self, send: Send) -> None:
        for message in problem_messages(
            413,
            f"the request body is larger than {self.max_bytes} bytes",
            slug="payload-too-large",
            title="Content Too Large",
            headers={"Connection": "close"},
        ):
            await send(message)
