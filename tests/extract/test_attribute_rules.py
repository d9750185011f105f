"""The indexed attribute ruler gives exactly the tokens spaCy's own ruler gives."""

from __future__ import annotations

from collections.abc import Iterable

import pytest
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from app.extract.attribute_rules import install
from app.extract.nlp import load_nlp
from tests.extract.helpers import news_paragraphs

# Colloquial forms that several of the model's exception rules are written for.
COLLOQUIAL = [
    "I ain't gonna say it wasn't so, but y'all know we're gonna pay.",
    "\"Nothin' doing,\" she said; they'd've gotten 'em if they hadn't wanted to.",
    "You're sure? I'm not. He's done it, and it's hers, isn't it? Don't, won't, can't.",
    "Whether or not the U.S. does, Japan and the EU have pledged $2bn ‒ we dunno why.",
    "  Spaces\n\nand\ttabs, a line   break, and I, you, me, us, them, who, whom.",
]


def _texts() -> list[str]:
    return news_paragraphs() + COLLOQUIAL


def _annotations(docs: Iterable[Doc]) -> list[tuple[str, ...]]:
    """Every token's annotations, of docs already parsed."""
    return [
        (t.text, t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.ent_iob_, t.ent_type_)
        for doc in docs
        for t in doc
    ]


def _tokens(nlp: Language, texts: list[str]) -> list[tuple[str, ...]]:
    return _annotations(nlp.pipe(texts))


@pytest.mark.slow  # two model loads, every token of the texts
def test_indexed_ruler_matches_spacy_on_every_token() -> None:
    published, indexed = load_nlp(stand_ins=False), load_nlp()
    assert "attribute_ruler" in published.pipe_names
    assert "indexed_attribute_ruler" in indexed.pipe_names
    assert "attribute_ruler" not in indexed.pipe_names
    texts = _texts()
    expected = _tokens(published, texts)
    assert len(expected) > 2000
    assert _tokens(indexed, texts) == expected


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "so", "OP": "?"}],  # operators are not implemented
        [{"LENGTH": 3}],  # nor other attributes
        [{"LOWER": {"FUZZY": "tehre"}}],  # nor other predicates
    ],
)
def test_unknown_patterns_keep_spacys_ruler(pattern: list[dict[str, object]]) -> None:
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": "the"}]], {"LEMMA": "THE"})
    ruler.add([pattern], {"LEMMA": "X"})
    assert install(nlp) is False
    assert nlp.pipe_names == ["attribute_ruler"]


def test_later_rules_win_and_index_targets_the_right_token() -> None:
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"LOWER": {"IN": ["big", "small"]}}]], {"LEMMA": "first"})
    ruler.add([[{"LOWER": "big"}]], {"LEMMA": "second"})
    ruler.add([[{"LOWER": "very"}, {"LOWER": {"REGEX": "^b"}}]], {"NORM": "pair-end"}, index=-1)
    ruler.add([[{"IS_SPACE": True}]], {"LEMMA": "space"})
    text = "a very big  and small thing"
    expected = [(t.text, t.lemma_, t.norm_) for t in nlp(text)]
    assert install(nlp) is True
    got = [(t.text, t.lemma_, t.norm_) for t in nlp(text)]
    assert got == expected
    assert ("big", "second", "pair-end") in got
    assert ("small", "first", "small") in got
    assert (" ", "space", " ") in got


def test_rules_found_through_dependency_and_space_indexes_apply_as_spacys() -> None:
    """Rules whose first token is keyed by a dependency label or a space flag are
    found through their index; the rest of each pattern is still checked."""
    nlp = Language()
    ruler = nlp.add_pipe("attribute_ruler")
    assert isinstance(ruler, AttributeRuler)
    ruler.add([[{"DEP": {"IN": ["aux", "auxpass"]}, "LOWER": {"NOT_IN": ["has"]}}]], {"NORM": "x"})
    ruler.add([[{"DEP": "expl"}, {"LOWER": {"IN": ["is", "are"]}}]], {"LEMMA": "be"}, index=1)
    ruler.add([[{"IS_SPACE": True, "DEP": {"NOT_IN": [""]}}]], {"LEMMA": "gap"})
    ruler.add([[{"IS_SPACE": True}]], {"NORM": "space"})
    words = ["there", "is", "what", "has", "been", "done", "  ", "there", "are", "two"]
    deps = ["expl", "ROOT", "nsubjpass", "aux", "auxpass", "ccomp", "dep", "expl", "ROOT", "attr"]

    def run() -> list[tuple[str, str, str]]:
        doc = Doc(nlp.vocab, words=words, deps=deps, heads=[1, 1, 5, 5, 5, 1, 5, 8, 8, 8])
        return [(t.text, t.lemma_, t.norm_) for t in nlp.get_pipe(nlp.pipe_names[0])(doc)]

    expected = run()
    assert install(nlp) is True
    assert nlp.pipe_names == ["indexed_attribute_ruler"]
    got = run()
    assert got == expected
    assert got[1] == ("is", "be", "is") and got[8] == ("are", "be", "are")
    assert got[3][2] == "has" and got[4][2] == "x"
    assert got[6] == ("  ", "gap", "space")
