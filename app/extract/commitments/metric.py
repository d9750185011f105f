"""What a commitment funds: its metric, a short lowercase noun phrase.

The object of a change verb ("raise *defence spending*"), what money is spent on
("spend 2.5% of GDP on defence" -> "defence spending"), what the amount is in or
for ("$1 billion in *military aid*"), or the noun the amount measures ("a
*military aid* package worth €21 billion"); spelling as written.  Currency, scale
and number words and evaluative adjectives ("a record 8.7 trillion yen *defence
budget*") never enter a metric; a generic measured noun with an object takes the
object ("a $500bn investment *in US manufacturing*", "a $2bn package *for
farmers*"); a purpose clause on the figure names it ("borrow 4bn kronor *to pay
for the tram line*"); a spending noun that is the subject ("defence spending is
set to rise to 2.4%") is the metric, never the actor.
"""

from __future__ import annotations

from spacy.tokens import Token

from ..context import ArticleEntities
from ..lang.commitment_words import (
    BARE_HEADS,
    CHANGE_LEMMAS,
    FALLBACK_METRICS,
    GENERIC_METRICS,
    GENERIC_SHARE_METRIC,
    MEASURED_DEPS,
    NOT_METRIC_LEMMAS,
    PLEDGE_NOUNS,
    SPENT_ON,
)
from ..syntax import compact_phrase
from .actor import is_metric_noun, prep_object


def any_subject(verb: Token) -> Token | None:
    """The active or passive subject of `verb` or of a verb it depends on."""
    for tok in (verb, *verb.ancestors):
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if tok.dep_ not in {"xcomp", "conj", "advcl", "ccomp"}:
            break
    return None


def _spent_on(tok: Token, figure: range, depth: int = 0) -> Token | None:
    """What a figure or verb is spent on: "2% of GDP *on defence*", "$1bn *in aid*"."""
    for child in tok.children:
        if child.dep_ != "prep":
            continue
        if child.lower_ in SPENT_ON:
            for pobj in child.children:
                if pobj.dep_ == "pobj" and pobj.i not in figure:
                    return pobj
        elif child.lower_ == "of" and depth < 2:
            for pobj in child.children:
                found = _spent_on(pobj, figure, depth + 1)
                if found is not None:
                    return found
    return None


def _of_object(tok: Token) -> Token | None:
    """ "roads" in "62,500 km of roads"."""
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            return next((c for c in child.children if c.dep_ == "pobj"), None)
    return None


def metric_of(
    trigger: Token,
    root: Token,
    figure: range,
    doc_pos: int,
    entities: ArticleEntities,
    is_share: bool,
) -> str:
    def usable(tok: Token | None) -> bool:
        return (
            tok is not None
            and tok.i not in figure
            and tok.pos_ in {"NOUN", "PROPN"}
            and not tok.like_num
            and (entities.at(doc_pos, tok.i) is None or tok.pos_ == "PROPN")
            and tok.lemma_.lower() not in NOT_METRIC_LEMMAS
        )

    def spending(phrase: str, verb: Token) -> str:
        return (
            f"{phrase} spending" if verb.lemma_.lower() == "spend" and " " not in phrase else phrase
        )

    # The noun right after the figure that the parser hung on one of its words
    # ("61 trillion won defence budget" with "won" read as a verb).
    after = figure.stop
    if after < len(root.doc):
        nxt = root.doc[after]
        while nxt.dep_ in {"compound", "amod", "nmod"} and nxt.head.i > nxt.i:
            nxt = nxt.head
        if nxt.pos_ == "NOUN" and nxt.head.i in figure and usable(nxt):
            return compact_phrase(nxt)
    # The noun the amount measures: "a military aid package worth €21bn".
    head = root.head
    if head.lower_ == "worth" or (root.dep_ in MEASURED_DEPS and head.pos_ == "NOUN"):
        noun = head.head if head.lower_ == "worth" else head
        while noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i not in figure:
            noun = noun.head  # "yen *defence* budget" -> "defence budget"
        if usable(noun) and noun.lemma_.lower() not in {"target", "goal"}:
            phrase = compact_phrase(noun)
            if phrase in GENERIC_METRICS or phrase in BARE_HEADS:
                obj = _spent_on(noun, figure)
                if obj is not None and usable(obj) and entities.at(doc_pos, obj.i) is None:
                    return compact_phrase(obj)
            return phrase
    below: list[Token] = []  # verbs between the figure and its trigger: "plans to *borrow* $X"
    for tok in root.ancestors:
        if tok == trigger:
            break
        if tok.pos_ == "VERB":
            below.append(tok)
    else:
        below = []
    verbs = [*below, trigger, *(t for t in trigger.ancestors if t.pos_ == "VERB")]
    doc = root.doc
    for i in figure:
        obj = _spent_on(doc[i], figure)
        if obj is not None and usable(obj):
            return spending(compact_phrase(obj), trigger)
    for clause in root.children:  # "4 billion kronor *to pay for the tram line*"
        if clause.dep_ in {"relcl", "acl", "advcl"} and clause.pos_ == "VERB":
            aim = _spent_on(clause, figure) or next(
                (c for c in clause.children if c.dep_ == "dobj"), None
            )
            if aim is not None and usable(aim):
                return compact_phrase(aim)
    for verb in verbs:
        lemma = verb.lemma_.lower()
        for child in verb.children:
            plain = lemma in CHANGE_LEMMAS or child.lemma_.lower() not in PLEDGE_NOUNS - {"aid"}
            if child.dep_ == "dobj" and usable(child) and plain:
                return compact_phrase(child)
        on = _spent_on(verb, range(0))
        if on is not None and usable(on) and entities.at(doc_pos, on.i) is None:
            return spending(compact_phrase(on), verb)
        for child in verb.children:  # purpose: "$1bn to upgrade its Ohio factories"
            if child.dep_ in {"xcomp", "advcl"} and child.pos_ == "VERB":
                for obj2 in child.children:
                    if obj2.dep_ == "dobj" and usable(obj2):
                        measured = any(c.like_num for c in obj2.children)
                        of = _of_object(obj2) if measured else None
                        return compact_phrase(of if of is not None and usable(of) else obj2)
                paid_for = _spent_on(child, figure)  # "borrow $X to pay for the increase"
                if paid_for is not None and usable(paid_for):
                    return compact_phrase(paid_for)
        if verb.dep_ not in {"xcomp", "pcomp", "conj", "acl"}:
            break
    if trigger.pos_ == "NOUN":
        # "projects with a total outlay of ₹26,000 crore": the projects are funded.
        owner = trigger.head.head if trigger.head.dep_ == "prep" else None
        if owner is not None and owner.pos_ == "VERB":  # "announced projects with an outlay"
            owner = next((c for c in owner.children if c.dep_ == "dobj"), None)
        if owner is not None and owner.pos_ == "NOUN" and usable(owner):
            return compact_phrase(owner)
        if usable(trigger):
            return compact_phrase(trigger)
    subject = any_subject(trigger)
    if subject is not None and is_metric_noun(subject) and usable(subject):
        return compact_phrase(subject)
    lemma = trigger.lemma_.lower()
    if lemma in FALLBACK_METRICS:
        return FALLBACK_METRICS[lemma]
    if is_share:
        return GENERIC_SHARE_METRIC
    recipient = prep_object(trigger, frozenset({"to"}))
    if recipient is not None:
        fact = entities.at(doc_pos, recipient.i)
        if fact is None or fact.type in {"location", "person", "group"}:
            return "aid"
    return "funding"
