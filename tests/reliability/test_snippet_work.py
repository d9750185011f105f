"""Search snippets cost in proportion to their paragraph, whatever it holds, and a
page of long paragraphs is snippeted off the event loop.

A paragraph `"Budget <b" + " zq" * 8000` once made `GET /v1/search?q=zq` take
seconds, holding the event loop: for each of the 8,000 matches the HTML-tag pattern
was run from the unclosed `<` to the end of the text.  An e-mail-like run did the
same with the token pattern.  Work is measured here by how much text each regular
expression is given, not by time (`bench/snippets_bench.py` times it).
"""

from __future__ import annotations

import re
import sys
import threading
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from app.search import endpoints as search_endpoints
from app.search import snippets
from tests.api.support import PostArticle

# PostgreSQL indexes no word of 2,048 characters or more: no look at a candidate
# needs more text than that.
WINDOW = 2048

# Each paragraph, and whether PostgreSQL finds the word `zq` in it (in `zq.x` it
# finds the host name `zq.x` only).
HOSTILE = {
    "unclosed tag": ("Budget <b" + " zq" * 8000, True),
    "e-mail-like run": ("a" + "+zq.x" * 5000, False),
    "unclosed tag and e-mail-like run": ("<a " + "zq.x+zq " * 3000, True),
}


class _Counting:
    """A compiled pattern that notes how many characters each call may look at."""

    def __init__(self, pattern: re.Pattern[str], seen: list[int]) -> None:
        self._pattern = pattern
        self._seen = seen

    def _note(self, text: str, pos: int, endpos: int) -> None:
        self._seen.append(min(endpos, len(text)) - pos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._note(text, pos, endpos)
        return self._pattern.match(text, pos, endpos)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._note(text, pos, endpos)
        return self._pattern.search(text, pos, endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Any:
        self._note(text, pos, endpos)
        return self._pattern.fullmatch(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[Any]:
        self._note(text, pos, endpos)
        return self._pattern.finditer(text, pos, endpos)


@pytest.fixture
def regex_windows(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The windows (in characters) every module-level pattern of the snippets is given."""
    seen: list[int] = []
    for name, value in vars(snippets).items():
        if isinstance(value, re.Pattern):
            monkeypatch.setattr(snippets, name, _Counting(value, seen))
    return seen


@pytest.mark.parametrize(("text", "marked"), HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_paragraph_is_snippeted_in_bounded_windows(
    regex_windows: list[int], text: str, marked: bool
) -> None:
    got = snippets.snippet(text, frozenset({"zq"}))
    # The snippet is made: a window of the paragraph, its matches marked.
    assert (got.count("<mark>zq</mark>") >= 20) is marked
    assert len(re.sub(r"</?mark>", "", got)) <= 2 * snippets.MAX_CHARS
    # Thousands of candidates were looked at, each within a bounded window; at most
    # a couple of passes over the whole text (such as finding e-mail-like runs once).
    assert len(regex_windows) > 1000
    whole_text = [w for w in regex_windows if w > WINDOW]
    assert len(whole_text) <= 2, sorted(whole_text)[-5:]


def test_long_words_and_runs_are_not_marked() -> None:
    """Longer than PostgreSQL indexes, so never a match (and never scanned whole)."""
    long_word = "zq" + "x" * 3000
    assert "<mark>" not in snippets.snippet(f"Budget {long_word} rose", frozenset({long_word}))
    dotted = "zq." + ".".join(["ab"] * 1500)
    assert "<mark>" not in snippets.snippet(f"See {dotted} now", frozenset({dotted}))


async def test_a_page_of_long_paragraphs_is_snippeted_off_the_event_loop(
    client: httpx.AsyncClient, post_article: PostArticle, monkeypatch: pytest.MonkeyPatch
) -> None:
    await post_article({"paragraphs": [HOSTILE["unclosed tag"][0], "A short zq paragraph."]})
    threads: list[int] = []
    make: Callable[..., list[str]] = snippets.snippets

    def noting_thread(*args: Any) -> list[str]:
        threads.append(threading.get_ident())
        return make(*args)

    monkeypatch.setattr(search_endpoints, "snippets", noting_thread)
    loop_thread = threading.get_ident()
    response = await client.get("/v1/search", params={"q": "zq"})
    assert response.status_code == 200, response.text
    hits = response.json()["items"]
    assert len(hits) == 2
    assert all("<mark>zq</mark>" in hit["snippet"] for hit in hits)
    assert threads and loop_thread not in threads
    # A page of short paragraphs is cheap: made on the loop, no hand-over.
    threads.clear()
    short = await client.get("/v1/search", params={"q": "short"})
    assert short.status_code == 200
    assert threads == [loop_thread]
