"""The Prometheus metrics factstore exports at `/metrics`.

They live in the process-wide default registry: one process serves one app, and
tests read deltas.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

from prometheus_client import Counter, Histogram

from app.extract.types import Facts

S = TypeVar("S")

REQUEST_SECONDS = Histogram(
    "factstore_http_request_duration_seconds",
    "Time to answer an HTTP request, by route template, method and status.",
    ["method", "route", "status"],
)
INGESTED_ARTICLES = Counter(
    "factstore_ingested_articles_total",
    "Articles posted, by outcome: new, revised, unchanged or rejected.",
    ["outcome"],
)
EXTRACTED_FACTS = Counter(
    "factstore_extracted_facts_total",
    "Facts found by the built-in extractor, by kind.",
    ["kind"],
)
EXTRACTION_SECONDS = Histogram(
    "factstore_extraction_duration_seconds",
    "Time the built-in extractor takes for one article.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)


def ingest_outcome(status: int, revision: int | None) -> str:
    """The outcome label of one posted article from its answer's status and revision."""
    if status >= 400:
        return "rejected"
    if status == 200:
        return "unchanged"
    return "revised" if (revision or 1) > 1 else "new"


def record_ingest(status: int, revision: int | None) -> None:
    INGESTED_ARTICLES.labels(ingest_outcome(status, revision)).inc()


def observed_extraction(
    extract_many: Callable[[S, Sequence[Any]], Awaitable[list[Facts]]],
) -> Callable[[S, Sequence[Any]], Awaitable[list[Facts]]]:
    """Time an `extract_many` (a batch's time shared evenly among its articles) and
    count the facts it finds by kind."""

    @functools.wraps(extract_many)
    async def observed(self: S, docs: Sequence[Any]) -> list[Facts]:
        started = time.perf_counter()
        results = await extract_many(self, docs)
        if docs:
            per_article = (time.perf_counter() - started) / len(docs)
            for _ in docs:
                EXTRACTION_SECONDS.observe(per_article)
        for facts in results:
            EXTRACTED_FACTS.labels("entity").inc(len(facts.entities))
            EXTRACTED_FACTS.labels("event").inc(len(facts.events))
            EXTRACTED_FACTS.labels("commitment").inc(len(facts.commitments))
        return results

    return observed
