"""The OpenAPI document and the interactive docs, open or behind the read key.

With `FACTSTORE_REQUIRE_READ_KEY`, `FACTSTORE_PUBLIC_DOCS` (default true) says
whether /openapi.json, /docs and /redoc stay open: the contract is usually no
secret, but a private deployment may want it closed.  Closed, they take a `read`
key or an explorer session (a browser that signed in can read the docs)."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse

from app.web.sessions import browser_read_access

DocsAccess = browser_read_access(
    lambda settings: settings.require_read_key and not settings.public_docs
)
MetricsAccess = browser_read_access(lambda settings: not settings.metrics_open)

router = APIRouter(include_in_schema=False, dependencies=[DocsAccess])


@router.get("/openapi.json")
async def openapi_document(request: Request) -> JSONResponse:
    return JSONResponse(request.app.openapi())


@router.get("/docs", response_class=HTMLResponse)
async def swagger_ui(request: Request) -> HTMLResponse:
    return get_swagger_ui_html(
        openapi_url="/openapi.json", title=f"{request.app.title} - Swagger UI"
    )


@router.get("/redoc", response_class=HTMLResponse)
async def redoc(request: Request) -> HTMLResponse:
    return get_redoc_html(openapi_url="/openapi.json", title=f"{request.app.title} - ReDoc")


def install_docs(app: FastAPI) -> None:
    app.include_router(router)
