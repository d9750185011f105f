"""The CHECK constraints the migrations installed allow exactly the vocabularies of
`app.core.vocabulary` that the models, the extractor and the API use: a value added
there without a migration fails here, not on the first insert that uses it."""

from __future__ import annotations

import re
from typing import Any, get_args

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncSession

from app.core.vocabulary import CommitmentStatus, DatePrecision, EntityType


@pytest.mark.parametrize(
    ("constraint", "vocabulary"),
    [
        ("ck_entities_type_known", EntityType),
        ("ck_events_date_precision_known", DatePrecision),
        ("ck_commitments_status_known", CommitmentStatus),
    ],
)
async def test_installed_constraints_allow_the_vocabulary(
    session: AsyncSession, constraint: str, vocabulary: Any
) -> None:
    definition = await session.scalar(
        text("SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = :name"),
        {"name": constraint},
    )
    assert definition is not None, constraint
    allowed = re.findall(r"'([^']*)'::text", definition)
    assert sorted(allowed) == sorted(get_args(vocabulary)), (
        f"{constraint} allows {allowed}: add a migration that replaces it"
    )
