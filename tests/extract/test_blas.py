"""The extractor's pipeline multiplies through numpy's BLAS and annotates as published."""

from __future__ import annotations

import numpy
import pytest
from spacy.language import Language
from thinc.api import Model, NumpyOps
from threadpoolctl import threadpool_info

from app.extract.ner_steps import SteppedRecognizer
from app.extract.nlp import load_nlp
from tests.extract.test_attribute_rules import _annotations, _texts


@pytest.mark.slow  # two model loads, every token of the texts
def test_same_annotations_and_tensors_equal_to_rounding() -> None:
    published, ours = load_nlp(stand_ins=False), load_nlp()
    texts = _texts()
    expected = list(published.pipe(texts))
    found = list(ours.pipe(texts))
    assert _annotations(found) == _annotations(expected)
    assert [d.to_bytes(exclude=["tensor"]) for d in found] == [
        d.to_bytes(exclude=["tensor"]) for d in expected
    ]
    # The token vectors differ only by the order the products are summed in: values
    # of a few units, equal to a millionth or so.
    pairs = [(a.tensor, b.tensor) for a, b in zip(found, expected, strict=True) if len(a)]
    assert all(a.shape == b.shape for a, b in pairs)
    assert max(float(numpy.abs(a - b).max()) for a, b in pairs) < 1e-4


def _networks(nlp: Language) -> list[Model]:  # type: ignore[type-arg]
    """Every component's network; the stepped recognizer's is its recognizer's."""
    found = []
    for _, component in nlp.pipeline:
        if isinstance(getattr(component, "component", None), SteppedRecognizer):
            component = component.component.ner  # type: ignore[attr-defined]
        model = getattr(component, "model", None)
        if isinstance(model, Model):
            found.append(model)
    return found


@pytest.mark.slow
def test_networks_use_numpy_blas_on_one_thread() -> None:
    published, ours = load_nlp(stand_ins=False), load_nlp()
    for nlp, blis in ((ours, False), (published, True)):
        networks = _networks(nlp)
        assert len(networks) == 4  # tok2vec, tagger, parser, entity recognizer
        for network in networks:
            for layer in network.walk():
                assert isinstance(layer.ops, NumpyOps)
                assert layer.ops.use_blis is blis
    blas = [pool for pool in threadpool_info() if pool["user_api"] == "blas"]
    assert blas
    assert all(pool["num_threads"] == 1 for pool in blas)
