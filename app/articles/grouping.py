"""Group commit: concurrent single posts written together, as a bulk batch is.

A post's write costs some 45 statements whatever its size (stories, revisions,
paragraphs, entity resolution, facts, claims), and most of that is per statement,
not per row.  `GroupWriter` collects the posts whose extraction is done while a
group is being written, and writes them as the next group: new stories in one
transaction with one statement per table (`write_new_stories`, the bulk path),
the others (a new revision, a story repeated within the group) each in a
transaction of its own (`write_article`).  A lone new story takes the bulk path
too (a group of one: nothing waits for company).

Each post still keeps every guarantee of its own transaction: its article and all
its facts commit together (a group's transaction holds whole articles); a group
that fails in the database (a story stored meanwhile by another writer breaks the
unique story key, or any other error) is rolled back and its posts are written
one by one, so one post's failure is its own; one story stays one story
(`write_article` checks it under its lock); and a post's future resolves only
once its article is committed, so no client hears 201 for what was not stored.
Its answer is read in the transaction that wrote it, as it was before groups.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.articles.repository import ingested_document
from app.articles.service import (
    CACHED_PLANS,
    IngestOutcome,
    PreparedArticle,
    write_article,
    write_new_stories,
)
from app.core.errors import Conflict
from app.extract.types import Facts
from app.facts.schemas import Provenance

logger = logging.getLogger("factstore.grouping")

# A group's statements cost about the same whatever its size; the cap keeps one
# group's transaction (and its row locks) short.
MAX_GROUP = 32


@dataclass(frozen=True, slots=True)
class Written:
    """A post's outcome, with its answer: the `IngestedArticle` document as PostgreSQL
    rendered it, read in the transaction that wrote it, and the article's revision."""

    outcome: IngestOutcome
    document: str
    revision: int


@dataclass(slots=True)
class _Post:
    prepared: PreparedArticle
    batches: list[tuple[Facts, Provenance]]
    new_story: bool  # no story under its key at the look-up
    done: asyncio.Future[Written]


async def _read_back(session: AsyncSession, outcome: IngestOutcome) -> Written:
    found = await ingested_document(session, outcome.article_id)
    if found is None:  # the stored story it repeats was deleted since the look-up
        raise Conflict(f"article {outcome.article_id} was deleted meanwhile; retry")
    return Written(outcome, *found)


class GroupWriter:
    """Writes posts in groups, one group at a time, each in transactions of its own."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self.sessionmaker = sessionmaker
        self._waiting: list[_Post] = []
        self._drain: asyncio.Task[None] | None = None

    async def write(
        self,
        prepared: PreparedArticle,
        batches: list[tuple[Facts, Provenance]],
        *,
        new_story: bool,
    ) -> Written:
        """Store the article (committed) and return it as stored.  Cancelling the caller
        does not cancel the write: it is committed or not as if the caller had stayed."""
        post = _Post(prepared, batches, new_story, asyncio.get_running_loop().create_future())
        self._waiting.append(post)
        if self._drain is None:
            self._drain = asyncio.create_task(self._write_waiting())
        return await asyncio.shield(post.done)

    async def _write_waiting(self) -> None:
        try:
            while self._waiting:
                group, self._waiting = self._waiting[:MAX_GROUP], self._waiting[MAX_GROUP:]
                try:
                    await self._write_group(group)
                except BaseException as exc:  # never leave a post waiting for ever
                    for post in group:
                        if not post.done.done():
                            post.done.set_exception(exc)
                    if not isinstance(exc, Exception):
                        raise
        finally:
            self._drain = None
            if self._waiting:  # cancelled with posts still waiting: hand them on
                self._drain = asyncio.create_task(self._write_waiting())

    async def _write_group(self, group: Sequence[_Post]) -> None:
        first: dict[str, _Post] = {}
        for post in group:
            if post.new_story:
                first.setdefault(post.prepared.key, post)
        together = list(first.values())
        if together:
            try:
                async with self.sessionmaker() as session, session.begin():
                    # Posts' few rows each: see `service.CACHED_PLANS`.
                    await session.execute(CACHED_PLANS)
                    targets = await write_new_stories(
                        session, [(p.prepared, p.batches) for p in together]
                    )
                    written = [
                        await _read_back(session, IngestOutcome(t.article_id, created=True))
                        for t in targets
                    ]
            except Exception as exc:
                # Rolled back as a whole: each post gets its own transaction below.
                logger.info("group of %d written one by one: %s", len(together), type(exc).__name__)
            else:
                for post, one in zip(together, written, strict=True):
                    post.done.set_result(one)
        for post in group:
            if post.done.done():
                continue
            try:
                async with self.sessionmaker() as session, session.begin():
                    outcome = await write_article(session, post.prepared, post.batches)
                    one = await _read_back(session, outcome)
            except Exception as exc:
                post.done.set_exception(exc)
            else:
                post.done.set_result(one)
