"""The fact explorer end to end: headless Chromium (Debian's, driven by Playwright)
against a real `factstore serve`.  Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from app.client import FactstoreClient
from tests.fixtures.app import ADMIN_KEY
from tests.users.conftest import ARTIFACTS, LiveServer

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page

# Debian's Chromium by default; FACTSTORE_TEST_CHROMIUM names another binary, or
# `playwright` for the browser `playwright install chromium` downloads.
CHROMIUM_SETTING = os.environ.get("FACTSTORE_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM = None if CHROMIUM_SETTING == "playwright" else Path(CHROMIUM_SETTING)
SCREENSHOTS = ARTIFACTS / "screenshots"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Flags and emoji before the quote: code-point offsets differ from UTF-16 ones here.
OPENING = "🇪🇺🇪🇺 Leaders — “we agreed” — will raise defense spending to 3.5% of GDP by 2035."
COMMITMENT_QUOTE = "raise defense spending to 3.5% of GDP"
MEETING = "Ursula von der Leyen met Mark Rutte in The Hague <b>on Tuesday</b>."


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[BrowserContext]:
    if CHROMIUM is not None and not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install it (Debian/Ubuntu: apt install chromium), or"
            " set FACTSTORE_TEST_CHROMIUM to a Chromium binary, or to 'playwright' after"
            " `playwright install chromium` (see the README's Quickstart)"
        )
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install playwright)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM) if CHROMIUM is not None else None,
            headless=True,
            args=CHROMIUM_ARGS,
            viewport={"width": 1280, "height": 900},
        )
        yield context
        context.close()


@pytest.fixture(scope="module")
def story(live_server: LiveServer) -> dict[str, Any]:
    token = uuid.uuid4().hex[:8]
    body = {
        "url": f"https://news.example/summit-{token}",
        "title": f"Summit {token} <script>document.title='owned'</script>",
        "source": "Example News",
        "published_at": "2025-06-25T09:00:00Z",
        "paragraphs": [OPENING, MEETING],
        "facts": {
            "entities": [
                {
                    "name": f"Ursula von der Leyen {token}",
                    "type": "person",
                    "mentions": [{"paragraph_index": 1, "quote": "Ursula von der Leyen"}],
                }
            ],
            "events": [
                {
                    "type": "meeting",
                    "summary": "Von der Leyen met Rutte",
                    "date": {"value": "2025-06-24", "precision": "day"},
                    "participants": [{"name": f"Ursula von der Leyen {token}", "role": "guest"}],
                    "citations": [{"paragraph_index": 1, "quote": "met Mark Rutte in The Hague"}],
                }
            ],
            "commitments": [
                {
                    "actor": {"name": f"Ursula von der Leyen {token}"},
                    "metric": "defense spending",
                    "share_of_gdp": {"to": 3.5},
                    "target_year": 2035,
                    "citations": [{"paragraph_index": 0, "quote": COMMITMENT_QUOTE}],
                }
            ],
        },
    }
    with FactstoreClient(live_server.url, ADMIN_KEY) as fs:
        stored = fs.post_article(body, extract=False)
    return {"token": token, "article": stored.article, "facts": stored.facts}


def _shot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_clicking_a_commitment_highlights_its_quote(
    browser: BrowserContext, live_server: LiveServer, story: dict[str, Any]
) -> None:
    page = browser.new_page()
    commitment = story["facts"].commitments[0]
    article_id = story["article"].id
    page.goto(f"{live_server.url}/commitments")
    link = page.locator(f'a.quote[href="/articles/{article_id}#commitment-{commitment.id}"]')
    assert link.inner_text() == f"“{COMMITMENT_QUOTE}”"
    _shot(page, "commitments")
    link.click()
    page.wait_for_url(f"**/articles/{article_id}#commitment-{commitment.id}")
    mark = page.locator(f"#p-{commitment.citations[0].paragraph_id} mark")
    mark.wait_for()
    assert mark.inner_text() == commitment.citations[0].quote == COMMITMENT_QUOTE
    # The paragraph still reads exactly as stored around the highlight.
    paragraph = page.locator(f"#p-{commitment.citations[0].paragraph_id}")
    assert paragraph.inner_text() == OPENING
    _shot(page, "article-commitment-highlighted")

    # Choosing another fact moves the highlight; only one quote is marked at a time.
    event = story["facts"].events[0]
    page.locator(f'button.cite[data-fact="event-{event.id}"]').click()
    marks = page.locator("mark")
    assert marks.count() == 1
    assert marks.inner_text() == event.citations[0].quote == "met Mark Rutte in The Hague"
    assert page.locator(f"#p-{event.citations[0].paragraph_id}").inner_text() == MEETING
    page.close()


def test_article_text_is_shown_as_text(
    browser: BrowserContext, live_server: LiveServer, story: dict[str, Any]
) -> None:
    page = browser.new_page()
    page.goto(f"{live_server.url}/articles/{story['article'].id}")
    heading = page.locator("article h1")
    assert heading.inner_text() == story["article"].title  # the <script> tag as plain text
    assert page.locator("article script, article b").count() == 0
    assert page.title().startswith(f"Summit {story['token']}")  # the script never ran
    page.close()


def test_search_then_entity_timeline(
    browser: BrowserContext, live_server: LiveServer, story: dict[str, Any]
) -> None:
    page = browser.new_page()
    page.goto(live_server.url)
    page.fill("input[name=q]", f"Ursula {story['token']}")
    page.press("input[name=q]", "Enter")
    page.wait_for_url("**/?q=*")
    entity_link = page.get_by_role("link", name=f"Ursula von der Leyen {story['token']}")
    assert entity_link.count() == 1
    page.goto(f"{live_server.url}/?q=Hague")
    snippet_mark = page.locator(".snippet mark").first
    assert snippet_mark.inner_text() == "Hague"
    _shot(page, "search")

    page.goto(f"{live_server.url}/?q=Ursula+{story['token']}")
    page.get_by_role("link", name=f"Ursula von der Leyen {story['token']}").click()
    rows = page.locator("table.timeline tbody tr")
    assert rows.count() == 2
    assert [rows.nth(i).locator("td").first.inner_text() for i in range(2)] == [
        "2025-06-24",
        "2035",
    ]
    assert "3.5% of GDP" in rows.nth(1).inner_text()
    _shot(page, "entity")
    page.close()


def test_a_malformed_fragment_leaves_highlighting_working(
    browser: BrowserContext, live_server: LiveServer, story: dict[str, Any]
) -> None:
    """A hand-edited link (`#%E0%A4%A`) must not stop the page's script."""
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    commitment = story["facts"].commitments[0]
    page.goto(f"{live_server.url}/articles/{story['article'].id}#%E0%A4%A")
    page.wait_for_load_state("load")
    assert page.locator("mark").count() == 0
    # Following a link to a fact on the same page still highlights it.
    page.evaluate(f"location.hash = '#commitment-{commitment.id}'")
    mark = page.locator(f"#p-{commitment.citations[0].paragraph_id} mark")
    mark.wait_for(timeout=5000)
    assert mark.inner_text() == COMMITMENT_QUOTE
    assert errors == []
    page.close()
