"""Search snippets: escaping, marks, and the window cut from a long paragraph.

Which words are marked is held to PostgreSQL's own `ts_headline` in
tests/api/test_search_snippets.py; these tests need no database.
"""

from __future__ import annotations

import html
import re

from app.search.snippets import ELLIPSIS, MAX_CHARS, query_lexemes, snippet

_MARK = re.compile(r"</?mark>")


def test_query_lexemes_are_read_from_the_tsquery_text() -> None:
    assert query_lexemes("'defens' <-> 'spend' & !( 'big' <-> 'cat' ) | 'o''brien'") == {
        "defens",
        "spend",
        "big",
        "cat",
        "o'brien",
    }
    assert query_lexemes("") == frozenset()


def test_other_forms_of_a_stem_are_marked_and_nothing_else() -> None:
    text = "Spending rose as the ministry spends more; the big spender objected."
    assert snippet(text, frozenset({"spend"})) == (
        "<mark>Spending</mark> rose as the ministry <mark>spends</mark> more; "
        "the big spender objected."
    )


def test_the_text_is_escaped_and_only_the_marks_are_markup() -> None:
    text = 'The <b>drone</b> budget & its "critics" aren\'t <script>drones</script>'
    got = snippet(text, frozenset({"drone"}))
    assert _MARK.sub("", got) == html.escape(text)
    assert got.count("<mark>") == 2
    assert "<mark>drone</mark>" in got and "<mark>drones</mark>" in got
    assert "<" not in _MARK.sub("", got)


def test_a_short_paragraph_is_shown_whole() -> None:
    text = "NATO members agreed to raise defence spending to 5% of GDP by 2035."
    got = snippet(text, frozenset({"defenc"}))
    assert _MARK.sub("", got) == html.escape(text)
    assert ELLIPSIS not in got


def _filler(words: int, seed: str) -> str:
    return " ".join(f"{seed}{n}" for n in range(words))


def test_a_long_paragraph_is_cut_to_a_window_around_its_matches() -> None:
    text = f"{_filler(60, 'a')} the tariffs hit hospitals {_filler(60, 'b')}"
    got = snippet(text, frozenset({"tariff", "hospit"}))
    assert got.startswith(ELLIPSIS) and got.endswith(ELLIPSIS)
    assert "<mark>tariffs</mark> hit <mark>hospitals</mark>" in got
    shown = _MARK.sub("", got)[1:-1]
    # A run of whole words of the paragraph, about MAX_CHARS long, matches near its middle.
    assert f" {shown} " in f" {text} "
    assert MAX_CHARS - 12 <= len(shown) <= MAX_CHARS
    middle = shown.index("tariffs") + len("tariffs hit hospitals") / 2
    assert abs(middle - len(shown) / 2) < 12


def test_the_window_holds_the_densest_run_of_matches() -> None:
    text = f"Tariffs first. {_filler(80, 'c')} tariffs, tariffs and tariffs. {_filler(20, 'd')}"
    got = snippet(text, frozenset({"tariff"}))
    assert got.count("<mark>") == 3
    assert got.startswith(ELLIPSIS)


def test_a_window_at_the_start_or_end_has_one_ellipsis() -> None:
    early = f"Tariffs rose. {_filler(100, 'e')}"
    got = snippet(early, frozenset({"tariff"}))
    assert got.startswith("<mark>Tariffs</mark> rose.") and got.endswith(ELLIPSIS)
    late = f"{_filler(100, 'f')} and tariffs rose."
    got = snippet(late, frozenset({"tariff"}))
    assert got.startswith(ELLIPSIS) and got.endswith("<mark>tariffs</mark> rose.")


def test_with_nothing_to_mark_the_paragraph_opens_the_snippet() -> None:
    text = _filler(100, "g")
    got = snippet(text, frozenset())
    assert "<mark>" not in got
    assert got.endswith(ELLIPSIS) and text.startswith(got[: -len(ELLIPSIS)])
