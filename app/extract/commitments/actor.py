"""Who commits: the token that names the committing party of a figure."""

from __future__ import annotations

from spacy.tokens import Token

from ..lang.commitment_words import METRIC_NOUNS, NON_AGENT_NOUNS, PLEDGE_NOUNS, TRIGGERS
from ..syntax import INHERITING_DEPS, SUBJECT_DEPS


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
    found = _agent_of_figure(root) or _actor_search(trigger)
    if found is not None and is_metric_noun(found):
        owner = next((c for c in found.children if c.dep_ == "poss"), None)
        found = owner  # "Australia's defence spending will rise": Australia
    if found is not None and found.lemma_.lower() in NON_AGENT_NOUNS:
        found = prep_object(found, frozenset({"with", "between", "of"}))
    return None if found is None or found.i in figure else found


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
