"""Entity resolution's round trips do not grow with the names or phases of a batch, and
entities created concurrently under the same name are met, not duplicated."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import event, select, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine

from app.core.bulk_insert import insert_ids
from app.entities.repository import adjust_entity_counts
from app.entities.resolution import name_request, resolve_names
from app.models import Entity, EntityAlias
from tests.fixtures.database import ScratchDatabases


@contextmanager
def statements_of(connection: AsyncConnection) -> Iterator[list[str]]:
    seen: list[str] = []

    def capture(conn: Any, cursor: Any, statement: str, *_: Any) -> None:
        seen.append(statement)

    event.listen(connection.sync_engine, "before_cursor_execute", capture)
    try:
        yield seen
    finally:
        event.remove(connection.sync_engine, "before_cursor_execute", capture)


async def test_a_batch_with_every_kind_of_name_takes_three_statements(
    session: AsyncSession, connection: AsyncConnection
) -> None:
    (known,) = await insert_ids(
        session, Entity, [{"norm": "mark rutte", "type": "person", "name": "Mark Rutte"}]
    )
    (aliased,) = await insert_ids(
        session, Entity, [{"norm": "orvel dynamics", "type": "organization", "name": "Orvel"}]
    )
    await insert_ids(session, EntityAlias, [{"entity_id": aliased, "norm": "odx", "alias": "ODX"}])
    requests = [
        name_request("Mark Rutte", "person"),  # stored
        name_request("ODX", None),  # a stored alias
        name_request("Rutte", "person"),  # a lone surname of a stored person
        name_request("Ilse Varga", "person"),  # new
        name_request("Varga", "person"),  # a lone surname of the new person
        name_request("Quillon", "person"),  # a new lone surname
        name_request("Mark  Rutte", "person", ("M. Rutte",)),  # a new alias
    ]
    with statements_of(connection) as seen:
        resolution = await resolve_names(session, requests)

    ids = resolution.ids
    assert ids[0] == ids[2] == ids[6] == known
    assert ids[1] == aliased
    assert ids[3] == ids[4] and ids[3] not in (known, aliased)
    assert ids[5] not in (known, aliased, ids[3])
    assert resolution.created == {ids[3], ids[5]}
    # One look-up for both phases (full names, then lone surnames), one insert of
    # new entities per phase.
    assert len(seen) == 3, seen
    names = (await session.execute(select(Entity.name).order_by(Entity.name))).scalars().all()
    assert names == ["Ilse Varga", "Mark Rutte", "Orvel", "Quillon"]
    # The new aliases are recorded with the counters, where the entities are locked.
    assert resolution.aliases == [
        (known, "m rutte", "M. Rutte"),
        (known, "rutte", "Rutte"),
        (ids[3], "varga", "Varga"),
    ]
    with statements_of(connection) as seen:
        await adjust_entity_counts(
            session, Counter(ids), Counter(set(ids)), resolution.created, resolution.aliases
        )
    assert len(seen) == 2, seen
    found = await session.execute(
        text("SELECT id, search::text FROM entities WHERE id IN (:a, :b)"),
        {"a": known, "b": ids[3]},
    )
    search: dict[int, str] = {row[0]: row[1] for row in found}
    assert "'m'" in search[known] and "'varga'" in search[ids[3]]


async def test_counters_move_in_one_statement_unless_a_search_text_changes(
    session: AsyncSession, connection: AsyncConnection
) -> None:
    first, second = await insert_ids(
        session,
        Entity,
        [
            {"norm": "alpha", "type": "other", "name": "Alpha"},
            {"norm": "beta", "type": "other", "name": "Beta"},
        ],
    )
    await insert_ids(session, EntityAlias, [{"entity_id": second, "norm": "b", "alias": "B"}])
    with statements_of(connection) as seen:
        await adjust_entity_counts(session, Counter({first: 3, second: 1}), Counter({first: 1}))
    assert len(seen) == 1, seen
    with statements_of(connection) as seen:
        await adjust_entity_counts(session, Counter({second: 2}), Counter({second: 1}), {second})
    assert len(seen) == 2, seen  # the locks, then the counters and search text
    rows = (
        await session.execute(
            text("SELECT id, mention_count, article_count, search::text FROM entities ORDER BY id")
        )
    ).all()
    assert [tuple(r[:3]) for r in rows] == [(first, 3, 1), (second, 3, 1)]
    assert "'b'" in rows[1][3] and "'beta'" in rows[1][3]


async def test_an_entity_created_by_a_concurrent_write_is_met_not_duplicated(
    scratch_database: ScratchDatabases,
) -> None:
    engine = create_async_engine(await scratch_database.amake())
    try:
        async with engine.connect() as other, engine.connect() as mine:
            # Another write inserts the entity and holds its transaction open...
            await other.begin()
            created = (
                await other.execute(
                    text(
                        "INSERT INTO entities (norm, type, name)"
                        " VALUES ('zora vell', 'person', 'Zora Vell') RETURNING id"
                    )
                )
            ).scalar_one()
            await mine.begin()
            session = AsyncSession(bind=mine)
            # ... while this one, having seen no such entity, creates it too: its insert
            # waits for the other transaction, which commits meanwhile.
            resolving = asyncio.create_task(
                resolve_names(session, [name_request("Zora Vell", "person")])
            )
            for _ in range(1000):
                waiting = await other.execute(
                    text(
                        "SELECT count(*) FROM pg_locks"
                        " WHERE NOT granted AND pid <> pg_backend_pid()"
                    )
                )
                if waiting.scalar_one():
                    break
                await asyncio.sleep(0.01)
            else:
                raise AssertionError("the second insert never waited for the first")
            await other.commit()
            resolution = await resolving
            assert resolution.ids == [created]
            assert resolution.created == set()
            await session.close()
            await mine.rollback()
    finally:
        await engine.dispose()
