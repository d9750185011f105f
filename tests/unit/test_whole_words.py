"""The name finder of role mentions against the pattern it stands in for."""

from hypothesis import given
from hypothesis import strategies as st

from app.articles.fact_store import _name_pattern, whole_words

# Few letters, so names recur in the text; word and non-word characters; cases;
# and non-ASCII letters whose case rules differ from ASCII's.
_ALPHABET = "abAB _-'.,0éÉİıſKß"
_names = st.text(alphabet=_ALPHABET, min_size=1, max_size=4)
_texts = st.text(alphabet=_ALPHABET, max_size=40)


def pattern_spans(text: str, name: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _name_pattern(name).finditer(text)]


@given(text=_texts, name=_names)
def test_whole_words_finds_what_the_pattern_finds(text: str, name: str) -> None:
    assert list(whole_words(text, name)) == pattern_spans(text, name)


@given(before=_texts, name=_names, after=_texts)
def test_a_name_set_apart_by_spaces_is_found(before: str, name: str, after: str) -> None:
    text = f"{before} {name.upper()} {after}"
    assert list(whole_words(text, name)) == pattern_spans(text, name)


def test_examples_a_reader_would_check() -> None:
    text = "Nato's chief met NATO allies; the natos and anatomy do not count."
    assert [text[i:j] for i, j in whole_words(text, "NATO")] == ["Nato", "NATO"]
    assert list(whole_words("aaa", "aa")) == [] and list(whole_words("aa aa", "aa")) == [
        (0, 2),
        (3, 5),
    ]
