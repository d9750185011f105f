"""Which tokens trigger an event, and of which type (`lang.event_triggers`).

A lexicon word is narrowed by its arguments: appointment verbs need a person or
an office as object; "fire" with a weapon object is military; "strike a deal" is
an agreement; deploy/capture need a military or place object; "deliver a
speech" is a statement; a ban is a sanction only on a named party or on trade;
a vote is an election only when the electorate votes.  A "strike" noun by
workers is not military.
"""

from __future__ import annotations

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Token

from .event_kinds import (
    call_held,
    called_on,
    donation_raised,
    money_verb_type,
    narrow_kind,
    survivors_found,
    toll_rose,
)
from .lang.event_triggers import (
    ABSTRACT_TARGETS,
    APPOINTMENT_NEEDS_PERSON,
    DOCUMENTS,
    ELECTORATE,
    HAZARDS,
    LABOUR_STRIKE,
    LIGHT_NOUN_TYPES,
    LIGHT_VERBS,
    MILITARY_OBJECTS,
    NARROWED_ONLY,
    NOUN_TYPES,
    OFFICES,
    PASSABLE,
    POLLS,
    ROLE_NOUNS,
    SHELTERED,
    SPEECH_OBJECTS,
    VERB_TYPES,
    VIEWS,
    VOTE_SHARES,
    WEAPONS,
)
from .lang.names import STATE_NOUNS, TITLES

_TRIGGER_WORDS = frozenset({*VERB_TYPES, *NOUN_TYPES, *LIGHT_VERBS, *NARROWED_ONLY, "action"})


_TRIGGER_HASHES = frozenset(
    get_string_id(form) for w in _TRIGGER_WORDS for form in (w, w.capitalize())
)


_UNNAMED_HASHES = frozenset(
    get_string_id(form) for w in OFFICES | HAZARDS for form in (w, w.capitalize())
)


def unnamed_actor_tokens(doc: Doc) -> list[int]:
    """Indexes of the tokens that may be an office or a hazard acting without a name."""
    rows = doc.to_array([LEMMA, LOWER]).tolist()
    return [
        i
        for i, (lemma, lower) in enumerate(rows)
        if lemma in _UNNAMED_HASHES or lower in _UNNAMED_HASHES
    ]


def trigger_candidates(doc: Doc, start: int, end: int) -> list[int]:
    """Indexes of tokens whose lemma or text may trigger an event, without building Tokens."""
    rows = doc.to_array([LEMMA, LOWER])[start:end].tolist()
    return [
        start + i
        for i, (lemma, lower) in enumerate(rows)
        if lemma in _TRIGGER_HASHES or lower in _TRIGGER_HASHES
    ]


def event_type(tok: Token, persons: frozenset[int] = frozenset()) -> str | None:
    """The event type `tok` triggers; `persons` are token indexes of people in its doc."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma in LIGHT_VERBS:
            for child in tok.children:
                if child.dep_ in {"dobj", "nsubjpass"}:
                    noun = child.lemma_.lower()
                    # "made an announcement", "the announcement was made by X"
                    found = NOUN_TYPES.get(noun) or LIGHT_NOUN_TYPES.get(noun)
                    if found is not None and (child.dep_ == "dobj" or noun in LIGHT_NOUN_TYPES):
                        return found
        if lemma == "host" and _shelters(tok):
            return None  # "Bangladesh hosts Rohingya refugees"
        if lemma == "meet" and not _meets_someone(tok):
            return None  # "meet its obligations", "meet the target"
        if lemma in NARROWED_ONLY:
            narrowed_only = (
                money_verb_type(tok)
                or survivors_found(tok)
                or donation_raised(tok)
                or toll_rose(tok)
                or call_held(tok)
                or called_on(tok)
            )
            # A word of the lexicon too ("pass" a bill; a toll that passes 1,000).
            if narrowed_only or lemma not in VERB_TYPES:
                return narrowed_only
        etype = VERB_TYPES.get(lemma)
        if etype is None:
            return None
        if VERB_TYPES.get(lemma) == "arrest" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in tok.children
        ):
            return None  # "a warrant to arrest him": not yet an arrest
        if lemma == "die" and _person_subject(tok, persons):
            return "death"  # a named person dies; victims who die are a disaster
        narrowed = narrow_kind(tok, lemma, etype)
        return _narrow_verb_type(tok, lemma, narrowed, persons) if narrowed else None
    if tok.pos_ == "NOUN":
        if lemma == "action" and any(c.lower_ == "military" for c in tok.children):
            return "military_action"
        if lemma == "strike" and _labour_strike(tok):
            return None
        if NOUN_TYPES.get(lemma) == "arrest" and tok.dep_ == "compound":
            return None  # "an arrest warrant" is the warrant
        if lemma == "vote":  # only a share of the electorate's vote: "54 percent of the vote"
            share = tok.head.lower_ == "of" and tok.head.head.lower_ in VOTE_SHARES
            return "election" if share else None
        if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in LIGHT_VERBS:
            return NOUN_TYPES.get(lemma) or NOUN_TYPES.get(tok.lower_)
    return None


def _objects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}]


def is_person_like(tok: Token, persons: frozenset[int] = frozenset()) -> bool:
    return (
        tok.ent_type_ == "PERSON"
        or tok.i in persons
        or tok.lemma_.lower() in ROLE_NOUNS
        or tok.lower_ in ROLE_NOUNS
        or any(
            c.ent_type_ == "PERSON" or (c.lower_ in TITLES and c.is_title)
            for c in tok.children
            if c.dep_ in {"compound", "appos"}
        )
    )


def _labour_strike(tok: Token) -> bool:
    """ "a general strike", "workers went on strike": industrial action, not an air strike."""
    if tok.dep_ == "pobj" and tok.head.lower_ == "on":
        return True
    return any(
        c.dep_ in {"amod", "compound", "nmod", "poss"} and c.lemma_.lower() in LABOUR_STRIKE
        for c in tok.children
    )


def _vote_type(verb: Token) -> str:
    """Election only when the electorate votes; a body's vote is a decision."""
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subject is not None and subject.lemma_.lower() in ELECTORATE:
        return "election"
    for child in verb.children:
        if child.dep_ != "prep":
            continue
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            if child.lower_ in {"in", "at"} and pobj.lemma_.lower() in POLLS:
                return "election"
            if child.lower_ == "for" and pobj.ent_type_ in {"PERSON", "NORP"}:
                return "election"
            if child.lower_ == "against":
                return "other"
    return "agreement"


def _narrow_verb_type(
    verb: Token, lemma: str, etype: str, persons: frozenset[int] = frozenset()
) -> str | None:
    """The lexicon type of a trigger verb, narrowed by its arguments (see module doc)."""
    objects = _objects(verb)
    heads = {o.lemma_.lower() for o in objects}
    if lemma == "vote":
        return _vote_type(verb)
    if lemma == "pass" and any(c.lower_ == "away" for c in verb.children):
        return "death" if _person_subject(verb, persons) else None
    if lemma == "pass":
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        passed = heads | ({subject.lemma_.lower()} if subject is not None else set())
        return "agreement" if passed & PASSABLE else None
    if lemma == "fire" and heads & WEAPONS:
        return "military_action"
    if lemma in APPOINTMENT_NEEDS_PERSON:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        people = [*objects, *([subject] if lemma in {"succeed", "replace"} and subject else [])]
        return etype if any(is_person_like(o, persons) for o in people) else None
    if lemma in {"deploy", "capture", "seize"}:
        return etype if not objects or heads & MILITARY_OBJECTS else None
    if lemma == "gather":
        return etype if not any(c.dep_ == "dobj" for c in verb.children) else None
    if lemma in {"deliver", "send"} and heads & SPEECH_OBJECTS:
        return "statement"
    if lemma == "attack" and heads & ABSTRACT_TARGETS:
        return "statement"
    if lemma == "share":
        return etype if heads & VIEWS else None
    if lemma == "release":  # "released its strategy", not "released hostages"
        return etype if heads & DOCUMENTS else None
    if lemma == "ban":
        named = any(o.ent_type_ in {"GPE", "ORG", "NORP", "PERSON"} for o in objects)
        trade = heads & {"import", "export", "trade", "sale", "flight", "entry", "investment"}
        return etype if named or (trade and _names_party(verb)) else None
    return etype


def _person_subject(verb: Token, persons: frozenset[int]) -> bool:
    subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return subject is not None and (subject.ent_type_ == "PERSON" or subject.i in persons)


def _names_party(verb: Token) -> bool:
    """ "ban imports *from Russia*": the ban targets a named party."""
    for tok in verb.subtree:
        if tok.dep_ == "pobj" and tok.ent_type_ in {"GPE", "ORG", "NORP"}:
            return tok.head.lower_ in {"from", "to", "of", "on", "against"}
    return False


def voted_clause(verb: Token) -> bool:
    """ "voted to approve the bill": the vote is the event, and its summary has the clause."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "vote"


def _shelters(verb: Token) -> bool:
    """ "host refugees", "hosts a million displaced people": shelter, not a meeting."""
    return any(
        c.dep_ == "dobj" and {t.lemma_.lower() for t in c.subtree} & SHELTERED
        for c in verb.children
    )


def _meets_someone(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            return True
        if child.dep_ == "dobj" and (
            child.pos_ == "PROPN" or child.ent_type_ or child.lower_ in STATE_NOUNS | TITLES
        ):
            return True
    return not any(c.dep_ == "dobj" for c in verb.children)
