"""Joining statements into claims, in the transaction that writes them.

Under transaction-scoped advisory locks on the claim groups (`keys`) concerned,
taken in key order in one statement (so concurrent ingests of one story queue up
on its group instead of racing, and never deadlock on each other):

- `join_new` gives new statements, before they are inserted, their claim and
  their article's outlet, and adds them to their claims' tallies (`tallies`), from
  which it renders the claims; a new claim is inserted rendered, its key unique
  (what guarantees one claim per key; the group's lock, that no one else creates
  it meanwhile).  It reads only the groups' claims that new statements may join: a
  commitment group's claims (one per target year, by the group index), and of an
  event group the claims sharing a participant with the new events (by the index
  of `claim_participant_keys`), never the statements already stored, so its cost
  does not grow with the store.  A new event that shares a
  participant with one claim joins it (the claim's key follows its smallest
  participant); with none, it makes a claim.
- What that cannot decide alone is left to `settle`, run on those groups once the
  rows are inserted: a new event bridging two claims (they merge), a group's first
  or second target year (its undated commitments move).  `settle` also follows
  retired and deleted statements.  It reads the statements of the claims concerned
  (a whole group's only on a rebuild), moves those whose claim changed, and
  recounts the claims they left and joined, deleting those left empty.

Nothing here commits: the caller's transaction does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import keys, tallies
from app.claims.lifecycle import cited_sentence, classify
from app.claims.planning import Components, EventPlan, EventRow, plan_events
from app.claims.tallies import CLAIM_COLUMNS, EventStatement, State
from app.core import driver
from app.core.bulk_insert import ReservedIds

# Off only to measure what joining costs (`FACTSTORE_JOIN_CLAIMS=false`, set by
# `create_app`): statements then keep their group but join no claim.
ENABLED = True


@dataclass(frozen=True, slots=True)
class Unsettled:
    """What `join_new` leaves to `settle`: groups, and the claims in them it may change;
    and the claims a revision's statements only restated (`Retired`), which need no
    settling for it."""

    groups: frozenset[str] = frozenset()
    claims: frozenset[int] = frozenset()
    restated: frozenset[int] = frozenset()


# What a statement adds to its claim's tallies (`tallies`): a revision's statement
# that gives all of it again, in the claim its old one leaves, changes no tally.  An
# event's named participants (entity, name) count besides.
RESTATED = {
    "commitment": (
        "article_id",
        "reported_at",
        "outlet",
        "text_hash",
        "lifecycle",
        "value_bucket",
        "amount_value",
        "gdp_from",
        "gdp_to",
        "metric",
        "actor_name",
    ),
    "event": (
        "article_id",
        "reported_at",
        "outlet",
        "text_hash",
        "summary",
        "date_value",
        "date_precision",
    ),
}


def restated_as(
    kind: str, row: Mapping[str, Any], participants: Sequence[tuple[int, str]] = ()
) -> tuple[Any, ...]:
    """What the statement gives its claim (see `RESTATED`)."""
    return (
        kind,
        *(row[column] for column in RESTATED[kind]),
        tuple((entity_id, name) for entity_id, name in participants),
    )


# Statements with what each gives its claim (`restated_as`).
Signed = Sequence[tuple[Mapping[str, Any], tuple[Any, ...]]]


_Row = TypeVar("_Row", bound=Mapping[str, Any])


def signed(
    commitments: Sequence[_Row], events: Sequence[tuple[_Row, Sequence[tuple[int, str]]]]
) -> list[tuple[_Row, tuple[Any, ...]]]:
    """Statements (commitment rows; event rows with their named participants) with
    what each gives its claim."""
    return [(r, restated_as("commitment", r)) for r in commitments] + [
        (r, restated_as("event", r, participants)) for r, participants in events
    ]


def _gave(signed: Signed) -> dict[int, Counter[tuple[Any, ...]]]:
    """Per claim, how many of the statements give it each thing."""
    gave: dict[int, Counter[tuple[Any, ...]]] = {}
    for row, signature in signed:
        if row["claim_id"] is not None:
            gave.setdefault(row["claim_id"], Counter())[signature] += 1
    return gave


@dataclass(frozen=True, slots=True)
class Retired:
    """A revision's retired statements, whose claims are settled once its new ones have
    joined theirs: each one's (group, claim); per claim what they gave it (`_gave`);
    and the source of each (claim, what it gave)."""

    pairs: frozenset[tuple[str | None, int | None]]
    gave: Mapping[int, Counter[tuple[Any, ...]]]
    sources: Mapping[tuple[int, tuple[Any, ...]], str | None]

    @classmethod
    def of(cls, signed: Signed) -> Retired:
        """The statements (rows with their group, claim and source) and what they gave."""
        return cls(
            frozenset((row["claim_group"], row["claim_id"]) for row, _ in signed),
            _gave(signed),
            {
                (row["claim_id"], signature): row["claim_source"]
                for row, signature in signed
                if row["claim_id"] is not None
            },
        )

    def left(self, restated: Collection[int] = ()) -> Unsettled:
        """What is left to settle once the new statements have joined: the claims not
        only restated, and their groups (a restated claim's group keeps its years)."""
        kept = {(g, c) for g, c in self.pairs if c is None or c not in restated}
        return Unsettled(
            frozenset(g for g, _ in kept if g), frozenset(c for _, c in kept if c is not None)
        )


def _restated(signed: Signed, retired: Retired) -> set[int]:
    """The claims whose new statements give exactly what the claim's retired ones gave
    (as many of each)."""
    return {
        claim_id for claim_id, gave in _gave(signed).items() if retired.gave.get(claim_id) == gave
    }


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


# The advisory locks on the groups, in key order; the articles' URLs and sources;
# and ids of new claims, as many as the statements could make (`_claim_bound`).
# Drawn here, they cost no round trip of their own; the ids they leave unused are
# gaps in the claims' ids, which are only ever compared, never counted.
_LOCK = text(
    "SELECT (SELECT count(*) FROM (SELECT pg_advisory_xact_lock(hashtextextended(g, 17))"
    " FROM (SELECT DISTINCT g FROM unnest(CAST(:groups AS text[])) AS u(g) ORDER BY g) s) l)"
    " AS locked, ARRAY(SELECT (SELECT a.url FROM articles a WHERE a.id = u.id)"
    " FROM unnest(CAST(:articles AS bigint[])) WITH ORDINALITY AS u(id, n) ORDER BY n) AS urls,"
    " ARRAY(SELECT (SELECT a.source FROM articles a WHERE a.id = u.id)"
    " FROM unnest(CAST(:articles AS bigint[])) WITH ORDINALITY AS u(id, n) ORDER BY n) AS sources,"
    " ARRAY(SELECT nextval(s.seq) FROM (SELECT CAST(pg_get_serial_sequence('claims', 'id')"
    " AS regclass) AS seq) s, generate_series(1, CAST(:claims AS int))) AS claim_ids"
)


# The claims new statements may join: a commitment group's claims (by the group
# index), and the event claims that share a participant with the new events in
# their group (by the index of (group, participant) pairs, `claim_participant_keys`:
# an event group, a type and a week, can hold many claims, and a participant be
# in claims of many weeks).  Each key is looked up on its own (a lateral subquery
# kept apart by `OFFSET 0`), so that an index probe per key is the cheap plan
# whatever the planner knows of the table: as one join, it weighed the keys
# against the whole table and, with a new store's statistics (none yet, or a few
# minutes old), hashed the table against the groups or read every event claim,
# calling `claim_participant_keys` on each.  A commitment claim's keys never name
# an event group, so the look-up need not name `kind`: that would let the planner
# read every event claim through the `kind` index, once per key.  A claim found
# by several of its participants comes once per key; the caller keeps one.
def _claims_of_groups(param: str) -> str:
    """The claims of the groups in the array parameter `param`, each group looked up
    on its own, by an index probe."""
    return (
        f"SELECT c.* FROM unnest(CAST(:{param} AS text[])) AS g(k) CROSS JOIN LATERAL"
        f" (SELECT {CLAIM_COLUMNS} FROM claims WHERE group_key = g.k OFFSET 0) c"
    )


_CANDIDATES = text(
    _claims_of_groups("commitment_groups")
    + " UNION ALL SELECT c.* FROM unnest(CAST(:participants AS text[])) AS p(k) CROSS JOIN LATERAL"
    f" (SELECT {CLAIM_COLUMNS} FROM claims"
    " WHERE claim_participant_keys(group_key, entity_ids) && ARRAY[p.k] OFFSET 0) c"
)


async def _lock(
    session: AsyncSession, groups: Sequence[str], articles: Sequence[int] = (), claims: int = 0
) -> tuple[dict[int, str], list[int]]:
    """Lock the groups; return the articles' outlets, and `claims` new claim ids."""
    ((_, urls, sources, claim_ids),) = await driver.execute(
        session,
        _LOCK,
        {"groups": list(groups), "articles": list(articles), "claims": claims},
    )
    outlets = {
        article_id: keys.outlet(url, source, article_id)
        for article_id, url, source in zip(articles, urls, sources, strict=True)
    }
    unsure = [article_id for article_id, found in outlets.items() if found is None]
    if unsure:
        outlets.update(
            (
                await session.execute(
                    text(
                        "SELECT id, claim_outlet(url, source, id) FROM articles"
                        " WHERE id IN (SELECT unnest(CAST(:ids AS bigint[])))"
                    ),
                    {"ids": unsure},
                )
            ).all()
        )
    found = {article_id: outlet for article_id, outlet in outlets.items() if outlet is not None}
    return found, list(claim_ids)


async def leave(session: AsyncSession, retired: Retired, *, replaced: bool) -> None:
    """Statements leave their claims now (a claim left empty goes); or, `replaced`, once
    `settle_replaced` settles them after the new ones are written: their groups are
    locked now all the same, in the order every write takes them (groups, then
    entities)."""
    left = retired.left()
    if not replaced:
        await settle(session, left.groups, left.claims)
    elif left.groups and ENABLED:
        await _lock(session, sorted(left.groups))


async def settle_replaced(
    session: AsyncSession, retired: Retired, restated: Collection[int]
) -> None:
    """The replaced statements leave their claims, now that the new ones have joined
    theirs, but for the claims the new ones only restated."""
    left = retired.left(restated)
    await settle(session, left.groups, left.claims)


def _claim_bound(commitments: Sequence[Mapping[str, Any]], events: Sequence[EventStatement]) -> int:
    """How many claims the new statements can make at most: a commitment's claim is
    that of its group and target year (or of its group's home, when undated), an
    event's that of its component, one per event at most."""
    return len({(r["claim_group"], r["target_year"]) for r in commitments}) + len(events)


async def join_new(
    session: AsyncSession,
    outlets: Mapping[int, str],
    commitments: Sequence[dict[str, Any]],
    events: Sequence[EventStatement],
    retired: Retired | None = None,
) -> Unsettled:
    """Give new statements (rows not yet inserted: commitments, and events with
    their ids) their claim and outlet, and add them to their claims.  `outlets`
    gives the outlets of the articles the writer knows (`keys.outlet`); the others
    are read from their articles.  Returns the groups to `settle` once the rows are
    inserted (see the module's doc).  `retired`: a revision's old statements, not
    yet settled; a claim whose new statements only restate them (`_restated`) keeps
    its tallies as they are, and its new statements their old ones' sources."""
    rows: list[dict[str, Any]] = [*commitments, *(e.row for e in events)]
    for row in rows:
        row["claim_id"] = row["outlet"] = row["claim_source"] = None
    if not rows or not ENABLED:
        return Unsettled()
    groups = sorted({row["claim_group"] for row in rows})
    unknown = sorted({row["article_id"] for row in rows} - set(outlets))
    found, claim_ids = await _lock(session, groups, unknown, _claim_bound(commitments, events))
    outlets = {**outlets, **found}
    for row in rows:
        row["outlet"] = outlets[row["article_id"]]
    participants = sorted(
        {f"{event.row['claim_group']}|{e}" for event in events for e, _ in event.participants}
    )
    states = {
        r[0]: State.of(r)
        for r in await driver.execute(
            session,
            _CANDIDATES,
            {
                "commitment_groups": sorted({r["claim_group"] for r in commitments}),
                "participants": participants,
            },
        )
    }
    by_key = {s.key: s for s in states.values()}
    unsettled: set[str] = set()
    wanted = _commitment_keys(commitments, states, by_key, unsettled)
    renamed: dict[int, str] = {}
    wanted += _event_keys(events, states, unsettled, renamed)
    missing = sorted(set(wanted) - set(by_key))
    # A new claim is inserted once rendered (by `tallies.add`, under an id drawn with
    # the lock): inserting it bare and updating it at once would write its row and
    # every index of `claims` twice.  The group's lock makes its key ours alone until
    # commit; `settle` runs after `tallies.add`, so it finds the claim in the table.
    created: set[int] = set()
    if missing:
        ids = ReservedIds({"claims": claim_ids}).take("claims", len(missing))
        created.update(ids)
        for key, claim_id in zip(missing, ids, strict=True):
            c = _columns_of_key(key)
            state = State(
                claim_id,
                key,
                c["kinds"],
                c["groups"],
                c["actors"],
                c["classes"],
                c["bases"],
                c["currencies"],
                c["years"],
                c["types"],
            )
            states[claim_id] = by_key[key] = state
    for row, key in zip(rows, wanted, strict=True):
        row["claim_id"] = by_key[key].id
    for claim_id, key in renamed.items():
        states[claim_id].key = key
    restated: set[int] = set()
    if retired is not None:
        new = signed(commitments, [(e.row, e.participants) for e in events])
        restated = _restated(new, retired)
        for row, signature in new:
            if row["claim_id"] in restated:
                row["claim_source"] = retired.sources[(row["claim_id"], signature)]
        commitments = [r for r in commitments if r["claim_id"] not in restated]
        events = [e for e in events if e.row["claim_id"] not in restated]
    # Every new statement is counted now, in the claim it was given, those of groups
    # left to `settle` too: `settle` then recounts only the claims statements move
    # between, which are few or none (a group's home can move with no undated
    # statement to carry).
    touched = {r["claim_id"] for r in commitments} | {e.row["claim_id"] for e in events}
    await tallies.add(
        session, {i: states[i] for i in sorted(touched)}, commitments, events, created=created
    )
    # What `settle` may change in those groups: the claims the new statements were
    # given, and the group's claims that share a participant with them (with those,
    # the new events' components are whole: see `settle`).
    left = {s.id for s in states.values() if s.group_key in unsettled}
    left |= {r["claim_id"] for r in rows if r["claim_group"] in unsettled}
    return Unsettled(frozenset(unsettled), frozenset(left), frozenset(restated))


def _commitment_keys(
    rows: Sequence[Mapping[str, Any]],
    states: Mapping[int, State],
    by_key: Mapping[str, State],
    unsettled: set[str],
) -> list[str]:
    """The claim key of each new commitment.  An undated one joins its group's home
    (`_homes`); a group whose home moves is left to `settle`, which moves the
    undated statements already in it."""
    dated: dict[str, set[int]] = {}
    for s in states.values():
        if s.kind == "commitment" and s.statement_count > 0 and s.target_year is not None:
            dated.setdefault(s.group_key, set()).add(s.target_year)
    years: dict[str, set[int]] = {}
    for row in rows:
        if row["target_year"] is not None:
            years.setdefault(row["claim_group"], set()).add(row["target_year"])
    homes: dict[str, str] = {}
    for group in {row["claim_group"] for row in rows}:
        before = keys.commitment_key(group, _single(dated.get(group, set())))
        homes[group] = keys.commitment_key(
            group, _single(dated.get(group, set()) | years.get(group, set()))
        )
        home = by_key.get(before)
        if homes[group] != before and home is not None and home.statement_count > 0:
            unsettled.add(group)
    return [
        keys.commitment_key(row["claim_group"], row["target_year"])
        if row["target_year"] is not None
        else homes[row["claim_group"]]
        for row in rows
    ]


def _event_keys(
    events: Sequence[EventStatement],
    states: Mapping[int, State],
    unsettled: set[str],
    renamed: dict[int, str],
) -> list[str]:
    """The claim key of each new event: the claim its connected component (by
    shared participants, with the group's claims that share one) already is, or a
    new one.  A component joining two claims is left to `settle` (they merge);
    a claim gaining a smaller participant is `renamed` (its key follows it)."""
    nodes = Components()
    find, union = nodes.find, nodes.union
    # Participants are nodes of their group: the same entity in two weeks is two nodes.
    claims = [s for s in states.values() if s.kind == "event" and s.statement_count > 0]
    for s in claims:
        for e in s.entity_ids:
            union(f"c{s.id}", f"p{s.group_key}|{e}")
    for n, event in enumerate(events):
        find(f"s{n}")
        for e, _ in event.participants:
            union(f"s{n}", f"p{event.row['claim_group']}|{e}")
    members: dict[str, list[State]] = {}
    for s in claims:
        members.setdefault(find(f"c{s.id}"), []).append(s)
    # Each new event's component, found once: looking the component's events up
    # again for each component would cost the square of the batch's events.
    roots = [find(f"s{n}") for n in range(len(events))]
    component: dict[str, list[EventStatement]] = {}
    for root, event in zip(roots, events, strict=True):
        component.setdefault(root, []).append(event)
    chosen: dict[str, str] = {}  # component root: the key its new events join
    wanted = []
    for root, event in zip(roots, events, strict=True):
        if root not in chosen:
            group = event.row["claim_group"]
            found = sorted(members.get(root, []), key=lambda s: s.id)
            entities = {e for s in found for e in s.entity_ids}
            entities |= {e for other in component[root] for e, _ in other.participants}
            key = keys.event_key(group, entities, (o.row["id"] for o in component[root]))
            if len(found) > 1:
                unsettled.add(group)
                key = found[0].key
            elif found:
                if found[0].key != key:
                    renamed[found[0].id] = key
                key = found[0].key
            chosen[root] = key
        wanted.append(chosen[root])
    return wanted


async def settle(
    session: AsyncSession,
    groups: Collection[str | None],
    claims: Collection[int | None] | None = None,
    *,
    counted: bool = False,
    added_only: bool = False,
) -> None:
    """Bring the claims of `groups` in line with their current statements: move the
    statements whose claim changed, and recount the claims that changed.

    With `claims`, only those claims of the groups can have changed (their
    statements were added, retired or deleted): an event group's components are
    planned again from their events alone, not from the whole group's, and only
    they and the claims statements move between are recounted.  That holds because
    the stored claims of a group are its components: new events merge only the
    claims they share a participant with, and statements that leave can split only
    their own claims.  Events left without a claim (written while joining was off)
    join at the next settling of their whole group (`factstore claims rebuild`);
    such commitments, at any settling of their group.  Without `claims`, the groups
    are settled whole.

    `counted`: the claims' tallies already count their current statements (as
    `join_new` leaves them), so only the claims statements move between are
    recounted; otherwise (statements were retired or deleted) `claims` are too.

    `added_only` (with `claims`, `counted`): no statement left those claims in this
    transaction, so an event group's new components are its claims that now share
    a participant, merged (`_merge_events`); no claim's events are read to plan
    them, only those of the claims absorbed."""
    wanted = sorted({g for g in groups if g})
    if not wanted or not ENABLED:
        return
    await _lock(session, wanted)
    only = None if claims is None else {c for c in claims if c is not None}
    changed: set[int] = set()
    commitment_groups = [g for g in wanted if g.startswith("c|")]
    event_groups = [g for g in wanted if g.startswith("e|")]
    if commitment_groups:
        changed |= await _settle_commitments(session, commitment_groups, counted=counted)
    left: set[int] = set()
    gained: dict[int, int] = {}  # an event moved: the claim it joined
    if event_groups:
        if added_only and counted and only is not None:
            left, gained = await _merge_events(session, event_groups, only)
        else:
            left, gained = await _settle_events(session, event_groups, only)
        changed |= left | set(gained.values())
    if only is None:
        found = await session.execute(_CLAIMS_OF_GROUPS, {"groups": wanted})
        await tallies.recount(session, {r.id: State.of(r) for r in found})
        return
    recounted = changed if counted else only | changed
    # A claim whose tallies count its statements and that only gained events (the
    # claim that keeps its id when claims merge) adds those events to them, as it
    # adds new ones: a recount would read the whole claim, however few it gained.
    # Claims that events left are recounted: a tally cannot be taken from.
    adding = {c for c in gained.values() if c not in left} if counted else set()
    if not recounted:
        return
    found = await session.execute(_CLAIMS_BY_ID, {"ids": sorted(recounted)})
    states = {r.id: State.of(r) for r in found}
    recounting = {i: s for i, s in states.items() if i not in adding}
    if recounting:
        await tallies.recount(session, recounting)
    if adding:
        await tallies.add_moved_events(
            session,
            {i: s for i, s in states.items() if i in adding},
            [event for event, claim in gained.items() if claim in adding],
        )


# The claims to recount, by id or by group: each looked up on its own, by an index
# probe (as `_CANDIDATES`).
_CLAIMS_BY_ID = text(
    "SELECT c.* FROM unnest(CAST(:ids AS bigint[])) AS u(id) CROSS JOIN LATERAL"
    f" (SELECT {CLAIM_COLUMNS} FROM claims WHERE id = u.id OFFSET 0) c"
)
_CLAIMS_OF_GROUPS = text(_claims_of_groups("groups"))
_CLAIMS_BY_KEY = text(
    "SELECT id, key FROM claims WHERE key IN (SELECT unnest(CAST(:keys AS text[])))"
)


async def _settle_commitments(
    session: AsyncSession, groups: list[str], *, counted: bool
) -> set[int]:
    """Move the groups' unjoined and misplaced commitments; return the claims they
    left and joined."""
    claims = await _group_claims(session, groups, counted=counted)
    # Statements without a claim: written while joining was off, or their claim
    # was deleted under them.
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
    left: set[int] = set()
    for m in misplaced:
        wanted[m.id] = homes[m.claim_group]
        left.add(m.claim_id)
    ids = {c.key: c.id for c in claims}
    needed = set(wanted.values()) - set(ids)
    if needed:
        ids.update(await _insert_claims(session, sorted(needed)))
    moves = {s: ids[k] for s, k in wanted.items()}
    if moves:
        await _move(session, "commitments", moves)
    return left | set(moves.values())


# The events planned again, with their participant entities (`tallies`).
_EVENT_ROWS = (
    "SELECT s.id, s.claim_id, s.claim_group, s.type, s.summary, s.date_value,"
    " s.date_precision, s.reported_at," + tallies.EVENT_PARTICIPANTS
)
_EVENTS = text(
    _EVENT_ROWS + " FROM events s WHERE s.is_current"
    " AND s.claim_group IN (SELECT unnest(CAST(:groups AS text[])))"
)
# The current events of some claims, each claim's through its index on its own
# (as `tallies` reads them back).
_EVENTS_OF_CLAIMS = text(_EVENT_ROWS + tallies.EVENTS_OF_CLAIMS)


async def _settle_events(
    session: AsyncSession, groups: list[str], claims: set[int] | None
) -> tuple[set[int], dict[int, int]]:
    """Plan the groups' events (connected components by shared participants), whole
    or those of `claims`, and move those whose claim changed; a claim whose
    component changed takes the key of its new smallest participant.  Returns the
    claims events left, and the claim each moved event joined."""
    rows: dict[str, list[EventRow]] = {}
    found = (
        await session.execute(_EVENTS, {"groups": groups})
        if claims is None
        else await session.execute(_EVENTS_OF_CLAIMS, {"ids": sorted(claims)})
    )
    for r in found:
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
    stored = (await session.execute(_CLAIMS_BY_KEY, {"keys": sorted({p.key for p in plans})})).all()
    ids = {r.key: r.id for r in stored}
    kept = _kept_claims(plans, ids)
    if kept:
        await _rename(session, kept, ids)
    missing = sorted({p.key for p in plans} - set(ids))
    if missing:
        ids.update(await _insert_claims(session, missing))
    moves = {r.id: ids[p.key] for p in plans for r in p.rows if r.claim_id != ids[p.key]}
    left = {r.claim_id for p in plans for r in p.rows if r.id in moves and r.claim_id is not None}
    if moves:
        await _move(session, "events", moves)
    return left, moves


async def _merge_events(
    session: AsyncSession, groups: list[str], claims: set[int]
) -> tuple[set[int], dict[int, int]]:
    """Settle event groups whose `claims` only gained events (see `settle`): the
    claims of a group that share a participant entity are one component now, since
    each was a whole component before and its entities are its events' (`join_new`
    adds the new ones').  As `_settle_events` would: the claim holding most of a
    component's events (the lowest id on a tie) keeps its id and takes the
    component's key, of its smallest participant, and the others' events move to
    it.  Returns the claims absorbed, and the claim each moved event joined."""
    wanted = set(groups)
    states = [
        State.of(r)
        for r in await session.execute(_CLAIMS_BY_ID, {"ids": sorted(claims)})
        if r.kind == "event" and r.group_key in wanted and r.statement_count > 0
    ]
    nodes = Components()
    for state in states:
        for e in state.entity_ids:
            nodes.union(f"c{state.id}", f"p{state.group_key}|{e}")
    components: dict[str, list[State]] = {}
    for state in states:
        components.setdefault(nodes.find(f"c{state.id}"), []).append(state)
    keepers: dict[str, State] = {}  # component key: the claim that keeps its id
    absorbed: dict[int, int] = {}  # claim: the claim its events join
    for members in components.values():
        entities = {e for state in members for e in state.entity_ids}
        if not entities:
            continue
        keeper = min(members, key=lambda state: (-state.statement_count, state.id))
        keepers[keys.event_key(keeper.group_key, entities, ())] = keeper
        absorbed.update({state.id: keeper.id for state in members if state is not keeper})
    stored = (await session.execute(_CLAIMS_BY_KEY, {"keys": sorted(keepers)})).all()
    ids = {r.key: r.id for r in stored}
    kept = {key: state.id for key, state in keepers.items() if ids.get(key) != state.id}
    if kept:
        await _rename(session, kept, ids)
    if not absorbed:
        return set(), {}
    found = await session.execute(_EVENT_IDS_OF_CLAIMS, {"ids": sorted(absorbed)})
    moves = {r.id: absorbed[r.claim_id] for r in found}
    if moves:
        await _move(session, "events", moves)
    return set(absorbed), moves


_EVENT_IDS_OF_CLAIMS = text("SELECT s.id, s.claim_id" + tallies.EVENTS_OF_CLAIMS)


def _kept_claims(plans: Sequence[EventPlan], ids: Mapping[str, int]) -> dict[str, int]:
    """The claims that keep their id under a component's key (`key: claim id`), where
    that is not the claim of the key already: of the claims a component's events are
    in now, the one holding most of them (the lowest id on a tie), each claim for one
    component at most, the largest components first.

    A component's key follows its smallest participant, so when events merge two
    claims, or a claim gains a participant, the key can be that of the smaller
    claim, or new.  Moving every event to the claim of the key would move the large
    claim's events one by one, and give it another id, which links to it would no
    longer find; the claim that holds most of them is renamed instead, and only the
    others' events move to it.  A component whose key belongs to a claim outside it,
    or whose events are in no claim yet, goes to the claim of its key as before."""
    kept: dict[str, int] = {}
    used: set[int] = set()
    for plan in sorted(plans, key=lambda p: (-len(p.rows), p.key)):
        holders = Counter(r.claim_id for r in plan.rows if r.claim_id is not None)
        owner = ids.get(plan.key)
        if not holders or (owner is not None and owner not in holders):
            continue
        free = [c for c in holders if c not in used]
        if not free:
            continue
        best = min(free, key=lambda c: (-holders[c], c))
        used.add(best)
        if best != owner:
            kept[plan.key] = best
    return kept


async def _rename(session: AsyncSession, kept: Mapping[str, int], ids: dict[str, int]) -> None:
    """Give the kept claims their components' keys (`_kept_claims`), and update
    `ids`.  The claims that held those keys, and the kept ones, first take keys of
    their own (their key and id), so that no two claims share a key on the way: a
    claim that held a key and keeps none is emptied by the moves that follow, and
    deleted when recounted."""
    held = {ids[key] for key in kept if key in ids}
    for key, claim_id in list(ids.items()):
        if claim_id in kept.values() or claim_id in held:
            del ids[key]
    await session.execute(
        text(
            "UPDATE claims SET key = key || '|~' || id"
            " WHERE id IN (SELECT unnest(CAST(:ids AS bigint[])))"
        ),
        {"ids": sorted(held | set(kept.values()))},
    )
    await session.execute(
        text(
            "UPDATE claims SET key = u.key"
            " FROM unnest(CAST(:ids AS bigint[]), CAST(:keys AS text[])) AS u(id, key)"
            " WHERE claims.id = u.id"
        ),
        {"ids": list(kept.values()), "keys": list(kept)},
    )
    ids.update(kept)


def _single(years: set[int]) -> int | None:
    return next(iter(years)) if len(years) == 1 else None


# The groups' claims, each with whether any current statement is in it: read from
# their statements, or, when their counts are up to date (`counted`), their counts.
# Each group is looked up on its own, by an index probe (as `_CANDIDATES`).
_GROUP_CLAIMS = {
    counted: text(
        "SELECT c.id, c.key, c.group_key, c.target_year, "
        + (
            "c.statement_count > 0"
            if counted
            else "EXISTS (SELECT 1 FROM commitments s WHERE s.claim_id = c.id AND s.is_current)"
        )
        + " AS used FROM unnest(CAST(:groups AS text[])) AS g(k) CROSS JOIN LATERAL"
        " (SELECT id, key, group_key, target_year, statement_count FROM claims"
        " WHERE group_key = g.k OFFSET 0) c"
    )
    for counted in (False, True)
}


async def _group_claims(
    session: AsyncSession, groups: Sequence[str], *, counted: bool = False
) -> Sequence[Any]:
    """The groups' claims, each with whether any current statement is in it."""
    return (await session.execute(_GROUP_CLAIMS[counted], {"groups": list(groups)})).all()


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
        again = await session.execute(_CLAIMS_BY_KEY, {"keys": lost})
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
