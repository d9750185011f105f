"""Statements stored before claims existed join their claims once the migrations are
done (`app.claims.rebuild`), and a rebuild on demand makes claims whole again."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from alembic import command
from sqlalchemy import make_url, text
from sqlalchemy.ext.asyncio import create_async_engine

from app.claims.rebuild import rebuild_at, run_due_at
from app.core.migrate import alembic_config, upgrade
from tests.fixtures.database import ScratchDatabases

BEFORE_CLAIMS = "b3c8d1e5f702"
SINGLES_UNTALLIED = "e8b3d6a2c4f1"

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


def _claims(url: str) -> list[Any]:
    return _run(url, ["SELECT id, statement_count, source_count, target_year FROM claims"])


def _sources(url: str) -> list[tuple[Any, ...]]:
    rows = _run(
        url,
        [
            "SELECT origin, statement_count, article_count FROM claim_sources"
            " ORDER BY first_reported"
        ],
    )
    return [tuple(r) for r in rows]


def _upgraded_store(scratch_database: ScratchDatabases) -> str:
    """A store with three outlets' statements from before claims, migrated to head."""
    url = scratch_database.make(empty=True)
    upgrade(url, BEFORE_CLAIMS)
    _run(url, _SEED)
    upgrade(url)
    return url


@pytest.mark.slow  # runs every migration
def test_statements_stored_before_claims_join_them_after_the_migrations(
    scratch_database: ScratchDatabases,
) -> None:
    url = _upgraded_store(scratch_database)
    # The migrations leave the joining to the code at head, and say so.
    assert _claims(url) == []
    due = _run(url, ["SELECT scope FROM claims_rebuild ORDER BY scope"])
    assert [r.scope for r in due] == ["groups", "keys"]

    assert run_due_at(url) == "keys"
    claims = _claims(url)
    assert [(c.statement_count, c.source_count, c.target_year) for c in claims] == [(3, 3, 2026)]
    joined = _run(url, ["SELECT claim_id, lifecycle FROM commitments ORDER BY id"])
    assert [(r.claim_id, r.lifecycle) for r in joined] == [(claims[0].id, "pledged")] * 3
    assert _sources(url) == [
        ("reuters.com", 1, 1),
        ("bbc.co.uk", 1, 1),
        ("apnews.com", 1, 1),
    ]
    kept = _run(url, ["SELECT claim_source FROM commitments ORDER BY id"])
    assert [k.claim_source for k in kept] == ["reuters.com", "bbc.co.uk", "apnews.com"]
    # Done once: nothing is due any more.
    assert _run(url, ["SELECT scope FROM claims_rebuild"]) == []
    assert run_due_at(url) is None


@pytest.mark.slow  # runs every migration
def test_a_rebuild_makes_lost_tallies_and_stale_columns_whole(
    scratch_database: ScratchDatabases,
) -> None:
    url = _upgraded_store(scratch_database)
    run_due_at(url)
    before = [tuple(c) for c in _claims(url)]
    sources = _sources(url)

    # A claim's sources and count lost; its statements' stage forgotten.
    _run(
        url,
        [
            "DELETE FROM claim_sources",
            "UPDATE claims SET source_count = 0",
            "UPDATE commitments SET lifecycle = NULL",
        ],
    )
    assert rebuild_at(url, "groups") == (0, 1)
    assert [tuple(c) for c in _claims(url)] == before
    assert _sources(url) == sources
    assert {r.lifecycle for r in _run(url, ["SELECT lifecycle FROM commitments"])} == {None}

    assert rebuild_at(url, "keys") == (3, 1)
    assert [tuple(c) for c in _claims(url)] == before
    lifecycles = _run(url, ["SELECT lifecycle FROM commitments"])
    assert [r.lifecycle for r in lifecycles] == ["pledged"] * 3


@pytest.mark.slow  # runs every migration
def test_the_migration_clears_the_tallies_of_claims_of_one_statement(
    scratch_database: ScratchDatabases,
) -> None:
    url = _upgraded_store(scratch_database)
    run_due_at(url)
    # Two of the three reports retired, and the claim recounted: one statement left.
    _run(url, ["UPDATE commitments SET is_current = false WHERE id > 1"])
    assert rebuild_at(url, "groups") == (0, 1)
    assert [(c.statement_count, c.source_count) for c in _claims(url)] == [(1, 1)]
    assert _sources(url) == []
    # As the code before kept such a claim: tallied, its statement's source the
    # outlet that carried its text first.
    (claim,) = _claims(url)
    _run(
        url,
        [
            f"INSERT INTO claim_sources (claim_id, origin, statement_count, article_count,"
            f" first_reported, syndicated) VALUES ({claim.id}, 'dw.com', 1, 1,"
            " '2025-03-01T09:00:00Z', '{reuters.com}')",
            f"INSERT INTO claim_texts (claim_id, text_key, first_at, origin)"
            f" VALUES ({claim.id}, 'x', '2025-03-01T09:00:00Z', 'dw.com')",
            "INSERT INTO claim_buckets (claim_id, lifecycle, bucket, n, first)"
            f" VALUES ({claim.id}, 'pledged', 1, 1, '2025-03-01T09:00:00Z')",
            "UPDATE commitments SET claim_source = 'dw.com' WHERE id = 1",
        ],
    )
    command.downgrade(alembic_config(url), SINGLES_UNTALLIED + "-1")
    # Going back, the code of that revision is to tally every claim again.
    assert [r.scope for r in _run(url, ["SELECT scope FROM claims_rebuild"])] == ["groups"]
    _run(url, ["DELETE FROM claims_rebuild"])
    upgrade(url)
    for table in ("claim_sources", "claim_texts", "claim_buckets"):
        assert _run(url, [f"SELECT claim_id FROM {table}"]) == [], table
    kept = _run(url, ["SELECT claim_source, outlet FROM commitments WHERE id = 1"])
    assert [(k.claim_source, k.outlet) for k in kept] == [("reuters.com", "reuters.com")]


LABEL_TOPS = "b6d2f8a4c1e9"


@pytest.mark.slow  # runs every migration
def test_the_migration_marks_each_kinds_most_given_label(
    scratch_database: ScratchDatabases,
) -> None:
    url = scratch_database.make(empty=True)
    upgrade(url, LABEL_TOPS + "-1")
    _run(
        url,
        [
            "INSERT INTO claim_labels (claim_id, kind, label, n) VALUES"
            " (1, 's', 'b', 3), (1, 's', 'a', 3), (1, 's', 'c', 1), (1, 'd97', '2025|day', 2),"
            " (2, 'n5', 'ana', 1), (2, 'n5', 'Ana', 1), (2, 's', 'x', 5)"
        ],
    )
    upgrade(url)
    tops = _run(url, ["SELECT claim_id, kind, label FROM claim_labels WHERE top ORDER BY 1, 2"])
    # The most given of each kind; ties to the least by code point ("A" before "a").
    assert [tuple(t) for t in tops] == [
        (1, "d97", "2025|day"),
        (1, "s", "a"),
        (2, "n5", "Ana"),
        (2, "s", "x"),
    ]
