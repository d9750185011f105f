"""Statements that load facts with exactly the relationships their presenters read."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from app.models import Commitment, Entity, Event


def events_query() -> Select[Event]:
    return select(Event).options(selectinload(Event.participants), selectinload(Event.citations))


def commitments_query() -> Select[Commitment]:
    return select(Commitment).options(selectinload(Commitment.citations))


def entities_query() -> Select[Entity]:
    return select(Entity).options(selectinload(Entity.aliases))


def current(stmt: Select[Any], model: type[Event] | type[Commitment]) -> Select[Any]:
    return stmt.where(model.is_current)
