"""The pledge signal that makes a figure a commitment, and the status it gives."""

from __future__ import annotations

from spacy.tokens import Span, Token

from ..lang.commitment_words import (
    NOUN_NOT_STATUS,
    PLEDGE_NOUNS,
    SPENDING_LEMMAS,
    STATUS_BY_LEMMA,
    TRIGGERS,
)
from ..syntax import subject_of
from ..types import CommitmentStatus


def _describes_present(verb: Token) -> bool:
    """ "Canada currently spends 1.4% of GDP": a state of affairs, not a pledge."""
    if verb.tag_ not in {"VBZ", "VBP"}:
        return False
    return not any(c.dep_ == "aux" for c in verb.children)


def find_trigger(root: Token, sent: Span, after_pledge: bool = False) -> tuple[Token | None, bool]:
    """The pledge signal governing a figure, and whether it is a direct ancestor.

    `after_pledge`: the previous sentence's subject is a pledge noun, so "it" in
    "It includes €100bn for climate protection" stands for that package.
    """
    for tok in root.ancestors:
        if tok.lemma_.lower() in SPENDING_LEMMAS and _describes_present(tok):
            return None, False
        lemma = tok.lemma_.lower()
        if (tok.pos_ in {"VERB", "AUX"} and lemma in TRIGGERS) or (
            tok.pos_ == "NOUN" and lemma in PLEDGE_NOUNS
        ):
            return tok, True
        if tok.pos_ == "VERB":
            subj = subject_of(tok)
            if subj is not None and subj.lemma_.lower() in PLEDGE_NOUNS:
                return tok, False
            if after_pledge and subj is not None and subj.lower_ in {"it", "this"}:
                return tok, False
        if tok == sent.root:
            break
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
