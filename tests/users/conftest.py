"""Fixtures of the users' side: the in-process app, and a real `factstore serve`.

The live server runs as a subprocess on 127.0.0.1 with the extractor off, on a
database of its own (a copy of the worker's migrated template, dropped at the end).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from app.client import AsyncFactstoreClient, FactstoreClient, RetryPolicy
from tests.api.conftest import post_article  # noqa: F401 - shared with the API tests
from tests.fixtures.app import ADMIN_KEY
from tests.fixtures.database import DatabaseServer

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
NO_WAIT = RetryPolicy(attempts=3, backoff=0.0)


@dataclass(frozen=True)
class LiveServer:
    url: str
    database_url: str
    log: Path


@pytest.fixture
async def fs(app: FastAPI) -> AsyncIterator[AsyncFactstoreClient]:
    """The async client over the in-process app (the `app` fixture: on the test's
    rolled-back transaction), with the admin key."""
    transport = httpx.ASGITransport(app=app)
    async with AsyncFactstoreClient(
        "http://test", ADMIN_KEY, transport=transport, retry=NO_WAIT
    ) as client:
        yield client


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _wait_ready(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"factstore serve exited:\n{log.read_text()}")
        try:
            if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"factstore serve did not get ready:\n{log.read_text()}")


def live_env(database_url: str) -> dict[str, str]:
    """The environment of a factstore process on the live database, extractor off."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("FACTSTORE_") and k != "DATABASE_URL"
    }
    env.update(
        DATABASE_URL=database_url,
        FACTSTORE_ADMIN_KEY=ADMIN_KEY,
        FACTSTORE_EXTRACT_DEFAULT="false",
        FACTSTORE_EXTRACT_WORKERS="0",
        FACTSTORE_DATA_DIR="/nonexistent",
    )
    return env


@pytest.fixture(scope="session")
def live_server(
    database_server: DatabaseServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    with served_database(database_server, "live") as live_url:
        yield from _serve(live_url, tmp_path_factory.mktemp("live") / "server.log", {})


@contextmanager
def served_database(server: DatabaseServer, label: str) -> Iterator[str]:
    """A database for a server in a subprocess, for a session or a module; its URL."""
    name = f"{server.prefix}_{label}"
    try:
        yield server.clone(name)
    finally:
        server.drop(name)


def _serve(live_url: str, log: Path, env: dict[str, str]) -> Iterator[LiveServer]:
    """`factstore serve` on `live_url` (with `env` added to `live_env`), until closed."""
    port = _free_port()
    factstore = Path(sys.executable).with_name("factstore")
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(factstore), "serve", "--host", "127.0.0.1", "--port", str(port)],
            env={**live_env(live_url), **env},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(url, process, log)
        yield LiveServer(url, live_url, log)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture
def live_client(live_server: LiveServer) -> Iterator[FactstoreClient]:
    with FactstoreClient(live_server.url, ADMIN_KEY, retry=NO_WAIT) as client:
        yield client


def unique_article(**extra: Any) -> dict[str, Any]:
    """An article no other test posts (its own URL and words)."""
    token = uuid.uuid4().hex[:12]
    body: dict[str, Any] = {
        "url": f"https://news.example/{token}",
        "title": f"Story {token}",
        "paragraphs": [f"Word {token} opens the story.", "Ministers met in Brussels."],
    }
    body.update(extra)
    return body
