"""spaCy's entity recognizer, decoded step by step through its own step model.

`EntityRecognizer.predict` decodes greedily in compiled code (`greedy_parse`).
For the NER of the English pipelines that loop costs more than stepping the same
model from Python (`bench/extract_speed.py` times the pipeline with and without
the stand-ins): each step here scores the unfinished states with the model's
step model (`ParserStepModel.predict`, what spaCy's beam search steps with) and
applies the best valid move with the component's own `transition_states` (the
same validity, the same arg-max, the same moves).  The decisions are the
compiled loop's; tests check identical tokens and `Doc.to_bytes`.  The
dependency parser gains nothing from it and keeps its own loop; a recognizer set
up for beam search keeps spaCy's `predict`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any, cast

from spacy import util
from spacy.language import Language
from spacy.pipeline import EntityRecognizer
from spacy.tokens import Doc
from thinc.api import set_dropout_rate

from .pipe_swap import Slot, swap

# The batching `Parser.pipe` itself uses (spaCy leaves it untyped).
_batches = cast(Callable[[Iterable[Doc], int], Iterator[list[Doc]]], util.minibatch)


class SteppedRecognizer:
    """Runs an `EntityRecognizer`'s model and moves, its greedy decoding stepped from
    Python; annotates docs as the recognizer does."""

    def __init__(self, ner: EntityRecognizer) -> None:
        self.ner = ner

    def predict(self, docs: Sequence[Doc]) -> Any:
        """The final states of `docs`, as `EntityRecognizer.predict` returns them."""
        ner = self.ner
        if not any(len(doc) for doc in docs) or ner.cfg["beam_width"] != 1:
            return ner.predict(docs)
        ner._ensure_labels_are_added(docs)
        set_dropout_rate(ner.model, 0.0)
        batch = ner.moves.init_batch(docs)
        model = ner.model.predict(docs)
        try:
            states = [state for state in batch if not state.is_final()]
            while states:
                states = ner.transition_states(states, model.predict(states))
        finally:
            model.clear_memory()
        return batch

    def __call__(self, doc: Doc) -> Doc:
        try:
            self.ner.set_annotations([doc], self.predict([doc]))
        except Exception as e:
            self.ner.get_error_handler()(self.ner.name, self.ner, [doc], e)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        """As `EntityRecognizer.pipe`: batches of `batch_size`, each sorted by length
        and decoded in sub-batches of a quarter of it."""
        for in_order in _batches(docs, batch_size):
            try:
                by_length = sorted(in_order, key=len)
                for part in _batches(by_length, max(batch_size // 4, 2)):
                    self.ner.set_annotations(part, self.predict(part))
                yield from in_order
            except Exception as e:
                self.ner.get_error_handler()(self.ner.name, self.ner, in_order, e)


@Language.factory("stepped_ner")
def _make_slot(nlp: Language, name: str) -> Slot:
    """Registered so `install` can put the component in the pipeline; `swap` fills
    it from the recognizer it replaces."""
    return Slot()


def install(nlp: Language, name: str = "ner") -> bool:
    """Replace `nlp`'s entity recognizer by the stepped one; return whether it was
    replaced."""
    if name not in nlp.pipe_names:
        return False
    ner = nlp.get_pipe(name)
    if not isinstance(ner, EntityRecognizer):
        return False
    swap(nlp, name, "stepped_ner", SteppedRecognizer(ner))
    return True
