"""Statements are never compiled to machine code: a bulk batch's look-ups are
estimated costly enough for PostgreSQL's JIT, whose compilation took longer than
the statement it compiled."""

from __future__ import annotations

from sqlalchemy import text

from app.core.config import Settings
from app.core.db import create_engine


async def test_neither_pool_jit_compiles(settings: Settings, database_url: str) -> None:
    for reads in (False, True):
        engine = create_engine(settings, database_url, reads=reads)
        try:
            async with engine.connect() as connection:
                assert await connection.scalar(text("SHOW jit")) == "off"
        finally:
            await engine.dispose()
