"""Entity merging, hedging and pledge signals on small made-up news sentences."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from app.extract import Document, Facts, get_extractor

from .helpers import extract_checked, quote

PUBLISHED = datetime(2025, 3, 14, 12, 0)  # a Friday


def _extract(*paragraphs: str) -> tuple[Document, Facts]:
    doc = Document(paragraphs=list(enumerate(paragraphs)), published_at=PUBLISHED)
    return doc, extract_checked(doc)


def test_us_spellings_merge_into_one_entity() -> None:
    doc, facts = _extract(
        "The United States of America sent envoys to Paris. The U.S. also called Berlin.",
        "Officials in the US said America would respond, and the United States agreed.",
    )
    us = [e for e in facts.entities if e.name == "United States"]
    assert len(us) == 1
    assert {quote(doc, s) for s in us[0].mentions} >= {"U.S.", "US", "United States"}


def test_acronym_in_parentheses_joins_its_expansion() -> None:
    _doc, facts = _extract(
        "The Southern African Development Community (SADC) met in Harare on Monday.",
        "SADC leaders later agreed to send observers.",
    )
    sadc = [e for e in facts.entities if "SADC" in {e.name, *e.aliases}]
    assert len(sadc) == 1
    assert sadc[0].name == "Southern African Development Community"
    assert len(sadc[0].mentions) == 3


def test_surname_joins_only_an_unambiguous_full_name() -> None:
    _, facts = _extract(
        "Chancellor Olaf Scholz met Emmanuel Macron in Paris.",
        "Scholz said the talks were useful.",
    )
    scholz = [e for e in facts.entities if "Scholz" in e.name]
    assert len(scholz) == 1
    assert scholz[0].name == "Olaf Scholz"
    assert scholz[0].type == "person"


def test_titles_and_possessives_are_trimmed() -> None:
    _doc, facts = _extract("Prime Minister Keir Starmer's government met President Joe Biden.")
    names = {e.name for e in facts.entities}
    assert {"Keir Starmer", "Joe Biden"} <= names


def test_pledge_with_amount_actor_metric_and_year() -> None:
    _, facts = _extract(
        "Germany pledged €2bn in military aid to Ukraine by 2026, Chancellor Olaf Scholz said."
    )
    (c,) = facts.commitments
    assert (c.actor_name, c.amount_value, c.amount_currency) == (
        "Germany",
        Decimal(2_000_000_000),
        "EUR",
    )
    assert c.metric == "military aid"
    assert c.target_year == 2026
    assert c.status == "pledged"


def test_period_and_annual() -> None:
    _, facts = _extract(
        "Australia will invest A$3 billion in naval shipbuilding over five years.",
        "The city promised to spend $40 million a year on training.",
    )
    periods = sorted(c.period or "" for c in facts.commitments)
    assert periods == ["5 years", "annual"]


def test_mere_money_figures_are_not_commitments() -> None:
    _, facts = _extract(
        "The company earned $3bn last quarter, up from $2.1bn a year earlier.",
        "Shares of the firm, valued at €40bn, rose 2%.",
        "Canada currently spends about 1.4% of its GDP on its military.",
    )
    assert facts.commitments == []


def test_hedged_and_negated_statements_are_not_pledges() -> None:
    _, facts = _extract(
        "Italy refused to commit to spending 3.5% of GDP on defence.",
        "Belgium might consider raising military spending to 3% of GDP.",
        "Spain did not pledge $1 billion for the fund.",
        "Prime Minister Pedro Sanchez rejected calls to spend 5% of GDP on defence.",
    )
    assert facts.commitments == []


def test_event_date_is_normalised_against_publication() -> None:
    _, facts = _extract("Russia attacked Kharkiv on Monday, Ukrainian officials said.")
    attacks = [e for e in facts.events if e.type == "military_action"]
    assert attacks
    assert attacks[0].date is not None
    assert (attacks[0].date.value, attacks[0].date.precision) == ("2025-03-10", "day")
    assert {p.name for p in attacks[0].participants} >= {"Russia", "Kharkiv"}


def test_extract_many_matches_extract() -> None:
    docs = [
        Document(paragraphs=[(0, "NATO met in Brussels on Monday.")], published_at=PUBLISHED),
        Document(paragraphs=[(3, "Japan pledged $5 billion to Kenya.")], published_at=PUBLISHED),
    ]
    extractor = get_extractor()
    many = extractor.extract_many(docs)
    assert many == [extractor.extract(d) for d in docs]
    assert many[1].commitments[0].citations[0].paragraph_index == 3
