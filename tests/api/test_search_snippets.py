"""Search snippets mark the words PostgreSQL's own `ts_headline` marks.

The snippets are made in Python (`app.search.snippets`); these tests hold them to
PostgreSQL's full-text search on news text: the dev and hold-out articles and
the fixture articles, each paragraph searched with the words of another paragraph
(other forms of the same stems: spending / spends, cuts / cut) and with its own.
"""

from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.search.snippets import match_spans, query_lexemes
from tests.extract.helpers import news_paragraphs

_MARKED = re.compile(r"<mark>(.*?)</mark>")
_QUERY_WORD = re.compile(r"\d+(?:\.\d+)?|[^\W\d_]+")


# Spellings that news text is full of and a tokenizer can trip on.
_AWKWARD = [
    "The F-35 deal, worth $5bn (€4.6bn), was signed in mid-2030s talks; covid-19 cut it.",
    "O'Brien's U.S. visit: Zürich, İstanbul and São Paulo pledged 2.5% of GDP by 2035.",
    "Co-operation on e-mail (press@example.com) and www.example.org was dying.",
    "G7 ministers' 3,000-strong 'task-force' isn't lying: skies, spending, spends, spent.",
    # Text a hostile client may post: an unclosed tag before many words, e-mail-like runs.
    "Budget <b spending rose " + " spends" * 30 + " <i budget='x'>spending</i> cut",
    "a+cut.x+cut.x+spending.x+cut" + "+cut.x" * 20 + " cuts@budget.example spending",
]


def _paragraphs() -> list[str]:
    return news_paragraphs() + _AWKWARD


async def _postgres_marks(session: AsyncSession, body: str, query: str) -> tuple[list[str], str]:
    """The words `ts_headline` marks in all of `body`, and the query's `tsquery`."""
    row = (
        await session.execute(
            text(
                "SELECT ts_headline('english', :body, q, "
                "'HighlightAll=true, StartSel=<mark>, StopSel=</mark>'), q::text "
                "FROM websearch_to_tsquery('english', :query) AS q"
            ),
            {"body": body, "query": query},
        )
    ).one()
    return _MARKED.findall(row[0]), row[1]


async def test_snippets_mark_what_postgres_marks_in_news_text(session: AsyncSession) -> None:
    paragraphs = _paragraphs()
    assert len(paragraphs) > 60
    compared = marked = 0
    for i, body in enumerate(paragraphs):
        other = paragraphs[(i + 1) % len(paragraphs)]
        for source in (other, body):
            query = " or ".join(dict.fromkeys(_QUERY_WORD.findall(source)))
            expected, tsquery = await _postgres_marks(session, body, query)
            ours = [body[a:b] for a, b in match_spans(body, query_lexemes(tsquery))]
            assert ours == expected, (body, query)
            compared += 1
            marked += len(expected)
    # The comparison is not empty: both texts and marks were many.
    assert compared == 2 * len(paragraphs)
    assert marked > 3 * len(paragraphs)


_HYPHENATED = re.compile(r"[^\W_]+(?:-[^\W_]+)+")


async def test_hyphenated_words_searched_as_typed_mark_what_postgres_marks(
    session: AsyncSession,
) -> None:
    """`IRIS-T` is indexed whole and by its parts; PostgreSQL marks the parts only."""
    paragraphs = [body for body in _paragraphs() if _HYPHENATED.search(body)]
    assert len(paragraphs) > 5
    marked = 0
    for body in paragraphs:
        for word in dict.fromkeys(_HYPHENATED.findall(body)):
            expected, tsquery = await _postgres_marks(session, body, word)
            ours = [body[a:b] for a, b in match_spans(body, query_lexemes(tsquery))]
            assert ours == expected, (body, word, tsquery)
            marked += len(expected)
    assert marked > len(paragraphs)
