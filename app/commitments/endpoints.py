"""HTTP endpoints of spending commitments."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import ReadAccess, SessionDep
from app.commitments import repository
from app.commitments.schemas import CommitmentOut
from app.core.errors import NotFound, Problem
from app.core.pagination import JsonDocument, JsonPage, Page, PageDep
from app.core.types import Id, SearchQuery
from app.entities import service as entities
from app.exports.routing import ListRoute

router = APIRouter(
    prefix="/v1/commitments", tags=["commitments"], dependencies=[ReadAccess], route_class=ListRoute
)
# An entity's commitments: under the entity's URL, with the commitments that answer it.
entity_router = APIRouter(
    prefix="/v1/entities", tags=["entities"], dependencies=[ReadAccess], route_class=ListRoute
)

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem}}


@router.get("", response_model=Page[CommitmentOut])
async def list_commitments(
    session: SessionDep,
    page: PageDep,
    actor_id: Annotated[Id | None, Query(description="The committing entity.")] = None,
    article_id: Annotated[Id | None, Query()] = None,
    currency: Annotated[str | None, Query(pattern=r"^[A-Z]{3}$", examples=["EUR"])] = None,
    target_year: Annotated[int | None, Query(ge=1800, le=2500)] = None,
    q: Annotated[
        SearchQuery | None,
        Query(description="Words of the metric or the actor."),
    ] = None,
) -> JsonPage:
    """Commitments of the latest article revisions, newest first."""
    items, cursor = await repository.list_commitments(
        session,
        page,
        actor_id=actor_id,
        article_id=article_id,
        currency=currency,
        target_year=target_year,
        q=q,
    )
    return JsonPage(items, cursor)


@router.get("/{commitment_id}", response_model=CommitmentOut, responses=NOT_FOUND)
async def get_commitment(commitment_id: Id, session: SessionDep) -> JsonDocument:
    commitment = await repository.get_commitment(session, commitment_id)
    if commitment is None:
        raise NotFound(f"commitment {commitment_id} does not exist")
    return JsonDocument(commitment)


# Named as it was when the entities' router served it: the operation id stays.
@entity_router.get(
    "/{entity_id}/commitments",
    response_model=Page[CommitmentOut],
    responses=NOT_FOUND,
    name="list_commitments",
)
async def list_entity_commitments(entity_id: Id, session: SessionDep, page: PageDep) -> JsonPage:
    """Commitments the entity made (as their actor)."""
    items, cursor = await repository.list_commitments(session, page, actor_id=entity_id)
    return await entities.entitys_page(session, entity_id, items, cursor)
