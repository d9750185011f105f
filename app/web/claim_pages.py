"""The explorer's claim page: the claim, its sources, its timeline and its citations.

It lives with the explorer, whose templates it renders: the explorer sits above
every domain package, claims included, and none of them imports it.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.api.deps import SessionDep
from app.claims import service
from app.claims.schemas import ClaimDetail, TimelineOut
from app.core.types import Id
from app.web.views import PAGE_CSP, ExplorerAccess, templates

# The explorer's own access: a read key, or a browser's explorer session.
router = APIRouter(include_in_schema=False, dependencies=[ExplorerAccess])


@router.get("/claims/{claim_id}", response_class=HTMLResponse)
async def claim_page(claim_id: Id, request: Request, session: SessionDep) -> HTMLResponse:
    detail = await service.claim_detail(session, claim_id)
    timeline = await service.claim_timeline(session, claim_id)
    headers = {"Content-Security-Policy": PAGE_CSP}
    if detail is None or timeline is None:
        missing: dict[str, Any] = {"what": f"claim {claim_id}"}
        return templates.TemplateResponse(
            request, "not_found.html", missing, status_code=404, headers=headers
        )
    context: dict[str, Any] = {
        "claim": ClaimDetail.model_validate_json(detail),
        "timeline": TimelineOut.model_validate_json(timeline),
    }
    return templates.TemplateResponse(request, "claim.html", context, headers=headers)
