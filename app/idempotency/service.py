"""Idempotency-Key handling, after the IETF httpapi Idempotency-Key draft.

The claim on a key is committed on its own before the work starts (the side
transaction `idempotency-claim`), so a retry that arrives while the first request
runs sees it and gets 409.  The stored answer is written in the request's own
transaction, with the work, so an answer is replayed only if the work was
committed; a failed request's claim is dropped by the side transaction
`idempotency-release`.  A claim whose request died without answering
is taken over after `STALE_CLAIM`; every record expires after `TTL`, and each
claim removes a few records that have expired (`PURGE_EXPIRED`).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from app.core.db import side_transaction
from app.core.errors import IdempotencyInProgress, IdempotencyKeyReused
from app.models import IdempotencyRecord

TTL = timedelta(hours=24)
# How many records that expired under other keys each claim removes.  A key used once
# is never claimed again, so without this its record, and the answer it keeps, would
# stay for good; removing more than one a claim drains them faster than claims add.
PURGE_EXPIRED = 16
STALE_CLAIM = timedelta(minutes=5)


@dataclass(frozen=True, slots=True)
class StoredAnswer:
    status: int
    body: Any
    location: str | None


def request_fingerprint(method: str, path: str, query: str, body: bytes) -> str:
    digest = hashlib.sha256()
    for part in (method.encode(), path.encode(), query.encode(), body):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


async def claim(
    sessionmaker: async_sessionmaker[AsyncSession],
    principal: str,
    key: str,
    fingerprint: str,
) -> StoredAnswer | None:
    """Claim `key` for this request, or return the answer to replay.

    Raises 422 when the key was used with another request, 409 while the first
    request with this key is still running.
    """
    now = datetime.now(UTC)
    async with side_transaction(sessionmaker, "idempotency-claim") as session:
        # This key's record, if it has expired; and in the same statement, others that
        # have (the oldest first, through the index on `expires_at`; rows another
        # claim holds are left for the next one).
        expired = (
            select(IdempotencyRecord.id)
            .where(IdempotencyRecord.expires_at < now)
            .order_by(IdempotencyRecord.expires_at)
            .limit(PURGE_EXPIRED)
            .with_for_update(skip_locked=True)
        )
        others = (
            delete(IdempotencyRecord)
            .where(IdempotencyRecord.id.in_(expired.scalar_subquery()))
            .cte("others")
        )
        await session.execute(
            delete(IdempotencyRecord)
            .where(
                IdempotencyRecord.principal == principal,
                IdempotencyRecord.key == key,
                IdempotencyRecord.expires_at < now,
            )
            .add_cte(others)
        )
        inserted = await session.scalar(
            insert(IdempotencyRecord)
            .values(principal=principal, key=key, request_hash=fingerprint, expires_at=now + TTL)
            .on_conflict_do_nothing(index_elements=["principal", "key"])
            .returning(IdempotencyRecord.id)
        )
        if inserted is not None:
            return None
        record = (
            await session.scalars(
                select(IdempotencyRecord)
                .where(IdempotencyRecord.principal == principal, IdempotencyRecord.key == key)
                .with_for_update()
            )
        ).one()
        if record.request_hash != fingerprint:
            raise IdempotencyKeyReused(
                "this Idempotency-Key was already used with a different request"
            )
        if record.response_status is not None:
            return StoredAnswer(
                record.response_status, record.response_body, record.response_location
            )
        if now - record.created_at < STALE_CLAIM:
            raise IdempotencyInProgress(
                "a request with this Idempotency-Key is still being processed; retry later"
            )
        record.created_at = now  # the first attempt died unanswered: take over its claim
        return None


async def record_answer(
    session: AsyncSession, principal: str, key: str, answer: StoredAnswer
) -> None:
    """Store the answer in the request's own transaction."""
    await session.execute(
        update(IdempotencyRecord)
        .where(IdempotencyRecord.principal == principal, IdempotencyRecord.key == key)
        .values(
            response_status=answer.status,
            response_body=json.loads(json.dumps(answer.body, default=str)),
            response_location=answer.location,
        )
    )


async def release(sessionmaker: async_sessionmaker[AsyncSession], principal: str, key: str) -> None:
    """Drop an unanswered claim after a failure, so that the client may retry at once.

    The request's own transaction must be over (rolled back) first: the answer it may
    have recorded holds the claim's row lock."""
    async with side_transaction(sessionmaker, "idempotency-release") as session:
        await session.execute(
            delete(IdempotencyRecord).where(
                IdempotencyRecord.principal == principal,
                IdempotencyRecord.key == key,
                IdempotencyRecord.response_status.is_(None),
            )
        )
