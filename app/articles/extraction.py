"""Run the built-in extractor in a pool of processes, off the event loop.

Parsing is CPU-bound and holds the GIL, so threads cannot use a second core:
`ExtractorPool` keeps one process per core (`FACTSTORE_EXTRACT_WORKERS`), each
loading the spaCy model once, in its initializer.  A batch of documents is split
into one contiguous share per process and parsed there with `extract_many`
(batched `nlp.pipe`).  With 0 workers the extractor runs in a thread of this
process instead (tests, and machines with one core to spare).

Single articles (one per request) are grouped: at most one call per process is in
flight, and the articles that arrive while every process is busy go to the next
free one together, in one call.  Parsing and the hop to the process cost less per
article in a batch than one by one, and an article waits no longer than it would
in the executor's own queue (`bench/single_post_bench.py` measures it).
"""

from __future__ import annotations

import asyncio
import ctypes
import os
import weakref
from collections import deque
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

import anyio.to_thread

from app.articles.parsing import ParsedArticle
from app.core.config import Settings
from app.core.errors import TooLargeToExtract
from app.core.heap import freeze_startup_objects
from app.extract import EXTRACTOR_NAME, EXTRACTOR_VERSION, Document, get_extractor
from app.extract.types import Facts
from app.facts.schemas import Provenance
from app.observability.metrics import observed_extraction

PROVENANCE = Provenance(
    origin="extractor", extractor=EXTRACTOR_NAME, extractor_version=EXTRACTOR_VERSION
)


def document_of(parsed: ParsedArticle) -> Document:
    """Unique body paragraphs only: repeated ones would yield duplicate facts."""
    unique = [(i, p) for i, p in enumerate(parsed.paragraphs) if p.duplicate_of is None]
    return Document(
        paragraphs=[(i, p.text) for i, p in unique],
        published_at=parsed.published_at,
        title=parsed.title,
        headings=frozenset(i for i, p in unique if p.kind == "heading"),
    )


_worker_model = "en_core_web_sm"

# glibc's mallopt parameters, and the largest value it takes for the mmap threshold.
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
_KEPT_BYTES = 32 << 20


def _keep_freed_memory() -> None:
    """Keep freed memory in the worker instead of handing it back to the kernel.

    By default glibc unmaps large freed blocks (the parser's arrays) at once and
    trims the heap, so every batch faults the same pages in again, which a worker
    pays in system time.  A worker's working set is steady, so it is kept.
    A no-op where the C library is not glibc.
    """
    try:
        libc = ctypes.CDLL("libc.so.6")
        libc.mallopt(_M_TRIM_THRESHOLD, _KEPT_BYTES)
        libc.mallopt(_M_MMAP_THRESHOLD, _KEPT_BYTES)
    except (OSError, AttributeError):
        return


def _load(model: str) -> None:
    """Process initializer: tune the allocator, load the model before the first task."""
    global _worker_model
    _worker_model = model
    _keep_freed_memory()
    get_extractor(model)
    freeze_startup_objects()


def _extract(docs: Sequence[Document]) -> list[Facts]:
    return get_extractor(_worker_model).extract_many(docs)


def _shares(docs: Sequence[Document], parts: int) -> list[Sequence[Document]]:
    """Contiguous shares of about equal paragraph counts (order is kept)."""
    total = sum(len(d.paragraphs) for d in docs)
    shares: list[Sequence[Document]] = []
    start, seen = 0, 0
    for i, doc in enumerate(docs):
        seen += len(doc.paragraphs)
        if seen * parts >= total * (len(shares) + 1) and len(shares) < parts - 1:
            shares.append(docs[start : i + 1])
            start = i + 1
    shares.append(docs[start:])
    return [s for s in shares if s]


# The most articles, and characters, one grouped call carries: enough to take the
# batching gain, few enough that an article never waits behind a long queue.
_GROUP_ARTICLES = 8


class _Grouper:
    """Single articles waiting for an extractor process, and the calls in flight.

    One per event loop: its futures belong to that loop.
    """

    def __init__(self, pool: ExtractorPool) -> None:
        self.pool = pool
        self.waiting: deque[tuple[Document, asyncio.Future[Facts]]] = deque()
        self.in_flight = 0
        self.tasks: set[asyncio.Task[None]] = set()

    def submit(self, doc: Document) -> asyncio.Future[Facts]:
        future: asyncio.Future[Facts] = asyncio.get_running_loop().create_future()
        self.waiting.append((doc, future))
        self._dispatch()
        return future

    def _dispatch(self) -> None:
        while self.waiting and self.in_flight < self.pool.workers:
            group = self._take()
            if not group:
                continue
            self.in_flight += 1
            task = asyncio.get_running_loop().create_task(self._run(group))
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)

    def _take(self) -> list[tuple[Document, asyncio.Future[Facts]]]:
        group: list[tuple[Document, asyncio.Future[Facts]]] = []
        chars = 0
        limit = self.pool.group_chars
        while self.waiting and len(group) < _GROUP_ARTICLES:
            doc, future = self.waiting[0]
            if future.done():  # its request was cancelled while it waited
                self.waiting.popleft()
                continue
            size = sum(len(text) for _, text in doc.paragraphs)
            if group and chars + size > limit:
                break
            self.waiting.popleft()
            group.append((doc, future))
            chars += size
        return group

    async def _run(self, group: list[tuple[Document, asyncio.Future[Facts]]]) -> None:
        try:
            try:
                results = await self.pool.extract_together([doc for doc, _ in group])
                outcomes: list[Facts | BaseException] = list(results)
            except Exception as exc:
                if len(group) == 1:
                    outcomes = [exc]
                else:
                    # One article's failure must not fail the others grouped with it.
                    outcomes = []
                    for doc, _ in group:
                        try:
                            outcomes.append((await self.pool.extract_together([doc]))[0])
                        except Exception as one:
                            outcomes.append(one)
            for (_, future), outcome in zip(group, outcomes, strict=True):
                if future.done():
                    continue
                if isinstance(outcome, BaseException):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
        except BaseException as exc:
            for _, future in group:
                if not future.done():
                    future.set_exception(exc)
            raise
        finally:
            self.in_flight -= 1
            self._dispatch()


class ExtractorPool:
    def __init__(self, model: str, workers: int, group_chars: int = 100_000) -> None:
        self.model = model
        self.workers = workers
        self.group_chars = group_chars
        self._groupers: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Grouper] = (
            weakref.WeakKeyDictionary()
        )
        self._executor = (
            ProcessPoolExecutor(
                workers, mp_context=get_context("spawn"), initializer=_load, initargs=(model,)
            )
            if workers
            else None
        )

    def warm_up(self) -> None:
        """Load the model now: in every process (not waiting for them), or here."""
        if self._executor is None:
            get_extractor(self.model)
            return
        for _ in range(self.workers):
            self._executor.submit(_extract, [])

    @observed_extraction
    async def extract_many(self, docs: Sequence[Document]) -> list[Facts]:
        if not docs:
            return []
        if self._executor is None:
            extractor = await anyio.to_thread.run_sync(get_extractor, self.model)
            return await anyio.to_thread.run_sync(extractor.extract_many, docs)
        loop = asyncio.get_running_loop()
        results = await asyncio.gather(
            *(
                loop.run_in_executor(self._executor, _extract, share)
                for share in _shares(docs, self.workers)
            )
        )
        return [facts for share in results for facts in share]

    @observed_extraction
    async def extract_together(self, docs: Sequence[Document]) -> list[Facts]:
        """Extract `docs` in one call to one process (a grouped call)."""
        if self._executor is None:
            return await self.extract_many(docs)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, _extract, docs)

    async def extract_one(self, doc: Document) -> Facts:
        """Extract one article, grouped with the others waiting for a process."""
        if self._executor is None:
            (facts,) = await self.extract_many([doc])
            return facts
        loop = asyncio.get_running_loop()
        grouper = self._groupers.get(loop)
        if grouper is None:
            grouper = self._groupers[loop] = _Grouper(self)
        future = grouper.submit(doc)
        try:
            return await asyncio.shield(future)
        except asyncio.CancelledError:
            future.cancel()
            raise

    def shutdown(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)


_pools: dict[tuple[str, int], ExtractorPool] = {}


def get_pool(settings: Settings) -> ExtractorPool:
    """The process-wide pool for the settings' model and worker count."""
    workers = settings.extract_workers
    if workers is None:
        workers = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 1
    key = (settings.spacy_model, workers)
    if key not in _pools:
        _pools[key] = ExtractorPool(*key, group_chars=settings.max_extract_chars)
    return _pools[key]


def shutdown_pools() -> None:
    while _pools:
        _pools.popitem()[1].shutdown()


def extraction_size(parsed: ParsedArticle) -> int:
    """Characters the extractor would read: unique paragraphs and the title."""
    body = sum(len(p.text) for p in parsed.paragraphs if p.duplicate_of is None)
    return body + len(parsed.title or "")


def check_extraction_budget(parsed: ParsedArticle, settings: Settings) -> None:
    """Refuse to extract more than `FACTSTORE_MAX_EXTRACT_CHARS` characters in one go."""
    size = extraction_size(parsed)
    if size > settings.max_extract_chars:
        raise TooLargeToExtract(
            f"the article has {size} characters to extract; the extractor takes at most"
            f" {settings.max_extract_chars} an article (post it with extract=false, or split it)"
        )


async def extract_facts(parsed: ParsedArticle, settings: Settings) -> tuple[Facts, Provenance]:
    check_extraction_budget(parsed, settings)
    facts = await get_pool(settings).extract_one(document_of(parsed))
    return facts, PROVENANCE
