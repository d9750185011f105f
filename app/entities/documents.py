"""Entities and their mentions rendered as JSON by Postgres (see `facts.documents`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement

from app.core.documents import json_list, model_document
from app.entities.schemas import EntityOut, MentionOut
from app.models import Entity, EntityAlias, Mention


@cache
def entity_document() -> ColumnElement[Any]:
    """`EntityOut` of the `entities` row in scope."""
    aliases = json_list(EntityAlias.alias, EntityAlias.id, where=EntityAlias.entity_id == Entity.id)
    return model_document(EntityOut, Entity, aliases=aliases)


@cache
def mention_document() -> ColumnElement[Any]:
    """`MentionOut` of the `mentions` row in scope."""
    return model_document(MentionOut, Mention)
