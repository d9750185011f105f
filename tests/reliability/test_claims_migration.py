"""The claims migration joins the statements stored before it."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from app.core.migrate import upgrade
from tests.fixtures.database import ScratchDatabases

BEFORE_CLAIMS = "b3c8d1e5f702"

_SEED = [
    "INSERT INTO entities (id, name, norm, type) OVERRIDING SYSTEM VALUE"
    " VALUES (1, 'Germany', 'germany', 'location')",
]
for n, (host, amount, year) in enumerate(
    [("reuters.com", 2e9, 2026), ("bbc.co.uk", 2e9, None), ("apnews.com", 2e9, 2026)], start=1
):
    paragraph = f"Germany pledged €2bn in humanitarian aid, outlet {n} reports."
    year_sql = "NULL" if year is None else str(year)
    _SEED += [
        "INSERT INTO articles (id, story_key, url, dated_at, content_hash)"
        f" OVERRIDING SYSTEM VALUE VALUES ({n}, 'k{n}', 'https://www.{host}/a',"
        f" '2025-03-0{n}T09:00:00Z', 'h{n}')",
        "INSERT INTO article_revisions (id, article_id, number, content_hash)"
        f" OVERRIDING SYSTEM VALUE VALUES ({n}, {n}, 1, 'h{n}')",
        "INSERT INTO paragraphs (id, article_id, revision_id, index, text)"
        f" OVERRIDING SYSTEM VALUE VALUES ({n}, {n}, {n}, 0, '{paragraph}')",
        "INSERT INTO commitments (id, article_id, revision_id, origin, actor_entity_id,"
        " actor_name, metric, amount_value, amount_currency, target_year)"
        f" OVERRIDING SYSTEM VALUE VALUES ({n}, {n}, {n}, 'client', 1, 'Germany',"
        f" 'humanitarian aid', {amount}, 'EUR', {year_sql})",
        "INSERT INTO citations (article_id, commitment_id, paragraph_id, paragraph_index,"
        f" start, \"end\", quote) VALUES ({n}, {n}, {n}, 0, 0, 15, 'Germany pledged')",
    ]


def _run(url: str, statements: list[str]) -> list[Any]:
    async def run() -> list[Any]:
        engine = create_async_engine(make_url(url))
        async with engine.begin() as conn:
            rows: list[Any] = []
            for statement in statements:
                result = await conn.execute(text(statement))
                if result.returns_rows:
                    rows += result.all()
        await engine.dispose()
        return rows

    return asyncio.run(run())


@pytest.mark.slow  # runs every migration twice
def test_the_migration_joins_existing_statements(scratch_database: ScratchDatabases) -> None:
    url = scratch_database.make(empty=True)
    upgrade(url, BEFORE_CLAIMS)
    _run(url, _SEED)
    upgrade(url)
    claims = _run(url, ["SELECT id, statement_count, source_count, target_year FROM claims"])
    assert [(c.statement_count, c.source_count, c.target_year) for c in claims] == [(3, 3, 2026)]
    joined = _run(url, ["SELECT claim_id, lifecycle FROM commitments ORDER BY id"])
    assert [(r.claim_id, r.lifecycle) for r in joined] == [(claims[0].id, "pledged")] * 3
    sources = _run(
        url,
        [
            "SELECT origin, statement_count, article_count FROM claim_sources"
            " ORDER BY first_reported"
        ],
    )
    assert [tuple(s) for s in sources] == [
        ("reuters.com", 1, 1),
        ("bbc.co.uk", 1, 1),
        ("apnews.com", 1, 1),
    ]
    kept = _run(url, ["SELECT claim_source FROM commitments ORDER BY id"])
    assert [k.claim_source for k in kept] == ["reuters.com", "bbc.co.uk", "apnews.com"]
