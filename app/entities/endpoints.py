"""HTTP endpoints of entities.  An entity's events and commitments are listed by the
routers of those (`events.endpoints`, `commitments.endpoints`), under its URL."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import ReadAccess, SessionDep
from app.core.errors import NotFound, Problem
from app.core.pagination import JsonDocument, JsonPage, Page, PageDep
from app.core.types import Id, NamePrefix
from app.core.vocabulary import EntityType
from app.entities import repository, service
from app.entities.schemas import EntityOut, MentionOut
from app.exports.routing import ListRoute

router = APIRouter(
    prefix="/v1/entities", tags=["entities"], dependencies=[ReadAccess], route_class=ListRoute
)
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem}}


async def _ensure(session: SessionDep, entity_id: int) -> str:
    entity = await repository.get_entity(session, entity_id)
    if entity is None:
        raise NotFound(f"entity {entity_id} does not exist")
    return entity


@router.get("", response_model=Page[EntityOut])
async def list_entities(
    session: SessionDep,
    page: PageDep,
    q: Annotated[
        NamePrefix | None,
        Query(description="Words that start the name or an alias."),
    ] = None,
    type: Annotated[EntityType | None, Query()] = None,
) -> JsonPage:
    """Entities, newest first."""
    items, cursor = await repository.list_entities(session, page, q=q, type_=type)
    return JsonPage(items, cursor)


@router.get("/{entity_id}", response_model=EntityOut, responses=NOT_FOUND)
async def get_entity(entity_id: Id, session: SessionDep) -> JsonDocument:
    return JsonDocument(await _ensure(session, entity_id))


@router.get("/{entity_id}/mentions", response_model=Page[MentionOut], responses=NOT_FOUND)
async def list_mentions(entity_id: Id, session: SessionDep, page: PageDep) -> JsonPage:
    """Every citation of the entity in the latest revisions of articles."""
    items, cursor = await repository.list_mentions(session, page, entity_id=entity_id)
    return await service.entitys_page(session, entity_id, items, cursor)
