"""The pledge signal that makes a figure a commitment, and the status it gives.

Besides a pledge verb or noun above the figure, these constructions commit money:
- the figure measures a pledge noun through "worth" ("a new aid package in 2017
  worth €40m", where the parser hangs "worth" on the verb);
- a clause on the figure itself ("£4m in funding *confirmed* for charities");
- the figure is the subject of a future clause ("£5m *will go* to UNICEF", "CHF 9m
  *is to be drawn* from the fund", "$2m *will help* farmers");
- a recipient's future verb ("the agencies *will receive* $9m");
- "make ... available" ("has made €2m available for the camp");
- the parts of a total ("the package *includes* $2m for schools", also when its
  subject is "this", "it" or a figure and the article already holds a commitment).
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lang.commitment_words import (
    ALLOCATION_PREPS,
    AVAILABLE_WORDS,
    FUTURE_AUX,
    LEVEL_LEMMAS,
    METRIC_NOUNS,
    MONEY_SUBJECT_NOUNS,
    NOUN_NOT_STATUS,
    PART_LEMMAS,
    PLEDGE_NOUNS,
    RECEIVING_LEMMAS,
    REPORTING_LEMMAS,
    SPENDING_LEMMAS,
    STATUS_BY_LEMMA,
    TRIGGERS,
)
from ..syntax import subject_of
from ..types import CommitmentStatus

_PRONOUNS = frozenset({"it", "this", "that", "these", "which"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})


def _describes_present(verb: Token) -> bool:
    """ "Canada currently spends 1.4% of GDP": a state of affairs, not a pledge."""
    if verb.tag_ not in {"VBZ", "VBP"}:
        return False
    return not any(c.dep_ == "aux" for c in verb.children)


def is_future(verb: Token) -> bool:
    """ "will go", "would receive", "is to be drawn", "is set to rise"."""
    for tok in (verb, verb.head) if verb.dep_ == "xcomp" else (verb,):
        if any(c.dep_ in {"aux", "auxpass"} and c.lower_ in FUTURE_AUX for c in tok.children):
            return True
    if verb.lemma_ == "be":  # "is to be drawn": the infinitive hangs below "is"
        return any(
            x.dep_ == "xcomp" and any(a.lower_ == "to" for a in x.children) for x in verb.children
        )
    return False


def _worth_noun(root: Token) -> Token | None:
    """ "a new aid *package* in 2017 worth €40m": the noun left of "worth"."""
    worth = root.head
    if worth.lower_ != "worth" or root.dep_ not in {"npadvmod", "pobj", "dobj", "nmod"}:
        return None
    doc = root.doc
    for i in range(worth.i - 1, max(worth.i - 7, -1), -1):
        tok = doc[i]
        if tok.pos_ == "VERB" or tok.is_punct:
            return None
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in PLEDGE_NOUNS:
            return tok
    return None


def _own_clause(root: Token) -> Token | None:
    """A clause on the figure: "£4m in funding *confirmed* for charities"."""
    for clause in root.children:
        if clause.dep_ == "acl" and clause.lemma_.lower() in STATUS_BY_LEMMA:
            return clause
    return None


def _money_subject(subj: Token, verb: Token) -> bool:
    """A pledge noun as subject ("this increase will amount to £13bn"), or money
    in a future clause ("these new funds will support ...": an existing fund that
    "supports" projects commits nothing new)."""
    lemma = subj.lemma_.lower()
    if lemma in PLEDGE_NOUNS:
        return True
    return lemma in MONEY_SUBJECT_NOUNS and is_future(verb)


def _parts_subject(verb: Token, has_commitments: bool) -> bool:
    """The subject of "includes" is a total: a pledge noun, a figure, or "this"/"it"."""
    subj = subject_of(verb)
    if subj is None:
        return False
    if subj.lemma_.lower() in MONEY_SUBJECT_NOUNS:
        return True
    if subj.like_num or any(c.tag_ == "$" for c in subj.children):
        return has_commitments or subj.dep_ == "nsubj"
    return has_commitments and subj.lower_ in _PRONOUNS


def _structural(tok: Token, child: Token, has_commitments: bool) -> bool:
    """Whether `tok`, reached from `child` on the way up from a figure, commits it."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "ADJ" and tok.lower_ in AVAILABLE_WORDS:
        return tok.head.lemma_.lower() == "make"
    if tok.pos_ not in {"VERB", "AUX"}:
        return False
    if lemma == "make" and any(c.lower_ in AVAILABLE_WORDS for c in tok.children):
        return True
    if lemma in RECEIVING_LEMMAS and child.dep_ == "dobj":
        return is_future(tok)
    if child.dep_ in {"nsubj", "nsubjpass"} and is_future(tok):
        return True  # "$5m will go to clinics", "CHF 9m is to be drawn"
    if lemma in LEVEL_LEMMAS and child.dep_ == "prep" and child.lower_ == "to":
        # "spending is expected to rise to 2% of GDP": the subject of the raising verb
        subjects = (c for t in (tok, tok.head) for c in t.children if c.dep_ in _SUBJECTS)
        return any(c.lemma_.lower() in METRIC_NOUNS for c in subjects)
    if lemma in PART_LEMMAS and child.dep_ == "nsubj":
        return True  # "the $274m in aid includes ...": the total, restated
    listed = child.dep_ == "dobj" or (child.dep_ == "prep" and child.lower_ == "of")
    return lemma in PART_LEMMAS and listed and _parts_subject(tok, has_commitments)


def find_trigger(
    root: Token, sent: Span, after_pledge: bool = False, has_commitments: bool = False
) -> tuple[Token | None, bool]:
    """The pledge signal governing a figure, and whether it is a direct ancestor.

    `after_pledge`: the previous sentence's subject is a pledge noun, so "it" in
    "It includes €100bn for climate protection" stands for that package.
    `has_commitments`: the article already holds a commitment, so "This includes
    $2m for ..." lists a part of it.
    """
    noun = _worth_noun(root) or _own_clause(root)
    if noun is not None:
        return noun, True
    child = root
    for tok in root.ancestors:
        if tok.lemma_.lower() in SPENDING_LEMMAS and _describes_present(tok):
            return None, False
        lemma = tok.lemma_.lower()
        if (tok.pos_ in {"VERB", "AUX"} and lemma in TRIGGERS) or (
            tok.pos_ == "NOUN" and lemma in PLEDGE_NOUNS
        ):
            return tok, True
        if _structural(tok, child, has_commitments):
            return tok, True
        if tok.pos_ == "VERB":
            subj = subject_of(tok)
            if subj is not None and _money_subject(subj, tok):
                return tok, False
            if after_pledge and subj is not None and subj.lower_ in {"it", "this"}:
                return tok, False
        if tok == sent.root:
            break
        child = tok
    return None, False


def status_of(trigger: Token) -> CommitmentStatus:
    """The nearest status word in the clause chain, else the trigger's tense."""
    for tok in (trigger, *trigger.ancestors):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in NOUN_NOT_STATUS:
            continue
        status = STATUS_BY_LEMMA.get(tok.lemma_.lower())
        if status is not None:
            return status
        if tok.dep_ == "ROOT":
            break
    lemma = trigger.lemma_.lower()
    future = any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "would", "shall", "to", "'ll"}
        for c in trigger.children
    )
    if lemma in SPENDING_LEMMAS and not future and trigger.tag_ in {"VBD", "VBN"}:
        return "delivered"
    return "pledged"


def _allocates(prep: Token) -> bool:
    """ "for Gaza", "to the agency", "in humanitarian aid"."""
    if prep.lower_ in ALLOCATION_PREPS:
        return True
    return prep.lower_ == "in" and any(
        c.dep_ == "pobj" and c.lemma_.lower() in MONEY_SUBJECT_NOUNS for c in prep.children
    )


def verbless_allocation(root: Token, sent: Span) -> bool:
    """A figure with an allocation phrase and no verb of its own.

    "She said the country $300m in aid for Gaza, in addition to $600m for the
    authority": nothing but reporting verbs, nouns and prepositions lie above the
    figure, and the figure itself says where the money goes.
    """
    if not any(child.dep_ == "prep" and _allocates(child) for child in root.children):
        return False
    for tok in root.ancestors:
        if tok.pos_ in {"VERB", "AUX"} and tok.lemma_.lower() not in REPORTING_LEMMAS:
            return False
        if tok == sent.root:
            break
    return True
