"""Putting an exact, faster stand-in in place of one of spaCy's pipeline components.

spaCy builds a component only through a registered factory, while our stand-ins
are made from the component they replace (its tables, its rules).  Each stand-in
module registers a factory that returns an empty `Slot`; `swap` adds that slot
before the original, fills it with the stand-in and removes the original.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc


class Slot:
    """A pipeline component whose work is done by the stand-in `swap` puts in it."""

    def __init__(self) -> None:
        self.component: Callable[[Doc], Doc] | None = None

    def __call__(self, doc: Doc) -> Doc:
        assert self.component is not None, "swap() fills this component"
        return self.component(doc)

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        # A stand-in that works on batches (a model's) is handed them whole.
        batched = getattr(self.component, "pipe", None)
        if batched is not None:
            yield from batched(docs, batch_size=batch_size)
            return
        for doc in docs:
            yield self(doc)


def swap(nlp: Language, name: str, factory: str, component: Callable[[Doc], Doc]) -> None:
    """Replace the pipe `name` by a `Slot` made by `factory`, holding `component`."""
    slot = nlp.add_pipe(factory, before=name)
    assert isinstance(slot, Slot), f"{factory} must make a Slot"
    slot.component = component
    nlp.remove_pipe(name)
