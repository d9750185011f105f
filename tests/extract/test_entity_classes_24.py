"""Classes of news language that extractor 2.4.0 reads, on made-up sentences: a body
named "X for Y" before its member's office and name, the field of an office, names of
economic statistics, a government named alone, the government of a nation inside a
state, a sea named by its kind word, and the basin or delta of a lake or river."""

from __future__ import annotations

from app.extract import Facts

from .helpers import facts_of, find_entity


def _names(facts: Facts) -> set[str]:
    return {e.name for e in facts.entities}


# -- 1. a body named "X for Y", then its member's office and name --------------------


def test_body_for_field_before_an_office_and_a_name_is_one_body() -> None:
    facts = facts_of(
        "The loan was approved by Caribbean Agency for Disaster Relief Coordinator "
        "Maria Santos on Friday.",
        "The grant was signed by United States Agency for International Development "
        "Administrator Dana Whitfield in Accra.",
    )
    names = _names(facts)
    assert "Caribbean Agency for Disaster Relief" in names
    assert "United States Agency for International Development" in names
    assert {"Maria Santos", "Dana Whitfield"} <= names
    # Neither half of a split name, nor the office, is an entity of its own.
    assert not names & {"Caribbean Agency", "United States Agency"}
    assert not any("Coordinator" in n or "Administrator" in n for n in names)
    person = find_entity(facts, "Maria Santos")
    assert person is not None and person.type == "person"


def test_office_before_a_name_is_cut_from_the_body() -> None:
    facts = facts_of("Coastal Harbour Authority Chairman Ruth Okafor opened the new pier.")
    assert {"Coastal Harbour Authority", "Ruth Okafor"} <= _names(facts)


# -- 2. the field of an office is no organization ------------------------------------


def test_field_of_an_office_after_the_name_is_not_an_entity() -> None:
    facts = facts_of(
        "Farmers need help now, said Tom Reyes, Commissioner for Rural Development.",
        "Jane Roe, the Minister for Women and Equalities, met the Minister of Finance.",
    )
    names = _names(facts)
    assert {"Tom Reyes", "Jane Roe"} <= names
    assert not names & {"Rural Development", "Women and Equalities", "Minister of Finance"}


def test_a_body_or_an_employer_after_an_office_stays() -> None:
    facts = facts_of(
        "Brad Lowe, President of Microsoft, met the Minister for the Cabinet Office.",
    )
    assert {"Microsoft", "Cabinet Office"} <= _names(facts)


# -- 3. names of economic statistics -------------------------------------------------


def test_economic_statistics_are_not_entities() -> None:
    facts = facts_of(
        "Spending on schools will rise to four per cent of Gross National Income (GNI) "
        "by 2030, while Gross Domestic Product grew slowly.",
    )
    assert not any(
        {e.name, *e.aliases} & {"Gross National Income", "GNI", "Gross Domestic Product"}
        for e in facts.entities
    )


# -- 4. a government named alone -----------------------------------------------------


def test_a_government_named_alone_is_not_an_entity() -> None:
    facts = facts_of(
        "The Government will give $600 million to rebuild rural roads, keeping the "
        "Government's promise to farmers. The Ministry said work starts in May.",
    )
    assert not _names(facts) & {"Government", "Ministry"}


def test_a_government_named_alone_still_joins_the_named_one() -> None:
    facts = facts_of(
        "The Ministry of Water said rationing would end. The Ministry added that dams were full.",
    )
    ministry = find_entity(facts, "Ministry of Water")
    assert ministry is not None and len(ministry.mentions) == 2


# -- 5. the government of a nation inside a state ------------------------------------


def test_government_of_a_nation_inside_a_state_is_that_place() -> None:
    facts = facts_of(
        "The Welsh Government pledged £3 million for flood defences in Wales.",
        "The Catalan Government said Catalonia would host the talks.",
    )
    wales = find_entity(facts, "Welsh Government")
    assert wales is not None and wales.name == "Wales" and wales.type == "location"
    catalonia = find_entity(facts, "Catalan Government")
    assert catalonia is not None and catalonia.name == "Catalonia"
    assert not any(e.type == "organization" and "Government" in e.name for e in facts.entities)


# -- 6. a sea named by its kind word -------------------------------------------------


def test_sea_named_by_its_kind_word_is_a_place() -> None:
    facts = facts_of(
        "Ferries crossing the Channel were halted as gales hit, and Channel 4 reported "
        "long delays at the ports.",
    )
    sea = find_entity(facts, "Channel")
    assert sea is not None and sea.type == "location"
    broadcaster = find_entity(facts, "Channel 4")
    assert broadcaster is not None and broadcaster.type != "location"


# -- 7. the basin or delta of a lake or river ----------------------------------------


def test_basin_or_delta_of_a_lake_or_river_is_one_place() -> None:
    facts = facts_of("Drought has spread across the Lake Volta basin and the Mekong delta.")
    names = _names(facts)
    assert {"Lake Volta basin", "Mekong delta"} <= names
    assert all(e.type == "location" for e in facts.entities if e.name in names)
