"""Liveness and readiness probes."""

from __future__ import annotations

import asyncio

from fastapi import APIRouter, Request
from pydantic import BaseModel
from sqlalchemy import text

from app.core.errors import DatabaseUnavailable, Problem

router = APIRouter(tags=["health"])
READY_TIMEOUT_SECONDS = 3.0


class Health(BaseModel):
    status: str


@router.get("/healthz", response_model=Health)
async def healthz() -> Health:
    """The process is up (no database access)."""
    return Health(status="ok")


@router.get("/readyz", response_model=Health, responses={503: {"model": Problem}})
async def readyz(request: Request) -> Health:
    """The database answers; 503 otherwise."""
    try:
        async with asyncio.timeout(READY_TIMEOUT_SECONDS):
            async with request.app.state.sessionmaker() as session:
                await session.execute(text("SELECT 1"))
    except Exception as exc:
        raise DatabaseUnavailable("the database is not reachable") from exc
    return Health(status="ok")
