"""Statements are never compiled to machine code: a bulk batch's look-ups are
estimated costly enough for PostgreSQL's JIT, whose compilation took longer than
the statement it compiled."""

from __future__ import annotations

from sqlalchemy import text

from app.claims import rebuild
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


async def test_the_claims_rebuild_does_not_jit_compile_either(database_url: str) -> None:
    # A rebuild settles every claim group of a store, in statements over a chunk of
    # groups each: what the JIT threshold catches.  It runs on an engine of its own.
    assert await rebuild._at(database_url, lambda conn: conn.scalar(text("SHOW jit"))) == "off"
