"""The schema the migrations build: what the models describe, built again after the
migrations are undone; and deletes that find the rows they touch by index, so that
deleting an article costs the same in a large store as in a small one."""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Connection, create_engine, make_url, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession, create_async_engine

from app.articles.deletion import delete_article
from app.core.migrate import alembic_config, upgrade
from app.models import Base
from tests.fixtures.app import MakeApp
from tests.fixtures.database import ScratchDatabases


def _ours(difference: Any) -> bool:
    """A difference in factstore's own tables (the job queue's are its library's)."""
    table = getattr(difference[-1], "table", difference[-1])
    name = getattr(table, "name", None) or difference[2]
    return not str(name).startswith("procrastinate")


async def test_the_migrations_build_the_schema_the_models_describe(
    connection: AsyncConnection,
) -> None:
    def compare(sync: Connection) -> list[Any]:
        return compare_metadata(MigrationContext.configure(sync), Base.metadata)

    differences = [d for d in await connection.run_sync(compare) if _ours(d)]
    assert differences == []


def test_every_migration_can_be_undone_and_done_again(
    scratch_database: ScratchDatabases,
) -> None:
    # What an operator rolling a release back relies on: each migration's downgrade
    # runs, and upgrading again builds the same schema.
    url = scratch_database.make(empty=True)
    engine = create_engine(make_url(url).set(drivername="postgresql+psycopg"))

    def differences() -> list[Any]:
        with engine.connect() as conn:
            found = compare_metadata(MigrationContext.configure(conn), Base.metadata)
            return [d for d in found if _ours(d)]

    try:
        upgrade(url)
        # The latest migration, the one a rollback undoes first, on its own.
        command.downgrade(alembic_config(url), "-1")
        upgrade(url)
        assert differences() == []
        command.downgrade(alembic_config(url), "base")
        with engine.connect() as conn:
            left = conn.execute(
                text(
                    "SELECT relname FROM pg_class WHERE relnamespace = 'public'::regnamespace"
                    " AND relkind = 'r' AND relname NOT LIKE 'procrastinate%'"
                    " AND relname <> 'alembic_version'"
                )
            )
            assert left.scalars().all() == []
        upgrade(url)
        assert differences() == []
    finally:
        engine.dispose()


# Each foreign key of factstore's tables (the job queue's are its library's), and
# whether an index of the referencing table (not partial, or partial on the key's own
# column being set) starts with one of the key's columns: what a delete of a
# referenced row looks its referencing rows up by.
_FOREIGN_KEYS = """
SELECT c.conrelid::regclass::text AS referencing, c.conname AS name,
       EXISTS (
           SELECT 1 FROM pg_index i
           WHERE i.indrelid = c.conrelid AND i.indkey[0] = ANY (c.conkey)
             AND (i.indpred IS NULL OR pg_get_expr(i.indpred, i.indrelid) =
                  '(' || (SELECT attname FROM pg_attribute
                          WHERE attrelid = c.conrelid AND attnum = i.indkey[0])
                  || ' IS NOT NULL)')
       ) AS indexed
FROM pg_constraint c
WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace
  AND c.conrelid::regclass::text NOT LIKE 'procrastinate%'
ORDER BY 1, 2
"""


async def test_every_foreign_key_finds_its_referencing_rows_by_index(
    connection: AsyncConnection,
) -> None:
    keys = (await connection.execute(text(_FOREIGN_KEYS))).all()
    assert len(keys) >= 15  # the query sees the schema's keys
    assert [(k.referencing, k.name) for k in keys if not k.indexed] == []


def _cite(quote: str) -> list[dict[str, Any]]:
    return [{"paragraph_index": 0, "quote": quote}]


def _story(n: int, year: int) -> dict[str, Any]:
    said = f"Sylvania{n} pledged €2bn in aid by {year}, officials said."
    return {
        "url": f"https://www.outlet{n}.example/pledge",
        "published_at": "2025-03-04T10:00:00Z",
        # The repeat of the first paragraph is stored as a duplicate of it.
        "paragraphs": [said, "Ruritania and Freedonia met in Paris.", said],
        "facts": {
            "entities": [{"name": "Ruritania", "type": "location", "mentions": _cite(said[:9])}],
            "events": [
                {
                    "type": "meeting",
                    "summary": "They met",
                    "participants": [
                        {"name": "Ruritania", "role": "host"},
                        {"name": "Freedonia", "role": "guest"},
                    ],
                    "citations": [{"paragraph_index": 1, "quote": "met in Paris"}],
                }
            ],
            "commitments": [
                {
                    # An actor no other article names: deleting the article deletes it.
                    "actor": {"name": f"Sylvania{n}", "type": "location"},
                    "metric": "aid",
                    "amount": {"value": 2e9, "currency": "EUR"},
                    "target_year": year,
                    "citations": _cite(said[:-1]),
                }
            ],
        },
    }


async def test_deleting_an_article_reads_no_table_whole(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    async with make_app(commits=True) as live:
        for n in range(3):
            posted = await live.client.post(
                "/v1/articles",
                params={"extract": "false"},
                json=_story(n, 2030),
                headers=admin_headers,
            )
            assert posted.status_code == 201, posted.text
        doomed = posted.json()["id"]
        # A second revision of it: its first revision's facts stay, retired.
        revised = await live.client.post(
            "/v1/articles",
            params={"extract": "false"},
            json=_story(2, 2031),
            headers=admin_headers,
        )
        assert revised.is_success, revised.text
        assert revised.json()["revision"] == 2

        # Sequential scans planned only where no index serves: a fresh connection,
        # so no plan of a foreign key's look-up is cached from before.
        engine = create_async_engine(
            live.database_url, connect_args={"server_settings": {"enable_seqscan": "off"}}
        )
        try:
            tables = [
                "articles WHERE id = :id",
                *(
                    f"{table} WHERE article_id = :id"
                    for table in (
                        "article_revisions",
                        "paragraphs",
                        "mentions",
                        "events",
                        "commitments",
                        "citations",
                    )
                ),
                "entities WHERE name = 'Sylvania2'",
            ]
            counts = ", ".join(f"(SELECT count(*) FROM {t})" for t in tables)
            # On a connection of its own: a backend's scan counts of one transaction may
            # still hold those of its transactions before (they are flushed now and then).
            async with live.engines.reads.connect() as conn:
                there = await conn.execute(text(f"SELECT {counts}"), {"id": doomed})
                # Two revisions of three paragraphs each, each with its facts.
                assert all(n > 0 for n in there.one())
            async with AsyncSession(engine) as session, session.begin():
                assert await delete_article(session, doomed)
                await session.flush()
                # This transaction's own scans, foreign keys' look-ups included.
                scanned = await session.scalars(
                    text(
                        "SELECT relname FROM pg_stat_xact_user_tables"
                        " WHERE seq_scan > 0 ORDER BY relname"
                    )
                )
                assert scanned.all() == []
                # Both revisions' rows went with the article, and the actor only it named.
                gone = await session.execute(text(f"SELECT {counts}"), {"id": doomed})
                assert tuple(gone.one()) == (0,) * len(tables)
                # The other articles' rows stay.
                kept = await session.scalar(text("SELECT count(*) FROM paragraphs"))
                assert kept == 6
        finally:
            await engine.dispose()
