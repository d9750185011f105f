"""Keys: a revoked key is refused at once; `factstore keys create|list|revoke` end to end."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncSession
from typer.testing import CliRunner

from app.cli import app as cli
from app.core.config import Settings, get_settings
from app.keys.service import list_keys, revoke_key
from app.main import create_app
from tests.api.support import MakeKey, assert_problem
from tests.fixtures.database import ScratchDatabases

BODY = {"paragraphs": ["Reliant Alpha pledged aid."]}


async def test_revoked_key_is_refused_at_once(
    client: httpx.AsyncClient, make_key: MakeKey, session: AsyncSession
) -> None:
    headers = await make_key("ingest", "read")
    created = await client.post("/v1/articles?extract=false", json=BODY, headers=headers)
    assert created.status_code == 201, created.text
    (key,) = [k for k in await list_keys(session) if k.revoked_at is None]
    assert await revoke_key(session, key.id)
    await session.commit()

    refused = await client.post(
        "/v1/articles?extract=false", json={"paragraphs": ["Another."]}, headers=headers
    )
    assert_problem(refused, 401)
    assert_problem(
        await client.delete(f"/v1/articles/{created.json()['id']}", headers=headers), 401
    )
    # A revoked key is refused even where no key is needed: it is not silently ignored.
    assert_problem(await client.get("/v1/articles", headers=headers), 401)
    assert len((await client.get("/v1/articles")).json()["items"]) == 1


@pytest.fixture
def cli_database(
    scratch_database: ScratchDatabases, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    url = scratch_database.make()
    monkeypatch.setenv("DATABASE_URL", url)
    get_settings.cache_clear()
    yield url
    get_settings.cache_clear()


def _post_with(database_url: str, key: str) -> int:
    """POST an article with `key` to an app on `database_url`, started as `factstore
    serve` starts it (its lifespan opens the pools and the queue); the status."""

    async def post() -> int:
        settings = Settings(database_url=database_url, extract_default=False, extract_workers=0)
        app = create_app(settings)
        transport = httpx.ASGITransport(app=app)
        async with (
            app.router.lifespan_context(app),
            httpx.AsyncClient(transport=transport, base_url="http://test") as client,
        ):
            response = await client.post(
                "/v1/articles?extract=false",
                json=BODY,
                headers={"Authorization": f"Bearer {key}"},
            )
        return response.status_code

    return asyncio.run(post())


@pytest.mark.slow  # the CLI and an app started with its lifespan
def test_keys_cli_create_list_revoke(cli_database: str) -> None:
    runner = CliRunner()
    created = runner.invoke(cli, ["keys", "create", "--scope", "ingest", "--name", "robot"])
    assert created.exit_code == 0, created.output
    key = created.output.strip()
    assert key.startswith("fs_") and len(key) >= 40

    listed = runner.invoke(cli, ["keys", "list"])
    assert listed.exit_code == 0, listed.output
    (line,) = listed.output.splitlines()
    key_id, prefix, scopes, state, used, name = line.split("\t")
    assert (scopes, state, used, name) == ("ingest", "active", "never used", "robot")
    assert key.startswith(prefix.rstrip("…"))
    assert key not in listed.output  # only a prefix is ever shown again

    assert _post_with(cli_database, key) == 201
    used = runner.invoke(cli, ["keys", "list"]).output.split("\t")[4]
    assert used.startswith("used 20") and used.endswith("Z")

    revoked = runner.invoke(cli, ["keys", "revoke", key_id])
    assert revoked.exit_code == 0, revoked.output
    assert "\trevoked\t" in runner.invoke(cli, ["keys", "list"]).output
    assert _post_with(cli_database, key) == 401

    missing = runner.invoke(cli, ["keys", "revoke", "987654"])
    assert missing.exit_code == 1
    bad_scope = runner.invoke(cli, ["keys", "create", "--scope", "root"])
    assert bad_scope.exit_code != 0
    assert len(runner.invoke(cli, ["keys", "list"]).output.splitlines()) == 1
