"""The set-based writers under ingestion: ids in row order, and errors as SQLAlchemy's."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError, IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import bulk_insert
from app.core.bulk_insert import (
    PendingRows,
    ReservedIds,
    _draw_statement,
    copy_rows,
    insert_ids,
    insert_rows,
)
from app.core.config import Settings
from app.core.errors import is_transient_database_error
from app.models import Article, ArticleRevision, Entity, Mention
from tests.api.support import plans_both_ways, session_of_a_killed_backend

DAY = datetime(2026, 1, 1, tzinfo=UTC)


async def _article(session: AsyncSession) -> int:
    (row,) = await insert_rows(
        session,
        Article,
        [
            {
                "story_key": "bulk-insert-test",
                "url": "https://example.org/bulk-insert",
                "title": "t",
                "source": "example.org",
                "language": "en",
                "dated_at": DAY,
                "content_hash": "h",
                "paragraph_count": 0,
            }
        ],
        returning=("id",),
    )
    return int(row.id)


async def test_insert_ids_returns_each_rows_id_in_row_order(session: AsyncSession) -> None:
    article_id = await _article(session)
    numbers = [3, 1, 2, 5, 4]
    ids = await insert_ids(
        session,
        ArticleRevision,
        [{"article_id": article_id, "number": n, "content_hash": f"h{n}"} for n in numbers],
    )
    assert len(set(ids)) == len(numbers)
    rows = await session.execute(select(ArticleRevision.id, ArticleRevision.number))
    stored = {row.id: row.number for row in rows}
    assert [stored[i] for i in ids] == numbers


async def test_ids_reserved_for_several_tables_at_once_are_the_ones_stored(
    session: AsyncSession,
) -> None:
    article_id = await _article(session)
    reserved = await ReservedIds.draw(session, {ArticleRevision: 3, Entity: 2})
    revisions = await insert_ids(
        session,
        ArticleRevision,
        [{"article_id": article_id, "number": n, "content_hash": "h"} for n in (1, 2)],
        reserved,
    )
    entities = await insert_ids(
        session, Entity, [{"norm": f"e{n}", "type": "other", "name": "E"} for n in (1, 2)], reserved
    )
    last = await insert_ids(
        session,
        ArticleRevision,
        [{"article_id": article_id, "number": 3, "content_hash": "h"}],
        reserved,
    )
    assert len(set(revisions + last)) == 3
    stored = {
        row.id: row.number
        for row in await session.execute(select(ArticleRevision.id, ArticleRevision.number))
    }
    assert [stored[i] for i in revisions + last] == [1, 2, 3]
    names = {row.id: row.norm for row in await session.execute(select(Entity.id, Entity.norm))}
    assert [names[i] for i in entities] == ["e1", "e2"]
    with pytest.raises(RuntimeError, match="reserved"):
        reserved.take("article_revisions", 1)  # all three handed out


async def test_drawing_ids_looks_each_sequence_up_once_not_once_per_id(
    session: AsyncSession,
) -> None:
    # Planned as one query, the sequence's look-up was pulled into the draw and run
    # for every id: a catalogue look-up per row of every bulk batch.
    params = {"t0": "articles", "n0": 3, "t1": "entities", "n1": 2}
    draw = _draw_statement(2)
    plans = await plans_both_ways(session, draw, params, explain="EXPLAIN (VERBOSE)")
    for mode, plan in plans.items():
        # Each look-up is a plan node of its own, run once, whose value the draws
        # take as a parameter (which EXPLAIN shows by its expression); pulled into
        # a draw, it appears only inside `nextval(...)`, evaluated per row.
        alone = [line for line in plan if line.strip().startswith("Output: (pg_get_serial")]
        assert len(alone) == 2, (mode, plan)
    ((articles, entities),) = (await session.execute(draw, params)).all()
    assert len(set(articles)) == 3 and len(set(entities)) == 2


async def test_a_copy_that_breaks_a_constraint_raises_an_integrity_error(
    session: AsyncSession,
) -> None:
    (entity_id,) = await insert_ids(session, Entity, [{"norm": "x", "type": "other", "name": "X"}])
    row = {
        "article_id": 10**12,
        "revision_id": 10**12,
        "origin": "client",
        "entity_id": entity_id,
        "article_dated_at": DAY,
        "paragraph_id": 10**12,
        "paragraph_index": 0,
        "start": 0,
        "end": 1,
        "quote": "X",
    }
    with pytest.raises(IntegrityError) as raised:
        await copy_rows(session, Mention, [row])
    assert getattr(raised.value.orig, "sqlstate", None) == "23503"  # foreign_key_violation


async def test_a_copy_on_a_lost_connection_is_a_transient_error(settings: Settings) -> None:
    async with session_of_a_killed_backend(settings) as session:
        with pytest.raises(DBAPIError) as raised:
            await copy_rows(session, Entity, [{"norm": "y", "type": "other", "name": "Y"}])
        assert raised.value.connection_invalidated
        assert is_transient_database_error(raised.value)  # answered 503, not 500


def _story(n: int) -> dict[str, object]:
    return {
        "story_key": f"pending-{n}",
        "url": f"https://example.org/pending/{n}",
        "title": f"t{n}",
        "source": "example.org",
        "language": "en",
        "dated_at": DAY,
        "content_hash": "h",
        "paragraph_count": 0,
    }


@pytest.fixture(params=["one statement", "a copy per table"])
def flush_way(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """How `PendingRows.flush` writes: its tables in one statement, or by COPY (as it
    does for many rows)."""
    if request.param == "a copy per table":
        monkeypatch.setattr(bulk_insert, "ONE_STATEMENT_ROWS", 0)
    return str(request.param)


@pytest.mark.usefixtures("flush_way")
async def test_held_rows_are_written_at_the_flush_each_referring_to_rows_held_with_it(
    session: AsyncSession,
) -> None:
    pending = PendingRows()
    reserved = await ReservedIds.draw(session, {Article: 2, ArticleRevision: 3})
    articles = await insert_ids(session, Article, [_story(1), _story(2)], reserved, pending)
    revisions = await insert_ids(
        session,
        ArticleRevision,
        [
            {"article_id": a, "number": n, "content_hash": f"h{n}"}
            for a, n in ((articles[0], 1), (articles[1], 1), (articles[0], 2))
        ],
        reserved,
        pending,
    )
    assert (await session.execute(select(Article.id))).all() == []  # held, not written
    await pending.flush(session)
    stored = {
        row.id: (row.article_id, row.number)
        for row in await session.execute(
            select(ArticleRevision.id, ArticleRevision.article_id, ArticleRevision.number)
        )
    }
    assert [stored[i] for i in revisions] == [(articles[0], 1), (articles[1], 1), (articles[0], 2)]
    keys = {
        row.id: row.story_key
        for row in await session.execute(select(Article.id, Article.story_key))
    }
    assert [keys[i] for i in articles] == ["pending-1", "pending-2"]
    await pending.flush(session)  # nothing held any more: nothing written twice
    assert len((await session.execute(select(ArticleRevision.id))).all()) == 3


@pytest.mark.usefixtures("flush_way")
async def test_a_flush_that_breaks_a_constraint_raises_an_integrity_error(
    session: AsyncSession,
) -> None:
    pending = PendingRows()
    await copy_rows(session, Article, [_story(3), _story(3)], pending)  # one story key twice
    with pytest.raises(IntegrityError) as raised:
        await pending.flush(session)
    assert getattr(raised.value.orig, "sqlstate", None) == "23505"  # unique_violation
