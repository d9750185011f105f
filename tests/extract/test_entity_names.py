"""Entity names on made-up news sentences: each test is one class of language that
real reports use and that the tagger alone gets wrong."""

from __future__ import annotations

from app.extract import Document, EntityFact, Facts

from .helpers import extract_checked, find_entity, quote


def _extract(*paragraphs: str) -> tuple[Document, Facts]:
    doc = Document(paragraphs=list(enumerate(paragraphs)))
    return doc, extract_checked(doc)


def _names(facts: Facts) -> dict[str, EntityFact]:
    return {e.name: e for e in facts.entities}


def test_every_entity_has_a_mention_and_a_capitalised_name() -> None:
    _doc, facts = _extract(
        "The prime minister met the president and other members of the commission.",
        "Floods hit the districts of Ambor, Kelvari and Tussa on Friday.",
    )
    for entity in facts.entities:
        assert entity.mentions
        assert entity.name[:1].isupper()
    names = {e.name.lower() for e in facts.entities}
    assert not {"prime minister", "president", "commission", "other members"} & names


def test_hyphenated_given_name_stays_whole_and_family_name_joins_it() -> None:
    _doc, facts = _extract("Park Seo-yeon won the vote on Sunday. Ms. Park thanked her supporters.")
    park = _names(facts).get("Park Seo-yeon")
    assert park is not None and park.type == "person"
    assert "Park" in park.aliases
    assert not any(e.name in {"Park Seo", "Park"} for e in facts.entities)


def test_hyphenated_particle_and_its_spaced_variant_are_one_person() -> None:
    _doc, facts = _extract("Khalid al-Mansour arrived in Amman. Al Mansour met the king.")
    person = _names(facts).get("Khalid al-Mansour")
    assert person is not None and "Al Mansour" in person.aliases
    assert [e.type for e in facts.entities].count("person") == 1


def test_multi_word_surname_joins_the_full_name() -> None:
    _doc, facts = _extract("Ana Ruiz Gallardo leads the party. Ruiz Gallardo said she would run.")
    person = _names(facts)["Ana Ruiz Gallardo"]
    assert "Ruiz Gallardo" in person.aliases


def test_surname_that_is_also_a_place_joins_the_speaker() -> None:
    _doc, facts = _extract(
        "Sarah Wales chairs the panel. Wales told reporters that the study was sound."
    )
    assert "Wales" in _names(facts)["Sarah Wales"].aliases
    assert "Wales" not in _names(facts)


def test_office_portfolio_is_cut_from_the_name_after_it() -> None:
    _doc, facts = _extract("Minister for Trade Affairs Julia Hartmann said the talks would resume.")
    assert _names(facts).keys() == {"Julia Hartmann"}
    assert _names(facts)["Julia Hartmann"].type == "person"


def test_lower_case_role_before_a_name_makes_a_person() -> None:
    _doc, facts = _extract("Disaster relief chief Daniel Okafor told reporters the toll had risen.")
    assert _names(facts)["Daniel Okafor"].type == "person"


def test_title_without_a_name_is_not_a_person() -> None:
    _doc, facts = _extract("Amina Diallo, UNICEF Ghana Representative, said the need was great.")
    assert "Amina Diallo" in _names(facts)
    assert not any("Representative" in e.name for e in facts.entities)


def test_bracketed_acronym_is_an_alias_not_part_of_the_name() -> None:
    _doc, facts = _extract(
        "The grant goes to the National Water Authority (NWA). The NWA said it was grateful."
    )
    authority = _names(facts)["National Water Authority"]
    assert "NWA" in authority.aliases
    assert not any("(" in e.name for e in facts.entities)


def test_acronyms_of_dotted_and_mixed_case_names() -> None:
    _doc, facts = _extract(
        "The U.S. Forest Service said fires grew. The USFS asked for help.",
        "The Ministry of Defence said the MoD had no comment.",
    )
    assert "USFS" in _names(facts)["U.S. Forest Service"].aliases
    ministry = _names(facts)["Ministry of Defence"]
    assert ministry.type == "organization" and "MoD" in ministry.aliases


def test_bare_list_of_names_gives_one_entity_a_line() -> None:
    _doc, facts = _extract("Acme Holdings\nBrightline Foods\nCorvex Systems\nDellmar Group")
    names = _names(facts)
    assert set(names) == {"Acme Holdings", "Brightline Foods", "Corvex Systems", "Dellmar Group"}
    assert {e.type for e in facts.entities} == {"organization"}


def test_head_word_says_place_or_company() -> None:
    _doc, facts = _extract(
        "Rescuers reached Kessler Towers on Monday. Investors bought shares in Harlow Developments."
    )
    assert _names(facts)["Kessler Towers"].type == "location"
    assert _names(facts)["Harlow Developments"].type == "organization"


def test_apposition_says_what_a_name_is() -> None:
    _doc, facts = _extract(
        "The money will be spent by Veritane, a non-profit health organization based in Lusaka."
    )
    assert _names(facts)["Veritane"].type == "organization"


def test_list_of_places_shares_the_place_type() -> None:
    _doc, facts = _extract("Floods hit the districts of Ambor, Kelvari and Tussa on Friday.")
    assert {_names(facts)[n].type for n in ("Ambor", "Kelvari", "Tussa")} == {"location"}


def test_region_read_as_nationality_is_a_place() -> None:
    _doc, facts = _extract("Officials in the province of Sindh said the roads were closed.")
    assert _names(facts)["Sindh"].type == "location"


def test_government_named_after_its_country_is_the_country() -> None:
    _doc, facts = _extract("The Canadian Government pledged aid to the region.")
    canada = _names(facts)["Canada"]
    assert canada.type == "location" and "Canadian Government" in canada.aliases
    assert not any(e.type == "organization" for e in facts.entities)


def test_government_named_after_its_leader_gives_the_leader() -> None:
    _doc, facts = _extract("The Hendry Government is providing an extra $3 million to Fiji.")
    assert _names(facts)["Hendry"].type == "person"


def test_nationality_before_a_title_does_not_name_the_country() -> None:
    _doc, facts = _extract(
        "The Kenyan foreign minister spoke on Monday.", "The Kenyan government later agreed."
    )
    kenya = _names(facts)["Kenya"]
    assert [m.paragraph_index for m in kenya.mentions] == [1]


def test_vessels_plans_and_weapons_are_not_entities() -> None:
    _doc, facts = _extract(
        "The warship HMS Resolute sailed to Cyprus. Allies signed the Lisbon Agreement.",
        "Starfall Long Range Missiles were delivered.",
    )
    assert set(_names(facts)) == {"Cyprus"}


def test_state_abbreviation_after_a_city_names_the_state() -> None:
    _doc, facts = _extract("Samples came from Tulsa, Okla., and Reno, Nev., last year.")
    oklahoma = find_entity(facts, "Okla")
    assert oklahoma is not None and oklahoma.name == "Oklahoma"
    assert _names(facts)["Nevada"].type == "location"


def test_world_region_is_a_place() -> None:
    _doc, facts = _extract("Storms battered the Asia-Pacific this year.")
    assert _names(facts)["Asia-Pacific"].type == "location"


def test_headline_verb_is_not_part_of_a_name() -> None:
    _doc, facts = _extract("Canada Announces New Defence Plan")
    assert set(_names(facts)) == {"Canada"}


def test_emoji_after_a_name_is_not_part_of_it() -> None:
    doc, facts = _extract("Volodymyr Zelensky 🇺🇦 thanked Poland. Zelensky said Kyiv would win.")
    person = _names(facts)["Volodymyr Zelensky"]
    assert {quote(doc, m) for m in person.mentions} == {"Volodymyr Zelensky", "Zelensky"}


def test_bracketed_acronym_of_something_else_is_not_an_alias() -> None:
    _doc, facts = _extract(
        "Rescue teams from the World Food Programme (WFP) and Kenya (UNICEF) came."
    )
    assert _names(facts)["World Food Programme"].aliases == ["WFP"]
    assert "UNICEF" not in _names(facts)["Kenya"].aliases


def test_initiative_named_after_a_city_is_not_the_city() -> None:
    doc, facts = _extract("Leaders praised the Warsaw Initiative. Warsaw hosted the talks.")
    warsaw = _names(facts)["Warsaw"]
    assert [quote(doc, m) for m in warsaw.mentions] == ["Warsaw"]
    assert warsaw.aliases == []


def test_hill_is_a_place() -> None:
    _doc, facts = _extract("Troops held Chatham Hill for a week.")
    assert _names(facts)["Chatham Hill"].type == "location"


def test_possessive_before_a_name_is_not_part_of_it() -> None:
    _doc, facts = _extract("Ms. Lind spoke at her Social Democratic Party headquarters.")
    assert not any(e.name.lower().startswith("her ") for e in facts.entities)


def test_street_the_tagger_skips_is_a_place() -> None:
    _doc, facts = _extract("The council will meet the minister in Downing Street every month.")
    assert _names(facts)["Downing Street"].type == "location"


def test_weapon_types_are_not_entities() -> None:
    _doc, facts = _extract(
        "Germany will send four more Patriot systems and 20 Leopard tanks to Kyiv.",
        "Kyiv also asked for more F-16 jets and Javelin missiles.",
    )
    assert set(_names(facts)) == {"Germany", "Kyiv"}


def test_acronym_opening_a_longer_name_is_part_of_it() -> None:
    _doc, facts = _extract(
        "Funds went to the U.N. High Commissioner for Refugees (UNHCR). UNHCR staff arrived.",
        "NATO Secretary General Mark Rutte spoke.",
    )
    agency = _names(facts)["U.N. High Commissioner for Refugees"]
    assert "UNHCR" in agency.aliases
    assert "NATO" in _names(facts) and "Mark Rutte" in _names(facts)


def test_office_named_with_its_city_is_the_same_organization() -> None:
    _doc, facts = _extract(
        "The British High Commission Nairobi has announced funding.",
        "The British High Commission said more would come.",
    )
    (office,) = [e for e in facts.entities if e.type == "organization"]
    assert office.name == "British High Commission Nairobi"
    assert "British High Commission" in office.aliases


def test_lone_surname_of_a_person_named_in_full_is_a_mention_of_that_person() -> None:
    doc, facts = _extract(
        "Mark Halvorsen met with Chinese officials. Halvorsen later flew to Seoul."
    )
    person = _names(facts)["Mark Halvorsen"]
    assert [quote(doc, m) for m in person.mentions] == ["Mark Halvorsen", "Halvorsen"]


def test_broadcaster_named_with_its_medium_is_the_broadcaster() -> None:
    _doc, facts = _extract("The foreign minister told Al Jazeera TV that talks would resume.")
    assert _names(facts)["Al Jazeera"].type == "organization"
    assert "Al Jazeera TV" not in _names(facts)


def test_place_named_in_full_and_by_its_first_words_is_one_place() -> None:
    _doc, facts = _extract(
        "Aid trucks entered the Gaza Strip on Monday.", "Officials in Gaza said more were needed."
    )
    place = _names(facts)["Gaza Strip"]
    assert place.type == "location"
    assert "Gaza" in place.aliases
    assert "Gaza" not in _names(facts)
    assert [m.paragraph_index for m in place.mentions] == [0, 1]


def test_foreign_language_body_is_an_organization() -> None:
    _doc, facts = _extract("Berlin sent engineers of the Bundesanstalt Technisches Hilfswerk.")
    found = find_entity(facts, "Bundesanstalt Technisches Hilfswerk")
    assert found is not None and found.type == "organization"


def test_surname_acting_alone_joins_the_full_name_though_tagged_a_place() -> None:
    _doc, facts = _extract(
        "Secretary of State Antony J. Blinken arrived in Cairo.",
        "Blinken later met Egyptian officials.",
    )
    person = _names(facts)["Antony J. Blinken"]
    assert person.type == "person"
    assert "Blinken" in person.aliases
    assert "Blinken" not in _names(facts)


def test_a_country_that_shares_a_persons_surname_stays_the_country() -> None:
    _doc, facts = _extract("Michael Jordan visited Amman. Jordan signed a deal with Egypt.")
    assert _names(facts)["Jordan"].type == "location"
    assert "Jordan" not in _names(facts)["Michael Jordan"].aliases
