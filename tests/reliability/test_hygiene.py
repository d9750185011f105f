"""What every response carries, or never carries: no stack traces, security headers,
CORS closed unless configured, and working docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.articles import repository
from tests.api.support import assert_problem
from tests.fixtures.app import MakeApp

SECRET = "s3cret-internal-detail-in-an-exception"


@pytest.fixture
async def tolerant_client(make_app: MakeApp) -> AsyncIterator[httpx.AsyncClient]:
    """A client that, like a real server, answers a crashing app instead of raising."""
    async with make_app(raise_app_exceptions=False) as served:
        yield served.client


async def test_an_unexpected_exception_is_a_500_problem_without_traceback(
    tolerant_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    async def crash(*args: Any, **kwargs: Any) -> Any:
        raise ZeroDivisionError(SECRET)

    monkeypatch.setattr(repository, "list_articles", crash)
    response = await tolerant_client.get("/v1/articles")
    problem = assert_problem(response, 500)
    assert SECRET not in response.text
    assert "ZeroDivisionError" not in response.text
    assert 'File "' not in response.text
    assert problem["detail"] == "internal error"
    _assert_security_headers(response)


def _assert_security_headers(response: httpx.Response, *, docs: bool = False) -> None:
    headers = response.headers
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert headers["referrer-policy"] == "no-referrer"
    csp = headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    if not docs:
        assert csp.startswith("default-src 'none'")
        assert "script-src" not in csp


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/healthz"),
        ("GET", "/readyz"),
        ("GET", "/v1/articles"),
        ("GET", "/v1/articles/123456789"),
        ("GET", "/v1/articles/abc"),
        ("GET", "/v1/nowhere"),
        ("POST", "/v1/articles"),
        ("PUT", "/v1/articles"),
        ("GET", "/openapi.json"),
    ],
)
async def test_security_headers_on_every_response(
    client: httpx.AsyncClient, method: str, path: str
) -> None:
    _assert_security_headers(await client.request(method, path))


async def test_docs_keep_working_with_their_own_policy(client: httpx.AsyncClient) -> None:
    docs = await client.get("/docs")
    assert docs.status_code == 200
    assert "swagger-ui" in docs.text
    _assert_security_headers(docs, docs=True)
    csp = docs.headers["content-security-policy"]
    # Every script and stylesheet the page loads is allowed, and its inline start-up script.
    for source in ("https://cdn.jsdelivr.net/npm/swagger-ui-dist", "https://fastapi.tiangolo.com"):
        assert source in docs.text
    script_src = next(d for d in csp.split(";") if d.strip().startswith("script-src"))
    assert "https://cdn.jsdelivr.net" in script_src and "'unsafe-inline'" in script_src
    assert "connect-src 'self'" in csp  # it fetches /openapi.json
    assert (await client.get("/openapi.json")).status_code == 200


async def test_cors_is_closed_by_default(client: httpx.AsyncClient) -> None:
    origin = {"Origin": "https://evil.example"}
    response = await client.get("/v1/articles", headers=origin)
    assert response.status_code == 200
    assert "access-control-allow-origin" not in response.headers
    preflight = await client.options(
        "/v1/articles",
        headers={**origin, "Access-Control-Request-Method": "POST"},
    )
    assert "access-control-allow-origin" not in preflight.headers


async def test_cors_allows_exactly_the_configured_origins(make_app: MakeApp) -> None:
    async with make_app(cors_origins=["https://news.example"]) as served:
        client = served.client
        allowed = await client.options(
            "/v1/articles",
            headers={
                "Origin": "https://news.example",
                "Access-Control-Request-Method": "POST",
                "Access-Control-Request-Headers": "Authorization, Idempotency-Key",
            },
        )
        assert allowed.status_code == 200
        assert allowed.headers["access-control-allow-origin"] == "https://news.example"
        assert "idempotency-key" in allowed.headers["access-control-allow-headers"].lower()
        read = await client.get("/v1/articles", headers={"Origin": "https://news.example"})
        assert read.headers["access-control-allow-origin"] == "https://news.example"

        other = await client.get("/v1/articles", headers={"Origin": "https://evil.example"})
        assert "access-control-allow-origin" not in other.headers
        refused = await client.options(
            "/v1/articles",
            headers={"Origin": "https://evil.example", "Access-Control-Request-Method": "POST"},
        )
        assert refused.status_code == 400
        assert "access-control-allow-origin" not in refused.headers


async def test_method_not_allowed_names_every_method_of_the_path(
    client: httpx.AsyncClient,
) -> None:
    """Schemathesis found `Allow: POST` for /v1/articles, which also serves GET."""
    response = await client.request("PATCH", "/v1/articles")
    assert_problem(response, 405)
    assert response.headers["allow"] == "GET, HEAD, POST"
    # `bulk` is not taken for an article id: 405 naming POST, not a 422 about the id.
    for method in ("GET", "DELETE", "OPTIONS"):
        response = await client.request(method, "/v1/articles/bulk")
        assert_problem(response, 405)
        assert response.headers["allow"] == "POST"
