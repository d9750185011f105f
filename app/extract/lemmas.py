"""A memoising, exact stand-in for spaCy's rule lemmatizer.

spaCy's `Lemmatizer` visits every token in Python and, for the English rule mode,
works out a lemma from the token's text, POS and morphology.  Its own cache skips
the commonest case: a base form (a singular noun, a positive adjective, an
infinitive) is decided again at every occurrence, unpacking the morphology into a
dict each time.  The lemma is a function of the token's (ORTH, POS, MORPH) and the
lemmatizer's tables alone, so `MemoLemmatizer` asks spaCy's component once per
distinct triple and afterwards reads the lemma from its own table, reading and
writing the whole Doc's columns with `to_array`/`from_array`.  Tokens that already
have a lemma (set by the attribute ruler) keep it, as with spaCy's component unless
it is told to overwrite.  Tests check the two give identical tokens.
"""

from __future__ import annotations

from typing import cast

from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

from .pipe_swap import Slot, swap

# Distinct (word, POS, morphology) triples remembered; past it the table starts
# again, so a long-lived worker's memory stays bounded.
MAX_REMEMBERED = 200_000

_COLUMNS = [ORTH, POS, MORPH, LEMMA]


class MemoLemmatizer:
    """Applies a rule `Lemmatizer`'s lemmas, computing each distinct one once."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.overwrite = bool(lemmatizer.overwrite)
        self.strings = lemmatizer.vocab.strings
        self.known: dict[tuple[int, int, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        columns = doc.to_array(_COLUMNS)
        rows = columns.tolist()
        known = self.known
        changed = False
        for i, (orth, pos, morph, lemma) in enumerate(rows):
            if lemma and not self.overwrite:
                continue
            key = (orth, pos, morph)
            found = known.get(key)
            if found is None:
                if len(known) >= MAX_REMEMBERED:
                    known.clear()
                found = self.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
                known[key] = found
            if found != lemma:
                columns[i, 3] = found
                changed = True
        if changed:
            doc.from_array([LEMMA], cast(Ints2d, columns[:, 3:4]))
        return doc


@Language.factory("memo_lemmatizer")
def _make_slot(nlp: Language, name: str) -> Slot:
    """Registered so `install` can put the component in the pipeline; `swap` fills
    it from the component it replaces."""
    return Slot()


def install(nlp: Language, name: str = "lemmatizer") -> bool:
    """Replace `nlp`'s rule lemmatizer by the memoising one; return whether it was
    replaced (only the rule mode is: its lemma depends on ORTH, POS and MORPH alone)."""
    if name not in nlp.pipe_names:
        return False
    lemmatizer = nlp.get_pipe(name)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode != "rule":
        return False
    swap(nlp, name, "memo_lemmatizer", MemoLemmatizer(lemmatizer))
    return True
