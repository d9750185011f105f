"""The fixture articles: what a reader of the extracted facts would check first.

`tests/data/alliance_summit.md` is written like a scraped news page: a bold lead
block that repeats the headline, then body paragraphs of which three come twice.
`tests/data/defence_review.md` has a Markdown headline and a bold heading inside
the body.  The checks hold to what any sound extractor finds there (the pledges,
exactly cited, on first copies of body paragraphs), not to finer choices of rules.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from app.articles.splitting import split_text
from app.extract import Document, Facts, get_extractor

from .helpers import REVIEW, SUMMIT, all_spans, fixture_document, quote

PUBLISHED = datetime(2025, 7, 1)


@pytest.fixture(scope="module")
def doc() -> Document:
    return fixture_document(SUMMIT, PUBLISHED)


@pytest.fixture(scope="module")
def facts(doc: Document) -> Facts:
    return get_extractor().extract(doc)


def test_lead_block_is_title_and_standfirst_not_paragraphs() -> None:
    split = split_text(SUMMIT.read_text(encoding="utf-8"))
    # The headline comes twice in the bold lead block: it is the title.
    assert split.title == "NATO Allies Sign Up to a Five Percent Goal"
    assert split.standfirst is not None
    assert split.standfirst.startswith("Allies leave Brussels")
    assert split.title not in split.standfirst
    assert all(p.kind == "body" and "**" not in p.text for p in split.paragraphs)
    assert split.paragraphs[0].text.startswith("Leaders of the North Atlantic Treaty")


def test_repeated_paragraphs_are_extracted_once(doc: Document) -> None:
    split = split_text(SUMMIT.read_text(encoding="utf-8"))
    assert [p.duplicate_of for p in split.paragraphs] == [None, None, None, None, 1, 2, 3]
    # The extractor gets first copies only, at their body indexes.
    assert [i for i, _ in doc.paragraphs] == [0, 1, 2, 3]


def test_every_span_quotes_clean_text(doc: Document, facts: Facts) -> None:
    spans = all_spans(facts)
    assert spans
    for span in spans:
        text = quote(doc, span)
        assert text and text == text.strip(), span
        assert not text.endswith(("'s", "’s")), text
    for entity in facts.entities:
        for span in entity.mentions:
            assert quote(doc, span) in {entity.name, *entity.aliases}


def test_the_pledge_from_two_to_five_percent_by_2035(doc: Document, facts: Facts) -> None:
    (commitment,) = [c for c in facts.commitments if c.target_year == 2035]
    assert (commitment.gdp_from, commitment.gdp_to) == (Decimal(2), Decimal(5))
    assert commitment.amount_value is None
    assert "spending" in commitment.metric
    # Cited on paragraph 1, the first copy; never on its repeat (paragraph 4).
    assert [c.paragraph_index for c in commitment.citations] == [1]
    assert "from 2% to 5% of GDP by 2035" in quote(doc, commitment.citations[0])


def test_nato_and_its_secretary_general(doc: Document, facts: Facts) -> None:
    nato = [e for e in facts.entities if "NATO" in {e.name, *e.aliases}]
    assert len(nato) == 1
    assert nato[0].type == "organization"
    quotes = {quote(doc, s) for s in nato[0].mentions}
    assert {"NATO", "North Atlantic Treaty Organization"} <= quotes
    (rutte,) = [e for e in facts.entities if e.name == "Mark Rutte"]
    assert rutte.type == "person"


def test_a_heading_inside_the_body_stays_a_heading_and_the_pledge_is_found() -> None:
    split = split_text(REVIEW.read_text(encoding="utf-8"))
    assert split.title == "Parliament Backs Higher Defence Budget"
    assert [p.kind for p in split.paragraphs] == ["body", "heading", "body", "body", "body"]
    assert split.paragraphs[1].text == "What the money buys"
    assert split.paragraphs[3].duplicate_of == 2
    doc = fixture_document(REVIEW, PUBLISHED)
    facts = get_extractor().extract(doc)
    (commitment,) = [c for c in facts.commitments if c.target_year == 2030]
    assert (commitment.gdp_from, commitment.gdp_to) == (Decimal("1.5"), Decimal("2.5"))
    assert [c.paragraph_index for c in commitment.citations] == [0]
    assert "from 1.5% to 2.5% of GDP by 2030" in quote(doc, commitment.citations[0])
    # Nothing cites the heading.
    assert all(span.paragraph_index != 1 for span in all_spans(facts))


def test_provenance_and_confidence(facts: Facts) -> None:
    extractor = get_extractor()
    assert extractor.name == "factstore-rules"
    assert extractor.version
    confidences = [e.confidence for e in facts.entities]
    confidences += [e.confidence for e in facts.events]
    confidences += [c.confidence for c in facts.commitments]
    assert all(0.0 <= c <= 1.0 for c in confidences)
