"""The explorer's claim page: the claim, its sources, its timeline and its citations.

It lives with the explorer, whose templates it renders: the explorer sits above
every domain package, claims included, and none of them imports it.  The timeline
and the citations are pages of the claim's; each "more" link carries its cursor.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from pydantic import TypeAdapter

from app.api.deps import SessionDep
from app.claims import service
from app.claims.schemas import ClaimDetail, TimelineOut
from app.commitments.schemas import CommitmentOut
from app.core.pagination import DEFAULT_LIMIT, PageParams
from app.core.types import CursorText, Id
from app.events.schemas import EventOut
from app.web.views import PAGE_CSP, ExplorerAccess, templates

# The explorer's own access: a read key, or a browser's explorer session.
router = APIRouter(include_in_schema=False, dependencies=[ExplorerAccess])

_STATEMENTS: dict[str, TypeAdapter[Any]] = {
    "commitment": TypeAdapter(list[CommitmentOut]),
    "event": TypeAdapter(list[EventOut]),
}
Cursor = Annotated[CursorText | None, Query()]


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
async def claim_page(
    claim_id: Id,
    request: Request,
    session: SessionDep,
    timeline_cursor: Cursor = None,
    statements_cursor: Cursor = None,
) -> HTMLResponse:
    detail = await service.claim_detail(session, claim_id)
    steps = PageParams(limit=DEFAULT_LIMIT, cursor=timeline_cursor)
    timeline = await service.claim_timeline(session, claim_id, steps)
    headers = {"Content-Security-Policy": PAGE_CSP}
    if detail is None or timeline is None:
        missing: dict[str, Any] = {"what": f"claim {claim_id}"}
        return templates.TemplateResponse(
            request, "not_found.html", missing, status_code=404, headers=headers
        )
    claim = ClaimDetail.model_validate_json(detail)
    statements: list[Any] = list(claim.statements)
    statements_next = claim.statements_next_cursor
    if statements_cursor is not None:
        params = PageParams(limit=DEFAULT_LIMIT, cursor=statements_cursor)
        found = await service.claim_statements(session, claim_id, params)
        assert found is not None  # the claim was just read
        documents, statements_next = found
        statements = _STATEMENTS[claim.kind].validate_json(f"[{','.join(documents)}]")
    steps_page = TimelineOut.model_validate_json(timeline)
    context: dict[str, Any] = {
        "claim": claim,
        "timeline": steps_page,
        "statements": statements,
        # Each list's next page keeps the other list where it is.
        "timeline_more": steps_page.next_cursor
        and _more(claim_id, steps_page.next_cursor, statements_cursor),
        "statements_more": statements_next and _more(claim_id, timeline_cursor, statements_next),
    }
    return templates.TemplateResponse(request, "claim.html", context, headers=headers)


def _more(claim_id: int, timeline: str | None, statements: str | None) -> str:
    """The claim page at these cursors."""
    query = {"timeline_cursor": timeline, "statements_cursor": statements}
    return f"/claims/{claim_id}?" + urlencode({k: v for k, v in query.items() if v})
