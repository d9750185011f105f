"""Claims as readers see them: a claim with its statements and sources, and its timeline.

The derived parts (canonical fields, sources, timeline) are stored with the
claim when its statements change (`joining`); a read joins them with the
statements' own fact documents, without parsing any of them.
"""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import repository


async def claim_detail(session: AsyncSession, claim_id: int) -> str | None:
    """`ClaimDetail` as JSON text, or None if there is no such claim."""
    claim = await repository.get_claim(session, claim_id)
    if claim is None:
        return None
    kind, document, sources, _ = claim
    statements = await repository.statements(session, claim_id, kind)
    return f'{document[:-1]},"sources":{sources},"statements":[{",".join(statements)}]}}'


async def claim_timeline(session: AsyncSession, claim_id: int) -> str | None:
    """`TimelineOut` as JSON text, or None if there is no such claim."""
    claim = await repository.get_claim(session, claim_id)
    if claim is None:
        return None
    _, document, _, timeline = claim
    summary = json.loads(document)
    head = {
        "claim_id": claim_id,
        "status": summary["status"],
        "pledged": summary["pledged"],
        "disbursed": summary["disbursed"],
        "gap": summary["gap"],
    }
    return f'{json.dumps(head)[:-1]},"steps":{timeline}}}'
