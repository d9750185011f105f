"""Plain text and Markdown into title, standfirst and body paragraphs."""

from __future__ import annotations

from app.articles.splitting import (
    ParagraphDraft,
    mark_duplicates,
    paragraphs_from_list,
    split_text,
    strip_inline_markdown,
)


def test_atx_heading_opens_as_title_and_later_heading_stays_a_paragraph() -> None:
    split = split_text("# Big News\n\nFirst paragraph.\n## A section\nSecond paragraph.")
    assert split.title == "Big News"
    assert split.standfirst is None
    assert [(p.kind, p.text) for p in split.paragraphs] == [
        ("body", "First paragraph."),
        ("heading", "A section"),
        ("body", "Second paragraph."),
    ]


def test_closing_hashes_of_a_heading_are_dropped() -> None:
    split = split_text("### Title ###\nBody.")
    assert split.title == "Title"


def test_bold_lines_lead_repeated_one_is_title_rest_standfirst() -> None:
    text = "**A lead line.**\n**The Headline**\n\n**The Headline**\n**Another lead.**\nBody text."
    split = split_text(text)
    assert split.title == "The Headline"
    assert split.standfirst == "A lead line.\nAnother lead."
    assert [p.text for p in split.paragraphs] == ["Body text."]


def test_first_heading_is_title_when_none_repeats() -> None:
    split = split_text("__Headline__\n**Subtitle**\nBody.")
    assert split.title == "Headline"
    assert split.standfirst == "Subtitle"


def test_given_title_wins_and_all_lead_lines_become_standfirst() -> None:
    split = split_text("**Headline**\n**Lead**\nBody.", title="Posted title")
    assert split.title == "Posted title"
    assert split.standfirst == "Headline\nLead"


def test_text_of_only_headings_keeps_them_as_body() -> None:
    split = split_text("# Only\n**Headings**")
    assert [p.text for p in split.paragraphs] == ["Only", "Headings"]
    assert split.paragraphs[0].kind == "heading"


def test_list_and_quote_markers_are_removed() -> None:
    split = split_text(
        "Intro.\n- first item\n* second item\n+ third\n1. numbered\n2) also\n> quoted"
    )
    assert [p.text for p in split.paragraphs] == [
        "Intro.",
        "first item",
        "second item",
        "third",
        "numbered",
        "also",
        "quoted",
    ]
    assert all(p.kind == "body" for p in split.paragraphs)


def test_inline_markup_links_and_images_are_reduced_to_visible_text() -> None:
    line = "See [the report](https://x.org/r) ![chart](c.png) by **NATO** and *allies*, `code`."
    assert strip_inline_markdown(line) == "See the report  by NATO and allies, code."


def test_snake_case_and_arithmetic_are_not_taken_for_emphasis() -> None:
    assert strip_inline_markdown("a_b_c and 2*3*4") == "a_b_c and 2*3*4"


def test_rules_and_blank_lines_carry_no_paragraph() -> None:
    split = split_text("One.\n\n---\n***\n   \nTwo.\r\nThree.\rFour.")
    assert [p.text for p in split.paragraphs] == ["One.", "Two.", "Three.", "Four."]


def test_bold_sentence_inside_body_stays_body_paragraph() -> None:
    split = split_text("Body first.\n**A bold line later**\nMore.")
    assert [(p.kind, p.text) for p in split.paragraphs] == [
        ("body", "Body first."),
        ("heading", "A bold line later"),
        ("body", "More."),
    ]


def test_duplicates_point_at_the_first_occurrence() -> None:
    drafts = [ParagraphDraft(t) for t in ["a  b", "c", "a b", "c", " a b "]]
    marked = mark_duplicates(drafts)
    assert [d.duplicate_of for d in marked] == [None, None, 0, 1, 0]
    assert [d.text for d in marked] == [d.text for d in drafts]


def test_split_text_marks_repeated_paragraphs() -> None:
    split = split_text("Alpha.\nBeta.\nAlpha.\nGamma.\nBeta.")
    assert [p.duplicate_of for p in split.paragraphs] == [None, None, 0, None, 1]


def test_paragraphs_from_list_strips_and_normalises_nfc() -> None:
    drafts = paragraphs_from_list(["  Cafe\u0301 ", "Café"])
    assert drafts[0].text == "Café"
    assert drafts[1].duplicate_of == 0
