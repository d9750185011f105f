"""Claims joining looks its candidate claims up by index, whatever the planner
knows of the store.

A bulk batch looks up hundreds of commitment groups and event participants at
once.  When the look-up named `kind = 'event'` (for a partial index), a store that
grew since its statistics were taken (every new store, for its first minutes) had
the planner read every event claim through the `kind` index, calling
`claim_participant_keys` on each, and a connection kept that plan cached as the
table grew: a cost that grows with the store.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql import ClauseElement

from app.claims import joining, tallies
from app.claims.lifecycle import PLEDGED
from tests.api.support import plans_both_ways

CLAIMS = 3000


async def _store(session: AsyncSession) -> None:
    # Half commitment claims (a group each), half event claims of a few weeks with
    # two participants each: what a bulk load of news-like articles leaves.
    await session.execute(
        text(
            "INSERT INTO claims (kind, key, group_key, entity_ids)"
            " SELECT 'commitment', 'c|' || n || '|defence|EUR|2030', 'c|' || n || '|defence|EUR',"
            " ARRAY[n]::bigint[] FROM generate_series(1, :n) AS n"
            " UNION ALL SELECT 'event', 'e|meeting|2025-0' || (n % 9 + 1) || '-01|' || n,"
            " 'e|meeting|2025-0' || (n % 9 + 1) || '-01', ARRAY[n, n + 1]::bigint[]"
            " FROM generate_series(1, :n) AS n"
        ),
        {"n": CLAIMS // 2},
    )


def _params() -> dict[str, Any]:
    return {
        "commitment_groups": [f"c|{n}|defence|EUR" for n in range(1, 400, 2)],
        "participants": [f"e|meeting|2025-0{n % 9 + 1}-01|{n}" for n in range(3, 600, 3)],
    }


async def _plans(session: AsyncSession) -> list[str]:
    """The statement's plan as planned for its values, and as a generic plan."""
    plans = await plans_both_ways(session, joining._CANDIDATES, _params())
    return ["\n".join(lines) for lines in plans.values()]


def _filters(plan: str) -> str:
    """The conditions checked row by row (not through an index) in `plan`."""
    return "\n".join(line for line in plan.splitlines() if "Filter:" in line)


async def _no_scans(
    session: AsyncSession,
    statements: Sequence[tuple[ClauseElement, dict[str, Any]]],
    tables: Sequence[str],
    rejected: Sequence[str],
) -> None:
    """Every statement's custom and generic plans hold none of `rejected`, first with
    `tables` never analyzed (every statement), then with them analyzed."""
    for when in ("no statistics", "analyzed"):
        if when == "analyzed":
            for table in tables:
                await session.execute(text(f"ANALYZE {table}"))
        for statement, params in statements:
            for lines in (await plans_both_ways(session, statement, params)).values():
                plan = "\n".join(lines)
                for scan in rejected:
                    assert scan not in plan, (when, plan)


async def _found(session: AsyncSession) -> set[str]:
    connection = await session.connection()
    rows = (await connection.execute(joining._CANDIDATES, _params())).all()
    return {row.key for row in rows}


async def test_candidates_are_index_probes_before_and_after_analyze(
    session: AsyncSession,
) -> None:
    await _store(session)
    expected = {f"c|{n}|defence|EUR|2030" for n in range(1, 400, 2)}
    # Participant n of its week is in event n (and n - 1, which is of another week).
    expected |= {f"e|meeting|2025-0{n % 9 + 1}-01|{n}" for n in range(3, 600, 3)}
    assert await _found(session) == expected

    for when in ("no statistics", "analyzed"):
        if when == "analyzed":
            await session.execute(text("ANALYZE claims"))
        for plan in await _plans(session):
            assert "Seq Scan on claims" not in plan, (when, plan)
            assert "ix_claims_kind_id" not in plan, (when, plan)
            # The keys' function, or its body inlined (`string_to_array`).
            assert "claim_participant_keys" not in _filters(plan), (when, plan)
            assert "string_to_array" not in _filters(plan), (when, plan)
            assert "ix_claims_group_key" in plan, (when, plan)
            assert "ix_claims_participant_keys" in plan, (when, plan)


async def test_settlings_group_claims_are_index_probes_before_and_after_analyze(
    session: AsyncSession,
) -> None:
    # Settling a batch's commitment groups reads their claims; as one join against
    # the groups, a store without statistics had the planner hash every claim.
    await _store(session)
    groups = [f"c|{n}|defence|EUR" for n in range(1, 400, 2)]
    statements = [(joining._GROUP_CLAIMS[counted], {"groups": groups}) for counted in (False, True)]
    for statement, params in statements:
        rows = (await session.execute(statement, params)).all()
        assert {(r.key, r.used) for r in rows} == {(g + "|2030", False) for g in groups}
    await _no_scans(session, statements, ["claims"], ["Seq Scan on claims"])


async def _statements(session: AsyncSession) -> None:
    # A claim a statement, commitments and events, all of one article: a store's
    # current statements as a bulk load leaves them, before any statistics.
    await _store(session)
    await session.execute(
        text(
            "INSERT INTO articles (id, story_key, url, dated_at, content_hash)"
            " OVERRIDING SYSTEM VALUE VALUES (900001, 'k', 'https://x.example/a', now(), 'h')"
        )
    )
    await session.execute(
        text(
            "INSERT INTO article_revisions (id, article_id, number, content_hash)"
            " OVERRIDING SYSTEM VALUE VALUES (900001, 900001, 1, 'h')"
        )
    )
    await session.execute(
        text(
            "INSERT INTO commitments (article_id, revision_id, origin, actor_name, metric,"
            " claim_id, outlet, claim_source)"
            " SELECT 900001, 900001, 'client', 'X', 'aid', id, 'x.example', 'x.example'"
            " FROM claims WHERE kind = 'commitment'"
        )
    )
    await session.execute(
        text(
            "INSERT INTO events (article_id, revision_id, origin, type, summary, claim_id,"
            " outlet, claim_source)"
            " SELECT 900001, 900001, 'client', 'meeting', 'met', id, 'x.example', 'x.example'"
            " FROM claims WHERE kind = 'event'"
        )
    )


async def test_claims_statements_are_read_back_by_index_before_and_after_analyze(
    session: AsyncSession,
) -> None:
    # A recount, and a claim of one statement gaining more, read claims' current
    # statements back; as one join, a store without statistics had the planner
    # hash every statement against the claims.
    await _statements(session)
    statements = []
    for kind, statement in (
        ("commitment", tallies._COMMITMENTS),
        ("event", tallies._EVENTS),
        ("event", joining._EVENTS_OF_CLAIMS),  # settling a batch's merged meetings
    ):
        ids = [
            i
            for (i,) in await session.execute(
                text("SELECT id FROM claims WHERE kind = :kind ORDER BY id LIMIT 200"),
                {"kind": kind},
            )
        ]
        rows = (await session.execute(statement, {"ids": ids})).all()
        assert sorted(r.claim_id for r in rows) == ids
        statements.append((statement, {"ids": ids}))
    tables = ["commitments", "events"]
    await _no_scans(session, statements, tables, [f"Seq Scan on {t}" for t in tables])


async def test_claims_to_recount_are_index_probes_before_and_after_analyze(
    session: AsyncSession,
) -> None:
    await _store(session)
    stored = [i for (i,) in await session.execute(text("SELECT id FROM claims ORDER BY id"))]
    ids = stored[:400:2]
    groups = [f"c|{n}|defence|EUR" for n in range(1, 400, 2)]
    by_id = (joining._CLAIMS_BY_ID, {"ids": ids})
    by_group = (joining._CLAIMS_OF_GROUPS, {"groups": groups})
    rows = (await session.execute(*by_id)).all()
    assert sorted(r.id for r in rows) == ids
    rows = (await session.execute(*by_group)).all()
    assert sorted(r.group_key for r in rows) == sorted(groups)
    await _no_scans(session, [by_id, by_group], ["claims"], ["Seq Scan on claims"])


async def test_a_recount_reads_its_claims_statements_and_tallies_by_index(
    session: AsyncSession,
) -> None:
    # A recount reads its claims' statements and stored tallies and writes the
    # difference; as joins against the claims, a store without statistics had each
    # table read whole.
    await _statements(session)
    # Each event with a participant that is no entity (which joins nothing).
    await session.execute(
        text(
            "INSERT INTO event_participants (event_id, name, role, position)"
            " SELECT id, 'protesters', 'participant', 0 FROM events"
        )
    )
    # Stale tallies: texts and sources for every claim, two labels for each event
    # claim and two buckets for each commitment claim.
    for table, columns, values, kinds in (
        ("claim_texts", "claim_id, text_key, first_at, origin", "c.id, 't', now(), 'x'", "%"),
        (
            "claim_sources",
            "claim_id, origin, statement_count, article_count, first_reported, syndicated",
            "c.id, 'x', 2, 2, now(), '{}'",
            "%",
        ),
        ("claim_labels", "claim_id, kind, label, n", "c.id, 's', 'met' || k, 2", "event"),
        (
            "claim_buckets",
            "claim_id, lifecycle, bucket, n, first",
            "c.id, 'pledged', k, 2, now()",
            "commitment",
        ),
    ):
        await session.execute(
            text(
                f"INSERT INTO {table} ({columns}) SELECT {values} FROM claims c,"
                " generate_series(1, CASE WHEN :kinds = '%' THEN 1 ELSE 2 END) AS k"
                " WHERE c.kind LIKE :kinds"
            ),
            {"kinds": kinds},
        )
    recounted = {}
    for kind in ("commitment", "event"):
        recounted[kind] = [
            i
            for (i,) in await session.execute(
                text("SELECT id FROM claims WHERE kind = :kind ORDER BY id LIMIT 200"),
                {"kind": kind},
            )
        ]
    statements = [
        (
            tallies._RECOUNT[kind],
            {"ids": ids, "pledged": PLEDGED} if kind == "commitment" else {"ids": ids},
        )
        for kind, ids in recounted.items()
    ]
    tables = [
        "claim_texts",
        "claim_sources",
        "claim_labels",
        "claim_buckets",
        "commitments",
        "events",
        "event_participants",
    ]
    await _no_scans(session, statements, tables, ["Seq Scan"])
    for statement, params in statements:
        rows = (await session.execute(statement, params)).all()
        # Each claim has its one statement: it is counted, and keeps no tallies.
        assert sorted((r[0], r[1]) for r in rows) == [(i, 1) for i in params["ids"]]
    cleared = set(recounted["commitment"]) | set(recounted["event"])
    for table, kind in (
        ("claim_texts", "%"),
        ("claim_sources", "%"),
        ("claim_labels", "event"),
        ("claim_buckets", "commitment"),
    ):
        left = [
            i
            for (i,) in await session.execute(
                text(f"SELECT DISTINCT claim_id FROM {table} ORDER BY 1")
            )
        ]
        kept = {
            i
            for (i,) in await session.execute(
                text("SELECT id FROM claims WHERE kind LIKE :kind"), {"kind": kind}
            )
        }
        assert left == sorted(kept - cleared), table
