"""A surface form to record as an entity's alias."""

from __future__ import annotations

from typing import NamedTuple


class NewAlias(NamedTuple):
    entity_id: int
    norm: str
    alias: str
