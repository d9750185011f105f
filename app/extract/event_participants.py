"""Who takes part in an event: its subject, objects and prepositional phrases.

Subject -> agent, object or passive subject -> patient, "to/for X" -> recipient,
"in/at X" (a place) -> location, "with X"/"between X and Y" -> participant.
Only named entities count.
"""

from __future__ import annotations

from spacy.tokens import Doc, Token

from .context import ArticleEntities
from .event_summary import join_tokens
from .lang.event_triggers import (
    AID_OBJECTS,
    APPEAL_PREPS,
    AUTHOR_PREPS,
    CALL_MEANS,
    FINDING_SOURCES,
    PLEDGE_VERBS,
    PURPOSE_VERBS,
    REACTION_VERBS,
    ROLE_PREPS,
    VERB_TYPES,
)
from .syntax import PRONOUNS_OTHER, PRONOUNS_PERSON, resolve_actor, subject_of
from .type_cues import list_root
from .types import EntityFact, ParticipantFact


class Participants:
    """The named parties of one event, by name, each with its first role."""

    def __init__(self, doc_pos: int, entities: ArticleEntities, doc: Doc) -> None:
        self.doc = doc
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
            elif (
                child.dep_ == "prep"
                and child.lower_ in AUTHOR_PREPS
                and tok.lemma_.lower() in FINDING_SOURCES
            ):  # "a report by X found ...": X is who finds
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        self.add_phrase(pobj, role, depth + 1)
            elif child.dep_ == "prep" and (sub_role := ROLE_PREPS.get(child.lower_)):
                for pobj in child.children:
                    if pobj.dep_ == "pobj":
                        self.add_phrase(pobj, sub_role, depth + 1)
                    elif pobj.dep_ == "pcomp":  # "a message from Rutte praising ..."
                        for subj in pobj.children:
                            if subj.dep_ == "nsubj":
                                self.add_phrase(subj, sub_role, depth + 1)


def agent_phrase(agent: Token) -> str | None:
    """A short subject phrase that says more than its entity: "France's parliament"."""
    words = [t for t in agent.subtree if t.dep_ not in {"det", "punct"} or t.i > agent.i]
    if not 1 < len(words) <= 6 or any(t.pos_ in {"VERB", "AUX"} for t in words):
        return None
    if words[-1].i - words[0].i + 1 != len(words):
        return None
    return join_tokens(words)


def _clause_subject(trigger: Token) -> Token | None:
    """The subject of the clause a verb the parser left without one sits in ("Ma was
    re-elected president": the small parser reads "re-elected" as an adjective)."""
    for tok in trigger.ancestors:
        if tok.pos_ in {"VERB", "AUX"}:
            return next((c for c in tok.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    return None


def verb_event(
    trigger: Token, etype: str, doc_pos: int, entities: ArticleEntities
) -> tuple[str, Participants, str | None]:
    parts = Participants(doc_pos, entities, trigger.doc)
    agent_tok = subject_of(trigger) or _clause_subject(trigger)
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
                agent_name = agent_phrase(agent_tok)
    if trigger.dep_ == "amod":  # "sentenced journalist X", misread: X is the object
        phrase = trigger.head
        while phrase.dep_ == "compound" and phrase.head is not phrase:
            phrase = phrase.head
        parts.add_phrase(phrase, "patient")
    # "provide Ukraine with $500 million": the object receives.
    gives_with = any(c.dep_ == "prep" and c.lower_ == "with" for c in trigger.children)
    object_role = "recipient" if etype == "aid" and gives_with else "patient"
    for child in trigger.children:
        if child.dep_ in {"dobj", "nsubjpass", "attr", "oprd"}:
            parts.add_phrase(child, object_role)
        elif child.dep_ == "dative":
            parts.add_phrase(child, "recipient")
        elif child.dep_ == "prep" and (role := ROLE_PREPS.get(child.lower_)):
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    parts.add_phrase(pobj, role)
        elif child.dep_ == "prep" and child.lower_ == "by" and etype == "meeting":
            for pobj in child.children:  # "spoke by phone with X"
                if pobj.dep_ == "pobj" and pobj.lemma_.lower() in CALL_MEANS:
                    parts.add_phrase(pobj, "participant")
        elif child.dep_ == "agent" and agent_tok is not None and child is not agent_tok.head:
            for pobj in child.children:
                if pobj.dep_ == "pobj":
                    parts.add_phrase(pobj, "agent")
        elif child.dep_ == "xcomp" and VERB_TYPES.get(child.lemma_.lower()) == "aid":
            # "pledged to send teams to Turkey": the pledge is the sending.
            etype = "aid"
            for grand in child.children:
                if grand.dep_ in {"dobj", "dative"}:
                    parts.add_phrase(grand, "patient" if grand.dep_ == "dobj" else "recipient")
                elif grand.dep_ == "prep" and (role := ROLE_PREPS.get(grand.lower_)):
                    for pobj in grand.children:
                        if pobj.dep_ == "pobj":
                            parts.add_phrase(pobj, role)
            gives_with = True
        elif etype == "request" and child.dep_ == "prep" and child.lower_ in APPEAL_PREPS:
            for pobj in child.children:  # "called on Russia to ...": who is asked
                if pobj.dep_ == "pobj":
                    parts.add_phrase(pobj, "patient")
        elif etype == "request" and child.dep_ == "advcl":
            if any(m.dep_ == "mark" and m.lower_ == "for" for m in child.children):
                for subj in child.children:  # "called for Russia to end ...": who is asked
                    if subj.dep_ == "nsubj":
                        parts.add_phrase(subj, "patient")
        elif etype == "agreement" and child.dep_ == "xcomp":
            _agreed_parties(parts, child)
        elif child.dep_ in {"xcomp", "advcl"} and child.lemma_.lower() in PURPOSE_VERBS:
            # "announced $2.9 million to support India": the purpose names the recipient.
            for obj in child.children:
                if obj.dep_ in {"dobj", "dative"}:
                    parts.add_phrase(obj, "recipient")
    if etype == "aid" and trigger.lemma_.lower() in PLEDGE_VERBS | {"give", "provide"}:
        has_recipient = any(p.role == "recipient" for p in parts.items.values())
        has_aid = gives_with or any(
            c.dep_ == "dobj"
            and any(t.lemma_.lower() in AID_OBJECTS or t.tag_ in {"$", "CD"} for t in c.subtree)
            for c in trigger.children
        )
        if not (has_recipient or has_aid):
            etype = "statement" if trigger.lemma_.lower() in PLEDGE_VERBS else "other"
    return etype, parts, agent_name


def _agreed_parties(parts: Participants, clause: Token) -> None:
    """ "agreed to strengthen ties between A and B", "agreed to work with C": the parties
    the agreed action names are the agreement's."""
    heads = [clause, *(c for c in clause.children if c.dep_ == "dobj")]
    for head in heads:
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"between", "with"}:
                for pobj in prep.children:
                    if pobj.dep_ == "pobj":
                        parts.add_phrase(pobj, "participant")


def noun_event(trigger: Token, doc_pos: int, entities: ArticleEntities) -> Participants:
    """Participants of an event noun: its own phrase, its owner ("his visit" -> the
    last person named) and the subject of the verb it is the object of ("Beijing
    watches the election", "Ma has 51 percent of the vote")."""
    parts = Participants(doc_pos, entities, trigger.doc)
    parts.add_phrase(trigger, "agent")
    for child in trigger.children:
        if child.dep_ == "poss" and child.lower_ in {"his", "her"}:
            parts.add(entities.last_person_before(doc_pos, child.i), "agent")
    head = trigger
    for _ in range(4):  # climb "of the vote" -> "percent" -> "has"
        if head.dep_ not in {"dobj", "pobj", "prep", "attr"} or head.head is head:
            break
        head = head.head
        if head.pos_ in {"VERB", "AUX"}:
            if head.lemma_.lower() in REACTION_VERBS:
                break  # who condemns an attack is no party to it
            subject = subject_of(head)
            if subject is not None and subject.lower_ not in PRONOUNS_OTHER:
                if subject.lower_ in PRONOUNS_PERSON:
                    parts.add(entities.last_person_before(doc_pos, subject.i), "agent")
                else:
                    parts.add_phrase(subject, "agent")
            break
    return parts


def add_sentence_places(parts: Participants, sent_start: int, sent_end: int) -> None:
    """Every place the sentence names: where an aid, disaster, visit or finding happens."""
    seen: set[str] = set()
    for i in range(sent_start, sent_end):
        fact = parts.entities.at(parts.doc_pos, i)
        if fact is not None and fact.type == "location" and fact.name not in seen:
            seen.add(fact.name)
            parts.add(fact, "location")


def add_sentence_recipients(parts: Participants, sent_start: int, sent_end: int) -> None:
    """Whoever money goes "to" in the sentence, also in a gapped clause ("£15m to X")."""
    for i in range(sent_start, sent_end):
        fact = parts.entities.at(parts.doc_pos, i)
        if fact is None or fact.name in parts.items:
            continue
        tok = parts.doc[i]
        head = list_root(tok)
        if head.dep_ == "pobj" and head.head.lower_ in {"to", "for"}:
            parts.add(fact, "recipient")
