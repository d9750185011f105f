"""Event classes that extractor 2.4.0 reads, on made-up sentences: a call on a party to
act is a request, the parties an agreed action names are the agreement's, an event
noun as the passive subject of a light verb, and hosting refugees is no meeting."""

from __future__ import annotations

from app.extract import EventFact, Facts
from app.extract.lang.event_triggers import LIGHT_NOUN_TYPES
from app.extract.types import EVENT_TYPES

from .helpers import facts_of


def _of_type(facts: Facts, etype: str) -> list[EventFact]:
    return [e for e in facts.events if e.type == etype]


def _who(event: EventFact) -> set[str]:
    return {p.name for p in event.participants}


def test_light_nouns_use_only_the_declared_event_types() -> None:
    assert set(LIGHT_NOUN_TYPES.values()) <= set(EVENT_TYPES)


def test_call_on_a_party_to_act_is_a_request() -> None:
    facts = facts_of("Canada called on Serbia to withdraw its troops from the border.")
    (event,) = _of_type(facts, "request")
    assert {"Canada", "Serbia"} <= _who(event)


def test_call_for_a_party_to_act_is_a_request_naming_it() -> None:
    facts = facts_of("We continue to call for Serbia to withdraw its troops immediately.")
    (event,) = _of_type(facts, "request")
    assert "Serbia" in _who(event)
    assert "for Serbia to withdraw" in event.summary


def test_a_town_called_by_a_name_is_no_request() -> None:
    facts = facts_of("A village called Oyo lies on the river. Critics called Ruiz a liar.")
    assert not _of_type(facts, "request")


def test_parties_named_in_the_agreed_action_are_the_agreements() -> None:
    facts = facts_of(
        "They agreed to strengthen cooperation between Kenya and Uganda on fisheries.",
        "The two leaders agreed to work with Tanzania on the new railway.",
    )
    parties = [_who(e) for e in _of_type(facts, "agreement")]
    assert {"Kenya", "Uganda"} in parties
    assert any("Tanzania" in p for p in parties)


def test_event_noun_as_passive_subject_of_a_light_verb() -> None:
    facts = facts_of("The announcement was made by Foreign Minister Ana Ruiz at the summit.")
    (event,) = _of_type(facts, "statement")
    assert "Ana Ruiz" in _who(event)
    assert event.summary.startswith("Announcement was made by")


def test_hosting_refugees_is_no_meeting_but_hosting_talks_is() -> None:
    facts = facts_of(
        "Jordan and Lebanon both host large refugee populations.",
        "Oman will host talks between the two sides next week.",
    )
    meetings = _of_type(facts, "meeting")
    assert [_who(e) for e in meetings] == [{"Oman"}]
