"""Dependency-parse helpers shared by the event and commitment stages."""

from __future__ import annotations

from spacy.tokens import Token

from .context import ArticleEntities
from .lang.clauses import (
    DROP_WORDS,
    EVALUATIVE,
    GENERIC_HEADS,
    HEDGE_LEMMAS,
    HEDGE_MODALS,
    MEMBERSHIP,
    MONEY_WORDS,
    NEGATING,
)
from .lang.names import STATE_NOUNS
from .types import EntityFact, EntityType

SUBJECT_DEPS = frozenset({"nsubj", "csubj"})
# Clauses whose subject is inherited from the governing verb ("pledged to send").
SUBJECT_INHERITING_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp"})
# Clauses a pledge may sit in below its committing party ("commitments from X to raise").
INHERITING_DEPS = SUBJECT_INHERITING_DEPS | {"acl", "ccomp", "relcl"}
PRONOUNS_PERSON = frozenset({"he", "she", "him", "her"})
PRONOUNS_OTHER = frozenset({"it", "they", "we", "i", "you", "this", "that", "which", "who"})

_NP_MODIFIERS = frozenset({"compound", "amod", "nmod", "nummod", "poss"})


def _is_figure_word(tok: Token) -> bool:
    """A number, currency or scale word, or a word measured by one ("10-year", "$2bn")."""
    if tok.like_num or tok.tag_ in {"$", "CD"} or tok.lower_ in MONEY_WORDS:
        return True
    if any(ch.isdigit() for ch in tok.text):
        return True
    return any(c.like_num or c.tag_ == "CD" for c in tok.children) and tok.pos_ != "PROPN"


def is_hedged(token: Token) -> bool:
    """Whether `token` is negated or governed by a refusal, doubt or demand."""
    for tok in (token, *token.ancestors):
        for child in tok.children:
            if child.dep_ == "neg" or (child.dep_ == "aux" and child.lower_ in HEDGE_MODALS):
                return True
            if child.dep_ in {"det", "advmod"} and child.lower_ in NEGATING:
                return True
        if tok is not token and tok.lemma_.lower() in HEDGE_LEMMAS:
            return True
        if tok.dep_ == "ROOT":
            break
    return False


def compact_phrase(head: Token) -> str:
    """A noun phrase without determiners, clauses and filler words: "defence spending"."""
    words: list[Token] = []

    def left(tok: Token) -> None:
        for child in tok.lefts:
            if child.dep_ in _NP_MODIFIERS and not _is_figure_word(child):
                left(child)
                words.append(child)

    left(head)
    words.append(head)
    kept = [
        w
        for w in words
        if w.lower_ not in DROP_WORDS and w.lower_ not in EVALUATIVE and w.tag_ != "POS"
    ]
    while len(kept) > 1 and kept[-1].lower_ in GENERIC_HEADS:
        kept.pop()
    text = " ".join(w.text for w in kept) if kept else head.text
    return text.lower()


def subject_of(verb: Token) -> Token | None:
    """The subject of `verb`, climbing through clauses that inherit it."""
    tok: Token | None = verb
    while tok is not None:
        for child in tok.children:
            if child.dep_ in SUBJECT_DEPS:
                return child
            if child.dep_ == "agent":
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        return pobj
        if tok.dep_ not in SUBJECT_INHERITING_DEPS or tok.head is tok:
            return None
        tok = tok.head
    return None


def entity_of(token: Token, doc_pos: int, entities: ArticleEntities) -> EntityFact | None:
    """The entity `token` (or a state noun's named modifier) refers to."""
    fact = entities.at(doc_pos, token.i)
    if fact is not None:
        return fact
    if token.lower_ in STATE_NOUNS or token.lemma_.lower() in STATE_NOUNS:
        for child in token.children:
            if child.dep_ in {"amod", "compound", "poss", "nmod"}:
                fact = entities.at(doc_pos, child.i)
                if fact is not None and fact.type == "location":
                    return fact
    return None


def resolve_actor(
    token: Token, doc_pos: int, entities: ArticleEntities
) -> tuple[str, EntityType | None, bool] | None:
    """Name, type and whether it is a named entity, for the actor `token` denotes.

    Pronouns: "he"/"she" is the last person mentioned; "it"/"they"/"we" is the
    subject of the governing clause ("countries promised that they would pay").
    Bare membership nouns ("member states", "allies") are qualified by the
    article's most mentioned organization: "NATO member states".
    """
    low = token.lower_
    if low in PRONOUNS_PERSON:
        person = entities.last_person_before(doc_pos, token.i)
        return (person.name, person.type, True) if person else None
    if low in PRONOUNS_OTHER:
        head = token.head
        if head.dep_ in INHERITING_DEPS and head.head is not head:
            outer = subject_of(head.head)
            if outer is not None and outer is not token:
                return resolve_actor(outer, doc_pos, entities)
        return None
    fact = entity_of(token, doc_pos, entities)
    if fact is not None:
        return fact.name, fact.type, True
    if token.pos_ not in {"NOUN", "PROPN"}:
        return None
    phrase = compact_phrase(token)
    if phrase in MEMBERSHIP:
        org = entities.most_mentioned("organization")
        if org is not None:
            return f"{org.name} {phrase}", "group", False
    return phrase, "group" if token.tag_ in {"NNS", "NNPS"} else None, False
