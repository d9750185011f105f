"""HTTP endpoints of claims."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from app.api.deps import ReadAccess, SessionDep
from app.claims import repository, service
from app.claims.schemas import ClaimDetail, ClaimOut, TimelineOut
from app.commitments.schemas import CommitmentOut
from app.core.errors import NotFound, Problem
from app.core.pagination import JsonDocument, JsonPage, Page, PageDep
from app.core.types import DateTimeParam, EventTypeText, Id
from app.events.schemas import EventOut
from app.exports.routing import ListRoute

router = APIRouter(
    prefix="/v1/claims", tags=["claims"], dependencies=[ReadAccess], route_class=ListRoute
)


@router.get("", response_model=Page[ClaimOut])
async def list_claims(
    session: SessionDep,
    page: PageDep,
    kind: Annotated[Literal["commitment", "event"] | None, Query()] = None,
    entity_id: Annotated[
        Id | None, Query(description="The committing actor, or an event participant.")
    ] = None,
    type: Annotated[
        EventTypeText | None, Query(description="Event type.", examples=["meeting"])
    ] = None,
    currency: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", examples=["EUR"])] = None,
    target_year: Annotated[int | None, Query(ge=1800, le=2500)] = None,
    min_sources: Annotated[
        int | None, Query(ge=1, le=100_000, description="At least this many distinct outlets.")
    ] = None,
    since: Annotated[DateTimeParam | None, Query(description="Last reported at or after.")] = None,
    until: Annotated[DateTimeParam | None, Query(description="First reported before.")] = None,
) -> JsonPage:
    """Claims, newest first: each commitment or event with every outlet that reports it."""
    items, cursor = await repository.list_claims(
        session,
        page,
        {
            "kind": kind,
            "entity_id": entity_id,
            "type": type,
            "currency": currency,
            "target_year": target_year,
            "min_sources": min_sources,
            "since": since,
            "until": until,
        },
    )
    return JsonPage(items, cursor)


@router.get("/{claim_id}", response_model=ClaimDetail, responses={404: {"model": Problem}})
async def get_claim(claim_id: Id, session: SessionDep) -> JsonDocument:
    """The claim, its first sources, and its first statements (each article's own, with
    its citations); `statements_next_cursor` pages on through `/statements`."""
    document = await service.claim_detail(session, claim_id)
    if document is None:
        raise NotFound(f"claim {claim_id} does not exist")
    return JsonDocument(document)


@router.get(
    "/{claim_id}/statements",
    response_model=Page[CommitmentOut | EventOut],
    responses={404: {"model": Problem}},
)
async def list_statements(claim_id: Id, session: SessionDep, page: PageDep) -> JsonPage:
    """The claim's statements (commitments or events, as the claim's kind), oldest
    report first: each article's own fact with its citations."""
    found = await service.claim_statements(session, claim_id, page)
    if found is None:
        raise NotFound(f"claim {claim_id} does not exist")
    return JsonPage(*found)


@router.get("/{claim_id}/timeline", response_model=TimelineOut, responses={404: {"model": Problem}})
async def get_timeline(claim_id: Id, session: SessionDep, page: PageDep) -> JsonDocument:
    """A page of the claim's statements in publication order, each with its stage and
    amount; the claim's status and money are over all its statements."""
    document = await service.claim_timeline(session, claim_id, page)
    if document is None:
        raise NotFound(f"claim {claim_id} does not exist")
    return JsonDocument(document)
