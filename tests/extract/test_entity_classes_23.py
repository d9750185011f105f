"""Classes of news language that extractor 2.3.0 reads, on made-up sentences: names in
headings typed from the body, place names with particles kept whole, places joined
by "from ... to" and by "and", worded fractions of a billion, and the author of a
report taking part in its finding."""

from __future__ import annotations

from decimal import Decimal

from app.articles.extraction import document_of
from app.articles.parsing import ParsedArticle
from app.articles.splitting import split_text
from app.extract import Document, EntityFact, get_extractor
from app.extract.headlines import is_heading
from app.extract.money import find_amounts

from .helpers import facts_of, find_entity


def _paragraphs(entity: EntityFact | None) -> set[int]:
    assert entity is not None
    return {m.paragraph_index for m in entity.mentions}


# -- 1. names in headings ------------------------------------------------------------


def test_heading_detection() -> None:
    assert is_heading("Minister Backs Port Deal In Coastal City")
    assert is_heading("FLOODS CUT ROADS ACROSS NORTH")
    assert not is_heading("The minister backed the deal on Monday.")
    assert not is_heading("Port deal")  # a label, not a headline's longer words
    assert not is_heading("Alpha\nBeta\nGamma")


def test_heading_place_the_tagger_skips_is_the_body_place() -> None:
    facts = facts_of(
        "Okonkwo Backs Enugu Road Plan",
        "Governor Ifeanyi Okonkwo backed the plan at a meeting in Enugu.",
        "Okonkwo said work would begin in March.",
    )
    assert _paragraphs(find_entity(facts, "Enugu")) == {0, 1}
    city = find_entity(facts, "Enugu")
    assert city is not None and city.type == "location"


def test_heading_the_caller_marks_may_be_in_sentence_case() -> None:
    paragraphs = [
        "Okonkwo backs new road plan for Enugu",
        "Governor Ifeanyi Okonkwo backed the plan at a meeting in Enugu.",
        "Okonkwo said work would begin in March.",
    ]
    doc = Document(paragraphs=list(enumerate(paragraphs)), headings=frozenset({0}))
    facts = get_extractor().extract(doc)
    assert _paragraphs(find_entity(facts, "Enugu")) == {0, 1}


def test_markdown_headings_inside_the_body_reach_the_extractor_as_headings() -> None:
    split = split_text(
        "# Flood relief\n\nRain fell for a week.\n\n## Okonkwo backs road plan\n\n"
        "Governor Ifeanyi Okonkwo spoke in Enugu.\n\nRain fell for a week."
    )
    parsed = ParsedArticle(None, split.title, None, None, None, None, split.paragraphs)
    doc = document_of(parsed)
    texts = dict(doc.paragraphs)
    assert [texts[i] for i in sorted(doc.headings)] == ["Okonkwo backs road plan"]


def test_heading_surname_the_tagger_skips_joins_the_person() -> None:
    facts = facts_of(
        "Okafor Wins Lagos Governorship Race",
        "Chidi Okafor won the election in Lagos on Sunday, officials said.",
        "Okafor thanked his supporters.",
    )
    person = find_entity(facts, "Chidi Okafor")
    assert person is not None and person.type == "person"
    assert 0 in _paragraphs(person)
    # A surname that is also a common word, before another capitalised word, is
    # no mention of the person in a heading.
    facts = facts_of(
        "Green Energy Plan Unveiled",
        "Energy minister Laura Green unveiled the plan on Monday.",
        "Green said the plan would cut bills.",
    )
    person = find_entity(facts, "Laura Green")
    assert person is not None and person.type == "person"
    assert all(e.type == "person" for e in facts.entities if "Green" in {e.name, *e.aliases})


def test_all_caps_heading_names_join_the_body_names() -> None:
    facts = facts_of(
        "KENYATTA VISITS MOMBASA PORT",
        "President Uhuru Kenyatta toured the port in Mombasa on Friday.",
        "Kenyatta praised the workers.",
    )
    person = find_entity(facts, "Uhuru Kenyatta")
    assert person is not None and person.type == "person"
    assert 0 in _paragraphs(person)


def test_heading_name_mistyped_takes_the_body_type() -> None:
    facts = facts_of(
        "Sharif Pledges Aid For Karachi",
        "Shehbaz Sharif visited Karachi on Monday and pledged support.",
        "Sharif said help would come soon.",
    )
    person = find_entity(facts, "Shehbaz Sharif")
    assert person is not None and person.type == "person"
    assert _paragraphs(find_entity(facts, "Karachi")) == {0, 1}


# -- 2. place names with particles ------------------------------------------------------


def test_countries_joined_by_and_stay_whole() -> None:
    facts = facts_of(
        "Officials in Trinidad and Tobago said the storm had passed.",
        "Ministers from Antigua and Barbuda flew to the summit.",
    )
    for name in ("Trinidad and Tobago", "Antigua and Barbuda"):
        place = find_entity(facts, name)
        assert place is not None and place.type == "location"
    assert find_entity(facts, "Tobago") is None and find_entity(facts, "Barbuda") is None


def test_capital_joined_by_of_stays_whole() -> None:
    facts = facts_of("The minister flew to Port of Spain on Sunday.")
    city = find_entity(facts, "Port of Spain")
    assert city is not None and city.type == "location"
    assert find_entity(facts, "Spain") is None and find_entity(facts, "Port") is None


def test_hyphenated_places_with_particles_stay_whole() -> None:
    facts = facts_of(
        "Floods hit Rostov-on-Don and nearby villages on Friday.",
        "Police in Boulogne-sur-Mer detained three men.",
        "The Commander-in-Chief flew to Stoke-on-Trent.",
    )
    for name in ("Rostov-on-Don", "Boulogne-sur-Mer", "Stoke-on-Trent"):
        place = find_entity(facts, name)
        assert place is not None and place.type == "location", name
    assert find_entity(facts, "Don") is None and find_entity(facts, "Commander-in-Chief") is None


def test_spaced_places_with_particles_stay_whole() -> None:
    facts = facts_of(
        "The ferry sails from Frankfurt am Main to Newcastle upon Tyne, officials said.",
        "Residents of San Cristóbal de las Casas marched on Sunday.",
    )
    for name in ("Frankfurt am Main", "Newcastle upon Tyne", "San Cristóbal de las Casas"):
        place = find_entity(facts, name)
        assert place is not None and place.type == "location", name
    assert find_entity(facts, "Casas") is None and find_entity(facts, "Tyne") is None
    # People's names use the same particles.
    facts = facts_of("Luis de Guindos spoke in Frankfurt on Monday.")
    person = find_entity(facts, "Luis de Guindos")
    assert person is not None and person.type == "person"


def test_an_organization_named_after_a_joined_place_keeps_it_whole() -> None:
    facts = facts_of("The Bank of Trinidad and Tobago raised rates on Thursday.")
    bank = find_entity(facts, "Bank of Trinidad and Tobago")
    assert bank is not None and bank.type == "organization"
    assert find_entity(facts, "Tobago") is None


# -- 4. places joined by "to" and "and" ---------------------------------------------------


def test_from_one_place_to_another_gives_two_places() -> None:
    facts = facts_of("The convoy travelled from Kherson to Mykolaiv on Friday.")
    for name in ("Kherson", "Mykolaiv"):
        place = find_entity(facts, name)
        assert place is not None and place.type == "location", name
    assert not [e for e in facts.entities if " to " in e.name]


def test_second_of_two_coordinated_towns_is_a_place() -> None:
    facts = facts_of("Fighting was reported in Huambo and Kuito, officials said.")
    for name in ("Huambo", "Kuito"):
        place = find_entity(facts, name)
        assert place is not None and place.type == "location", name


# -- 3. worded amounts ------------------------------------------------------------------


def test_fractions_of_a_scale_in_words() -> None:
    cases = {
        "a quarter of a billion dollars": (Decimal(250_000_000), "USD"),
        "three-quarters of a billion pounds": (Decimal(750_000_000), "GBP"),
        "a quarter-billion euro fund": (Decimal(250_000_000), "EUR"),
        "one and a half billion dollars": (Decimal(1_500_000_000), "USD"),
        "two and a half billion yen": (Decimal(2_500_000_000), "JPY"),
    }
    for text, (value, currency) in cases.items():
        amounts = find_amounts(text)
        assert [(a.value, a.currency) for a in amounts] == [(value, currency)], text
    # A fraction the table does not know gives no amount rather than "a billion".
    assert find_amounts("two-thirds of a billion dollars") == []


def test_paragraph_without_digits_gives_its_worded_commitment() -> None:
    facts = facts_of("The government pledged half a billion euros for flood relief on Monday.")
    assert [(c.amount_value, c.amount_currency) for c in facts.commitments] == [
        (Decimal(500_000_000), "EUR")
    ]
    facts = facts_of("The lender approved a half-billion dollar loan for Malawi on Tuesday.")
    assert [(c.amount_value, c.amount_currency) for c in facts.commitments] == [
        (Decimal(500_000_000), "USD")
    ]


def test_quarter_billion_pledge_in_words() -> None:
    facts = facts_of("Japan pledged a quarter of a billion dollars to rebuild the port.")
    assert [(c.amount_value, c.amount_currency) for c in facts.commitments] == [
        (Decimal(250_000_000), "USD")
    ]


def test_share_of_gdp_in_words_without_digits() -> None:
    facts = facts_of("The government will raise defence spending to two per cent of GDP.")
    assert [c.gdp_to for c in facts.commitments] == [Decimal(2)]


# -- 4. the author of a report ------------------------------------------------------------


def test_author_of_a_report_takes_part_in_its_finding() -> None:
    facts = facts_of("A report by the Lowy Institute found that aid to the Pacific fell sharply.")
    reports = [e for e in facts.events if e.type == "report"]
    assert reports
    assert "Lowy Institute" in {p.name for p in reports[0].participants}
