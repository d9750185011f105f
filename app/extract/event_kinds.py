"""Narrowing rules for the event kinds beyond meetings, statements and aid.

Each kind needs the right arguments, so a lexicon word alone is not an event:

- disaster: a natural hazard as subject ("floods have killed", "the cyclone hit
  ..."), or victims who died ("40 people died"), or survivors found or rescued;
- report: a report, study or researcher as subject ("a report finds", "scientists
  found");
- ruling: a court, judge or prosecutor as subject ("the court ruled"); sentencing
  and conviction verbs need no more;
- election: "win" an election or with no object ("we have won"), conceding,
  defeating or beating a rival when the sentence speaks of a vote, counting votes;
- visit: arriving or travelling somewhere, touring a place;
- aid: money that "goes to" or is "used" or "included" for somebody;
- statement: "launch" a plan, council or programme ("launch missiles" is military).
"""

from __future__ import annotations

from spacy.tokens import Token

from .lang.event_triggers import (
    APPEAL_PREPS,
    BALLOTS,
    CALL_MEANS,
    CALL_VERBS,
    COUNTED,
    COURTS,
    CROWDS,
    DONATIONS,
    FINDING_SOURCES,
    FUNDS,
    FUNDS_ACT,
    HAZARD_VERBS,
    HAZARDS,
    LAUNCHABLE,
    MONEY_VERBS,
    POLLS,
    RAISE_VERBS,
    SURVIVORS,
    TOLL_VERBS,
    TOLLS,
    VICTIMS,
    WEAPONS,
)

_SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
_PLACE_PREPS = frozenset({"in", "at", "to", "into"})


def _words(tok: Token) -> set[str]:
    """The lemmas of a noun phrase's head and its modifiers ("the USGS study")."""
    words = {tok.lemma_.lower(), tok.lower_}
    for child in tok.children:
        if child.dep_ in {"compound", "amod", "nmod"}:
            words |= {child.lemma_.lower(), child.lower_}
    return words


def _subject(verb: Token) -> Token | None:
    for child in verb.children:
        if child.dep_ in _SUBJECTS:
            return child
        if child.dep_ == "agent":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def _subjects(verb: Token) -> list[Token]:
    """The subject and its conjuncts ("cyclones, floods and landslides hit ...")."""
    subject = _subject(verb)
    if subject is None:
        return []
    return [subject, *(c for c in subject.conjuncts)]


def _objects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr"}]


def _is_hazard(verb: Token) -> bool:
    agents = [*_subjects(verb)]
    for child in verb.children:  # "the town was hit by floods"
        if child.dep_ == "agent":
            agents += [c for c in child.children if c.dep_ == "pobj"]
    return any(_words(t) & HAZARDS for t in agents)


def _passive_after_hazard(verb: Token) -> bool:
    """ "Communities in X have been affected", in a paragraph that names the hazard."""
    passive = any(c.dep_ in {"nsubjpass", "auxpass"} for c in verb.children)
    return passive and any(t.lemma_.lower() in HAZARDS for t in verb.doc[: verb.i])


def _mentions_vote(verb: Token) -> bool:
    return any(t.lemma_.lower() in BALLOTS for t in verb.sent)


def narrow_kind(verb: Token, lemma: str, etype: str) -> str | None:
    """The type of a verb of the newer kinds, or None when its arguments do not fit.

    Verbs outside these kinds are returned unchanged (`etype`).
    """
    if lemma in HAZARD_VERBS:
        if _is_hazard(verb) or _passive_after_hazard(verb):
            return "disaster"
        return etype if etype not in {"disaster"} else None
    if etype == "disaster":
        if lemma == "die":
            return etype if any(_words(s) & VICTIMS for s in _subjects(verb)) else None
        if lemma in {"rescue", "evacuate"}:
            return etype
        return etype if _is_hazard(verb) or _passive_after_hazard(verb) else None
    if etype == "report":
        if any(_words(s) & FINDING_SOURCES for s in _subjects(verb)):
            return etype
        return survivors_found(verb)
    if lemma == "rule":
        return etype if any(_words(s) & COURTS for s in _subjects(verb)) else None
    if etype == "election":
        return _election(verb, lemma, etype)
    if etype == "visit" and lemma in {"arrive", "travel", "fly"}:
        preps = {c.lower_ for c in verb.children if c.dep_ == "prep"}
        return etype if preps & _PLACE_PREPS else None
    if etype == "protest":
        return etype if any(_protesters(s) for s in _subjects(verb)) else None
    if lemma == "launch":
        heads = {o.lemma_.lower() for o in _objects(verb)}
        if heads & WEAPONS:
            return "military_action"
        return "statement" if heads & LAUNCHABLE else None
    return etype


def _protesters(subject: Token) -> bool:
    """A crowd ("protesters", "thousands of students") or a named party ("Greenpeace
    protested"): not markets that rally nor data that demonstrate."""
    if _words(subject) & CROWDS:
        return True
    if any(c.dep_ == "prep" and c.lower_ == "of" for c in subject.children):
        of = next(c for c in subject.children if c.dep_ == "prep" and c.lower_ == "of")
        if any(_words(p) & CROWDS for p in of.children if p.dep_ == "pobj"):
            return True
    return subject.ent_type_ in {"ORG", "NORP", "GPE", "PERSON"}


def donation_raised(verb: Token) -> str | None:
    """ "Ireland raised its donation to the Red Cross": more aid from a donor."""
    if verb.lemma_.lower() in RAISE_VERBS and any(
        o.lemma_.lower() in DONATIONS for o in _objects(verb)
    ):
        return "aid"
    return None


def called_on(verb: Token) -> str | None:
    """ "X called on Y to end the war", "X calls for Y to lift limits": a request.

    Only with a party or an action asked for: "a town called Z" or "called him a
    liar" are no request."""
    if verb.lemma_.lower() != "call":
        return None
    for child in verb.children:
        asks = child.dep_ == "prep" and child.lower_ in APPEAL_PREPS | {"for"}
        if asks and any(p.dep_ == "pobj" for p in child.children):
            return "request"
        marks = (m.lower_ for m in child.children if m.dep_ == "mark")
        if child.dep_ == "advcl" and "for" in marks:
            return "request"  # "call for Russia to end ...": the parser's clause
    return None


def call_held(verb: Token) -> str | None:
    """ "X spoke by phone with Y", "X talked with Y": a call is a meeting of the two."""
    if verb.lemma_.lower() not in CALL_VERBS:
        return None
    for child in verb.children:
        if child.dep_ != "prep":
            continue
        for pobj in child.children:
            if pobj.dep_ != "pobj":
                continue
            if child.lower_ == "by" and pobj.lemma_.lower() in CALL_MEANS:
                return "meeting"
            if child.lower_ == "with" and (pobj.pos_ == "PROPN" or pobj.ent_type_):
                return "meeting"
    return None


def toll_rose(verb: Token) -> str | None:
    """ "The death toll from the floods rose to 1,100": a casualty count is a disaster."""
    if verb.lemma_.lower() in TOLL_VERBS and any(
        s.lemma_.lower() in TOLLS and _words(s) & {"death", "casualty", "toll"}
        for s in _subjects(verb)
    ):
        return "disaster"
    return None


def survivors_found(verb: Token) -> str | None:
    """ "Rescuers located more survivors": finding people after a disaster."""
    if verb.lemma_.lower() in {"locate", "find"} and any(
        _words(o) & SURVIVORS for o in _objects(verb)
    ):
        return "disaster"
    return None


def money_verb_type(verb: Token) -> str | None:
    """ "£15 million goes to UNICEF", "the package includes $2m for X", "UNICEF will use
    the funding for relief": money moved to somebody is aid."""
    lemma = verb.lemma_.lower()
    if lemma not in MONEY_VERBS:
        return None
    money = [
        t
        for t in (*_subjects(verb), *_objects(verb))
        if t.ent_type_ == "MONEY" or t.tag_ in {"$", "CD"} or t.lemma_.lower() in FUNDS
    ]
    to = any(c.dep_ == "prep" and c.lower_ in {"to", "for"} for c in verb.children)
    # "The funding will enable relief by UNICEF", "These funds will support two groups".
    funds_act = lemma in FUNDS_ACT and any(s.lemma_.lower() in FUNDS for s in _subjects(verb))
    return "aid" if money and (to or lemma == "use" or funds_act) else None


def _election(verb: Token, lemma: str, etype: str) -> str | None:
    objects = _objects(verb)
    heads = {o.lemma_.lower() for o in objects}
    if lemma == "win":
        if objects:
            return etype if heads & POLLS else None
        # "We have won", "Santos won": a person or party; "Kyiv would win" is a war.
        places = any(s.ent_type_ in {"GPE", "LOC"} for s in _subjects(verb))
        return None if places else etype
    if lemma == "concede":
        return etype if not objects or heads & (POLLS | {"defeat"}) else None
    if lemma in {"defeat", "beat"}:
        return etype if _mentions_vote(verb) else None
    if lemma in {"count", "recount"}:
        counted = heads | {s.lemma_.lower() for s in _subjects(verb)}
        return etype if counted & COUNTED else None
    return etype
