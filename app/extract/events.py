"""Events: reported happenings found from verbs and event nouns in the parse.

Trigger lexicon (lemma -> type).  Verbs:

- meeting: meet, host, visit, convene, gather, attend, hold (talks / a summit)
- statement: announce, declare, warn, praise, criticize/criticise, condemn, urge,
  accuse, deny, welcome, share, remark, insist, vow, unveil, publish, propose,
  release (a report, strategy or plan), pledge/promise (without a recipient).
  Plain "say"/"tell" are attributions, not events, and are skipped.
- agreement: agree, sign, approve, ratify, endorse, adopt, reach (a deal)
- military_action: attack, strike, bomb, invade, shell, shoot, raid, capture,
  occupy, deploy, launch (strikes)
- aid: provide, send, give, donate, supply, deliver, fund, allocate, pledge,
  commit, promise, when something goes to a recipient or the object is aid-like
- suspension: pause, suspend, halt, freeze, stop, withdraw, cancel, postpone,
  block, delay
- sanction: sanction, impose, blacklist, ban, embargo
- appointment: appoint, name, nominate, promote, replace, succeed, resign
- election: elect, re-elect, win (an election); "vote" only when the electorate
  votes ("voters", "citizens", "vote in the election/referendum") or people
  vote *for a person*.  A vote by a legislature or other body ("parliament
  voted to exempt ...", "the senate voted for the bill") is a decision, typed
  `agreement`; "voted against ..." is a rejection, typed `other` (not emitted).
  The summary keeps the object clause: "Germany's parliament voted to ...".
- legislative passage: pass (a bill, law, budget, package) -> agreement

Narrowed verbs: appointment verbs (appoint, name, nominate, promote, replace,
succeed, dismiss, fire, sack, oust) need a person (or an office) as object or
subject, so "promote trade" or "dismiss claims" are not appointments; "fire"
with a weapon object is military_action; "strike a deal" is an agreement;
deploy/capture need a military or place object; gather counts only without an
object; "deliver a speech", "send a letter" are statements, not aid; attacking
a plan or policy is a statement; share is a statement only for views,
concerns and messages; a ban is a sanction only on a named party or on trade.

Nouns: summit, meeting, talks, visit, conference (meeting); agreement, deal,
accord, treaty, ceasefire, truce (agreement); attack, strike, airstrike,
invasion, offensive, bombing, "military action(s)" (military_action);
sanctions, embargo, tariffs (sanction); election, referendum (election);
suspension, pause, halt, freeze (suspension).  A "strike" noun by workers
("a general strike", "on strike") is not military.

Participants: subject -> agent, object or passive subject -> patient, "to/for X"
-> recipient, "in/at X" (a place) -> location, "with X"/"between X and Y" ->
participant.  Only named entities count; an event needs at least one, and
negated or hedged verbs are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from itertools import pairwise

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
            "unveil",
            "publish",
            "release",
            "propose",
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
    "pass": "agreement",
}
# Who votes in an election; any other voting body takes a decision.
ELECTORATE = frozenset(
    ["voter", "citizen", "people", "electorate", "elector", "resident", "constituent", "public"]
)
_POLLS = frozenset({"election", "referendum", "poll", "polls", "primary", "runoff", "ballot"})
# What a legislature passes.
_PASSABLE = frozenset(
    ["bill", "law", "legislation", "budget", "package", "motion", "amendment", "act", "measure",
     "resolution", "reform", "plan", "treaty"]
)  # fmt: skip
_WEAPONS = frozenset(
    ["missile", "rocket", "shot", "shell", "round", "drone", "torpedo", "gun", "weapon",
     "warning", "salvo", "projectile", "bullet", "artillery"]
)  # fmt: skip
_MILITARY_OBJECTS = frozenset(
    ["troop", "force", "soldier", "ship", "warship", "jet", "aircraft", "missile", "system",
     "battery", "unit", "brigade", "battalion", "personnel", "weapon", "tank", "fighter",
     "destroyer", "carrier", "submarine", "drone", "marine", "peacekeeper", "army", "navy",
     "village", "town", "city", "territory", "position", "settlement", "prisoner", "region",
     "base", "airport", "port", "bridge", "hill", "area"]
)  # fmt: skip
_SPEECH_OBJECTS = frozenset(
    ["speech", "address", "remark", "letter", "message", "signal", "warning", "statement",
     "verdict", "ruling", "ultimatum", "note", "invitation", "condolence", "greeting", "lecture"]
)  # fmt: skip
_ABSTRACT_TARGETS = frozenset(
    ["plan", "policy", "proposal", "decision", "idea", "remark", "comment", "critic", "report",
     "move", "budget", "bill", "law", "deal", "strategy", "approach", "record", "claim"]
)  # fmt: skip
_VIEWS = frozenset(
    ["view", "concern", "message", "thought", "assessment", "vision", "opinion", "post",
     "statement", "video", "letter", "details", "update", "worry", "fear", "hope"]
)  # fmt: skip
_DOCUMENTS = frozenset(
    ["strategy", "report", "plan", "statement", "data", "figure", "budget", "document", "review",
     "paper", "guidance", "video", "list", "proposal", "forecast", "assessment", "study",
     "roadmap", "framework", "blueprint", "policy", "manifesto", "transcript", "findings"]
)  # fmt: skip
_LABOUR_STRIKE = frozenset(
    ["general", "national", "labour", "labor", "worker", "hunger", "rail", "teacher", "union",
     "nationwide", "doctor", "nurse", "staff", "postal", "dock", "transport", "student"]
)  # fmt: skip
_APPOINTMENT_NEEDS_PERSON = frozenset(
    ["appoint", "name", "nominate", "promote", "replace", "succeed", "dismiss", "fire", "sack",
     "oust"]
)  # fmt: skip
_ROLE_NOUNS = frozenset(
    ["minister", "chief", "head", "director", "executive", "envoy", "ambassador", "president",
     "chairman", "chair", "commander", "governor", "secretary", "officer", "leader", "judge",
     "successor", "deputy", "coach", "manager", "ceo", "spokesman", "spokeswoman", "adviser",
     "advisor", "general", "prosecutor", "candidate", "nominee", "predecessor", "him", "her",
     "he", "she", "official", "member"]
)  # fmt: skip
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
    ["hold", "impose", "launch", "reach", "win", "conduct", "carry", "stage", "sign", "strike"]
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
_CLAUSE_DEPS = frozenset({"relcl", "acl", "advcl", "ccomp", "xcomp", "pcomp", "conj"})
_NOT_EVENT_DATE = frozenset({"by", "until", "since", "through", "before", "till"})
_MAX_SUMMARY_TOKENS = 24
# Dependents of a trigger verb kept in its summary: objects, prepositions and the
# clause it governs ("voted *to exempt defence spending from the debt brake*").
_SUMMARY_DEPS = frozenset(
    {"dobj", "dative", "prep", "prt", "attr", "oprd", "acomp", "agent", "xcomp"}
)


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


def _event_type(tok: Token, persons: frozenset[int] = frozenset()) -> str | None:
    """The event type `tok` triggers; `persons` are token indexes of people in its doc."""
    lemma = tok.lemma_.lower()
    if tok.pos_ == "VERB":
        if lemma in LIGHT_VERBS:
            for child in tok.children:
                if child.dep_ == "dobj" and child.lemma_.lower() in NOUN_TYPES:
                    return NOUN_TYPES[child.lemma_.lower()]
        if lemma == "meet" and not _meets_someone(tok):
            return None  # "meet its obligations", "meet the target"
        etype = VERB_TYPES.get(lemma)
        return _narrow_verb_type(tok, lemma, etype, persons) if etype else None
    if tok.pos_ == "NOUN":
        if lemma == "action" and any(c.lower_ == "military" for c in tok.children):
            return "military_action"
        if lemma == "strike" and _labour_strike(tok):
            return None
        if tok.dep_ != "dobj" or tok.head.lemma_.lower() not in LIGHT_VERBS:
            return NOUN_TYPES.get(lemma) or NOUN_TYPES.get(tok.lower_)
    return None


def _objects(verb: Token) -> list[Token]:
    return [c for c in verb.children if c.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}]


def _is_person_like(tok: Token, persons: frozenset[int] = frozenset()) -> bool:
    return (
        tok.ent_type_ == "PERSON"
        or tok.i in persons
        or tok.lemma_.lower() in _ROLE_NOUNS
        or tok.lower_ in _ROLE_NOUNS
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
        c.dep_ in {"amod", "compound", "nmod", "poss"} and c.lemma_.lower() in _LABOUR_STRIKE
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
            if child.lower_ in {"in", "at"} and pobj.lemma_.lower() in _POLLS:
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
    if lemma == "pass":
        subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
        passed = heads | ({subject.lemma_.lower()} if subject is not None else set())
        return "agreement" if passed & _PASSABLE else None
    if lemma == "fire" and heads & _WEAPONS:
        return "military_action"
    if lemma in _APPOINTMENT_NEEDS_PERSON:
        subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
        people = [*objects, *([subject] if lemma in {"succeed", "replace"} and subject else [])]
        return etype if any(_is_person_like(o, persons) for o in people) else None
    if lemma in {"deploy", "capture"}:
        return etype if not objects or heads & _MILITARY_OBJECTS else None
    if lemma == "gather":
        return etype if not any(c.dep_ == "dobj" for c in verb.children) else None
    if lemma in {"deliver", "send"} and heads & _SPEECH_OBJECTS:
        return "statement"
    if lemma == "attack" and heads & _ABSTRACT_TARGETS:
        return "statement"
    if lemma == "share":
        return etype if heads & _VIEWS else None
    if lemma == "release":  # "released its strategy", not "released hostages"
        return etype if heads & _DOCUMENTS else None
    if lemma == "ban":
        named = any(o.ent_type_ in {"GPE", "ORG", "NORP", "PERSON"} for o in objects)
        trade = heads & {"import", "export", "trade", "sale", "flight", "entry", "investment"}
        return etype if named or (trade and _names_party(verb)) else None
    return etype


def _names_party(verb: Token) -> bool:
    """ "ban imports *from Russia*": the ban targets a named party."""
    for tok in verb.subtree:
        if tok.dep_ == "pobj" and tok.ent_type_ in {"GPE", "ORG", "NORP"}:
            return tok.head.lower_ in {"from", "to", "of", "on", "against"}
    return False


def _voted_clause(verb: Token) -> bool:
    """ "voted to approve the bill": the vote is the event, and its summary has the clause."""
    return verb.dep_ == "xcomp" and verb.head.lemma_.lower() == "vote"


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


def _join(words: list[Token]) -> str:
    """Tokens as text: original spacing between neighbours, hyphens inside names kept,
    and one space where dropped words leave a gap ("crore, including" -> "crore including")."""
    parts: list[str] = []
    for a, b in pairwise(words):
        gap = a.doc[a.i + 1 : b.i]
        if not len(gap):
            parts.append(a.text_with_ws)
        elif not a.whitespace_ and all(
            t.is_punct and not t.whitespace_ and t.text in "-–/'" for t in gap
        ):
            parts.append(a.text + "".join(t.text for t in gap))  # "Jean-Yves"
        else:
            parts.append(a.text + " ")
    if words:
        parts.append(words[-1].text)
    return "".join(parts)


def _agent_phrase(agent: Token) -> str | None:
    """A short subject phrase that says more than its entity: "France's parliament"."""
    words = [t for t in agent.subtree if t.dep_ not in {"det", "punct"} or t.i > agent.i]
    if not 1 < len(words) <= 6 or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return None
    if words[-1].i - words[0].i + 1 != len(words):
        return None
    return _join(words)


def _summary(trigger: Token, agent_name: str | None) -> str:
    tokens: list[Token] = []
    for child in trigger.lefts:
        if child.dep_ in {"aux", "auxpass", "neg"} and (agent_name or child.dep_ == "neg"):
            tokens.append(child)
    tokens.append(trigger)
    for child in trigger.rights:
        if child.dep_ in _SUMMARY_DEPS:
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
    body = _join(words).strip()
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
        ancestors = list(ent.root.ancestors)
        if trigger in ancestors:
            # Only a date of the trigger's own clause: in "X, which signed a treaty
            # in 2019, approved the deal on Tuesday" 2019 belongs to "signed".
            between = ancestors[: ancestors.index(trigger)]
            # The clause a trigger governs ("voted *to exempt ...*") is its own event's.
            if any(
                (a.pos_ in {"VERB", "AUX"} or a.dep_ in _CLAUSE_DEPS) and a.dep_ != "xcomp"
                for a in between
            ):
                continue
            value = normalize_date(ent.text, published_at)
            if value is not None:
                inside.append(value)
        elif trigger.dep_ == "ROOT" and not any(a.pos_ in {"VERB", "AUX"} for a in ancestors):
            value = normalize_date(ent.text, published_at)  # a fragment the parser left apart
            if value is not None:
                other.append(value)
    if inside:
        return inside[0]
    return other[0] if other else None


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
            if fact is None and parts.items:
                agent_name = _agent_phrase(agent_tok)
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
        persons = entities.person_tokens(pos)
        for sent in sentences[pos]:
            if not any(sent.start <= i < sent.end for i in ent_starts):
                continue
            s_start, s_end = sentence_range(sent, texts[pos])
            for i in _trigger_candidates(doc, sent.start, sent.end):
                tok = doc[i]
                etype = _event_type(tok, persons)
                if etype is None:
                    continue
                if tok.pos_ == "VERB":
                    if is_hedged(tok) or _voted_clause(tok):
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
