"""What the routes about one entity share, whichever package they live in."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from app.core.errors import NotFound
from app.core.pagination import JsonPage
from app.entities import repository


async def entitys_page(
    session: AsyncSession, entity_id: int, items: list[str], cursor: str | None
) -> JsonPage:
    """A page of what refers to the entity; an empty one is a 404 if the entity is
    not there (a page with items proves it is: they refer to it by foreign key)."""
    if not items and not await repository.entity_exists(session, entity_id):
        raise NotFound(f"entity {entity_id} does not exist")
    return JsonPage(items, cursor)
