"""Spending commitments: money amounts and GDP shares somebody pledged to spend.

A figure (see `money`) becomes a commitment only when a *pledge signal* governs
it in the dependency parse: one of its syntactic ancestors is a pledge, spending
or change verb or noun (`TRIGGERS`), or the verb above it has a pledge noun as
subject ("this increase will amount to £13.4 billion").  "The company earned
$3bn" has none and yields nothing.  Negated or hedged signals ("did not pledge",
"refused to commit", "might consider", "rejected calls to", "urged allies to
spend") yield nothing either.

Actor rule: the subject of the trigger, climbing through infinitive and
subordinate clauses to the clause that has one; the agent of a passive; the
owner of a pledge noun ("Britain's pledge"); and for "X gained commitments from
Y to ..." the party that commits, Y.  Pronouns resolve to the last person
("he") or the governing clause's subject ("they").  Bare "member states" or
"allies" are qualified with the article's main organization ("NATO member
states").

Metric: the object of a change verb ("raise *defence spending*"), what money
is spent on ("spend 2.5% of GDP on defence" -> "defence spending"), what the
amount is in or for ("$1 billion in *military aid*"), or the noun the amount
measures ("a *military aid* package worth €21 billion"); lowercase, spelling as
written.  Currency, scale and number words and evaluative adjectives ("a
record 8.7 trillion yen *defence budget*") never enter a metric; a generic
measured noun with an object takes the object ("a $500bn investment *in US
manufacturing*", "a $2bn package *for farmers*"); a purpose clause on the figure
names it ("borrow 4bn kronor *to pay for the tram line*"); a spending noun that
is the subject ("defence spending is set to rise to 2.4%") is the metric, never
the actor.  Status comes from the nearest status word in the clause chain
(`STATUS_BY_LEMMA`; nouns such as "budget" do not count), else from tense:
future/infinitive -> pledged, past or perfect spending verbs -> delivered.
Target year: "by/until/before/in/from YEAR", a split year "2030/31" or "2033-34"
-> its end year, "by the end of the decade" -> the next year ending in 0,
"this (fiscal) year", "next year"; period: "over five years", "over the next
decade", "within 18 months", "a 10-year plan" -> "5 years", "10 years",
"18 months"; "annually"/"a year"/"per year" -> "annual"; a period goes to the
figure nearest to it.

Not commitments: a share after "above"/"over" on a noun or non-spending verb
("exempting defence spending above 1% of GDP" is a threshold), and figures
under "no"/"never" ("no commitment to spend").  A commitment without a
committing party takes the party of the article's previous commitment, and
"It includes €100bn for ..." after a sentence about a package keeps that
package's pledge signal.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from spacy.tokens import Doc, Span, Token

from .entities import ArticleEntities
from .money import Amount, GdpShare, find_amounts, find_gdp_shares
from .spans import sentence_range
from .syntax import (
    INHERITING_DEPS,
    SUBJECT_DEPS,
    compact_phrase,
    is_hedged,
    resolve_actor,
    subject_of,
)
from .types import CommitmentFact, CommitmentStatus, EntityType
from .types import Span as Citation

STATUS_BY_LEMMA: dict[str, CommitmentStatus] = {
    **dict.fromkeys(
        [
            "pledge",
            "promise",
            "vow",
            "commit",
            "announce",
            "unveil",
            "offer",
            "earmark",
            "allocate",
            "dedicate",
            "guarantee",
            "set",
        ],
        "pledged",
    ),
    **dict.fromkeys(
        ["propose", "plan", "aim", "seek", "intend", "request", "target", "budget", "envisage"],
        "proposed",
    ),
    **dict.fromkeys(
        [
            "agree",
            "approve",
            "sign",
            "adopt",
            "pass",
            "authorize",
            "authorise",
            "endorse",
            "finalize",
            "finalise",
            "ratify",
            "clear",
            "sanction",
        ],
        "agreed",
    ),
}
SPENDING_LEMMAS = frozenset(
    [
        "deliver",
        "provide",
        "send",
        "give",
        "donate",
        "disburse",
        "transfer",
        "spend",
        "invest",
        "contribute",
        "supply",
        "fund",
        "finance",
        "grant",
        "mobilise",
        "mobilize",
        "pay",
        "inject",
        "pour",
        "channel",
        "lend",
    ]
)
CHANGE_LEMMAS = frozenset(
    [
        "increase",
        "raise",
        "boost",
        "hike",
        "lift",
        "double",
        "triple",
        "expand",
        "grow",
        "reach",
        "hit",
        "meet",
        "cut",
        "reduce",
        "bring",
        "ramp",
        "step",
    ]
)
PLEDGE_NOUNS = frozenset(
    [
        "pledge",
        "commitment",
        "promise",
        "package",
        "plan",
        "budget",
        "allocation",
        "funding",
        "investment",
        "aid",
        "assistance",
        "target",
        "goal",
        "outlay",
        "increase",
        "contribution",
        "grant",
        "loan",
        "bill",
        "deal",
        "disbursement",
        "tranche",
    ]
)
TRIGGERS = frozenset(STATUS_BY_LEMMA) | SPENDING_LEMMAS | CHANGE_LEMMAS

# A fiscal or split year ("2030/31", "2033-34", "FY2026-27") counts as its end year,
# the calendar year in which that fiscal year closes.
_SPLIT_YEAR = r"((?:19|20)\d\d)(?:[/\-–](\d\d(?:\d\d)?)\b)?"
_STRONG_YEAR = re.compile(
    r"\b(?:by|until|before|no later than|through)\s+(?:the\s+end\s+of\s+)?"
    rf"(?:fiscal\s+(?:year\s+)?)?(?:FY\s?)?{_SPLIT_YEAR}\b",
    re.IGNORECASE,
)
_WEAK_YEAR = re.compile(
    r"\b(?:in|from|starting(?:\s+in)?|for)\s+(?:fiscal\s+(?:year\s+)?)?(?:FY\s?)?(?:April\s+)?"
    rf"{_SPLIT_YEAR}\b",
    re.IGNORECASE,
)
_DECADE_END = re.compile(
    r"\b(?:by|before|until)\s+(?:the\s+end\s+of\s+(?:the|this)\s+decade|decade'?s\s+end)\b",
    re.IGNORECASE,
)
_THIS_YEAR = re.compile(
    r"\b(?:this|the\s+current)\s+(?:fiscal\s+|financial\s+|calendar\s+)?year\b", re.I
)
_NEXT_YEAR = re.compile(r"\bnext\s+(?:fiscal\s+|financial\s+)?year\b", re.I)
_WORD_NUMBERS = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
}
_NUMBER_ALT = r"(\d+|" + "|".join(_WORD_NUMBERS) + r")"
_PERIOD = re.compile(
    r"\b(?:over|during|within|across|in)\s+(?:the\s+(?:next|coming|following)\s+|a\s+)"
    + _NUMBER_ALT
    + r"[\s-]+(years?|months?)\b|\b(?:over|during|within)\s+"
    + _NUMBER_ALT
    + r"[\s-]+(years?|months?)\b"
    + r"|\b(?:over|during|within|across|in)\s+(?:the\s+(?:next|coming)\s+|a\s+)decade\b"
    + r"|(?<![\w-])"
    + _NUMBER_ALT
    + r"-(year|month)(?![\w-])",
    re.IGNORECASE,
)
_ANNUAL = re.compile(
    r"\b(?:annually|a year|per year|each year|every year|per annum|yearly)\b", re.I
)
# A figure right after these restates or baselines the previous one:
# "40 billion euros ($41.6 billion)", "to $1 trillion, up from $800 billion".
_SECONDARY_BEFORE = re.compile(
    r"(?:\(|\bor\s+|\bequivalent\s+to\s+|\b(?:up|down)\s+from\s+|\bcompared\s+with\s+)"
    r"(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?$",
    re.IGNORECASE,
)


_HAS_DIGIT = re.compile(r"\d")
# "defence spending *above* 1% of GDP" is a threshold, not a pledged figure.
_THRESHOLD_PREPS = frozenset({"above", "over", "beyond", "exceeding", "below", "under"})


def _is_threshold(root: Token) -> bool:
    """A figure after "above"/"over" on a noun or on a verb that moves no money."""
    head = root.head
    if root.dep_ == "pobj" and head.lower_ in _THRESHOLD_PREPS:
        owner = head.head
        return owner.pos_ in {"NOUN", "PROPN"} or (
            owner.pos_ == "VERB" and owner.lemma_.lower() not in TRIGGERS
        )
    return False


@dataclass(slots=True)
class _Figure:
    start: int
    end: int
    amount: Amount | None = None
    share: GdpShare | None = None


def _figure_root(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _describes_present(verb: Token) -> bool:
    """ "Canada currently spends 1.4% of GDP": a state of affairs, not a pledge."""
    if verb.tag_ not in {"VBZ", "VBP"}:
        return False
    return not any(c.dep_ == "aux" for c in verb.children)


def _find_trigger(root: Token, sent: Span, after_pledge: bool = False) -> tuple[Token | None, bool]:
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


# Status verbs that, as nouns, name the figure rather than a step ("a record *budget*").
_NOUN_NOT_STATUS = frozenset({"budget", "target", "set", "offer", "clear"})


def _status(trigger: Token) -> CommitmentStatus:
    for tok in (trigger, *trigger.ancestors):
        if tok.pos_ == "NOUN" and tok.lemma_.lower() in _NOUN_NOT_STATUS:
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


def _agent_of_figure(root: Token) -> Token | None:
    """ "€40bn *agreed by its 32 members*": the agent of a clause on the figure itself."""
    for clause in root.children:
        if clause.dep_ == "acl" and clause.lemma_.lower() in TRIGGERS:
            for agent in clause.children:
                if agent.dep_ == "agent":
                    return next((c for c in agent.children if c.dep_ == "pobj"), None)
    return None


# Nouns that cannot commit money themselves; "a meeting with allies produced pledges"
# makes the allies the committing party.
_NON_AGENT_NOUNS = frozenset(
    [
        "meeting",
        "summit",
        "talks",
        "talk",
        "conference",
        "announcement",
        "report",
        "statement",
        "move",
        "decision",
        "plan",
        "deal",
        "agreement",
        "budget",
        "bill",
        "figure",
        "data",
        "session",
        "call",
        "visit",
        "approval",
        "vote",
        "move",
        "law",
        "legislation",
        "measure",
        "package",
    ]
)


def _actor_token(trigger: Token, root: Token, figure: range) -> Token | None:
    """Who commits, per the module's actor rule; never a word of the figure itself."""
    found = _agent_of_figure(root) or _actor_search(trigger)
    if found is not None and _is_metric_noun(found):
        owner = next((c for c in found.children if c.dep_ == "poss"), None)
        found = owner  # "Australia's defence spending will rise": Australia
    if found is not None and found.lemma_.lower() in _NON_AGENT_NOUNS:
        found = _prep_object(found, frozenset({"with", "between", "of"}))
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


def _prep_object(tok: Token, preps: frozenset[str]) -> Token | None:
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ in preps:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    return pobj
    return None


_SPENT_ON = frozenset({"on", "in", "for", "towards", "toward", "into"})
_MEASURED_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "npadvmod", "quantmod", "appos"})
_FALLBACK_METRICS = {"spend": "spending", "invest": "investment", "contribute": "contribution"}
# Metrics used when the sentence names none; a later figure then inherits the
# article's previous specific metric ("...raising defence spending to 5% of GDP.
# The UK will reach 4.1% of GDP in 2027").
GENERIC_SHARE_METRIC = "spending"
GENERIC_METRICS = frozenset({"spending", "funding", "aid", "investment", "contribution"})
# Nouns that name an amount of spending: as a clause's subject they are what
# grows ("defence spending is set to rise"), never who commits.
METRIC_NOUNS = frozenset(
    [
        "spending",
        "expenditure",
        "budget",
        "outlay",
        "funding",
        "investment",
        "aid",
        "assistance",
        "allocation",
    ]
)


# A measured noun that says nothing of its purpose: "a $2bn package *for farmers*".
_BARE_HEADS = frozenset({"package", "plan", "programme", "program", "deal", "fund", "bill"})


def _any_subject(verb: Token) -> Token | None:
    """The active or passive subject of `verb` or of a verb it depends on."""
    for tok in (verb, *verb.ancestors):
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                return child
        if tok.dep_ not in {"xcomp", "conj", "advcl", "ccomp"}:
            break
    return None


def _is_metric_noun(tok: Token) -> bool:
    return tok.pos_ == "NOUN" and tok.lemma_.lower() in METRIC_NOUNS


def _spent_on(tok: Token, figure: range, depth: int = 0) -> Token | None:
    """What a figure or verb is spent on: "2% of GDP *on defence*", "$1bn *in aid*"."""
    for child in tok.children:
        if child.dep_ != "prep":
            continue
        if child.lower_ in _SPENT_ON:
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


def _metric(
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
            and tok.lemma_.lower() not in {"%", "percent", "cent", "gdp", "year", "product"}
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
    if head.lower_ == "worth" or (root.dep_ in _MEASURED_DEPS and head.pos_ == "NOUN"):
        noun = head.head if head.lower_ == "worth" else head
        while noun.dep_ == "compound" and noun.head.pos_ == "NOUN" and noun.head.i not in figure:
            noun = noun.head  # "yen *defence* budget" -> "defence budget"
        if usable(noun) and noun.lemma_.lower() not in {"target", "goal"}:
            phrase = compact_phrase(noun)
            if phrase in GENERIC_METRICS or phrase in _BARE_HEADS:
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
    subject = _any_subject(trigger)
    if subject is not None and _is_metric_noun(subject) and usable(subject):
        return compact_phrase(subject)
    lemma = trigger.lemma_.lower()
    if lemma in _FALLBACK_METRICS:
        return _FALLBACK_METRICS[lemma]
    if is_share:
        return GENERIC_SHARE_METRIC
    recipient = _prep_object(trigger, frozenset({"to"}))
    if recipient is not None:
        fact = entities.at(doc_pos, recipient.i)
        if fact is None or fact.type in {"location", "person", "group"}:
            return "aid"
    return "funding"


def _year_of(match: re.Match[str]) -> int:
    """The year a match names; a split year "2030/31" or "2033-34" gives its end year."""
    start = int(match.group(1))
    tail = match.group(2)
    if not tail:
        return start
    end = int(tail) if len(tail) == 4 else start // 100 * 100 + int(tail)
    return end if start < end <= start + 10 else start


def _target_year(text: str, after: int, published_at: datetime | None) -> int | None:
    for pattern in (_STRONG_YEAR, _WEAK_YEAR):
        matches = list(pattern.finditer(text))
        later = [m for m in matches if m.start() >= after]
        for m in later or matches[:1] if pattern is _STRONG_YEAR else later:
            return _year_of(m)
        if pattern is _STRONG_YEAR and published_at is not None and _DECADE_END.search(text):
            return (published_at.year // 10 + 1) * 10
    if published_at is not None:
        if _THIS_YEAR.search(text):
            return published_at.year
        if _NEXT_YEAR.search(text):
            return published_at.year + 1
    return None


def _nearest(pos: int, figures: Sequence[int]) -> int:
    return min(figures, key=lambda f: abs(f - pos)) if figures else pos


def _period(text: str, figure: int = 0, figures: Sequence[int] = ()) -> str | None:
    """The period of the figure at `figure`; one nearer another figure is that one's.

    "CHF 5bn for the army over four years, while Hong Kong earmarked HK$10bn":
    the four years belong to the first figure only.
    """
    match = _PERIOD.search(text)
    if match and _nearest(match.start(), figures) != _nearest(figure, figures):
        match = None
    if match:
        groups = [g for g in match.groups() if g is not None]
        if not groups:
            return "10 years"
        raw, unit = groups[0].lower(), groups[1].lower().removesuffix("s")
        count = int(_WORD_NUMBERS.get(raw, raw))
        return f"{count} {unit}{'s' if count != 1 else ''}"
    if _ANNUAL.search(text):
        return "annual"
    return None


def _figures(text: str, sent_start: int, sent_end: int, context: str) -> list[_Figure]:
    chunk = text[sent_start:sent_end]
    figures: list[_Figure] = []
    for amount in find_amounts(chunk, context):
        if _SECONDARY_BEFORE.search(chunk, 0, amount.start) and figures:
            continue
        figures.append(_Figure(sent_start + amount.start, sent_start + amount.end, amount=amount))
    for share in find_gdp_shares(chunk):
        figures.append(_Figure(sent_start + share.start, sent_start + share.end, share=share))
    return figures


def extract_commitments(
    docs: Sequence[Doc],
    texts: Sequence[str],
    sentences: Sequence[Sequence[Span]],
    paragraph_indexes: Sequence[int],
    entities: ArticleEntities,
    published_at: datetime | None,
) -> list[CommitmentFact]:
    """The spending commitments stated in one article's parsed paragraphs."""
    found: dict[tuple[object, ...], CommitmentFact] = {}
    context = "\n".join(texts)
    last_actor: tuple[str, EntityType | None] | None = None
    for pos, doc in enumerate(docs):
        text = texts[pos]
        if not _HAS_DIGIT.search(text):
            continue
        after_pledge = False
        for sent in sentences[pos]:
            s_start, s_end = sentence_range(sent, text)
            by_trigger: dict[int, CommitmentFact] = {}
            sentence_facts: list[CommitmentFact] = []
            figs = _figures(text, s_start, s_end, context)
            starts = [f.start - s_start for f in figs]
            for fig in figs:
                root = _figure_root(doc, fig.start, fig.end)
                if root is None:
                    continue
                if _is_threshold(root):
                    continue
                trigger, direct = _find_trigger(root, sent, after_pledge)
                if trigger is None or is_hedged(trigger):
                    continue
                fact = by_trigger.get(trigger.i)
                if fact is not None and (fact.amount_value is None) == (fig.amount is None):
                    fact = None  # a second figure of the same kind is its own commitment
                if fact is None:
                    figure = range(root.i, root.i + 1)
                    span = doc.char_span(fig.start, fig.end, alignment_mode="expand")
                    if span is not None:
                        figure = range(span.start, span.end)
                    fact = _new_commitment(
                        trigger, root, figure, direct, pos, entities, fig.share is not None
                    )
                    if fact.actor_name is None and last_actor is not None:
                        # "Defence spending is set to rise to 2.4%": the party of the
                        # article's previous commitment.
                        fact.actor_name, fact.actor_type = last_actor
                        fact.confidence = round(fact.confidence + 0.05, 2)
                    elif fact.actor_name is not None:
                        last_actor = (fact.actor_name, fact.actor_type)
                    fact.citations.append(Citation(paragraph_indexes[pos], s_start, s_end))
                    sentence = text[s_start:s_end]
                    fact.target_year = _target_year(sentence, fig.end - s_start, published_at)
                    fact.period = _period(sentence, fig.start - s_start, starts)
                    by_trigger.setdefault(trigger.i, fact)
                    sentence_facts.append(fact)
                _fill(fact, fig)
            for fact in sentence_facts:
                _store(found, fact)
            subj = _any_subject(sent.root) if sent.root.pos_ in {"VERB", "AUX"} else sent.root
            after_pledge = subj is not None and subj.lemma_.lower() in PLEDGE_NOUNS
    return list(found.values())


def _new_commitment(
    trigger: Token,
    root: Token,
    figure: range,
    direct: bool,
    pos: int,
    entities: ArticleEntities,
    is_share: bool,
) -> CommitmentFact:
    actor_tok = _actor_token(trigger, root, figure)
    actor = resolve_actor(actor_tok, pos, entities) if actor_tok is not None else None
    confidence = 0.85 if direct else 0.65
    if actor is None:
        confidence -= 0.15
    elif not actor[2]:
        confidence -= 0.05
    return CommitmentFact(
        actor_name=actor[0] if actor else None,
        actor_type=actor[1] if actor else None,
        metric=_metric(trigger, root, figure, pos, entities, is_share),
        citations=[],
        status=_status(trigger),
        confidence=round(confidence, 2),
    )


def _fill(fact: CommitmentFact, fig: _Figure) -> None:
    if fig.amount is not None and fact.amount_value is None:
        fact.amount_value, fact.amount_currency = fig.amount.value, fig.amount.currency
    if fig.share is not None and fact.gdp_to is None:
        fact.gdp_from, fact.gdp_to = fig.share.share_from, fig.share.share_to


def _store(found: dict[tuple[object, ...], CommitmentFact], fact: CommitmentFact) -> None:
    """Add a commitment, merging restatements of the same one into its citations."""
    if fact.metric == GENERIC_SHARE_METRIC and fact.gdp_to is not None:
        earlier = [f.metric for f in found.values() if f.gdp_to is not None]
        specific = [m for m in earlier if m not in GENERIC_METRICS]
        if specific:
            fact.metric = specific[-1]
            fact.confidence = round(fact.confidence - 0.1, 2)
    key: tuple[object, ...] = (
        fact.actor_name,
        fact.amount_value,
        fact.amount_currency,
        fact.gdp_from,
        fact.gdp_to,
        fact.target_year,
    )
    existing = found.get(key)
    if existing is None:
        found[key] = fact
    else:
        existing.citations.extend(c for c in fact.citations if c not in existing.citations)
        existing.confidence = max(existing.confidence, fact.confidence)
