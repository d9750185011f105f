"""Resolve surface names to stored entities, across articles.

A name meets an entity by its normalised form, by a known alias, or (a person's
lone surname) by the surname of exactly one stored person.  Names the gazetteer
knows ("the United States", "US") also match on its canonical name and aliases,
so client-supplied and extracted facts meet on the same entity.  Where the store holds
several candidates the name gets an entity of its own rather than a wrong merge.
Types must agree unless one side is `other`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from app.core import driver
from app.core.bulk_insert import any_of
from app.entities.aliases import NewAlias
from app.entities.names import normalise_name, surname
from app.extract.gazetteer import get_gazetteer
from app.models import Entity


@dataclass(frozen=True, slots=True)
class NameRequest:
    name: str
    type: str | None
    aliases: tuple[str, ...] = ()
    # Forms to match on but not to record as aliases (the gazetteer's).
    known_forms: tuple[str, ...] = ()
    # Derived once: resolution consults them many times per name.
    norm: str = field(init=False)
    match_keys: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        forms = [self.name, *self.aliases, *self.known_forms]
        object.__setattr__(self, "norm", normalise_name(self.name))
        object.__setattr__(
            self, "match_keys", frozenset(k for k in map(normalise_name, forms) if k)
        )

    @property
    def is_lone_surname(self) -> bool:
        return self.type == "person" and " " not in self.norm


@dataclass(frozen=True, slots=True)
class _Candidate:
    id: int
    norm: str
    type: str


def _compatible(wanted: str | None, stored: str) -> bool:
    return wanted is None or wanted == stored or "other" in (wanted, stored)


class _Pool:
    """Entities a batch of names may resolve to, by name, alias and surname."""

    def __init__(self) -> None:
        self.by_norm: dict[str, list[_Candidate]] = {}
        self.by_alias: dict[str, set[_Candidate]] = {}
        self.by_surname: dict[str, set[_Candidate]] = {}
        self.alias_pairs: set[tuple[int, str]] = set()  # (entity id, alias norm) stored

    def add(self, candidate: _Candidate, alias: str | None = None) -> None:
        if alias is None:
            bucket = self.by_norm.setdefault(candidate.norm, [])
            if candidate not in bucket:
                bucket.append(candidate)
            if candidate.type == "person":
                self.by_surname.setdefault(surname(candidate.norm), set()).add(candidate)
        else:
            self.by_alias.setdefault(alias, set()).add(candidate)
            self.alias_pairs.add((candidate.id, alias))

    def choose(self, request: NameRequest) -> _Candidate | None:
        exact = [c for c in self.by_norm.get(request.norm, []) if _compatible(request.type, c.type)]
        same_type = [c for c in exact if c.type == request.type]
        if len(same_type) == 1:
            return same_type[0]
        if len(exact) == 1:
            return exact[0]
        related: set[_Candidate] = set()
        for key in request.match_keys:
            related.update(self.by_norm.get(key, []))
            related.update(self.by_alias.get(key, set()))
        related = {c for c in related if _compatible(request.type, c.type)}
        if len(related) == 1:
            return next(iter(related))
        if request.is_lone_surname and not related:
            people = self.by_surname.get(request.norm, set()) - set(
                self.by_norm.get(request.norm, [])
            )
            if len(people) == 1:
                return next(iter(people))
        return None


# Every entity a batch of names may meet, in one statement: by name, by alias (with
# the alias it matched) and, for lone surnames, every person of that surname.  In
# the surname look-up the constants are written into the SQL, not bound: only then
# does a generic plan (the writes') match `ix_entities_person_surname`, its expression
# and its predicate, instead of reading every person.  Each `IN (SELECT unnest(...))`
# is joined by index probes or a hash whatever the array's length (see `any_of`).
_POOL = text(
    "SELECT entities.id, entities.norm, entities.type, NULL AS alias FROM entities"
    " WHERE entities.norm IN (SELECT unnest(CAST(:keys AS text[])))"
    " UNION ALL"
    " SELECT entities.id, entities.norm, entities.type, entity_aliases.norm"
    " FROM entities JOIN entity_aliases ON entity_aliases.entity_id = entities.id"
    " WHERE entity_aliases.norm IN (SELECT unnest(CAST(:keys AS text[])))"
    " UNION ALL"
    " SELECT entities.id, entities.norm, entities.type, NULL FROM entities"
    " WHERE entities.type = 'person'"
    " AND regexp_replace(entities.norm, '^.* ', '') IN (SELECT unnest(CAST(:surnames AS text[])))"
)


async def _load_pool(session: AsyncSession, requests: Sequence[NameRequest]) -> _Pool:
    keys = sorted(frozenset().union(*(r.match_keys for r in requests)))
    surnames = sorted({r.norm for r in requests if r.is_lone_surname})
    pool = _Pool()
    for id_, norm, kind, alias in await driver.execute(
        session, _POOL, {"keys": keys, "surnames": surnames}
    ):
        pool.add(_Candidate(id_, norm, kind), alias=alias)
    return pool


# Missing entities inserted (in the rows' order) and, in the same statement, the
# stored ones of the same names: the statement's snapshot shows those stored before
# it began, and RETURNING those it inserted.
_CREATE = text(
    "WITH inserted AS ("
    " INSERT INTO entities (norm, type, name)"
    " SELECT norm, type, name FROM unnest(CAST(:norms AS text[]), CAST(:types AS text[]),"
    " CAST(:names AS text[])) WITH ORDINALITY AS u(norm, type, name, ordinal) ORDER BY ordinal"
    " ON CONFLICT (norm, type) DO NOTHING RETURNING id, norm, type)"
    " SELECT id, norm, type, true FROM inserted"
    " UNION ALL"
    " SELECT id, norm, type, false FROM entities"
    " WHERE norm IN (SELECT unnest(CAST(:norms AS text[])))"
)


async def _create(
    session: AsyncSession, requests: Sequence[NameRequest]
) -> tuple[list[_Candidate], set[int]]:
    """Insert missing entities in a fixed order (so concurrent batches cannot deadlock);
    return them with the stored entities of the same names, and the ids this call
    inserted (others may have come first)."""
    wanted = sorted({(r.norm, r.type or "other"): r.name for r in requests}.items())
    if not wanted:
        return [], set()
    norms = [norm for (norm, _), _ in wanted]
    rows = await driver.execute(
        session,
        _CREATE,
        {
            "norms": norms,
            "types": [kind for (_, kind), _ in wanted],
            "names": [n for _, n in wanted],
        },
    )
    candidates = [_Candidate(id_, norm, kind) for id_, norm, kind, _ in rows]
    inserted = {row[0] for row in rows if row[3]}
    if {(c.norm, c.type) for c in candidates} >= {key for key, _ in wanted}:
        return candidates, inserted
    # A concurrent write inserted one of them and committed after this statement's
    # snapshot was taken (its row made the insert skip ours): a new statement sees it.
    rows = (
        await session.execute(
            select(Entity.id, Entity.norm, Entity.type).where(any_of(Entity.norm, norms))
        )
    ).all()
    return [_Candidate(row.id, row.norm, row.type) for row in rows], inserted


@lru_cache(maxsize=65536)  # news names recur: a batch asks for the same ones again and again
def name_request(name: str, type_: str | None, aliases: tuple[str, ...] = ()) -> NameRequest:
    """The request for a name, matching also on the gazetteer's forms of the entity it
    names.  Equal names give the same (immutable) request, resolved once a batch."""
    request = NameRequest(name, type_, aliases)
    known = get_gazetteer().lookup(name)
    if known is None or not _compatible(type_, known.type):
        return request
    return NameRequest(name, type_ or known.type, aliases, (known.name, *known.aliases))


@dataclass(frozen=True, slots=True)
class Resolution:
    ids: list[int]  # the entity of each request, in request order
    created: set[int]  # entities this call inserted: their search text is yet to be built
    # Surface forms to record as aliases of the entities they met, in a fixed order
    # (`adjust_entity_counts` stores them, under the entities' row locks).
    aliases: list[NewAlias]


async def resolve_names(session: AsyncSession, asked: Sequence[NameRequest]) -> Resolution:
    """The entity for each request, creating entities; and the new aliases, which the
    caller records with the entity counters.  Equal requests meet the same entity, so
    each distinct one is resolved once."""
    slot: dict[NameRequest, int] = {}
    order = [slot.setdefault(r, len(slot)) for r in asked]
    requests = list(slot)
    resolved: dict[int, _Candidate] = {}
    created: set[int] = set()
    if not requests:
        return Resolution([], set(), [])
    # One look-up serves both phases: what the first phase creates joins the pool.
    pool = await _load_pool(session, requests)
    stored_aliases = set(pool.alias_pairs)
    # Full names first, so that a lone surname in the same batch can meet them.
    for phase in (False, True):
        batch = [(i, r) for i, r in enumerate(requests) if r.norm and r.is_lone_surname is phase]
        if not batch:
            continue
        missing = []
        for i, request in batch:
            chosen = pool.choose(request)
            if chosen is None:
                missing.append((i, request))
            else:
                resolved[i] = chosen
        candidates, inserted = await _create(session, [r for _, r in missing])
        created |= inserted
        for candidate in candidates:
            pool.add(candidate)
        for i, request in missing:
            chosen = next(
                c for c in pool.by_norm[request.norm] if c.type == (request.type or "other")
            )
            resolved[i] = chosen
    aliases = _new_aliases(requests, resolved, stored_aliases)
    return Resolution([resolved[i].id for i in order], created, aliases)


def _new_aliases(
    requests: Sequence[NameRequest],
    resolved: dict[int, _Candidate],
    stored: set[tuple[int, str]],
) -> list[NewAlias]:
    """The surface forms not yet known as aliases of the entities they resolved to."""
    rows: dict[tuple[int, str], str] = {}
    for i, request in enumerate(requests):
        entity = resolved[i]
        for surface in [request.name, *request.aliases]:
            norm = normalise_name(surface)
            if norm and norm != entity.norm and (entity.id, norm) not in stored:
                rows.setdefault((entity.id, norm), surface.strip())
    return [NewAlias(entity_id, norm, alias) for (entity_id, norm), alias in sorted(rows.items())]
