"""One mention of a name in one paragraph: the record the entity stages pass along."""

from __future__ import annotations

from dataclasses import dataclass

from .gazetteer import KnownEntity
from .types import EntityType


@dataclass(slots=True)
class Mention:
    doc_pos: int
    token_start: int
    token_end: int
    paragraph_index: int
    start: int
    end: int
    text: str
    type: EntityType
    titled: bool
    known: KnownEntity | None = None
    cue: EntityType | None = None  # what the words around it say it is (`type_cues`)
    speaker: bool = False  # the subject of "said", "told": a person whatever its label
    # The subject of any verb, or an owner ("X's"): how a person's surname stands alone
    # ("Blinken later met ..."), which the tagger may still label a place.
    acts: bool = False
