"""The memoising lemmatizer gives exactly the lemmas spaCy's own lemmatizer gives."""

from __future__ import annotations

import pytest
from spacy.language import Language

from app.extract import lemmas
from app.extract.lemmas import MemoLemmatizer, install
from app.extract.nlp import load_nlp
from tests.extract.test_attribute_rules import _texts, _tokens


@pytest.mark.slow  # two model loads, every token of the texts
def test_memo_lemmatizer_matches_spacy_on_every_token() -> None:
    published, memo = load_nlp(stand_ins=False), load_nlp()
    assert "lemmatizer" in published.pipe_names
    assert "memo_lemmatizer" in memo.pipe_names
    assert "lemmatizer" not in memo.pipe_names
    texts = _texts()
    expected = _tokens(published, texts)
    assert len(expected) > 2000
    # Twice: the second pass reads every lemma from the table the first one filled.
    assert _tokens(memo, texts) == expected
    assert _tokens(memo, texts) == expected
    # Everything but `doc.tensor`, whose last bits the other BLAS changes (test_blas).
    assert [d.to_bytes(exclude=["tensor"]) for d in memo.pipe(texts)] == [
        d.to_bytes(exclude=["tensor"]) for d in published.pipe(texts)
    ]


@pytest.mark.slow
def test_same_word_gets_the_lemma_of_its_part_of_speech_and_form(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    nlp = load_nlp()
    # A tiny table: it is emptied when full, and lemmas stay right.
    monkeypatch.setattr(lemmas, "MAX_REMEMBERED", 3)
    texts = [
        "She leaves tomorrow; the leaves fell.",
        "They were meeting daily, and the meeting ran late.",
        "Better plans were made, and he made better ones.",
    ]
    published = load_nlp(stand_ins=False)
    for text in texts:
        expected = [(t.text, t.lemma_) for t in published(text)]
        assert [(t.text, t.lemma_) for t in nlp(text)] == expected
    by_word = {(t.text, t.pos_): t.lemma_ for t in nlp(texts[0])}
    assert by_word[("leaves", "VERB")] == "leave"
    assert by_word[("leaves", "NOUN")] == "leaf"


@pytest.mark.slow
def test_lemmas_set_by_earlier_rules_are_kept() -> None:
    nlp = load_nlp(stand_ins=False)
    memo = MemoLemmatizer(nlp.get_pipe("lemmatizer"))  # type: ignore[arg-type]
    doc = nlp.make_doc("gonna")
    doc[0].lemma_ = "go"  # as the attribute ruler's exceptions do
    assert memo(doc)[0].lemma_ == "go"


def test_only_the_rule_mode_is_replaced() -> None:
    nlp = Language()
    nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
    assert not install(nlp)
    assert nlp.pipe_names == ["lemmatizer"]
