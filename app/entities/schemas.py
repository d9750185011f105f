"""Entities as clients send them (with a fact) and as the API returns them."""

from __future__ import annotations

from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from app.core.types import Name
from app.core.vocabulary import EntityType
from app.entities.names import normalise_name
from app.facts.schemas import CitationOut, CiteIn


def _nameable(value: str) -> str:
    """Entities meet under their normalised name: one that normalises to nothing
    (`!!!`, an emoji) could name no entity."""
    if not normalise_name(value):
        raise ValueError("a name needs at least one letter or digit")
    return value


EntityName = Annotated[Name, AfterValidator(_nameable)]


class EntityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: EntityName
    type: EntityType
    aliases: list[EntityName] = Field(default_factory=list, max_length=50)
    mentions: list[CiteIn] = Field(min_length=1, max_length=1000)


class EntityOut(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "id": 3,
                    "name": "North Atlantic Treaty Organization",
                    "type": "organization",
                    "aliases": ["NATO", "Nato"],
                    "mention_count": 42,
                    "article_count": 12,
                }
            ]
        }
    )

    id: int
    name: str
    type: EntityType
    aliases: list[str]
    mention_count: int = Field(description="Mentions in the latest revisions of articles.")
    article_count: int = Field(description="Articles whose latest revision mentions it.")


class MentionOut(CitationOut):
    id: int
    entity_id: int
