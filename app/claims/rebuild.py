"""Rebuild the claims of stored statements with this code's joining rules.

Migrations change the schema only: a migration that changes what claims are made
of (new tallies, new keys) records that a rebuild is due in `claims_rebuild`
instead of running the joining code itself, since a migration is a frozen
snapshot and the joining code is not (it follows the schema at head).  After the
schema is at head, `run_due` does what is recorded:

- `keys`: every current statement's claim columns (group, stage, value bucket,
  cited text's hash) are computed again from its row and first citation, then
  every group is settled;
- `groups`: every group is settled (its statements moved to the claims they now
  belong to, its claims recounted from their statements).

Work is done a chunk of groups (or statements) per transaction, so a rebuild of a
large store never holds its locks long, and the record is deleted only once all
of it is done: an interrupted rebuild runs again, whole, the next time (settling
is idempotent).  `factstore claims rebuild` runs one on demand, for instance
after an upgrade whose joining rules changed.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, Literal, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from app.claims import joining
from app.core.db import create_plain_engine

Scope = Literal["keys", "groups"]
T = TypeVar("T")

GROUPS_PER_TRANSACTION = 500
STATEMENTS_PER_TRANSACTION = 5_000

_DUE = "SELECT scope FROM claims_rebuild"

_COMMITMENTS = """
SELECT c.id, c.actor_entity_id, c.actor_name, c.metric, c.amount_currency, c.amount_value,
  c.gdp_to, c.gdp_from, c.article_id, c.status, p.text, ci.start, ci.end, a.dated_at
FROM commitments c JOIN articles a ON a.id = c.article_id
LEFT JOIN LATERAL (SELECT * FROM citations WHERE commitment_id = c.id
  ORDER BY position, id LIMIT 1) ci ON true
LEFT JOIN paragraphs p ON p.id = ci.paragraph_id
WHERE c.is_current AND c.id > :after ORDER BY c.id LIMIT :limit
"""

_SET_COMMITMENTS = """
UPDATE commitments SET claim_group = :claim_group, lifecycle = :lifecycle,
  value_bucket = :value_bucket, text_hash = :text_hash, reported_at = :reported_at
WHERE id = :id
"""

_EVENTS = """
SELECT e.id, e.type, e.date_start, a.dated_at, p.text
FROM events e JOIN articles a ON a.id = e.article_id
LEFT JOIN LATERAL (SELECT * FROM citations WHERE event_id = e.id
  ORDER BY position, id LIMIT 1) ci ON true
LEFT JOIN paragraphs p ON p.id = ci.paragraph_id
WHERE e.is_current AND e.id > :after ORDER BY e.id LIMIT :limit
"""

_SET_EVENTS = """
UPDATE events SET claim_group = :claim_group, text_hash = :text_hash,
  reported_at = :reported_at WHERE id = :id
"""

# Every group a claim or a current statement is in: the claims to recount and the
# statements to (re)join.
_GROUPS = """
SELECT claim_group FROM commitments WHERE is_current AND claim_group IS NOT NULL
UNION SELECT claim_group FROM events WHERE is_current AND claim_group IS NOT NULL
UNION SELECT group_key FROM claims
ORDER BY 1
"""


def _commitment_row(r: Any) -> dict[str, Any]:
    return {
        "id": r.id,
        **joining.commitment_columns(
            actor_entity_id=r.actor_entity_id,
            actor_name=r.actor_name,
            metric=r.metric,
            currency=r.amount_currency,
            amount=r.amount_value,
            gdp_to=r.gdp_to,
            gdp_from=r.gdp_from,
            article_id=r.article_id,
            reported_at=r.dated_at,
            status=r.status,
            paragraph=r.text,
            start=r.start or 0,
            end=r.end or 0,
        ),
    }


def _event_row(r: Any) -> dict[str, Any]:
    return {"id": r.id, **joining.event_columns(r.type, r.date_start, r.dated_at, r.text)}


async def _rekey(conn: AsyncConnection) -> int:
    """Compute every current statement's claim columns again; return how many."""
    done = 0
    for select, update, row_of in (
        (_COMMITMENTS, _SET_COMMITMENTS, _commitment_row),
        (_EVENTS, _SET_EVENTS, _event_row),
    ):
        after = 0
        while True:
            async with conn.begin():
                rows = (
                    await conn.execute(
                        text(select), {"after": after, "limit": STATEMENTS_PER_TRANSACTION}
                    )
                ).all()
                if not rows:
                    break
                await conn.execute(text(update), [row_of(r) for r in rows])
            after = rows[-1].id
            done += len(rows)
    return done


async def _settle_all(conn: AsyncConnection) -> int:
    """Settle every group, a chunk per transaction; return how many groups."""
    async with conn.begin():
        groups: Sequence[str] = (await conn.execute(text(_GROUPS))).scalars().all()
    for start in range(0, len(groups), GROUPS_PER_TRANSACTION):
        async with AsyncSession(bind=conn, expire_on_commit=False) as session, session.begin():
            await joining.settle(session, groups[start : start + GROUPS_PER_TRANSACTION])
    return len(groups)


async def rebuild(conn: AsyncConnection, scope: Scope) -> tuple[int, int]:
    """Rebuild now; return (statements rekeyed, groups settled)."""
    rekeyed = await _rekey(conn) if scope == "keys" else 0
    return rekeyed, await _settle_all(conn)


async def run_due(conn: AsyncConnection) -> Scope | None:
    """Do the rebuild the migrations recorded, if any; return its scope."""
    async with conn.begin():
        due = set((await conn.execute(text(_DUE))).scalars())
    if not due:
        return None
    scope: Scope = "keys" if "keys" in due else "groups"
    await rebuild(conn, scope)
    async with conn.begin():
        await conn.execute(
            text("DELETE FROM claims_rebuild WHERE scope IN (SELECT unnest(CAST(:s AS text[])))"),
            {"s": sorted(due)},
        )
    return scope


async def _at(url: str, work: Callable[[AsyncConnection], Awaitable[T]]) -> T:
    engine = create_plain_engine(url)
    try:
        async with engine.connect() as conn:
            return await work(conn)
    finally:
        await engine.dispose()


def run_due_at(url: str) -> Scope | None:
    """`run_due` on the database at `url`; call it outside a running event loop."""
    return asyncio.run(_at(url, run_due))


def rebuild_at(url: str, scope: Scope) -> tuple[int, int]:
    """`rebuild` on the database at `url`; call it outside a running event loop."""
    return asyncio.run(_at(url, lambda conn: rebuild(conn, scope)))
