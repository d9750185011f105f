"""Joining statements into claims, in the transaction that writes them.

The fact store calls `settle` with the claim groups (`keys`) whose statements it
has just added, retired or deleted.  Under transaction-scoped advisory locks on
those groups, taken in key order (so concurrent ingests of one story queue up on
its group instead of racing, and never deadlock on each other), it:

- gives each statement not yet in a claim the claim its key names, creating
  claims by `INSERT ... ON CONFLICT (key) DO NOTHING` (the unique key is what
  guarantees one claim per key); new commitments are given theirs before they are
  inserted (`assign_commitments`, without waiting for the lock), so that joining
  rewrites none of them;
- moves the group's undated commitments when the group's one dated claim appears
  or stops being the only one;
- updates the touched claims' tallies (`tallies`: added to for new statements,
  recounted for claims that lost some), renders the claims from them, and deletes
  the claims left empty.

Joining reads the touched groups and claims through their indexes, never other
claims; an event group (one type, one week) is read whole to find its connected
statements.  Nothing here commits: the caller's transaction does.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import keys, tallies
from app.claims.lifecycle import cited_sentence, classify
from app.claims.planning import (
    Bucket,
    CommitmentClaim,
    EventPlan,
    EventRow,
    Rendered,
    Totals,
    plan_events,
    render_commitment,
    render_event,
)

# Off only to measure what joining costs (`FACTSTORE_JOIN_CLAIMS=false`, set by
# `create_app`): statements then keep their group but join no claim.
ENABLED = True


def commitment_columns(
    *,
    actor_entity_id: int | None,
    actor_name: str | None,
    metric: str,
    currency: str | None,
    amount: Decimal | None,
    gdp_to: Decimal | None,
    gdp_from: Decimal | None,
    article_id: int,
    reported_at: datetime,
    status: str | None,
    paragraph: str | None,
    start: int,
    end: int,
) -> dict[str, Any]:
    """The claim columns of a new commitment row: its group, its stage (read from the
    sentence its first citation is in), its value bucket, its cited text's hash."""
    sentence = cited_sentence(paragraph, start, end) if paragraph is not None else ""
    return {
        "claim_group": keys.commitment_group(
            actor_entity_id=actor_entity_id,
            actor_name=actor_name,
            metric=metric,
            currency=currency,
            gdp_to=gdp_to,
            gdp_from=gdp_from,
            article_id=article_id,
        ),
        "lifecycle": classify(sentence, status),
        "value_bucket": keys.value_bucket(amount, gdp_to),
        "text_hash": keys.text_hash(paragraph),
        "reported_at": reported_at,
    }


def event_columns(
    event_type: str, day: date | None, reported_at: datetime, paragraph: str | None
) -> dict[str, Any]:
    """The claim columns of a new event row: its group (type and week), its cited
    text's hash."""
    return {
        "claim_group": keys.event_group(event_type, day or reported_at.date()),
        "text_hash": keys.text_hash(paragraph),
        "reported_at": reported_at,
    }


async def _lock(session: AsyncSession, groups: Sequence[str]) -> None:
    await session.execute(
        text(
            "SELECT pg_advisory_xact_lock(hashtextextended(g, 17))"
            " FROM (SELECT DISTINCT g FROM unnest(CAST(:groups AS text[])) AS u(g) ORDER BY g) s"
        ),
        {"groups": list(groups)},
    )


async def assign_commitments(session: AsyncSession, rows: Sequence[dict[str, Any]]) -> None:
    """Give new commitment rows (not yet inserted) their claim, creating the claims
    they need, and their article's outlet: so that joining rewrites none of them.

    No lock is taken here, so concurrent batches write their rows side by side: a
    claim created meanwhile by another transaction is found through its unique key,
    and an undated statement placed by a view that a concurrent write made stale
    is moved by `settle`, which runs under the groups' locks after the insert."""
    for row in rows:
        row["claim_id"] = row["outlet"] = None
    if not rows or not ENABLED:
        return
    groups = sorted({row["claim_group"] for row in rows})
    articles = sorted({row["article_id"] for row in rows})
    outlets: dict[int, str] = dict(
        (
            await session.execute(
                text(
                    "SELECT id, claim_outlet(url, source, id) FROM articles"
                    " WHERE id IN (SELECT unnest(CAST(:ids AS bigint[])))"
                ),
                {"ids": articles},
            )
        ).all()
    )
    claims = await _group_claims(session, groups, share=True)
    years: dict[str, set[int]] = {}
    for row in rows:
        if row["target_year"] is not None:
            years.setdefault(row["claim_group"], set()).add(row["target_year"])
    homes = _homes(groups, claims, years)
    wanted = [
        keys.commitment_key(row["claim_group"], row["target_year"])
        if row["target_year"] is not None
        else homes[row["claim_group"]]
        for row in rows
    ]
    ids = {c.key: c.id for c in claims}
    missing = sorted(set(wanted) - set(ids))
    if missing:
        ids.update(await _insert_claims(session, missing))
    for row, key in zip(rows, wanted, strict=True):
        row["claim_id"] = ids[key]
        row["outlet"] = outlets[row["article_id"]]


async def settle(
    session: AsyncSession,
    groups: Collection[str | None],
    *,
    added: Sequence[int] | None = None,
) -> None:
    """Bring the claims of `groups` in line with their current statements.

    `added`: the commitments just written (and assigned) in these groups, when
    that is all that changed in them; without it, their claims are recounted."""
    wanted = sorted({g for g in groups if g})
    if not wanted or not ENABLED:
        return
    await _lock(session, wanted)
    commitment_groups = [g for g in wanted if g.startswith("c|")]
    event_groups = [g for g in wanted if g.startswith("e|")]
    if commitment_groups:
        await _settle_commitments(session, commitment_groups, added)
    if event_groups:
        await _settle_events(session, event_groups)


def _single(years: set[int]) -> int | None:
    return next(iter(years)) if len(years) == 1 else None


async def _group_claims(
    session: AsyncSession, groups: Sequence[str], *, share: bool = False
) -> Sequence[Any]:
    """The groups' claims, each with whether any current statement is in it.

    With `share`, the claims are locked against deletion until the transaction
    ends: a claim that a concurrent transaction is deleting is waited for and
    then not found, instead of being referenced by rows about to be inserted."""
    result = await session.execute(
        text(
            "SELECT c.id, c.key, c.group_key, c.target_year, EXISTS (SELECT 1 FROM"
            " commitments s WHERE s.claim_id = c.id AND s.is_current) AS used"
            " FROM claims c WHERE c.group_key IN (SELECT unnest(CAST(:groups AS text[])))"
            + (" ORDER BY c.id FOR KEY SHARE OF c" if share else "")
        ),
        {"groups": list(groups)},
    )
    return result.all()


def _homes(
    groups: Sequence[str], claims: Sequence[Any], years: dict[str, set[int]]
) -> dict[str, str]:
    """Per group, the key of the claim its undated statements join: the one dated
    claim when there is exactly one target year among its statements."""
    dated: dict[str, set[int]] = {}
    for c in claims:
        if c.used and c.target_year is not None:
            dated.setdefault(c.group_key, set()).add(c.target_year)
    return {
        group: keys.commitment_key(
            group, _single(dated.get(group, set()) | years.get(group, set()))
        )
        for group in groups
    }


async def _settle_commitments(
    session: AsyncSession, groups: list[str], added: Sequence[int] | None
) -> None:
    claims = await _group_claims(session, groups)
    # Statements without a claim: their claim was deleted under them, or they were
    # written while joining was off.
    unjoined = (
        await session.execute(
            text(
                "SELECT id, claim_group, target_year FROM commitments"
                " WHERE claim_group IN (SELECT unnest(CAST(:groups AS text[])))"
                " AND is_current AND claim_id IS NULL"
            ),
            {"groups": groups},
        )
    ).all()
    years: dict[str, set[int]] = {}
    for u in unjoined:
        if u.target_year is not None:
            years.setdefault(u.claim_group, set()).add(u.target_year)
    homes = _homes(groups, claims, years)
    wanted = {
        u.id: keys.commitment_key(u.claim_group, u.target_year)
        if u.target_year is not None
        else homes[u.claim_group]
        for u in unjoined
    }
    # Undated statements whose group's home moved (a dated claim appeared or went).
    misplaced = await session.execute(
        text(
            "SELECT s.id, s.claim_group, s.claim_id FROM commitments s"
            " JOIN unnest(CAST(:groups AS text[]), CAST(:homes AS text[])) AS h(g, home)"
            " ON s.claim_group = h.g"
            " JOIN claims c ON c.id = s.claim_id"
            " WHERE s.is_current AND s.target_year IS NULL AND c.key <> h.home"
        ),
        {"groups": list(homes), "homes": list(homes.values())},
    )
    left: set[int] = set()  # claims statements leave
    for m in misplaced:
        wanted[m.id] = homes[m.claim_group]
        left.add(m.claim_id)
    ids = {c.key: c.id for c in claims}
    needed = set(wanted.values()) - set(ids)
    if needed:
        ids.update(await _insert_claims(session, sorted(needed)))
    if wanted:
        await _move(session, "commitments", {s: ids[k] for s, k in wanted.items()})
    # Claims that lost statements (or may have) are recounted; the others add the
    # statements just written.
    moved_to = {ids[k] for k in wanted.values()}
    recount = set(ids.values()) if added is None else left | moved_to
    await tallies.recount(session, sorted(recount))
    if added:
        await tallies.add(
            session,
            tallies.BY_IDS + " AND s.claim_id <> ALL(CAST(:recounted AS bigint[]))",
            added,
            recounted=sorted(recount),
        )
    touched = sorted(set(ids.values()))
    rendered = await _render_commitments(session, touched)
    kept = {r.claim_id for r in rendered}
    await _store_rendered(session, rendered, [i for i in touched if i not in kept])


async def _insert_claims(session: AsyncSession, claim_keys: Sequence[str]) -> dict[str, int]:
    """Insert claims by key; a key that another transaction inserted first is looked
    up (the advisory lock makes that rare: the unique key is what guarantees it)."""
    rows = [_columns_of_key(k) for k in claim_keys]
    inserted = await session.execute(
        text(
            "INSERT INTO claims (key, kind, group_key, actor_entity_id, metric_class, basis,"
            " currency, target_year, event_type)"
            " SELECT * FROM unnest(CAST(:keys AS text[]), CAST(:kinds AS text[]),"
            " CAST(:groups AS text[]), CAST(:actors AS bigint[]), CAST(:classes AS text[]),"
            " CAST(:bases AS text[]), CAST(:currencies AS text[]), CAST(:years AS int[]),"
            " CAST(:types AS text[]))"
            " ON CONFLICT (key) DO NOTHING RETURNING key, id"
        ),
        {name: [r[name] for r in rows] for name in rows[0]},
    )
    found = {r.key: r.id for r in inserted}
    lost = [k for k in claim_keys if k not in found]
    if lost:
        again = await session.execute(
            text("SELECT key, id FROM claims WHERE key IN (SELECT unnest(CAST(:keys AS text[])))"),
            {"keys": lost},
        )
        found.update({r.key: r.id for r in again})
    return found


def _columns_of_key(key: str) -> dict[str, Any]:
    """A claim's join-key columns, read back from its key (see `keys`)."""
    parts = key.split("|")
    if parts[0] == "c":
        _, actor, metric_class, basis, year = parts
        return {
            "keys": key,
            "kinds": "commitment",
            "groups": "|".join(parts[:4]),
            "actors": int(actor) if actor.isdigit() else None,
            "classes": metric_class,
            "bases": basis,
            "currencies": basis if len(basis) == 3 and basis.isupper() else None,
            "years": None if year == "-" else int(year),
            "types": None,
        }
    return {
        "keys": key,
        "kinds": "event",
        "groups": "|".join(parts[:3]),
        "actors": None,
        "classes": None,
        "bases": None,
        "currencies": None,
        "years": None,
        "types": parts[1],
    }


async def _move(session: AsyncSession, table: str, claim_of: dict[int, int]) -> None:
    """Put statements in claims; each is given its article's outlet on the way."""
    assert table in ("commitments", "events")
    await session.execute(
        text(
            f"UPDATE {table} SET claim_id = m.claim_id,"
            " outlet = claim_outlet(a.url, a.source, a.id)"
            " FROM unnest(CAST(:ids AS bigint[]), CAST(:claims AS bigint[])) AS m(id, claim_id),"
            f" articles a WHERE {table}.id = m.id AND a.id = {table}.article_id"
        ),
        {"ids": list(claim_of), "claims": list(claim_of.values())},
    )


async def _render_commitments(session: AsyncSession, claim_ids: list[int]) -> list[Rendered]:
    """The claims' documents, from their tallies; claims left empty are not rendered."""
    if not claim_ids:
        return []
    params = {"ids": claim_ids}
    claims = (
        await session.execute(
            text(
                "SELECT c.id, c.actor_entity_id, c.metric_class, c.basis, c.currency,"
                " c.target_year, c.statement_count, c.first_reported, c.last_reported,"
                " c.metric, c.actor_name, (SELECT count(*) FROM claim_origins o"
                " WHERE o.claim_id = c.id AND o.texts > 0) AS sources"
                " FROM claims c WHERE c.id IN (SELECT unnest(CAST(:ids AS bigint[])))"
                " AND c.statement_count > 0"
            ),
            params,
        )
    ).all()
    buckets: dict[int, list[Bucket]] = {}
    for r in await session.execute(
        text(
            "SELECT claim_id, lifecycle, nullif(bucket, -1) AS bucket, n, first, min_amount,"
            " max_amount, gdp_from, gdp_to FROM claim_buckets"
            " WHERE claim_id IN (SELECT unnest(CAST(:ids AS bigint[])))"
        ),
        params,
    ):
        buckets.setdefault(r.claim_id, []).append(
            Bucket(
                r.lifecycle,
                r.bucket,
                r.first,
                r.n,
                r.min_amount,
                r.max_amount,
                r.gdp_from,
                r.gdp_to,
            )
        )
    return [
        render_commitment(
            CommitmentClaim(
                c.id, c.actor_entity_id, c.metric_class, c.basis, c.currency, c.target_year
            ),
            Totals(
                c.statement_count,
                c.sources,
                c.first_reported,
                c.last_reported,
                c.metric,
                c.actor_name,
            ),
            buckets.get(c.id, []),
        )
        for c in claims
    ]


# Events join by shared participant entities: a described participant ("protesters",
# entity_id null) is no entity, and two events that both have protesters are not
# thereby one event.
_EVENTS = (
    "SELECT s.id, s.claim_id, s.claim_group, s.type, s.summary, s.date_value,"
    " s.date_precision, s.reported_at,"
    " (SELECT coalesce(array_agg(ep.entity_id ORDER BY ep.position), '{}')"
    "  FROM event_participants ep WHERE ep.event_id = s.id AND ep.entity_id IS NOT NULL)"
    " AS entity_ids,"
    " (SELECT coalesce(array_agg(ep.name ORDER BY ep.position), '{}')"
    "  FROM event_participants ep WHERE ep.event_id = s.id AND ep.entity_id IS NOT NULL)"
    " AS names"
    " FROM events s"
    " WHERE s.claim_group IN (SELECT unnest(CAST(:groups AS text[]))) AND s.is_current"
)

_EVENT_TOTALS = """
WITH s AS (
  SELECT s.claim_id, s.text_hash, s.reported_at AS dated_at, s.outlet
  FROM events s
  WHERE s.claim_id IN (SELECT unnest(CAST(:ids AS bigint[]))) AND s.is_current
), o AS (
  SELECT s.*, CASE WHEN text_hash IS NULL THEN outlet ELSE first_value(outlet)
    OVER (PARTITION BY claim_id, text_hash ORDER BY dated_at, outlet) END AS origin
  FROM s
)
SELECT claim_id, count(*) AS n, count(DISTINCT origin) AS sources, min(dated_at) AS first,
  max(dated_at) AS last
FROM o GROUP BY claim_id
"""


async def _settle_events(session: AsyncSession, groups: list[str]) -> None:
    rows: dict[str, list[EventRow]] = {}
    for r in await session.execute(text(_EVENTS), {"groups": groups}):
        rows.setdefault(r.claim_group, []).append(
            EventRow(
                id=r.id,
                claim_id=r.claim_id,
                group=r.claim_group,
                type=r.type,
                summary=r.summary,
                date_value=r.date_value,
                date_precision=r.date_precision,
                participants=tuple(zip(r.entity_ids, r.names, strict=True)),
                reported_at=r.reported_at,
            )
        )
    plans: list[EventPlan] = []
    for group in groups:
        plans += plan_events(group, rows.get(group, []))
    stored = (
        await session.execute(
            text(
                "SELECT id, key, statement_count FROM claims"
                " WHERE group_key IN (SELECT unnest(CAST(:groups AS text[])))"
            ),
            {"groups": groups},
        )
    ).all()
    ids = {r.key: r.id for r in stored}
    counts = {r.id: r.statement_count for r in stored}
    missing = sorted({p.key for p in plans} - set(ids))
    if missing:
        ids.update(await _insert_claims(session, missing))
    moves = {r.id: ids[p.key] for p in plans for r in p.rows if r.claim_id != ids[p.key]}
    if moves:
        await _move(session, "events", moves)
    # Only claims whose statements changed are rendered again: those gaining a
    # statement (new or moved) and those whose count moved (losing one).
    changed = [
        p
        for p in plans
        if len(p.rows) != counts.get(ids[p.key]) or any(r.id in moves for r in p.rows)
    ]
    planned = {ids[p.key] for p in plans}
    empty = [i for i in set(ids.values()) if i not in planned]
    touched = sorted({ids[p.key] for p in changed})
    totals = {
        r.claim_id: Totals(r.n, r.sources, r.first, r.last)
        for r in await session.execute(text(_EVENT_TOTALS), {"ids": touched})
    }
    rendered = [render_event(ids[p.key], p, totals[ids[p.key]]) for p in changed]
    await _store_rendered(session, rendered, empty)


async def _store_rendered(
    session: AsyncSession, rendered: Sequence[Rendered], empty: Sequence[int]
) -> None:
    """Write the claims' derived columns; delete the claims left `empty`."""
    if rendered:
        await session.execute(
            text(
                "UPDATE claims SET status = u.status, entity_ids = CAST(u.entity_ids AS bigint[]),"
                " statement_count = u.statement_count, source_count = u.source_count,"
                " first_reported = u.first_reported, last_reported = u.last_reported,"
                " document = u.document, updated_at = now()"
                " FROM unnest(CAST(:ids AS bigint[]), CAST(:status AS text[]),"
                " CAST(:entity_ids AS text[]), CAST(:statement_count AS int[]),"
                " CAST(:source_count AS int[]), CAST(:first AS timestamptz[]),"
                " CAST(:last AS timestamptz[]), CAST(:document AS text[]))"
                " AS u(id, status, entity_ids, statement_count, source_count, first_reported,"
                " last_reported, document)"
                " WHERE claims.id = u.id"
            ),
            {
                "ids": [r.claim_id for r in rendered],
                "status": [r.status for r in rendered],
                "entity_ids": ["{" + ",".join(map(str, r.entity_ids)) + "}" for r in rendered],
                "statement_count": [r.statement_count for r in rendered],
                "source_count": [r.source_count for r in rendered],
                "first": [r.first_reported for r in rendered],
                "last": [r.last_reported for r in rendered],
                "document": [r.document for r in rendered],
            },
        )
    if empty:
        await session.execute(
            text("DELETE FROM claims WHERE id IN (SELECT unnest(CAST(:ids AS bigint[])))"),
            {"ids": empty},
        )
