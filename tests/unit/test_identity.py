"""Story identity: URL normalisation and content hashes."""

from __future__ import annotations

import pytest

from app.articles.identity import content_hash, normalise_url, story_key


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("HTTPS://Example.COM/a/b/", "https://example.com/a/b"),
        ("https://example.com:443/a", "https://example.com/a"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("http://example.com:8080/a", "http://example.com:8080/a"),
        ("https://example.com/a#section-2", "https://example.com/a"),
        ("https://example.com", "https://example.com/"),
        ("https://example.com/a?b=2&a=1", "https://example.com/a?a=1&b=2"),
        (
            "https://example.com/a?utm_source=x&id=7&fbclid=y&gclid=z&UTM_medium=m",
            "https://example.com/a?id=7",
        ),
        ("  https://example.com/a  ", "https://example.com/a"),
    ],
)
def test_normalise_url(url: str, expected: str) -> None:
    assert normalise_url(url) == expected


def test_path_case_and_meaningful_query_are_kept() -> None:
    assert normalise_url("https://example.com/News?id=1") != normalise_url(
        "https://example.com/news?id=1"
    )
    assert normalise_url("https://example.com/a?id=1") != normalise_url(
        "https://example.com/a?id=2"
    )


def test_story_key_prefers_url_else_text() -> None:
    assert story_key("https://Example.com/a/", ["x"]) == story_key("https://example.com/a", ["y"])
    assert story_key(None, ["a  b"]) == story_key(None, ["a b"])
    assert story_key(None, ["a"]) != story_key(None, ["b"])
    assert story_key(None, ["a"]).startswith("text:")


def test_content_hash_ignores_whitespace_but_sees_every_part() -> None:
    base = content_hash("T", "S", ["p1", "p2"])
    assert content_hash(" T ", "S", ["p1 ", "p2"]) == base
    assert content_hash("T2", "S", ["p1", "p2"]) != base
    assert content_hash("T", None, ["p1", "p2"]) != base
    assert content_hash("T", "S", ["p2", "p1"]) != base
    assert content_hash("T", "S", ["p1p2"]) != base
