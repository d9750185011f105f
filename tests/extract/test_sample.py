"""The shared sample: what a reader of the extracted facts would check first."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from app.extract import Document, Facts, get_extractor

from .helpers import all_spans, quote, sample_paragraphs


@pytest.fixture(scope="module")
def doc() -> Document:
    return Document(paragraphs=sample_paragraphs(), published_at=datetime(2025, 7, 10))


@pytest.fixture(scope="module")
def facts(doc: Document) -> Facts:
    return get_extractor().extract(doc)


def test_caller_paragraphs_are_first_copies(doc: Document) -> None:
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


def _entity(facts: Facts, name: str):  # type: ignore[no-untyped-def]
    matches = [e for e in facts.entities if e.name == name]
    assert len(matches) == 1, [e.name for e in facts.entities]
    return matches[0]


def test_people(facts: Facts) -> None:
    assert _entity(facts, "Mark Rutte").type == "person"
    assert _entity(facts, "Trump").type == "person"
    rutte = _entity(facts, "Mark Rutte")
    assert "Rutte" in rutte.aliases
    assert len(rutte.mentions) >= 6  # surname-only mentions joined the full name


def test_nato_is_one_organization(doc: Document, facts: Facts) -> None:
    nato = [e for e in facts.entities if "NATO" in {e.name, *e.aliases}]
    assert len(nato) == 1
    assert nato[0].type == "organization"
    quotes = {quote(doc, s) for s in nato[0].mentions}
    assert quotes == {"NATO", "North Atlantic Treaty Organization"}
    assert not any("North Atlantic" in e.name for e in facts.entities if e is not nato[0])


def test_united_states_variants_are_one_location(doc: Document, facts: Facts) -> None:
    us = _entity(facts, "United States")
    assert us.type == "location"
    assert {quote(doc, s) for s in us.mentions} == {"U.S.", "United States"}
    assert not any(e.name in {"U.S.", "US"} for e in facts.entities)


def test_defence_commitment_cites_first_copy(doc: Document, facts: Facts) -> None:
    (commitment,) = [c for c in facts.commitments if c.gdp_to == Decimal(5)]
    assert commitment.gdp_from == Decimal(2)
    assert commitment.target_year == 2035
    assert commitment.metric == "defense spending"
    assert commitment.actor_name == "NATO member states"
    assert commitment.amount_value is None
    assert [c.paragraph_index for c in commitment.citations] == [1]
    assert "from 2% to 5% of GDP by 2035" in quote(doc, commitment.citations[0])


def _events_with(facts: Facts, name: str) -> list[str]:
    return [e.type for e in facts.events if any(p.name == name for p in e.participants)]


def test_events_about_iran_ukraine_and_the_brussels_summit(facts: Facts) -> None:
    assert "military_action" in _events_with(facts, "Iran")
    assert "suspension" in _events_with(facts, "Ukraine")
    assert "meeting" in _events_with(facts, "Brussels")
    shared = [e for e in facts.events if e.summary.startswith("Trump shared a private message")]
    assert shared
    assert {p.name for p in shared[0].participants} >= {"Trump", "Mark Rutte"}


def test_provenance_and_confidence(facts: Facts) -> None:
    extractor = get_extractor()
    assert extractor.name == "factstore-rules"
    assert extractor.version
    confidences = [e.confidence for e in facts.entities]
    confidences += [e.confidence for e in facts.events]
    confidences += [c.confidence for c in facts.commitments]
    assert all(0.0 <= c <= 1.0 for c in confidences)
