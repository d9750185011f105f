"""The explorer of a server that requires read keys, in headless Chromium (Debian's,
driven by Playwright): a person signs in with the form, browses with the session
cookie (which no script can read), and signs out.  Skips without /usr/bin/chromium,
as the other browser tests do."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.client import FactstoreClient
from tests.fixtures.app import ADMIN_KEY
from tests.fixtures.database import DatabaseServer
from tests.users.conftest import LiveServer, _serve, live_env, served_database
from tests.users.test_explorer_browser import (
    _shot,
    browser,  # noqa: F401 - the shared Chromium
)

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

QUOTE = "spend 4 billion euros on rail"


@pytest.fixture(scope="module")
def keyed_server(
    database_server: DatabaseServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[LiveServer]:
    """`factstore serve` with FACTSTORE_REQUIRE_READ_KEY=true on a database of its own."""
    log = tmp_path_factory.mktemp("keyed") / "server.log"
    with served_database(database_server, "keyed") as live_url:
        yield from _serve(live_url, log, {"FACTSTORE_REQUIRE_READ_KEY": "true"})


@pytest.fixture(scope="module")
def reader_key(keyed_server: LiveServer) -> str:
    factstore = Path(sys.executable).with_name("factstore")
    created = subprocess.run(
        [str(factstore), "keys", "create", "--scope", "read", "--name", "browser"],
        env=live_env(keyed_server.database_url),
        capture_output=True,
        text=True,
        check=True,
    )
    return created.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def stored(keyed_server: LiveServer) -> dict[str, Any]:
    body = {
        "url": "https://news.example/keyed-rail",
        "title": "Rail plan",
        "paragraphs": [f"Ministers agreed to {QUOTE} by 2030.", "Unions welcomed the plan."],
        "facts": {
            "commitments": [
                {
                    "actor": {"name": "Ministers"},
                    "metric": "rail spending",
                    "amount": {"value": 4e9, "currency": "EUR"},
                    "citations": [{"paragraph_index": 0, "quote": QUOTE}],
                }
            ]
        },
    }
    with FactstoreClient(keyed_server.url, ADMIN_KEY) as fs:
        result = fs.post_article(body, extract=False)
    return {"article": result.article, "commitment": result.facts.commitments[0]}


def test_a_person_signs_in_browses_and_signs_out(
    keyed_server: LiveServer,
    reader_key: str,
    stored: dict[str, Any],
    browser: BrowserContext,  # noqa: F811 - after the server: it runs an event loop
) -> None:
    browser.clear_cookies()
    page = browser.new_page()
    article_id = stored["article"].id
    page.goto(f"{keyed_server.url}/articles/{article_id}")
    page.wait_for_url("**/sign-in?next=*")
    assert page.locator("input[type=password][name=key]").count() == 1

    page.fill("input[name=key]", "fs_not-a-key")
    page.click("form.sign-in button[type=submit]")
    assert "unknown or revoked" in page.locator("p.error").inner_text()
    _shot(page, "sign-in-refused")
    assert browser.cookies() == []

    page.fill("input[name=key]", reader_key)
    page.click("form.sign-in button[type=submit]")
    page.wait_for_url(f"**/articles/{article_id}")
    assert page.locator("article h1").inner_text() == "Rail plan"
    (cookie,) = browser.cookies()
    assert cookie["name"] == "factstore_session"
    assert cookie["httpOnly"] is True and cookie["sameSite"] == "Strict"
    assert reader_key not in cookie["value"]
    assert page.evaluate("document.cookie") == ""  # no script can read the session
    assert reader_key not in page.url

    page.goto(f"{keyed_server.url}/commitments")
    assert (
        page.locator(
            f'a.quote[href="/articles/{article_id}#commitment-{stored["commitment"].id}"]'
        ).count()
        == 1
    )

    page.click("form.sign-out button[type=submit]")
    page.wait_for_url("**/sign-in")
    assert browser.cookies() == []
    page.goto(f"{keyed_server.url}/commitments")
    page.wait_for_url("**/sign-in?next=*")
    page.close()
