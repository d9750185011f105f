"""The stepped entity recognizer gives exactly the entities spaCy's own recognizer gives."""

from __future__ import annotations

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from app.extract.ner_steps import SteppedRecognizer, install
from app.extract.nlp import load_nlp
from tests.extract.test_attribute_rules import _texts, _tokens

# What a scraped page can hand the parser besides prose: nothing, blanks, a lone
# word, a heading in capitals, a run-on list far longer than a paragraph.
ODD = [
    "",
    " ",
    "\n\n",
    "Reuters",
    "UPDATE 2-EU AGREES 50 BLN EURO UKRAINE FACILITY",
    "Paris, London, New York, Tokyo, Berlin, Rome, Madrid and Kyiv. " * 40,
]


def _ents(docs: list[Doc]) -> list[list[tuple[int, int, str]]]:
    return [[(e.start, e.end, e.label_) for e in doc.ents] for doc in docs]


@pytest.mark.slow  # two model loads, every token of the texts
@pytest.mark.parametrize("batch_size", [1, 5, 64])
def test_stepped_ner_matches_spacy_on_every_token(batch_size: int) -> None:
    published, stepped = load_nlp(stand_ins=False), load_nlp()
    assert "ner" in published.pipe_names
    assert "stepped_ner" in stepped.pipe_names
    assert "ner" not in stepped.pipe_names
    texts = _texts() + ODD
    expected = list(published.pipe(texts, batch_size=batch_size))
    found = list(stepped.pipe(texts, batch_size=batch_size))
    assert sum(len(doc.ents) for doc in expected) > 100
    assert _ents(found) == _ents(expected)
    # Everything but `doc.tensor`, whose last bits the other BLAS changes (test_blas).
    assert [d.to_bytes(exclude=["tensor"]) for d in found] == [
        d.to_bytes(exclude=["tensor"]) for d in expected
    ]
    assert _tokens(stepped, texts) == _tokens(published, texts)


@pytest.mark.slow
def test_one_doc_at_a_time_and_in_batches_agree() -> None:
    nlp = load_nlp()
    texts = _texts()[:40] + ODD
    one_by_one = [nlp(text) for text in texts]
    batched = list(nlp.pipe(texts, batch_size=16))
    # Batches are decoded sorted by length; the docs come back in their order.
    assert [d.text for d in batched] == texts
    assert _ents(batched) == _ents(one_by_one)


@pytest.mark.slow
def test_a_recognizer_set_for_beam_search_keeps_spacys_decoding() -> None:
    published = load_nlp(stand_ins=False)
    ner = published.get_pipe("ner")
    stepped = SteppedRecognizer(ner)  # type: ignore[arg-type]
    texts = _texts()[:20]
    beam = dict(ner.cfg)
    try:
        ner.cfg["beam_width"] = 4
        # Parsed up to the recognizer, then recognized by each.
        docs = [published(t, disable=["ner"]) for t in texts]
        expected = _ents([ner(doc.copy()) for doc in docs])
        assert sum(map(len, expected)) > 10
        assert _ents([stepped(doc) for doc in docs]) == expected
    finally:
        ner.cfg.clear()
        ner.cfg.update(beam)


def test_only_an_entity_recognizer_is_replaced() -> None:
    nlp = Language()
    nlp.add_pipe("sentencizer")
    assert not install(nlp)
    assert not install(nlp, "sentencizer")
    assert nlp.pipe_names == ["sentencizer"]
