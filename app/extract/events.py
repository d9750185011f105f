"""Events: reported happenings found from verbs and event nouns in the parse.

Trigger lexicon (lemma -> type).  Verbs:

- meeting: meet, host, visit, convene, gather, attend, hold (talks / a summit)
- statement: announce, declare, warn, praise, criticize/criticise, condemn, urge,
  accuse, deny, welcome, share, remark, insist, vow, pledge/promise (without a
  recipient).  Plain "say"/"tell" are attributions, not events, and are skipped.
- agreement: agree, sign, approve, ratify, endorse, adopt, reach (a deal)
- military_action: attack, strike, bomb, invade, shell, shoot, raid, capture,
  occupy, deploy, launch (strikes)
- aid: provide, send, give, donate, supply, deliver, fund, allocate, pledge,
  commit, promise, when something goes to a recipient or the object is aid-like
- suspension: pause, suspend, halt, freeze, stop, withdraw, cancel, postpone,
  block, delay
- sanction: sanction, impose, blacklist, ban, embargo
- appointment: appoint, name, nominate, promote, replace, succeed, resign
- election: elect, re-elect, vote, win (an election)

Nouns: summit, meeting, talks, visit, conference (meeting); agreement, deal,
accord, treaty, ceasefire, truce (agreement); attack, strike, airstrike,
invasion, offensive, bombing, "military action(s)" (military_action);
sanctions, embargo, tariffs (sanction); election, referendum, vote (election);
suspension, pause, halt, freeze (suspension).

Participants: subject -> agent, object or passive subject -> patient, "to/for X"
-> recipient, "in/at X" (a place) -> location, "with X"/"between X and Y" ->
participant.  Only named entities count; an event needs at least one, and
negated or hedged verbs are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from spacy.attrs import LEMMA, LOWER
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span, Token

from .dates import normalize_date
from .entities import STATE_NOUNS, TITLES, ArticleEntities
from .spans import sentence_range
from .syntax import PRONOUNS_OTHER, PRONOUNS_PERSON, is_hedged, resolve_actor, subject_of
from .types import EntityFact, EventFact, FactDate, ParticipantFact
from .types import Span as Citation

VERB_TYPES: dict[str, str] = {
    **dict.fromkeys(["meet", "host", "visit", "convene", "gather", "attend"], "meeting"),
    **dict.fromkeys(
        [
            "announce",
            "declare",
            "warn",
            "praise",
            "criticize",
            "criticise",
            "condemn",
            "urge",
            "accuse",
            "deny",
            "welcome",
            "share",
            "remark",
            "insist",
            "vow",
        ],
        "statement",
    ),
    **dict.fromkeys(
        ["agree", "sign", "approve", "ratify", "endorse", "adopt", "accept"], "agreement"
    ),
    **dict.fromkeys(
        [
            "attack",
            "strike",
            "bomb",
            "invade",
            "shell",
            "shoot",
            "raid",
            "capture",
            "occupy",
            "deploy",
        ],
        "military_action",
    ),
    **dict.fromkeys(
        [
            "provide",
            "send",
            "give",
            "donate",
            "supply",
            "deliver",
            "fund",
            "allocate",
            "pledge",
            "commit",
            "promise",
        ],
        "aid",
    ),
    **dict.fromkeys(
        [
            "pause",
            "suspend",
            "halt",
            "freeze",
            "stop",
            "withdraw",
            "cancel",
            "postpone",
            "block",
            "delay",
        ],
        "suspension",
    ),
    **dict.fromkeys(["sanction", "blacklist", "ban", "embargo"], "sanction"),
    **dict.fromkeys(
        [
            "appoint",
            "name",
            "nominate",
            "promote",
            "replace",
            "succeed",
            "resign",
            "oust",
            "dismiss",
            "sack",
            "fire",
        ],
        "appointment",
    ),
    **dict.fromkeys(["elect", "re-elect", "vote"], "election"),
}
NOUN_TYPES: dict[str, str] = {
    **dict.fromkeys(["summit", "meeting", "talk", "talks", "visit", "conference"], "meeting"),
    **dict.fromkeys(["agreement", "deal", "accord", "treaty", "ceasefire", "truce"], "agreement"),
    **dict.fromkeys(
        ["attack", "strike", "airstrike", "invasion", "offensive", "bombing"], "military_action"
    ),
    **dict.fromkeys(["sanction", "sanctions", "embargo", "tariff", "tariffs"], "sanction"),
    **dict.fromkeys(["election", "referendum"], "election"),
    **dict.fromkeys(["suspension", "pause", "halt", "freeze"], "suspension"),
}
# Light verbs whose object noun names the event: "hold talks", "impose sanctions".
LIGHT_VERBS = frozenset(
    ["hold", "impose", "launch", "reach", "win", "conduct", "carry", "stage", "sign"]
)
AID_OBJECTS = frozenset(
    [
        "aid",
        "assistance",
        "support",
        "weapon",
        "arm",
        "equipment",
        "ammunition",
        "missile",
        "fund",
        "funding",
        "money",
        "million",
        "billion",
        "trillion",
        "crore",
        "package",
        "loan",
        "grant",
        "supply",
        "tank",
        "jet",
        "vaccine",
    ]
)
_PLEDGE_VERBS = frozenset({"pledge", "commit", "promise"})
_PRUNE = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "appos", "punct", "cc", "conj", "mark", "parataxis"}
)
_ROLE_PREPS = {
    "to": "recipient",
    "for": "recipient",
    "in": "location",
    "at": "location",
    "with": "participant",
    "between": "participant",
    "against": "patient",
    "on": "patient",
    "from": "participant",
    "of": "participant",
}
_NOT_EVENT_DATE = frozenset({"by", "until", "since", "through", "before", "till"})
_MAX_SUMMARY_TOKENS = 24


_TRIGGER_WORDS = frozenset({*VERB_TYPES, *NOUN_TYPES, *LIGHT_VERBS, "action"})
_TRIGGER_HASHES = frozenset(
    get_string_id(form) for w in _TRIGGER_WORDS for form in (w, w.capitalize())
)


def _trigger_candidates(doc: Doc, start: int, end: int) -> list[int]:
    """Indexes of tokens whose lemma or text may trigger an event, without building Tokens."""
    rows = doc.to_array([LEMMA, LOWER])[start:end].tolist()
    return [
        start + i
        for i, (lemma, lower) in enumerate(rows)
        if lemma in _TRIGGER_HASHES or lower in _TRIGGER_HASHES
    ]


def _event_type(tok: Token) -> str | None:
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma in LIGHT_VERBS:
            for child in tok.children:
                if child.dep_ == "dobj" and child.lemma_.lower() in NOUN_TYPES:
                    return NOUN_TYPES[child.lemma_.lower()]
        if lemma == "meet" and not _meets_someone(tok):
            return None  # "meet its obligations", "meet the target"
        return VERB_TYPES.get(lemma)
    if tok.pos_ == "NOUN":
        if lemma == "action" and any(c.lower_ == "military" for c in tok.children):
            return "military_action"
        if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in LIGHT_VERBS:
            return NOUN_TYPES.get(lemma) or NOUN_TYPES.get(tok.lower_)
    return None


def _meets_someone(verb: Token) -> bool:
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ == "with":
            return True
        if child.dep_ == "dobj" and (
            child.pos_ == "PROPN" or child.ent_type_ or child.lower_ in STATE_NOUNS | TITLES
        ):
            return True
    return not any(c.dep_ == "dobj" for c in verb.children)


class _Participants:
    def __init__(self, doc_pos: int, entities: ArticleEntities) -> None:
        self.doc_pos = doc_pos
        self.entities = entities
        self.items: dict[str, ParticipantFact] = {}

    def add(self, fact: EntityFact | None, role: str) -> None:
        if fact is None or fact.name in self.items:
            return
        if role == "location" and fact.type != "location":
            role = "participant"
        self.items[fact.name] = ParticipantFact(fact.name, role, fact.type)

    def add_phrase(self, tok: Token, role: str, depth: int = 0) -> None:
        """Add the entities named in the noun phrase headed by `tok`."""
        self.add(self.entities.at(self.doc_pos, tok.i), role)
        if depth > 2:
            return
        for child in tok.children:
            if child.dep_ in {"compound", "nmod", "poss", "amod", "appos"}:
                self.add(self.entities.at(self.doc_pos, child.i), role)
            elif child.dep_ == "conj":
                self.add_phrase(child, role, depth + 1)
            elif child.dep_ == "prep" and (sub_role := _ROLE_PREPS.get(child.lower_)):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        self.add_phrase(pobj, sub_role, depth + 1)
                    elif pobj.dep_ == "pcomp":  # "a message from Rutte praising ..."
                        for subj in pobj.children:
                            if subj.dep_ == "nsubj":
                                self.add_phrase(subj, sub_role, depth + 1)


def _summary_tokens(tok: Token, out: list[Token]) -> None:
    """`tok`'s phrase without subordinate clauses; a clause keeps only its subject."""
    if tok.pos_ == "VERB" and tok.dep_ in {"pcomp", "acl"}:
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass"}:
                _summary_tokens(child, out)
        return
    for child in tok.lefts:
        if child.dep_ not in _PRUNE:
            _summary_tokens(child, out)
    out.append(tok)
    for child in tok.rights:
        if child.dep_ not in _PRUNE:
            _summary_tokens(child, out)


def _summary(trigger: Token, agent_name: str | None) -> str:
    tokens: list[Token] = []
    for child in trigger.lefts:
        if child.dep_ in {"aux", "auxpass", "neg"} and (agent_name or child.dep_ == "neg"):
            tokens.append(child)
    tokens.append(trigger)
    for child in trigger.rights:
        if child.dep_ in {"dobj", "dative", "prep", "prt", "attr", "oprd", "acomp", "agent"}:
            _summary_tokens(child, tokens)
    if trigger.pos_ != "VERB":
        tokens = []
        _summary_tokens(trigger, tokens)
    tokens.sort(key=lambda t: t.i)
    words = tokens[:_MAX_SUMMARY_TOKENS]
    while words and (words[-1].is_punct or words[-1].dep_ in {"prep", "cc", "det"}):
        words.pop()
    while words and (words[0].is_punct or words[0].dep_ in {"det", "prep"}):
        words.pop(0)
    body = "".join(t.text_with_ws for t in words).strip()
    if agent_name and trigger.pos_ == "VERB":
        body = f"{agent_name} {body}"
    return body[:1].upper() + body[1:]


def _event_date(sent: Span, trigger: Token, published_at: datetime | None) -> FactDate | None:
    inside: list[FactDate] = []
    other: list[FactDate] = []
    for ent in sent.doc.ents:
        if ent.start < sent.start or ent.end > sent.end:
            continue
        if ent.label_ != "DATE" or (
            ent.start > 0 and ent.doc[ent.start - 1].lower_ in _NOT_EVENT_DATE
        ):
            continue
        value = normalize_date(ent.text, published_at)
        if value is None:
            continue
        (inside if trigger in ent.root.ancestors else other).append(value)
    if inside:
        return inside[0]
    return other[0] if other and trigger.dep_ == "ROOT" else None


def _verb_event(
    trigger: Token, etype: str, doc_pos: int, entities: ArticleEntities
) -> tuple[str, _Participants, str | None]:
    parts = _Participants(doc_pos, entities)
    agent_tok = subject_of(trigger)
    agent_name: str | None = None
    if agent_tok is not None:
        if agent_tok.lower_ in PRONOUNS_PERSON | PRONOUNS_OTHER:
            actor = resolve_actor(agent_tok, doc_pos, entities)
            if actor is not None and actor[2]:
                parts.add(entities.by_name(actor[0]), "agent")
                agent_name = actor[0]
        else:
            fact = entities.at(doc_pos, agent_tok.i)
            parts.add_phrase(agent_tok, "agent")
            agent_name = fact.name if fact else None
    # "provide Ukraine with $500 million": the object receives.
    gives_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children)
    object_role = "recipient" if etype == "aid" and gives_with else "patient"
    for child in trigger.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
            parts.add_phrase(child, object_role)
        elif child.dep_ == "dative":
            parts.add_phrase(child, "recipient")
        elif child.dep_ == "prep" and (role := _ROLE_PREPS.get(child.lower_)):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    parts.add_phrase(pobj, role)
    if etype == "aid" and trigger.lemma_.lower() in _PLEDGE_VERBS | {"give", "provide"}:
        has_recipient = any(p.role == "recipient" for p in parts.items.values())
        has_aid = gives_with or any(
            c.dep_ == "dobj" and (c.lemma_.lower() in AID_OBJECTS or c.tag_ in {"$", "CD"})
            for c in trigger.children
        )
        if not (has_recipient or has_aid):
            etype = "statement" if trigger.lemma_.lower() in _PLEDGE_VERBS else "other"
    return etype, parts, agent_name


def extract_events(
    docs: Sequence[Doc],
    texts: Sequence[str],
    sentences: Sequence[Sequence[Span]],
    paragraph_indexes: Sequence[int],
    entities: ArticleEntities,
    published_at: datetime | None,
) -> list[EventFact]:
    """Events stated in one article's parsed paragraphs, one per trigger."""
    events: list[EventFact] = []
    for pos, doc in enumerate(docs):
        ents = doc.ents
        if not ents:
            continue
        ent_starts = [e.start for e in ents]
        for sent in sentences[pos]:
            if not any(sent.start <= i < sent.end for i in ent_starts):
                continue
            s_start, s_end = sentence_range(sent, texts[pos])
            for i in _trigger_candidates(doc, sent.start, sent.end):
                tok = doc[i]
                etype = _event_type(tok)
                if etype is None:
                    continue
                if tok.pos_ == "VERB":
                    if is_hedged(tok):
                        continue
                    etype, parts, agent_name = _verb_event(tok, etype, pos, entities)
                    agents = [p.name for p in parts.items.values() if p.role == "agent"]
                    agent_name = agent_name or (agents[-1] if agents else None)
                    if etype == "other":
                        continue
                    confidence = 0.8 if agent_name and len(parts.items) > 1 else 0.6
                else:
                    parts = _Participants(pos, entities)
                    parts.add_phrase(tok, "agent")
                    agent_name, confidence = None, 0.55
                if not parts.items:
                    continue
                if etype == "statement":
                    confidence -= 0.1
                events.append(
                    EventFact(
                        type=etype,
                        summary=_summary(tok, agent_name),
                        citations=[Citation(paragraph_indexes[pos], s_start, s_end)],
                        participants=list(parts.items.values()),
                        date=_event_date(sent, tok, published_at),
                        confidence=round(confidence, 2),
                    )
                )
    return events
