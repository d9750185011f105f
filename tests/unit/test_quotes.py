"""Locating a client's quote in its paragraph."""

from __future__ import annotations

import pytest

from app.text.quotes import locate_quote

PARAGRAPH = "He called Trump\u2019s role that of a \u201cdaddy\u201d\u2014a  comment well received."


def _span(quote: str) -> str | None:
    found = locate_quote(PARAGRAPH, quote)
    return None if found is None else PARAGRAPH[found[0] : found[1]]


def test_exact_match() -> None:
    assert locate_quote("abc def abc", "abc") == (0, 3)
    assert locate_quote("abc def abc", "def") == (4, 7)


def test_surrounding_whitespace_of_the_quote_is_ignored() -> None:
    assert locate_quote("abc def", "  def\n") == (4, 7)


def test_ascii_quotes_match_typographic_ones_and_return_the_paragraph_text() -> None:
    assert (
        _span('Trump\'s role that of a "daddy"') == "Trump\u2019s role that of a \u201cdaddy\u201d"
    )


def test_hyphen_matches_em_dash_and_whitespace_runs_match_one_space() -> None:
    assert _span('"daddy"-a comment') == "\u201cdaddy\u201d\u2014a  comment"
    assert _span("role   that\nof") == "role that of"


def test_case_insensitive_fallback() -> None:
    assert _span("WELL RECEIVED") == "well received"


def test_not_found() -> None:
    assert locate_quote(PARAGRAPH, "Putin") is None
    assert locate_quote(PARAGRAPH, "   ") is None


@pytest.mark.parametrize("quote", ["He", "received.", "a  comment", "\u201cdaddy\u201d"])
def test_span_is_always_the_paragraph_text(quote: str) -> None:
    found = locate_quote(PARAGRAPH, quote)
    assert found is not None
    start, end = found
    assert PARAGRAPH[start:end] == quote


def test_a_decomposed_quote_finds_its_composed_text() -> None:
    paragraph = "Jos\u00e9 said no."  # stored paragraphs are NFC
    assert locate_quote(paragraph, "Jose\u0301") == (0, 4)
    assert locate_quote(paragraph, "jose\u0301 SAID") == (0, 9)
