"""HTTP endpoints of events."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query

from app.api.deps import ReadAccess, SessionDep
from app.core.errors import NotFound, Problem
from app.core.pagination import JsonDocument, JsonPage, Page, PageDep
from app.core.types import DateParam, EventTypeText, Id
from app.entities import service as entities
from app.events import repository
from app.events.schemas import EventOut
from app.exports.routing import ListRoute
from app.extract.types import EVENT_TYPES_DOC

router = APIRouter(
    prefix="/v1/events", tags=["events"], dependencies=[ReadAccess], route_class=ListRoute
)
# An entity's events: under the entity's URL, with the events that answer it.
entity_router = APIRouter(
    prefix="/v1/entities", tags=["entities"], dependencies=[ReadAccess], route_class=ListRoute
)

NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"model": Problem}}


@router.get("", response_model=Page[EventOut])
async def list_events(
    session: SessionDep,
    page: PageDep,
    entity_id: Annotated[Id | None, Query(description="Events this entity takes part in.")] = None,
    type: Annotated[
        EventTypeText | None, Query(examples=["meeting"], description=EVENT_TYPES_DOC)
    ] = None,
    article_id: Annotated[Id | None, Query()] = None,
    since: Annotated[DateParam | None, Query(description="Events dated on or after.")] = None,
    until: Annotated[DateParam | None, Query(description="Events dated before.")] = None,
) -> JsonPage:
    """Events of the latest article revisions, newest first."""
    items, cursor = await repository.list_events(
        session,
        page,
        entity_id=entity_id,
        type_=type,
        article_id=article_id,
        since=since,
        until=until,
    )
    return JsonPage(items, cursor)


@router.get("/{event_id}", response_model=EventOut, responses=NOT_FOUND)
async def get_event(event_id: Id, session: SessionDep) -> JsonDocument:
    event = await repository.get_event(session, event_id)
    if event is None:
        raise NotFound(f"event {event_id} does not exist")
    return JsonDocument(event)


# Named as it was when the entities' router served it: the operation id stays.
@entity_router.get(
    "/{entity_id}/events",
    response_model=Page[EventOut],
    responses=NOT_FOUND,
    name="list_events",
)
async def list_entity_events(entity_id: Id, session: SessionDep, page: PageDep) -> JsonPage:
    items, cursor = await repository.list_events(session, page, entity_id=entity_id)
    return await entities.entitys_page(session, entity_id, items, cursor)
