"""A commitment claim's tallies: what it is summarised from, kept as statements join.

Statements that join a claim are *added*: their counts, first reports and values
merge into the claim's buckets (`claim_buckets`), and each cited text's origin
(the outlet that carried it first, see `planning`) into `claim_texts` and
`claim_origins`, so a claim costs the same to update at its thousandth report as at
its second.  Claims that lose statements (revisions, deletes, moves) are
*recounted*: their tallies are cleared and their current statements added again.
Both run under the groups' locks (`joining`).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

NO_BUCKET = -1  # the bucket of statements without a value

# Statements selected by id, or by claim: `{where}` in the statements below.
BY_IDS = "s.id IN (SELECT unnest(CAST(:ids AS bigint[]))) AND s.is_current"
BY_CLAIMS = "s.claim_id IN (SELECT unnest(CAST(:ids AS bigint[]))) AND s.is_current"

_ADD_BUCKETS = """
INSERT INTO claim_buckets AS b (claim_id, lifecycle, bucket, n, first, min_amount, max_amount,
  gdp_from, gdp_to)
SELECT s.claim_id, coalesce(s.lifecycle, 'pledged'), coalesce(s.value_bucket, -1), count(*),
  min(s.reported_at), min(s.amount_value), max(s.amount_value), min(s.gdp_from), min(s.gdp_to)
FROM commitments s WHERE {where} AND s.claim_id IS NOT NULL
GROUP BY 1, 2, 3
ON CONFLICT (claim_id, lifecycle, bucket) DO UPDATE SET n = b.n + excluded.n,
  first = least(b.first, excluded.first),
  min_amount = least(b.min_amount, excluded.min_amount),
  max_amount = greatest(b.max_amount, excluded.max_amount),
  gdp_from = least(b.gdp_from, excluded.gdp_from), gdp_to = least(b.gdp_to, excluded.gdp_to)
"""

# Counts and report times; the metric and actor name of the earliest statement.
_ADD_TOTALS = """
UPDATE claims c SET statement_count = c.statement_count + d.n,
  first_reported = least(c.first_reported, d.first),
  last_reported = greatest(c.last_reported, d.last),
  metric = CASE WHEN {earlier} THEN d.metric ELSE c.metric END,
  actor_name = CASE WHEN {earlier} THEN d.actor_name ELSE c.actor_name END,
  named_at = least(c.named_at, d.first)
FROM (
  SELECT s.claim_id, count(*) AS n, min(s.reported_at) AS first, max(s.reported_at) AS last,
    (array_agg(s.metric ORDER BY {order}))[1] AS metric,
    (array_agg(s.actor_name ORDER BY {order}))[1] AS actor_name
  FROM commitments s WHERE {where} AND s.claim_id IS NOT NULL GROUP BY s.claim_id
) d WHERE c.id = d.claim_id
"""

_ADD_TOTALS = _ADD_TOTALS.replace(
    "{earlier}",
    "c.named_at IS NULL OR (d.first, d.metric COLLATE \"C\", coalesce(d.actor_name, '') COLLATE"
    ' "C") < (c.named_at, c.metric COLLATE "C", coalesce(c.actor_name, \'\') COLLATE "C")',
).replace(
    "{order}",
    's.reported_at, s.metric COLLATE "C", coalesce(s.actor_name, \'\') COLLATE "C"',
)

_NEW_TEXTS = """
SELECT s.claim_id, coalesce(s.text_hash, '@' || s.outlet) AS text_key,
  min(s.reported_at) AS first,
  (array_agg(s.outlet ORDER BY s.reported_at, s.outlet COLLATE "C"))[1] AS origin
FROM commitments s WHERE {where} AND s.claim_id IS NOT NULL GROUP BY 1, 2
"""


async def recount(session: AsyncSession, claim_ids: Sequence[int]) -> None:
    """Clear the claims' tallies and add their current statements again."""
    if not claim_ids:
        return
    params = {"ids": list(claim_ids)}
    for table in ("claim_buckets", "claim_texts", "claim_origins"):
        await session.execute(
            text(f"DELETE FROM {table} WHERE claim_id IN (SELECT unnest(CAST(:ids AS bigint[])))"),
            params,
        )
    await session.execute(
        text(
            "UPDATE claims SET statement_count = 0, first_reported = NULL, last_reported = NULL,"
            " metric = NULL, actor_name = NULL, named_at = NULL"
            " WHERE id IN (SELECT unnest(CAST(:ids AS bigint[])))"
        ),
        params,
    )
    await add(session, BY_CLAIMS, claim_ids)


async def add(session: AsyncSession, where: str, ids: Sequence[int], **extra: Any) -> None:
    """Add the statements `where` selects (by `ids`, and `extra` parameters) to their
    claims' tallies."""
    if not ids:
        return
    params = {"ids": list(ids), **extra}
    await session.execute(text(_ADD_BUCKETS.format(where=where)), params)
    await session.execute(text(_ADD_TOTALS.format(where=where)), params)
    new = (await session.execute(text(_NEW_TEXTS.format(where=where)), params)).all()
    if not new:
        return
    stored = {
        (r.claim_id, r.text_key): (r.first_at, r.origin)
        for r in await session.execute(
            text(
                "SELECT t.claim_id, t.text_key, t.first_at, t.origin FROM claim_texts t"
                " JOIN unnest(CAST(:claims AS bigint[]), CAST(:keys AS text[])) AS k(c, k)"
                " ON t.claim_id = k.c AND t.text_key = k.k"
            ),
            {"claims": [r.claim_id for r in new], "keys": [r.text_key for r in new]},
        )
    }
    changed: list[Any] = []
    origins: Counter[tuple[int, str]] = Counter()
    for r in new:
        old = stored.get((r.claim_id, r.text_key))
        # Python compares strings by code point, as COLLATE "C" compares UTF-8.
        if old is None or (r.first, r.origin) < old:
            changed.append(r)
            origins[(r.claim_id, r.origin)] += 1
            if old is not None:
                origins[(r.claim_id, old[1])] -= 1
    if changed:
        await session.execute(
            text(
                "INSERT INTO claim_texts AS t (claim_id, text_key, first_at, origin)"
                " SELECT * FROM unnest(CAST(:claims AS bigint[]), CAST(:keys AS text[]),"
                " CAST(:firsts AS timestamptz[]), CAST(:origins AS text[]))"
                " ON CONFLICT (claim_id, text_key) DO UPDATE"
                " SET first_at = excluded.first_at, origin = excluded.origin"
            ),
            {
                "claims": [r.claim_id for r in changed],
                "keys": [r.text_key for r in changed],
                "firsts": [r.first for r in changed],
                "origins": [r.origin for r in changed],
            },
        )
    deltas = [(key, delta) for key, delta in origins.items() if delta]
    if deltas:
        await session.execute(
            text(
                "INSERT INTO claim_origins AS o (claim_id, origin, texts)"
                " SELECT * FROM unnest(CAST(:claims AS bigint[]), CAST(:origins AS text[]),"
                " CAST(:deltas AS int[]))"
                " ON CONFLICT (claim_id, origin) DO UPDATE SET texts = o.texts + excluded.texts"
            ),
            {
                "claims": [c for (c, _), _ in deltas],
                "origins": [o for (_, o), _ in deltas],
                "deltas": [d for _, d in deltas],
            },
        )
