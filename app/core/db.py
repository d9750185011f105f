"""Engine, session factory, and who owns which transaction.

One `AsyncSession` per request, opened on first use.  Services flush; only
`SessionMiddleware` commits it, when the response starts and before a byte of it
is sent (it rolls back for an error status), so a client never sees a success
that was not stored; if the commit fails, the client gets a 503 problem instead
of the success.  Reads (GET and HEAD) use a pool of their own (`Engines`).

Work that must commit apart from the request's is a side transaction, opened by
name with `side_transaction` and listed in `SideTransaction`: today the use of
an API key, and an Idempotency-Key's claim and release.  The one other owner is
the bulk endpoint, which streams its answer and so cannot wait for one commit:
each of its batches is a transaction of its own, committed before the batch's
result lines are sent (`articles/bulk.py`).  The job worker commits each job's
one transaction itself (`articles/tasks.py`), and the group writer each group of
single posts, before any of them is answered (`articles/grouping.py`).

A request's session takes a pooled connection at its first statement and keeps it
until that commit, so a request that waits for something slow (the extractor)
looks up what it needs first in a short session of its own (`short_session`, on
the read pool where the app has one), then does the slow work holding no
connection, and only then writes.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any, Literal

import anyio
from sqlalchemy import event
from sqlalchemy.exc import DisconnectionError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.pool import ConnectionPoolEntry
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.core.config import Settings
from app.core.errors import DatabaseUnavailable, problem_messages

STATE_KEY = "db_session"
_READ_METHODS = frozenset({"GET", "HEAD"})


# A connection back from the pool after this long idle is pinged before use.
IDLE_PING_SECONDS = 5.0


# What every connection factstore opens asks of its session: a name in the server's
# activity view, and no compiling of statements to machine code (why: `create_engine`).
SESSION_SETTINGS: Mapping[str, str] = {"application_name": "factstore", "jit": "off"}


def create_engine(settings: Settings, url: str, *, reads: bool = False) -> AsyncEngine:
    """The engine of writes, or with `reads` the engine of GET and HEAD requests.

    Reads differ twice.  They run in autocommit: each read is one statement, which
    PostgreSQL runs in a transaction of its own, so BEGIN and COMMIT would be two
    round trips that add nothing (under READ COMMITTED every statement takes its own
    snapshot either way).  And they are planned for the values they run with: a
    prepared statement otherwise switches to a generic plan after five runs if that
    plan looks cheaper, and for a full-text query that is a guess; search for a
    common word then read every match instead of the newest window.  Planning is a
    small part of a read.  Writes are not made to plan each run: their statements
    are key look-ups.  A bulk batch leaves the choice to PostgreSQL, and a single
    article's write asks for the generic plans outright (`articles.service.CACHED_PLANS`),
    since left to choose PostgreSQL planned most of its statements anew.

    Neither pool lets PostgreSQL compile statements to machine code (JIT): it does
    so for any statement whose estimated cost passes a threshold, and a bulk
    batch's look-ups, a loop of index probes over hundreds of keys that runs in a
    few milliseconds, are estimated high enough, and the compilation then took most
    of the statement's time.  Every statement here is short.
    """
    server_settings = {
        **SESSION_SETTINGS,
        "statement_timeout": str(settings.db_statement_timeout_ms),
        "idle_in_transaction_session_timeout": "60000",
    }
    options: dict[str, Any] = {}
    if reads:
        server_settings["plan_cache_mode"] = "force_custom_plan"
        options["isolation_level"] = "AUTOCOMMIT"
    engine = create_async_engine(
        url,
        pool_size=settings.db_pool_size,
        max_overflow=settings.db_max_overflow,
        pool_timeout=settings.db_pool_timeout,
        connect_args={"server_settings": server_settings},
        **options,
    )
    ping_idle_connections(engine, IDLE_PING_SECONDS)
    return engine


def create_plain_engine(url: str) -> AsyncEngine:
    """An engine for one-off work outside the app's pools (the claims rebuild, run by
    the CLI over a whole store): the pools' session settings, but no statement
    timeout, since its statements cover a chunk of the store, not a request."""
    return create_async_engine(url, connect_args={"server_settings": dict(SESSION_SETTINGS)})


@dataclass(frozen=True, slots=True)
class Engines:
    """The app's two pools: writes, and reads (see `create_engine`)."""

    writes: AsyncEngine
    reads: AsyncEngine

    @classmethod
    def open(cls, settings: Settings, url: str) -> Engines:
        return cls(create_engine(settings, url), create_engine(settings, url, reads=True))

    def install(self, state: Any) -> None:
        """Give the app its `sessionmaker` and `read_sessionmaker`.

        An app given only a `sessionmaker` (tests bound to one rolled-back
        transaction) serves its reads from it too."""
        state.sessionmaker = create_sessionmaker(self.writes)
        state.read_sessionmaker = create_sessionmaker(self.reads)

    async def dispose(self) -> None:
        await self.writes.dispose()
        await self.reads.dispose()


def ping_idle_connections(engine: AsyncEngine, idle_seconds: float) -> None:
    """Ping a pooled connection before use only if it sat idle for `idle_seconds`.

    SQLAlchemy's `pool_pre_ping` pings on every checkout: a round trip that was a
    third of a small read's time.  A connection in steady use has just proved
    itself; one that sat idle may have been cut (a database restart, a proxy's
    timeout), so it is pinged and, if dead, replaced before the request uses it.
    A connection that dies between two busy uses fails its one request with a 503
    (the problem handler's answer to a lost connection), and SQLAlchemy then
    replaces every connection of the pool.
    """
    pool = engine.sync_engine.pool

    @event.listens_for(pool, "checkin")
    def _idle_since(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["idle_since"] = time.monotonic()

    @event.listens_for(pool, "checkout")
    def _ping_if_idle(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: Any) -> None:
        since = record.info.get("idle_since")
        if since is None or time.monotonic() - since < idle_seconds:
            return
        try:
            engine.sync_engine.dialect.do_ping(dbapi_connection)
        except Exception as exc:
            raise DisconnectionError("an idle pooled connection did not answer") from exc


def create_sessionmaker(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False, autoflush=False)


SideTransaction = Literal["api-key-use", "idempotency-claim", "idempotency-release"]
"""Every transaction that commits apart from a request's own, by name:

- `api-key-use`: the key look-up and its `last_used_at` (at most a write a minute),
  done before the request's work so that no transaction is left open behind it;
- `idempotency-claim`: a claim must be visible to a retry while the first request
  still runs, so it commits before the work starts;
- `idempotency-release`: a failed request's claim is dropped whatever became of
  the request's own transaction (already rolled back), so the client may retry.
"""


@asynccontextmanager
async def side_transaction(
    sessionmaker: async_sessionmaker[AsyncSession], name: SideTransaction
) -> AsyncIterator[AsyncSession]:
    """A session in a transaction of its own, committed when the block ends (rolled
    back if it raises), whatever the request's own transaction does later.

    `name` says which of the known side transactions this is (`SideTransaction`):
    a new one is a decision about who commits what, to be made there, not in passing.
    """
    async with sessionmaker() as session, session.begin():
        session.info["side_transaction"] = name  # for whoever traces statements
        yield session


@asynccontextmanager
async def short_session(
    sessionmaker: async_sessionmaker[AsyncSession],
) -> AsyncIterator[AsyncSession]:
    """A session for look-ups before slow work: it ends its transaction (it writes
    nothing, so rolling back loses nothing) and gives its connection back to the pool
    when the block ends, instead of leaving it idle in a transaction meanwhile."""
    async with sessionmaker() as session:
        yield session


class RequestSession:
    """The lazily opened session of one request."""

    def __init__(self, sessionmaker: async_sessionmaker[AsyncSession]) -> None:
        self._sessionmaker = sessionmaker
        self._session: AsyncSession | None = None

    def get(self) -> AsyncSession:
        if self._session is None:
            self._session = self._sessionmaker()
        return self._session

    async def finish(self, *, commit: bool) -> None:
        if self._session is None:
            return
        session, self._session = self._session, None
        try:
            if commit:
                await session.commit()
        finally:
            # Shielded: a rollback cut off half-way would leave the connection unusable.
            with anyio.CancelScope(shield=True):
                await session.close()


_COMMIT_FAILED = problem_messages(
    DatabaseUnavailable.status_code,
    "the change could not be committed; retry later",
    slug=DatabaseUnavailable.slug,
    headers=DatabaseUnavailable.headers,
)


class SessionMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state = scope["app"].state
        reads = scope["method"] in _READ_METHODS and hasattr(state, "read_sessionmaker")
        holder = RequestSession(state.read_sessionmaker if reads else state.sessionmaker)
        scope.setdefault("state", {})[STATE_KEY] = holder
        replaced = False

        async def send_after_commit(message: Message) -> None:
            nonlocal replaced
            if replaced:
                return
            if message["type"] == "http.response.start":
                try:
                    await holder.finish(commit=message["status"] < 400)
                except Exception:
                    replaced = True
                    for problem in _COMMIT_FAILED:
                        await send(dict(problem))  # a copy: the server may keep it
                    return
            await send(message)

        try:
            await self.app(scope, receive, send_after_commit)
        finally:
            await holder.finish(commit=False)
