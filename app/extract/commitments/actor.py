"""Who commits: the token that names the committing party of a figure."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache

import pycountry
from spacy.tokens import Doc, Token

from ..context import ArticleEntities
from ..gazetteer import get_gazetteer
from ..lang.commitment_words import (
    DISTRIBUTIVE_WORDS,
    METRIC_NOUNS,
    NON_AGENT_NOUNS,
    OFFICE_TITLES,
    PLEDGE_NOUNS,
    RECEIVING_LEMMAS,
    STATE_BODIES,
    TRIGGERS,
)
from ..syntax import INHERITING_DEPS, SUBJECT_DEPS, resolve_actor
from ..types import CommitmentFact, EntityFact, EntityType


def is_metric_noun(tok: Token) -> bool:
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in METRIC_NOUNS


def prep_object(tok: Token, preps: frozenset[str]) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


def _agent_of_figure(root: Token) -> Token | None:
    """ "€40bn *agreed by its 32 members*": the agent of a clause on the figure itself."""
    for clause in root.children:
        if clause.dep_ == "acl" and clause.lemma_.lower() in TRIGGERS:
            for agent in clause.children:
                if agent.dep_ == "agent":
                    return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


def actor_token(trigger: Token, root: Token, figure: range) -> Token | None:
    """Who commits, per the package's actor rule; never a word of the figure itself."""
    if root.dep_ == "appos" and root.head.pos_ == "PROPN":
        return root.head  # "the United States $300m in aid": the party it stands beside
    gapped = _gapped_subject(root, figure)
    if gapped is not None:
        return gapped
    if trigger.lemma_.lower() in RECEIVING_LEMMAS:
        return _funder(root)  # "the agencies will receive £4m": not the agencies
    found = _agent_of_figure(root) or _actor_search(trigger)
    if found is not None and is_metric_noun(found):
        owner = next((c for c in found.children if c.dep_ == "poss"), None)
        found = owner  # "Australia's defence spending will rise": Australia
    if found is not None and found.lemma_.lower() in NON_AGENT_NOUNS:
        found = prep_object(found, frozenset({"with", "between", "of"}))
    return None if found is None or found.i in figure else found


def _gapped_subject(root: Token, figure: range) -> Token | None:
    """ "Japan pledged ¥25bn and *South Korea* $300m": a name right before the figure,
    after "and" or a comma, is the subject of a clause whose verb is left unsaid."""
    doc = root.doc
    i = figure.start - 1
    if i < 1 or doc[i].pos_ != "PROPN" or doc[i].dep_ in {"nsubj", "nsubjpass", "poss"}:
        return None
    name = doc[i]
    start = i
    while start > 0 and doc[start - 1].pos_ == "PROPN":
        start -= 1
    before = doc[start - 1] if start > 0 else None
    if before is None or before.lower_ not in {"and", ",", "while", "whereas"}:
        return None
    return name


def _funder(root: Token) -> Token | None:
    """ "£4m *in UK funding*": the named modifier of what the money is in."""
    for prep in root.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for pobj in prep.children:
                for mod in pobj.children:
                    if mod.dep_ in {"compound", "amod"} and mod.pos_ == "PROPN":
                        return mod
    return None


def _actor_search(trigger: Token) -> Token | None:
    for tok in (trigger, *trigger.ancestors):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in PLEDGE_NOUNS:
            for child in tok.children:
                if child.dep_ == "poss" and tok.dep_ in {"nsubj", "nsubjpass", "ROOT"}:
                    return child
                if child.dep_ == "prep" and child.lower_ == "from":
                    for pobj in child.children:
                        if pobj.dep_ == "pobj":
                            return pobj
        if tok.pos_ in {"VERB", "AUX"}:
            raising = any(c.dep_ == "xcomp" for c in tok.children)
            for child in tok.children:
                if child.dep_ in SUBJECT_DEPS or (raising and child.dep_ == "nsubjpass"):
                    return child
                if child.dep_ == "agent":
                    return next((c for c in child.children if c.dep_ == "pobj"), None)
        if tok.dep_ not in INHERITING_DEPS | {"dobj", "pobj", "prep"}:
            return None
    return None


Actor = tuple[str, EntityType | None, bool]
_OWNER_DEPS = frozenset({"compound", "amod", "poss", "nmod"})
_PLACE_PREPS = frozenset({"for", "to", "in", "into", "across", "throughout", "at", "near"})


def better_actor(
    actor: Actor | None,
    tok: Token | None,
    pos: int,
    docs: Sequence[Doc],
    entities: ArticleEntities,
) -> Actor | None:
    """A description of a named body is that body; an office or state body without
    a name stands for its country.

    "The Foreign Secretary announced £5m", "the government will provide ...": the
    country the article speaks for (`_main_country`), else for an office the
    person last named; a title alone is never the actor, while a state body keeps
    its text ("the government").  A description that is neither ("donor
    nations") keeps its text.
    """
    if actor is None or actor[2] or tok is None:
        return actor
    for child in tok.children:  # "EU institutions", "Kenya's ministry": the named owner
        fact = entities.at(pos, child.i) if child.dep_ in _OWNER_DEPS else None
        if fact is not None and fact.type in {"location", "organization"}:
            return fact.name, fact.type, True
    if tok.lower_ in OFFICE_TITLES or tok.lower_ in STATE_BODIES:
        country = _main_country(docs, entities)
        if country is not None:
            return country.name, country.type, True
    if tok.lower_ in OFFICE_TITLES:
        person = entities.last_person_before(pos, tok.i)
        if person is not None:
            return person.name, person.type, True
        return None  # a title is no name: the article's previous party, or none
    return actor  # "the government", "donor nations": the text, never an entity


def _main_country(docs: Sequence[Doc], entities: ArticleEntities) -> EntityFact | None:
    """The country the article speaks for: named most often other than as a place
    or recipient ("for Sudan", "in Kenya", "to Ukraine" do not count)."""
    counts: dict[str, int] = {}
    facts: dict[str, EntityFact] = {}
    for pos, doc in enumerate(docs):
        for tok in doc:
            fact = entities.at(pos, tok.i)
            if fact is None or fact.type != "location" or entities.at(pos, tok.head.i) is fact:
                continue  # not a place, or not the head word of its mention
            if tok.dep_ == "pobj" and tok.head.lower_ in _PLACE_PREPS:
                continue
            counts[fact.name] = counts.get(fact.name, 0) + 1
            facts[fact.name] = fact
    ranked = sorted(counts, key=lambda name: -counts[name])
    return next((facts[name] for name in ranked if _is_country(name)), None)


@lru_cache(maxsize=512)
def _is_country(name: str) -> bool:
    """A country by any of its gazetteer names ("Russia" is "Russian Federation")."""
    known = get_gazetteer().lookup(name)
    forms = (name, *known.aliases) if known is not None else (name,)
    for form in forms:
        try:
            pycountry.countries.lookup(form)
        except LookupError:
            continue
        return True
    return False


def distribute(
    fact: CommitmentFact,
    actor: Token | None,
    figure: range,
    pos: int,
    entities: ArticleEntities,
) -> list[CommitmentFact]:
    """ "Japan and Korea promised $1bn each": the same figure for every party."""
    if actor is None or figure.stop >= len(actor.doc):
        return [fact]
    if actor.doc[figure.stop].lower_ not in DISTRIBUTIVE_WORDS:
        return [fact]
    parties = [actor, *(c for c in actor.conjuncts if c.i > actor.i)]
    if len(parties) < 2:
        return [fact]
    facts: list[CommitmentFact] = []
    for party in parties:
        named = resolve_actor(party, pos, entities)
        copy = replace(fact, citations=list(fact.citations))
        if named is not None:
            copy.actor_name, copy.actor_type = named[0], named[1]
        facts.append(copy)
    return facts
