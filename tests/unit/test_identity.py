"""Story identity: URL normalisation and content hashes."""

from __future__ import annotations

import hashlib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.articles import identity
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


_PIECES = ["", "/", "//", "a", "News", "7", ".", "-", "é", "%20", ";", " ", "\t", "\x00"]
_PATHS = st.lists(st.sampled_from(_PIECES), max_size=6).map("".join)
# Mostly plain URLs, some with one thing that makes them not plain.
_PLAIN = st.builds(
    "{}{}{}{}".format,
    st.sampled_from(["http://", "https://"]),
    st.sampled_from(["example.com", "ex-ample.co.uk", "7.a"]),
    st.one_of(_PATHS, _PATHS.map("/".__add__)),
    st.sampled_from(["", "", "", "#top", "?id=1", " ", "\t", "\n", ":8080", "@x"]),
)
_ANY = st.builds(
    "{}{}{}{}{}{}".format,
    st.sampled_from(["http://", "https://", "HTTPS://", "ftp://", " https://", ""]),
    st.sampled_from(
        ["example.com", "www.Example.com", "ex-ample.co.uk", "", "user@a.com", "[::1]"]
    ),
    st.sampled_from(["", ":443", ":80", ":8080", ":"]),
    _PATHS,
    st.sampled_from(["", "?", "?id=1", "?utm_source=x&b=2&a=1"]),
    st.sampled_from(["", "#", "#top", " ", "\n"]),
)


@settings(max_examples=400)
@given(st.one_of(_PLAIN, _ANY))
def test_plain_urls_normalise_as_the_full_parse_does(url: str) -> None:
    # Plain URLs skip the parse; whatever the URL, the result is the parse's.
    try:
        expected = identity._parsed_url(url)
    except ValueError:  # an unbalanced `[` is no URL: the plain form never matches it
        assert identity._PLAIN_URL.fullmatch(url) is None
        return
    assert normalise_url(url) == expected


def test_content_hash_is_the_sha256_of_its_compact_json() -> None:
    # Stored hashes must stay what they were, or every unchanged re-post is a revision.
    raw = json.dumps(["T", "", ["p1 é", "p2"]], ensure_ascii=False, separators=(",", ":"))
    assert content_hash("T", None, ["p1  é", "p2"]) == hashlib.sha256(raw.encode()).hexdigest()


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
