"""The extractor pool (a process per core) extracts what the extractor does in process."""

from __future__ import annotations

import pytest

from app.articles.extraction import ExtractorPool, _shares
from app.extract import Document, get_extractor

DOCS = [
    Document(
        paragraphs=[(0, "NATO members agreed to raise defense spending to 5% of GDP by 2035.")]
    ),
    Document(paragraphs=[(0, "Mark Rutte met Donald Trump in The Hague."), (2, "Rutte spoke.")]),
    Document(paragraphs=[(1, "Germany pledged 2 billion euros for rail by 2030.")]),
]


def test_shares_keep_order_and_balance_paragraphs() -> None:
    docs = DOCS * 3
    shares = _shares(docs, 2)
    assert [d for share in shares for d in share] == docs
    assert len(shares) == 2
    assert _shares(DOCS[:1], 4) == [DOCS[:1]]


@pytest.mark.slow  # a process pool, a model load in each process
async def test_pool_matches_in_process_extraction() -> None:
    pool = ExtractorPool("en_core_web_sm", 1)
    try:
        got = await pool.extract_many(DOCS * 2)
    finally:
        pool.shutdown()
    assert got == get_extractor().extract_many(DOCS * 2)
