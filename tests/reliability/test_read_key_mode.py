"""With `FACTSTORE_REQUIRE_READ_KEY`: browsers sign in to the explorer with a form and
a session cookie (never a key in a URL); the docs and metrics are open or closed as
configured."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from typing import Any

import httpx
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from app.keys.service import list_keys, revoke_key
from app.models import ExplorerSession
from tests.api.support import MakeKey, assert_problem
from tests.fixtures.app import MakeApp

HTML = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
FORM = {"Content-Type": "application/x-www-form-urlencoded"}

AppClient = Callable[..., AbstractAsyncContextManager[httpx.AsyncClient]]


@pytest.fixture
def app_client(make_app: MakeApp) -> AppClient:
    """`async with app_client(**settings) as client`, on the test's rolled-back connection."""

    @asynccontextmanager
    async def make(**overrides: Any) -> AsyncIterator[httpx.AsyncClient]:
        async with make_app(**overrides) as served:
            yield served.client

    return make


def _key(headers: dict[str, str]) -> str:
    return headers["Authorization"].removeprefix("Bearer ")


async def _sign_in(client: httpx.AsyncClient, key: str, **form: str) -> httpx.Response:
    response = await client.post("/sign-in", data={"key": key, **form}, headers={**HTML, **FORM})
    client.cookies.clear()  # each test sends the cookie it means to send
    return response


def _session_cookie(response: httpx.Response) -> tuple[str, str]:
    """The session token and the whole Set-Cookie header."""
    header = response.headers["set-cookie"]
    name, _, rest = header.partition("=")
    assert name == "factstore_session"
    return rest.split(";")[0], header


async def test_a_browser_signs_in_with_a_form_and_a_strict_cookie(
    app_client: AppClient, make_key: MakeKey
) -> None:
    reader = await make_key("read")
    async with app_client(require_read_key=True) as client:
        # No key, no session: a browser is sent to the form; other clients get a problem.
        first = await client.get("/commitments?q=rail", headers=HTML)
        assert first.status_code == 303
        assert first.headers["location"] == "/sign-in?next=%2Fcommitments%3Fq%3Drail"
        assert_problem(await client.get("/commitments"), 401)
        form = await client.get("/sign-in?next=/commitments", headers=HTML)
        assert form.status_code == 200 and 'type="password"' in form.text
        assert 'value="/commitments"' in form.text

        signed_in = await _sign_in(client, _key(reader), next="/commitments")
        assert signed_in.status_code == 303
        assert signed_in.headers["location"] == "/commitments"
        token, cookie = _session_cookie(signed_in)
        flags = {part.strip().lower() for part in cookie.split(";")[1:]}
        assert {"httponly", "samesite=strict", "path=/"} <= flags
        assert "secure" not in flags  # plain http here; see the https test
        assert _key(reader) not in cookie and token != _key(reader)

        page = await client.get(
            "/commitments", headers={**HTML, "Cookie": f"factstore_session={token}"}
        )
        assert page.status_code == 200 and "Sign out" in page.text
        # The cookie opens the explorer's pages only; the API takes Bearer keys.
        api = await client.get("/v1/articles", headers={"Cookie": f"factstore_session={token}"})
        assert_problem(api, 401)
        forged = await client.get(
            "/commitments", headers={**HTML, "Cookie": "factstore_session=guess"}
        )
        assert forged.status_code == 303


async def test_a_key_in_a_query_string_is_never_taken(
    app_client: AppClient, make_key: MakeKey
) -> None:
    key = _key(await make_key("read"))
    async with app_client(require_read_key=True) as client:
        for path in (f"/?key={key}", f"/commitments?key={key}", f"/v1/articles?key={key}"):
            response = await client.get(path)
            assert_problem(response, 401)
        refused = await client.post(f"/sign-in?key={key}", headers={**HTML, **FORM})
        assert refused.status_code == 400 and "set-cookie" not in refused.headers
        assert "never taken from a URL" in refused.text
        assert (await client.get(f"/sign-in?key={key}", headers=HTML)).status_code == 400


async def test_sign_in_refuses_bad_keys_other_sites_and_open_redirects(
    app_client: AppClient, make_key: MakeKey
) -> None:
    reader = _key(await make_key("read"))
    ingester = _key(await make_key("ingest"))
    async with app_client(require_read_key=True) as client:
        unknown = await _sign_in(client, "fs_not-a-key")
        assert unknown.status_code == 401 and "set-cookie" not in unknown.headers
        assert "unknown or revoked" in unknown.text
        huge = await client.post(
            "/sign-in",
            data={"key": reader, "next": "/" + "x" * 10_000},
            headers={**HTML, **FORM},
        )
        assert huge.status_code == 401 and "set-cookie" not in huge.headers
        no_scope = await _sign_in(client, ingester)
        assert no_scope.status_code == 403 and "set-cookie" not in no_scope.headers
        # A form on another site posting to ours (login CSRF) is refused.
        for header in (
            {"Origin": "https://evil.example"},
            {"Origin": "null"},  # hidden by a referrer policy: nothing proves it is ours
            {"Sec-Fetch-Site": "cross-site", "Origin": "http://test"},
            {"Sec-Fetch-Site": "same-site"},
        ):
            forged = await client.post(
                "/sign-in", data={"key": reader}, headers={**HTML, **FORM, **header}
            )
            assert forged.status_code == 403 and "set-cookie" not in forged.headers
        same_site = await client.post(
            "/sign-in",
            data={"key": reader},
            headers={**HTML, **FORM, "Origin": "null", "Sec-Fetch-Site": "same-origin"},
        )
        assert same_site.status_code == 303
        for target in ("//evil.example/x", "https://evil.example", "/\\evil.example"):
            response = await _sign_in(client, reader, next=target)
            assert response.headers["location"] == "/", target


async def test_a_session_ends_at_sign_out_and_with_its_key(
    app_client: AppClient, make_key: MakeKey, session: AsyncSession
) -> None:
    reader = _key(await make_key("read"))
    async with app_client(require_read_key=True) as client:
        token, _ = _session_cookie(await _sign_in(client, reader))
        cookie = {"Cookie": f"factstore_session={token}"}
        assert (await client.get("/", headers={**HTML, **cookie})).status_code == 200
        # Signing out from another site is refused (and SameSite=Strict would not send it).
        forged = await client.post(
            "/sign-out", headers={**HTML, **cookie, "Origin": "https://evil.example"}
        )
        assert forged.status_code == 403
        out = await client.post("/sign-out", headers={**HTML, **cookie})
        assert out.status_code == 303 and out.headers["location"] == "/sign-in"
        assert "factstore_session=" in out.headers["set-cookie"]
        assert "max-age=0" in out.headers["set-cookie"].lower()
        assert (await client.get("/", headers={**HTML, **cookie})).status_code == 303

        token, _ = _session_cookie(await _sign_in(client, reader))
        cookie = {"Cookie": f"factstore_session={token}"}
        assert (await client.get("/", headers={**HTML, **cookie})).status_code == 200
        (key,) = [k for k in await list_keys(session) if k.revoked_at is None]
        assert await revoke_key(session, key.id)
        await session.commit()
        assert (await client.get("/", headers={**HTML, **cookie})).status_code == 303
        # Only the token's digest is stored.
        stored = (await session.scalars(select(ExplorerSession.token_hash))).all()
        assert stored and token not in stored


async def test_the_cookie_is_secure_over_https(app_client: AppClient, make_key: MakeKey) -> None:
    reader = _key(await make_key("read"))
    async with app_client(base_url="https://test", require_read_key=True) as client:
        _, cookie = _session_cookie(await _sign_in(client, reader))
        assert "secure" in {part.strip().lower() for part in cookie.split(";")}
    async with app_client(require_read_key=True, public_base_url="https://facts.example") as client:
        _, cookie = _session_cookie(await _sign_in(client, reader))
        assert "secure" in {part.strip().lower() for part in cookie.split(";")}


DOCS = ("/openapi.json", "/docs", "/redoc")


async def test_docs_stay_open_and_metrics_close_by_default_in_read_key_mode(
    app_client: AppClient, make_key: MakeKey
) -> None:
    reader = await make_key("read")
    async with app_client(require_read_key=True) as client:
        for path in DOCS:
            assert (await client.get(path)).status_code == 200, path
        assert_problem(await client.get("/metrics"), 401)
        assert_problem(await client.get("/metrics", headers=await make_key("ingest")), 403)
        metrics = await client.get("/metrics", headers=reader)
        assert metrics.status_code == 200 and "factstore_http_request" in metrics.text
    async with app_client() as client:  # reads open: metrics open too
        assert (await client.get("/metrics")).status_code == 200


async def test_docs_and_metrics_follow_their_settings(
    app_client: AppClient, make_key: MakeKey
) -> None:
    reader = await make_key("read")
    async with app_client(require_read_key=True, public_docs=False, public_metrics=True) as client:
        for path in DOCS:
            assert_problem(await client.get(path), 401)
            assert (await client.get(path, headers=reader)).status_code == 200, path
        assert (await client.get("/metrics")).status_code == 200
        # A browser is sent to sign in, and then reads the docs with its session.
        redirected = await client.get("/docs", headers=HTML)
        assert redirected.status_code == 303
        assert redirected.headers["location"] == "/sign-in?next=%2Fdocs"
        token, _ = _session_cookie(await _sign_in(client, _key(reader)))
        docs = await client.get("/docs", headers={**HTML, "Cookie": f"factstore_session={token}"})
        assert docs.status_code == 200 and "swagger-ui" in docs.text
    async with app_client(public_metrics=False) as client:
        assert_problem(await client.get("/metrics"), 401)
        assert (await client.get("/openapi.json")).status_code == 200
