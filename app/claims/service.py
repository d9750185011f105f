"""Claims as readers see them: a claim with its statements and sources, and its timeline.

A claim's canonical fields are stored with it when its statements change
(`joining`), and its sources are tallied (`tallies`); its timeline is made at read
time from its statements, with the same rules (`planning`), so a write does not
rebuild lists that grow with every report.  Reads are bounded however many reports a claim has: the
detail shows its first statements and sources (its counts are full counts), and
the statements and the timeline are paged, oldest report first.
"""

from __future__ import annotations

import json

from sqlalchemy.ext.asyncio import AsyncSession

from app.claims import repository
from app.claims.planning import (
    Bucket,
    StatementRow,
    revising_statements,
    revisions,
    timeline_steps,
)
from app.claims.schemas import (
    IDS_SHOWN,
    STATEMENTS_SHOWN,
    ClaimDetail,
    ClaimOut,
    SourceOut,
    TimelineOut,
    TimelineStep,
)
from app.core.documents import JsonTemplate, field_keys
from app.core.pagination import PageParams

# A claim's detail is its stored `ClaimOut` document plus its sources and statements;
# the timeline, the claim's figures plus its steps: both assembled from their models.
_CLAIM_KEYS = field_keys(ClaimOut)
_DETAIL = JsonTemplate(ClaimDetail)
_TIMELINE = JsonTemplate(TimelineOut)


async def claim_sources(session: AsyncSession, claim_id: int, kind: str) -> list[SourceOut]:
    found = []
    for r in await repository.sources(session, claim_id, kind):
        statement_ids = list(r.statement_ids or [])
        article_ids = list(dict.fromkeys(r.article_ids or []))
        if len(article_ids) < min(r.article_count, IDS_SHOWN):
            # Its first statements were fewer articles than it shows: read on.
            article_ids = await repository.source_articles(session, claim_id, kind, r.origin)
        found.append(
            SourceOut(
                outlet=r.origin,
                syndicated=list(r.syndicated),
                article_count=r.article_count,
                statement_count=r.statement_count,
                article_ids=article_ids[:IDS_SHOWN],
                statement_ids=statement_ids[:IDS_SHOWN],
                first_reported=r.first_reported,
            )
        )
    return found


async def claim_detail(session: AsyncSession, claim_id: int) -> str | None:
    """`ClaimDetail` as JSON text, or None if there is no such claim."""
    claim = await repository.get_claim(session, claim_id)
    if claim is None:
        return None
    kind, _, document = claim
    found = await claim_sources(session, claim_id, kind)
    listed = json.dumps([s.model_dump(mode="json") for s in found])
    first = PageParams(limit=STATEMENTS_SHOWN, cursor=None)
    statements, cursor = await repository.statements(session, claim_id, kind, first)
    stored = json.loads(document)
    return _DETAIL.render(
        **{name: json.dumps(stored[key]) for name, key in _CLAIM_KEYS.items()},
        sources=listed,
        statements=f"[{','.join(statements)}]",
        statements_next_cursor=json.dumps(cursor),
    )


async def claim_statements(
    session: AsyncSession, claim_id: int, params: PageParams
) -> tuple[list[str], str | None] | None:
    """A page of the claim's statements (fact documents) and the next cursor, or None
    if there is no such claim."""
    claim = await repository.get_claim(session, claim_id)
    if claim is None:
        return None
    return await repository.statements(session, claim_id, claim[0], params)


async def claim_timeline(session: AsyncSession, claim_id: int, params: PageParams) -> str | None:
    """A page of `TimelineOut` as JSON text, or None if there is no such claim.  The
    claim's figures are its stored ones, over all its statements."""
    claim = await repository.get_claim(session, claim_id)
    if claim is None:
        return None
    kind, basis, document = claim
    rows, cursor = await repository.timeline(session, claim_id, kind, params)
    steps: list[TimelineStep] = []
    if kind == "commitment":
        page = [StatementRow(*row) for row in rows]
        steps = timeline_steps(page, await _revising(session, claim_id, share=basis == "gdp"))
    else:
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
            for r in rows
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
        next_cursor=json.dumps(cursor),
    )


async def _revising(session: AsyncSession, claim_id: int, *, share: bool) -> set[int]:
    """The claim's `revised` steps: the first statement of each value that revised
    it, found from its tallies and the statements of those first reports alone."""
    found = revisions(
        [Bucket(*row) for row in await repository.buckets(session, claim_id)], share=share
    )
    if not found:
        return set()
    times = sorted({r.first for r in found})
    candidates = await repository.reported_at(session, claim_id, times)
    return revising_statements(found, [(r[0], r[1], r[2], r[3]) for r in candidates])
