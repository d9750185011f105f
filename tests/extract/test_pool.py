"""The extractor pool (a process per core) extracts what the extractor does in process."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

import pytest

from app.articles.extraction import ExtractorPool, _shares
from app.extract import Document, get_extractor
from app.extract.types import Facts

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


@pytest.mark.slow  # a process pool, a model load in each process
async def test_single_articles_posted_together_are_extracted_as_alone() -> None:
    pool = ExtractorPool("en_core_web_sm", 1)
    try:
        got = await asyncio.gather(*(pool.extract_one(doc) for doc in DOCS * 2))
    finally:
        pool.shutdown()
    assert got == [get_extractor().extract(doc) for doc in DOCS * 2]


async def _settle() -> None:
    """Let every task that can run, run (submit, start its call) before going on."""
    for _ in range(5):
        await asyncio.sleep(0)


class _CountingPool(ExtractorPool):
    """The grouping logic with a stand-in for the processes: fails any call with a
    document whose first paragraph says "boom"."""

    def __init__(self, workers: int) -> None:
        super().__init__("en_core_web_sm", workers)
        self.calls: list[int] = []
        self.release = asyncio.Event()

    async def extract_together(self, docs: Sequence[Document]) -> list[Facts]:
        self.calls.append(len(docs))
        await self.release.wait()
        if any(d.paragraphs[0][1] == "boom" for d in docs):
            raise RuntimeError("the extractor failed")
        return [Facts(entities=[], events=[], commitments=[]) for _ in docs]


async def test_articles_arriving_while_processes_are_busy_go_together() -> None:
    pool = _CountingPool(workers=2)
    try:
        tasks = [asyncio.create_task(pool.extract_one(DOCS[i % 3])) for i in range(7)]
        await _settle()
        assert pool.calls == [1, 1]  # one call per process; the other five wait
        pool.release.set()
        results = await asyncio.gather(*tasks)
    finally:
        pool.shutdown()
    assert len(results) == 7
    assert sorted(pool.calls) == [1, 1, 5]


async def test_one_failing_article_does_not_fail_those_grouped_with_it() -> None:
    pool = _CountingPool(workers=1)
    boom = Document(paragraphs=[(0, "boom")])
    try:
        first = asyncio.create_task(pool.extract_one(DOCS[0]))
        await _settle()
        grouped = [asyncio.create_task(pool.extract_one(d)) for d in (DOCS[1], boom, DOCS[2])]
        await _settle()
        pool.release.set()
        outcomes = await asyncio.gather(first, *grouped, return_exceptions=True)
    finally:
        pool.shutdown()
    assert [isinstance(o, Facts) for o in outcomes] == [True, True, False, True]
    assert isinstance(outcomes[2], RuntimeError)


async def test_a_cancelled_request_leaves_the_group() -> None:
    pool = _CountingPool(workers=1)
    try:
        first = asyncio.create_task(pool.extract_one(DOCS[0]))
        await _settle()
        gone = asyncio.create_task(pool.extract_one(DOCS[1]))
        kept = asyncio.create_task(pool.extract_one(DOCS[2]))
        await _settle()
        gone.cancel()
        pool.release.set()
        await asyncio.gather(first, kept)
    finally:
        pool.shutdown()
    assert gone.cancelled()
    assert pool.calls == [1, 1]
