"""Reads stay read-only: a keyed read records its key's use through the write pool,
so the read pool may be a replica (here: connections that refuse every write)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, select

from app.core.db import create_sessionmaker
from app.keys.service import create_key, hash_key
from app.models import ApiKey
from tests.api.support import assert_problem
from tests.fixtures.app import MakeApp


def _read_only(dbapi_connection: Any, record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("SET default_transaction_read_only = on")
    cursor.close()


async def test_keyed_reads_run_on_a_read_only_pool_and_still_record_use(
    make_app: MakeApp,
) -> None:
    async with make_app(commits=True, require_read_key=True) as live:
        client, engines = live.client, live.engines
        event.listen(engines.reads.sync_engine, "connect", _read_only)
        sessionmaker = create_sessionmaker(engines.writes)
        async with sessionmaker() as session, session.begin():
            key = await create_key(session, ["read"], "rel-replica-reader")
        headers = {"Authorization": f"Bearer {key}"}

        for path in ("/v1/articles", "/v1/entities", "/v1/search?q=budget", "/"):
            response = await client.get(path, headers=headers)
            assert response.status_code == 200, (path, response.text)
        async with sessionmaker() as session:
            used = await session.scalar(
                select(ApiKey.last_used_at).where(ApiKey.key_hash == hash_key(key))
            )
        assert used is not None  # recorded, through the write pool
        # The read pool really refuses writes (so the reads above wrote nothing there).
        async with engines.reads.connect() as conn:
            mode = await conn.exec_driver_sql("SHOW default_transaction_read_only")
            assert mode.scalar() == "on"
        assert_problem(await client.get("/v1/articles"), 401)
