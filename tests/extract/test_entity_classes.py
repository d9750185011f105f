"""More entity classes on made-up wire sentences: acronyms of known bodies, share
indexes, capitals that stand for their government, places the tagger takes for
people, and plans named after a place."""

from __future__ import annotations

from .helpers import facts_of, find_entity


def test_mixed_case_acronym_joins_the_known_body_it_abbreviates() -> None:
    facts = facts_of(
        "The Department of Defense (DoD) hosted officials of the Ministry of Health.",
        "DoD spokeswoman Carla Mendes said the visit by Peruvian officers went well.",
    )
    body = find_entity(facts, "Department of Defense")
    assert body is not None and body.type == "organization"
    assert "DoD" in {body.name, *body.aliases}
    assert len(body.mentions) == 3
    assert [e for e in facts.entities if e.name == "DoD"] == []
    health = find_entity(facts, "Ministry of Health")
    assert health is not None and "DoD" not in health.aliases


def test_acronym_of_a_name_led_by_its_country() -> None:
    facts = facts_of(
        "The U.S. Department of Homeland Security (DHS) said DHS officers met Mexican officials."
    )
    body = find_entity(facts, "DHS")
    assert body is not None
    assert body.name == "U.S. Department of Homeland Security"
    assert [e.name for e in facts.entities].count("DHS") == 0


def test_share_indexes_are_not_entities() -> None:
    facts = facts_of(
        "The Nikkei 225 slipped 1.4 percent and the FTSE 100 edged higher, while the "
        "Kospi closed flat, dealers in Singapore said."
    )
    names = {e.name for e in facts.entities}
    assert not {"Nikkei", "FTSE", "Kospi", "Nikkei 225", "FTSE 100"} & names
    assert find_entity(facts, "Singapore") is not None


def test_capital_standing_for_its_government_is_a_place() -> None:
    facts = facts_of(
        "Mihai Popa said Chisinau was grateful.", "Envoys from Dushanbe and Bishkek met on Friday."
    )
    for capital in ("Chisinau", "Dushanbe", "Bishkek"):
        found = find_entity(facts, capital)
        assert found is not None and found.type == "location", capital


def test_unfamiliar_town_the_tagger_calls_a_person_is_a_place_after_reached() -> None:
    facts = facts_of("Aid lorries reached Kharkov on Monday.")
    town = find_entity(facts, "Kharkov")
    assert town is not None and town.type == "location"


def test_a_pact_named_after_a_city_is_not_an_entity() -> None:
    facts = facts_of("Ministers signed the Mombasa Charter on Fisheries on Thursday.")
    names = {e.name for e in facts.entities}
    assert not {n for n in names if "Charter" in n}
    assert not any(e.type == "organization" for e in facts.entities)
