"""What is not a second event, or no event at all, on made-up wire sentences: an aim
or a purpose, a stance, a speaker going on in the same paragraph, a paragraph
repeated word for word; and a hazard that opens a reported sentence."""

from __future__ import annotations

from app.extract import Document, EventFact, Facts, get_extractor

from .helpers import all_spans, quote


def _extract(*paragraphs: str) -> Facts:
    doc = Document(paragraphs=list(enumerate(paragraphs)))
    facts = get_extractor().extract(doc)
    for span in all_spans(facts):
        assert quote(doc, span)
    return facts


def _of_type(facts: Facts, etype: str) -> list[EventFact]:
    return [e for e in facts.events if e.type == etype]


def _who(event: EventFact) -> set[str]:
    return {p.name for p in event.participants}


def test_plural_hazard_opening_a_reported_sentence_is_a_disaster() -> None:
    facts = _extract("Landslides have killed 17 people in Ecuador, officials said.")
    (event,) = _of_type(facts, "disaster")
    assert "Ecuador" in _who(event)


def test_an_aim_is_not_an_agreement() -> None:
    facts = _extract(
        "President Lazarus Chakwera said his first aim was to sign a deal with Zambia."
    )
    assert not _of_type(facts, "agreement")


def test_efforts_to_deliver_are_not_a_delivery() -> None:
    facts = _extract("Officials in Peru praised their own efforts to send grain to Ecuador.")
    assert not _of_type(facts, "aid")


def test_purpose_of_a_grant_is_the_grant_itself() -> None:
    facts = _extract("The grant goes to the Red Crescent in Niger to provide tents for camps.")
    assert len(_of_type(facts, "aid")) == 1


def test_being_committed_to_an_activity_is_a_stance() -> None:
    facts = _extract("Norway is committed to helping coastal states in West Africa.")
    assert facts.events == []


def test_money_committed_to_a_country_is_still_aid() -> None:
    facts = _extract("Japan has committed $8 million to Fiji for cyclone recovery.")
    assert _of_type(facts, "aid")


def test_speaker_going_on_in_one_paragraph_is_one_statement() -> None:
    facts = _extract(
        "Health Minister Tevita Lavemaau says supplies are short. Speaking in Nuku'alofa, "
        "he said more would arrive by sea."
    )
    statements = _of_type(facts, "statement")
    assert len(statements) == 1
    assert "Tevita Lavemaau" in _who(statements[0])


def test_paragraph_repeated_word_for_word_cites_the_same_event() -> None:
    line = "Trade Minister Petra Lindqvist said exports rose in March."
    facts = _extract(line, "The figures were published on Friday.", line)
    (statement,) = _of_type(facts, "statement")
    assert [c.paragraph_index for c in statement.citations] == [0, 2]
