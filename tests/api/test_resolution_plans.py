"""Entity resolution's look-ups stay index-backed under the writes' generic plans.

Writes keep PostgreSQL's generic plans, planned without the values bound.  A look-up
written as `norm = ANY($1)` is then checked by a linear search of the array for
every row scanned, and one whose constants are bound cannot use a partial or
expression index: either way a bulk batch's cost grows with the store.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.core.bulk_insert import insert_ids
from app.entities.resolution import name_request, resolve_names
from app.models import Entity, EntityAlias

PEOPLE = 2000


def _text_array(values: list[str]) -> str:
    quoted = ",".join('"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"' for v in values)
    return "'{" + quoted.replace("'", "''") + "}'"


async def _generic_plan(session: AsyncSession, statement: str, params: Any) -> str:
    await session.execute(text("SET LOCAL plan_cache_mode = force_generic_plan"))
    # A test store is small enough for a scan (or a hash of it) to cost the planner
    # less; with those ruled out, what is shown is that an index can serve each
    # look-up at all, as it will once the store is large.
    for method in ("seqscan", "bitmapscan", "hashjoin", "mergejoin"):
        await session.execute(text(f"SET LOCAL enable_{method} = off"))
    connection = await session.connection()
    await connection.exec_driver_sql(f"PREPARE resolution_lookup AS {statement}")
    try:
        arguments = ", ".join(_text_array(list(p)) for p in params)
        rows = await connection.exec_driver_sql(f"EXPLAIN EXECUTE resolution_lookup({arguments})")
        return "\n".join(row[0] for row in rows)
    finally:
        await connection.exec_driver_sql("DEALLOCATE resolution_lookup")


async def test_name_look_ups_probe_indexes_whatever_the_store_holds(
    session: AsyncSession, connection: AsyncConnection
) -> None:
    ids = await insert_ids(
        session,
        Entity,
        [
            {"norm": f"person{n} surname{n}", "type": "person", "name": f"Person{n} Surname{n}"}
            for n in range(PEOPLE)
        ],
    )
    await insert_ids(
        session,
        EntityAlias,
        [{"entity_id": i, "norm": f"alias{i}", "alias": f"Alias{i}"} for i in ids],
    )
    await session.execute(text("ANALYZE entities"))
    await session.execute(text("ANALYZE entity_aliases"))

    captured: list[tuple[str, Any]] = []

    def capture(conn: Any, cursor: Any, statement: str, params: Any, *_: Any) -> None:
        if statement.lstrip().startswith("SELECT") and "FROM entities" in statement:
            captured.append((statement, params))

    event.listen(connection.sync_engine, "before_cursor_execute", capture)
    try:
        requests = [
            name_request("Person7 Surname7", "person"),
            name_request("Alias9", None),
            name_request("Surname11", "person"),  # a lone surname
            name_request("Brand New Person", "person"),
        ]
        resolution = await resolve_names(session, requests)
    finally:
        event.remove(connection.sync_engine, "before_cursor_execute", capture)
    assert resolution.ids[0] == ids[7]
    assert resolution.ids[2] == ids[11]

    plans = [await _generic_plan(session, s, p) for s, p in captured]
    looked_up = " ".join(s for s, _ in captured)
    assert "entity_aliases" in looked_up and "regexp_replace" in looked_up
    for (statement, _), plan in zip(captured, plans, strict=True):
        assert "ANY" not in plan, (statement, plan)  # no linear search of the array
        if "regexp_replace" in statement:
            assert "ix_entities_person_surname" in plan, plan
        if "FROM entities JOIN entity_aliases" in statement:
            assert "ix_entity_aliases_norm" in plan, plan
