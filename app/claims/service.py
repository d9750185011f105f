"""Claims as readers see them: a claim with its statements and sources, and its timeline.

A claim's canonical fields are stored with it when its statements change
(`joining`); its sources and timeline are made at read time from its statements,
with the same rules (`planning`), so a write does not rebuild lists that grow
with every report.
"""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import repository
from app.claims.planning import Report, StatementRow, sources, timeline_steps
from app.claims.schemas import ClaimDetail, ClaimOut, SourceOut, TimelineOut, TimelineStep
from app.core.documents import JsonTemplate, field_keys

# A claim's detail is its stored `ClaimOut` document plus its sources and statements;
# the timeline, the claim's figures plus its steps: both assembled from their models.
_CLAIM_KEYS = field_keys(ClaimOut)
_DETAIL = JsonTemplate(ClaimDetail)
_TIMELINE = JsonTemplate(TimelineOut)


async def claim_sources(session: AsyncSession, claim_id: int, kind: str) -> list[SourceOut]:
    rows = await repository.reports(session, claim_id, kind)
    return sources([Report(*row) for row in rows])


async def claim_detail(session: AsyncSession, claim_id: int) -> str | None:
    """`ClaimDetail` as JSON text, or None if there is no such claim."""
    claim = await repository.get_claim(session, claim_id)
    if claim is None:
        return None
    kind, _, document = claim
    found = await claim_sources(session, claim_id, kind)
    listed = json.dumps([s.model_dump(mode="json") for s in found])
    statements = await repository.statements(session, claim_id, kind)
    stored = json.loads(document)
    return _DETAIL.render(
        **{name: json.dumps(stored[key]) for name, key in _CLAIM_KEYS.items()},
        sources=listed,
        statements=f"[{','.join(statements)}]",
    )


async def claim_timeline(session: AsyncSession, claim_id: int) -> str | None:
    """`TimelineOut` as JSON text, or None if there is no such claim."""
    claim = await repository.get_claim(session, claim_id)
    if claim is None:
        return None
    kind, basis, document = claim
    steps: list[TimelineStep] = []
    if kind == "commitment":
        rows = await repository.timeline_rows(session, claim_id)
        steps = timeline_steps([StatementRow(*row) for row in rows], share=basis == "gdp")
    else:
        found = await repository.reports(session, claim_id, kind)
        steps = [
            TimelineStep(
                statement_id=r[0],
                article_id=r[1],
                reported_at=r[2],
                status=None,
                amount=None,
                share_of_gdp=None,
                quote=None,
            )
            for r in sorted(found, key=lambda r: (r[2], r[0]))
        ]
    summary = json.loads(document)
    listed = json.dumps([s.model_dump(mode="json", by_alias=True) for s in steps])
    return _TIMELINE.render(
        claim_id=json.dumps(claim_id),
        status=json.dumps(summary["status"]),
        pledged=json.dumps(summary["pledged"]),
        disbursed=json.dumps(summary["disbursed"]),
        gap=json.dumps(summary["gap"]),
        steps=listed,
    )
