"""Event kinds on made-up news sentences: each test is one class of happening that
real reports state, with the arguments that make it an event (or not)."""

from __future__ import annotations

import typing

from app.extract import EventFact, Facts
from app.extract.lang.event_triggers import NOUN_TYPES, VERB_TYPES
from app.extract.types import EVENT_TYPES, EventType

from .helpers import facts_of


def _of_type(facts: Facts, etype: str) -> list[EventFact]:
    return [e for e in facts.events if e.type == etype]


def _who(event: EventFact) -> set[str]:
    return {p.name for p in event.participants}


def test_the_lexicon_uses_only_the_declared_event_types() -> None:
    assert set(VERB_TYPES.values()) | set(NOUN_TYPES.values()) <= set(EVENT_TYPES)
    assert typing.get_args(EventType) == EVENT_TYPES


def test_hazard_that_kills_is_a_disaster_where_it_struck() -> None:
    facts = facts_of("Floods have killed at least 40 people in Mozambique since Monday.")
    (event,) = _of_type(facts, "disaster")
    assert "Mozambique" in _who(event)


def test_killing_by_a_person_is_not_a_disaster() -> None:
    facts = facts_of("Police said a gunman killed two guards in Lima on Monday.")
    assert not _of_type(facts, "disaster")


def test_victims_who_died_are_a_disaster() -> None:
    facts = facts_of("At least 12 people died when the bridge collapsed in Lima.")
    assert _of_type(facts, "disaster")


def test_court_warrant_is_a_ruling_on_the_person_named() -> None:
    facts = facts_of("The court issued an arrest warrant for Ivan Petrov on Tuesday.")
    (event,) = _of_type(facts, "ruling")
    assert _who(event) == {"Ivan Petrov"}


def test_arrival_is_a_visit_to_the_place() -> None:
    facts = facts_of("Foreign Minister Lena Kovacs arrived in Nairobi on Monday.")
    (event,) = _of_type(facts, "visit")
    assert _who(event) == {"Lena Kovacs", "Nairobi"}


def test_asking_a_country_to_act_is_a_request() -> None:
    facts = facts_of("Poland asked Germany to lift the limits on arms exports.")
    (event,) = _of_type(facts, "request")
    assert _who(event) == {"Poland", "Germany"}


def test_winning_and_conceding_an_election() -> None:
    facts = facts_of(
        "Maria Santos won the presidential election. Her rival, John Avery, conceded defeat."
    )
    assert {name for e in _of_type(facts, "election") for name in _who(e)} == {
        "Maria Santos",
        "John Avery",
    }


def test_winning_praise_is_not_an_election() -> None:
    facts = facts_of("Maria Santos won praise from Brazil for the plan.")
    assert not _of_type(facts, "election")


def test_share_of_the_vote_is_an_election_result_of_its_holder() -> None:
    facts = facts_of("With 80 percent of ballots counted, Maria Santos had 54 percent of the vote.")
    assert any("Maria Santos" in _who(e) for e in _of_type(facts, "election"))


def test_money_that_goes_to_a_body_is_aid_to_it() -> None:
    facts = facts_of("The grant goes to the National Water Authority.")
    (event,) = _of_type(facts, "aid")
    assert [(p.name, p.role) for p in event.participants] == [
        ("National Water Authority", "recipient")
    ]


def test_pledge_to_send_is_one_aid_event_with_its_recipient() -> None:
    facts = facts_of("Japan pledged to send rescue teams to Turkey.")
    assert len(facts.events) == 1
    (event,) = _of_type(facts, "aid")
    assert {(p.name, p.role) for p in event.participants} == {
        ("Japan", "agent"),
        ("Turkey", "recipient"),
    }


def test_unnamed_office_announcing_is_an_event_without_an_entity() -> None:
    facts = facts_of("The Prime Minister announced a new housing plan on Monday.")
    (event,) = facts.events
    assert event.type == "statement" and event.participants == []
    assert facts.entities == []


def test_named_speaker_reporting_is_a_statement_but_a_bare_lead_in_is_not() -> None:
    assert not facts_of("Foreign Secretary Jane Doe said:").events
    facts = facts_of("Jane Doe said the talks would resume on Monday.")
    (event,) = _of_type(facts, "statement")
    assert _who(event) == {"Jane Doe"}


def test_participant_named_by_surname_is_linked_to_the_person() -> None:
    facts = facts_of(
        "Kevin Marsh toured Lagos on Friday.", "Later, Marsh met Governor Ade Bello in Abuja."
    )
    (meeting,) = _of_type(facts, "meeting")
    assert "Kevin Marsh" in _who(meeting)


def test_finding_of_a_study_is_a_report() -> None:
    facts = facts_of("A study by the Lancet found that malaria cases fell in Ghana last year.")
    assert _of_type(facts, "report")


def test_speaker_of_a_reported_event_is_no_second_event() -> None:
    facts = facts_of(
        "Norway will send $40 million in aid to Sudan, Foreign Minister Erik Lund said."
    )
    assert [e.type for e in facts.events] == ["aid"]


def test_announced_deal_is_one_agreement_not_also_a_statement() -> None:
    facts = facts_of("The minister announced three trade deals between Chile and Peru.")
    (event,) = facts.events
    assert event.type == "agreement" and _who(event) == {"Chile", "Peru"}


def test_restated_event_is_one_event_citing_both_paragraphs() -> None:
    facts = facts_of(
        "Norway sends $40 million in aid to Sudan",
        "Norway will send $40 million in aid to Sudan, officials said on Monday.",
    )
    (event,) = facts.events
    assert [c.paragraph_index for c in event.citations] == [0, 1]


def test_participle_describing_a_name_is_no_event() -> None:
    facts = facts_of("Ministers met the newly elected President Ruth Okoye in Accra.")
    assert not _of_type(facts, "election")


def test_defeat_in_a_war_is_no_election() -> None:
    facts = facts_of("In 1949 the army of Omar Tull defeated the rebels near Lagos.")
    assert not _of_type(facts, "election")


def test_two_events_with_one_party_stay_two() -> None:
    facts = facts_of(
        "Maria Santos won the presidential election in 2019.",
        "Maria Santos conceded defeat in the runoff.",
    )
    elections = _of_type(facts, "election")
    assert len(elections) == 2
    assert all(len(e.citations) == 1 for e in elections)


def test_raising_a_donation_is_aid_to_its_recipient() -> None:
    facts = facts_of("Ireland raised its donation to the Red Cross to 2 million euros.")
    (event,) = _of_type(facts, "aid")
    assert {(p.name, p.role) for p in event.participants} == {
        ("Ireland", "agent"),
        ("Red Cross", "recipient"),
    }


def test_re_election_is_an_election_of_the_person() -> None:
    facts = facts_of("Ma Ying-jeou was re-elected president of Taiwan on Saturday.")
    (event,) = _of_type(facts, "election")
    assert "Ma Ying-jeou" in _who(event)


def test_pledge_without_a_giving_verb_is_an_aid_event_of_its_actor() -> None:
    facts = facts_of(
        "The Danish government is stepping up its support for flood victims in Moldova"
        " with a relief package worth 12 million euros."
    )
    (commitment,) = facts.commitments
    (event,) = _of_type(facts, "aid")
    assert commitment.actor_name in _who(event)
    assert "Moldova" in _who(event)
    assert event.citations[0].paragraph_index == 0


def test_package_that_includes_money_for_a_country_is_aid_to_it() -> None:
    facts = facts_of(
        "Norway will give 10 million crowns to Chile after the wildfires.",
        "The package also includes an extra 2 million crowns for Bolivia.",
    )
    (event,) = [e for e in _of_type(facts, "aid") if e.citations[0].paragraph_index == 1]
    assert {"Norway", "Bolivia"} <= _who(event)


def test_budget_line_and_share_of_gdp_are_no_aid_events() -> None:
    facts = facts_of(
        "Portugal will spend 3 billion euros on new frigates by 2030, the defence minister said.",
        "Spending on the armed forces is to rise to 2.5% of GDP by 2029.",
    )
    assert facts.commitments
    assert not _of_type(facts, "aid")


def test_crowd_that_marches_or_chants_is_a_protest_where_it_happens() -> None:
    facts = facts_of(
        "Thousands of farmers marched through Brussels on Tuesday against the trade deal.",
        "Demonstrators outside the ministry, many of them nurses from Porto, chanted slogans.",
    )
    first, second = _of_type(facts, "protest")
    assert "Brussels" in _who(first)
    assert "Porto" in _who(second)


def test_named_group_protesting_is_a_protest_of_that_group() -> None:
    facts = facts_of("Greenpeace protested outside the Shell offices in London on Friday.")
    (event,) = _of_type(facts, "protest")
    assert {"Greenpeace", "London"} <= _who(event)


def test_markets_that_rally_and_data_that_demonstrate_are_no_protest() -> None:
    facts = facts_of(
        "Stocks rallied in Tokyo after the Bank of Japan held rates.",
        "The figures demonstrate that exports from Kenya grew last year.",
    )
    assert not _of_type(facts, "protest")


def test_lead_in_that_places_the_speaker_is_a_statement_there() -> None:
    facts = facts_of("Speaking in Geneva on Monday, the envoy Carla Mendes said:")
    (event,) = _of_type(facts, "statement")
    assert _who(event) == {"Carla Mendes", "Geneva"}


def test_bare_lead_in_without_a_place_stays_no_event() -> None:
    facts = facts_of("Minister Tom Banda said:")
    assert not facts.events


def test_flying_to_a_place_is_a_visit_of_the_person_named_by_surname() -> None:
    facts = facts_of("Envoy Mark Halvorsen met the mayor. Halvorsen later flew to Seoul.")
    (event,) = _of_type(facts, "visit")
    assert {"Mark Halvorsen", "Seoul"} <= _who(event)


def test_rising_death_toll_is_a_disaster_where_it_struck() -> None:
    facts = facts_of("The death toll from the floods in Bangladesh rose to 230 on Monday.")
    (event,) = _of_type(facts, "disaster")
    assert "Bangladesh" in _who(event)


def test_prices_that_rise_are_no_disaster() -> None:
    facts = facts_of("Fuel prices in Bangladesh rose to a record on Monday.")
    assert not _of_type(facts, "disaster")


def test_storm_making_landfall_is_a_disaster() -> None:
    facts = facts_of("Typhoon Lira made landfall in Luzon on Wednesday.")
    (event,) = _of_type(facts, "disaster")
    assert "Luzon" in _who(event)


def test_seizing_a_town_is_military_but_seizing_drugs_is_not() -> None:
    facts = facts_of(
        "Rebels seized the town of Bunia on Sunday.",
        "Customs officers seized cocaine at the port of Antwerp.",
    )
    (event,) = _of_type(facts, "military_action")
    assert event.citations[0].paragraph_index == 0


def test_court_sentencing_a_titled_person_is_a_ruling_on_that_person() -> None:
    facts = facts_of("A court in Ankara sentenced journalist Deniz Arslan to five years.")
    (event,) = _of_type(facts, "ruling")
    assert "Deniz Arslan" in _who(event)


def test_who_condemns_an_attack_is_no_party_to_it() -> None:
    facts = facts_of("Chile's president, Ana Rojas, condemned the attack.")
    assert not _of_type(facts, "military_action")
    (event,) = _of_type(facts, "statement")
    assert "Ana Rojas" in _who(event)


def test_phone_call_is_a_meeting_of_both_parties() -> None:
    facts = facts_of(
        "President Lena Ortiz spoke by phone with Chancellor Hans Weber on Tuesday.",
        "Prime Minister Ravi Kumar telephoned President Amal Haddad about the crisis.",
    )
    first, second = _of_type(facts, "meeting")
    assert _who(first) == {"Lena Ortiz", "Hans Weber"}
    assert _who(second) == {"Ravi Kumar", "Amal Haddad"}


def test_talking_to_reporters_is_no_meeting() -> None:
    facts = facts_of("Lena Ortiz talked with reporters in Madrid.")
    assert not _of_type(facts, "meeting")


def test_police_arresting_a_named_person_is_an_arrest() -> None:
    facts = facts_of("Police arrested opposition leader Karim Nasser on Friday.")
    (event,) = _of_type(facts, "arrest")
    assert "Karim Nasser" in _who(event)


def test_a_warrant_to_arrest_is_a_ruling_not_an_arrest() -> None:
    facts = facts_of(
        "Judges issued an arrest warrant for Ivan Petrov, asking police to arrest him."
    )
    assert not _of_type(facts, "arrest")
    assert _of_type(facts, "ruling")


def test_death_of_a_named_person_is_a_death_not_a_disaster() -> None:
    facts = facts_of("Former president Jorge Alvarez died in Lima on Sunday aged 84.")
    (event,) = _of_type(facts, "death")
    assert {"Jorge Alvarez", "Lima"} <= _who(event)
    assert not _of_type(facts, "disaster")


def test_passing_a_bill_stays_an_agreement() -> None:
    facts = facts_of("The Senate of Ruritania passed the budget bill on Friday.")
    assert _of_type(facts, "agreement")
    assert not _of_type(facts, "death")


def test_deploying_police_abroad_is_a_deployment() -> None:
    facts = facts_of("Kenya deployed 400 police officers to Haiti.")
    (event,) = _of_type(facts, "military_action")
    assert {"Kenya", "Haiti"} <= _who(event)
