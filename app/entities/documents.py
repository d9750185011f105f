"""Entities and their mentions rendered as JSON by Postgres (see `facts.documents`)."""

from __future__ import annotations

from functools import cache
from typing import Any

from sqlalchemy import ColumnElement

from app.core.documents import json_list, json_object
from app.facts.documents import span_fields
from app.models import Entity, EntityAlias, Mention


@cache
def entity_document() -> ColumnElement[Any]:
    """`EntityOut` of the `entities` row in scope."""
    return json_object(
        id=Entity.id,
        name=Entity.name,
        type=Entity.type,
        aliases=json_list(
            EntityAlias.alias, EntityAlias.id, where=EntityAlias.entity_id == Entity.id
        ),
        mention_count=Entity.mention_count,
        article_count=Entity.article_count,
    )


@cache
def mention_document() -> ColumnElement[Any]:
    """`MentionOut` of the `mentions` row in scope."""
    return json_object(**span_fields(Mention), id=Mention.id, entity_id=Mention.entity_id)
