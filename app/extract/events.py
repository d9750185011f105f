"""Events: reported happenings found from verbs and event nouns in the parse.

The trigger words and their types are data (`lang.event_triggers`); the narrowing
of a trigger by its arguments is in `event_triggers` and `event_kinds`, the
participants in `event_participants`, the summary and date in `event_summary`.

An event needs a named participant, except when its subject is an office ("The
Prime Minister announced ...") or a natural hazard ("Floods have killed ..."): the
office or the hazard is not an entity, and the event stands without one.
Negated or hedged verbs are skipped; a verb in the clause of another trigger
("pledged *to send*") is the same event; a speech verb ("said", "told") is a
statement only with a named speaker and something said (a bare lead-in "X
said:" before a quote that the article cut is no event, unless it says where the
speaker spoke: "Speaking from the camp, X said:").
"""

from __future__ import annotations

from bisect import bisect_left

from spacy.tokens import Span, Token

from .context import ArticleContext
from .event_participants import (
    add_sentence_places,
    add_sentence_recipients,
    noun_event,
    verb_event,
)
from .event_summary import event_date, summary
from .event_triggers import event_type, trigger_candidates, unnamed_actor_tokens, voted_clause
from .lang.event_triggers import HAZARDS, OFFICES, PLACED_TYPES, SPEAKING, SPEECH_VERBS
from .spans import sentence_range
from .syntax import is_hedged, subject_of
from .types import EventFact, ParagraphSpan


def _unnamed_actor(trigger: Token, etype: str) -> bool:
    """An office or a hazard as subject: an event with no named participant."""
    subject = subject_of(trigger)
    if subject is None:
        return False
    lemma = subject.lemma_.lower()
    if etype == "disaster":
        return lemma in HAZARDS
    named_office = subject.is_title or any(c.is_title and c.dep_ != "det" for c in subject.children)
    office = lemma in OFFICES and named_office
    return office and any(c.lower_ == "the" for c in subject.children)


def _says_something(verb: Token) -> bool:
    """A speech verb with what was said or to whom, not a bare lead-in ("X said:")."""
    return any(c.dep_ in {"ccomp", "dobj", "dative", "xcomp"} for c in verb.children)


def _speaking_place(verb: Token) -> list[Token]:
    """Where a speaker spoke, when a lead-in says so ("Speaking from the camp, X said:",
    "Addressing reporters in Kyiv, Y said:"): the appearance is the event even when
    the article cut what was said."""
    places = []
    for clause in verb.children:
        if clause.dep_ != "advcl" or clause.lemma_.lower() not in SPEAKING:
            continue
        for prep in clause.children:
            if prep.dep_ == "prep" and prep.lower_ in {"at", "from", "in"}:
                places += [p for p in prep.children if p.dep_ == "pobj"]
    return places


def _nested(tok: Token) -> bool:
    """A trigger in the infinitive clause of another ("pledged to send aid")."""
    return tok.dep_ == "xcomp" and event_type(tok.head) is not None


def _sentence_events(
    ctx: ArticleContext, pos: int, sent: Span, persons: frozenset[int]
) -> list[tuple[EventFact, bool]]:
    """The sentence's events, each with whether only a speech verb tells it."""
    doc, entities = ctx.docs[pos], ctx.entities
    s_start, s_end = sentence_range(sent, ctx.texts[pos])
    events: list[tuple[EventFact, bool]] = []
    seen: set[tuple[str, frozenset[str]]] = set()
    for i in trigger_candidates(doc, sent.start, sent.end):
        tok = doc[i]
        etype = event_type(tok, persons)
        if etype is None:
            continue
        if tok.pos_ == "VERB":
            # "the newly elected president": a participle describing a name is no event.
            # The small parser also reads "A court sentenced journalist X" so; a verb
            # with a subject of its own is still the event.
            describing = (
                tok.dep_ == "amod"
                and doc[tok.i - 1].text not in {"-", "re"}
                and not any(c.dep_ == "nsubj" for c in tok.children)
            )
            if describing or is_hedged(tok) or voted_clause(tok) or _nested(tok):
                continue
            etype, parts, agent_name = verb_event(tok, etype, pos, entities)
            agents = [p.name for p in parts.items.values() if p.role == "agent"]
            agent_name = agent_name or (agents[-1] if agents else None)
            if etype == "other":
                continue
            if tok.lemma_.lower() in SPEECH_VERBS and not (agents and _says_something(tok)):
                setting = _speaking_place(tok)
                if not (agents and setting):
                    continue
                for place in setting:
                    parts.add_phrase(place, "location")
            confidence = 0.8 if agent_name and len(parts.items) > 1 else 0.6
        else:
            parts = noun_event(tok, pos, entities)
            agent_name, confidence = None, 0.55
        if etype in PLACED_TYPES:
            add_sentence_places(parts, sent.start, sent.end)
        if etype == "aid":
            add_sentence_recipients(parts, sent.start, sent.end)
        if not parts.items:
            if tok.pos_ != "VERB" or not _unnamed_actor(tok, etype):
                continue
            confidence = 0.5
        key = (etype, frozenset(parts.items))
        if key in seen:
            continue  # one event a sentence for the same kind and the same parties
        seen.add(key)
        if etype == "statement":
            confidence -= 0.1
        told = tok.lemma_.lower() in SPEECH_VERBS
        events.append(
            (
                EventFact(
                    type=etype,
                    summary=summary(tok, agent_name),
                    citations=[ParagraphSpan(ctx.indexes[pos], s_start, s_end)],
                    participants=list(parts.items.values()),
                    date=event_date(sent, tok, ctx.published_at),
                    confidence=round(confidence, 2),
                ),
                told,
            )
        )
    return events


def _distinct_events(found: list[tuple[EventFact, bool]]) -> list[tuple[EventFact, bool]]:
    """A sentence's events without those whose parties another one already names.

    Several triggers of one sentence often tell one happening ("announced deals
    between X and Y" is the agreement): a statement, or an event of the same kind,
    whose parties are all named by a kept event is dropped; the event naming the most
    parties is kept first.
    """
    order = list(range(len(found)))
    ranked = sorted(
        order,
        key=lambda i: (found[i][0].type == "statement", -len(found[i][0].participants), i),
    )
    kept: list[EventFact] = []
    kept_at: list[int] = []
    for i in ranked:
        event = found[i][0]
        names = {p.name for p in event.participants}
        if not any(
            names <= {p.name for p in k.participants}
            and (event.type in {k.type, "statement"} or not names)
            for k in kept
        ):
            kept.append(event)
            kept_at.append(i)
    return [found[i] for i in sorted(kept_at)]


def extract_events(ctx: ArticleContext) -> list[EventFact]:
    """Events stated in one article's parsed paragraphs."""
    events: list[EventFact] = []
    for pos, doc in enumerate(ctx.docs):
        persons = ctx.entities.person_tokens(pos)
        actors = sorted({*ctx.entities.token_indexes(pos), *unnamed_actor_tokens(doc)})
        found: list[tuple[EventFact, bool]] = []
        for sent in ctx.sentences[pos]:
            # A sentence with no name, office or hazard can hold no event.
            first = bisect_left(actors, sent.start)
            if first == len(actors) or actors[first] >= sent.end:
                continue
            found.extend(_distinct_events(_sentence_events(ctx, pos, sent, persons)))
        # Who said what is the news only when the paragraph reports nothing else.
        reported = [e for e, told in found if not told]
        events.extend(reported or [e for e, _ in found])
    return _merge_restatements(events)


def _merge_restatements(events: list[EventFact]) -> list[EventFact]:
    """One event for a happening restated in another paragraph (a summary line, then
    the body): same kind, the same two or more named parties; it cites every paragraph
    that states it.
    Statements stay apart, since one speaker says different things."""
    merged: list[EventFact] = []
    by_key: dict[tuple[str, frozenset[str]], EventFact] = {}
    for event in events:
        names = frozenset(p.name for p in event.participants)
        key = (event.type, names)
        # One party is too little to tell a restatement from a second event of its kind.
        first = by_key.get(key) if len(names) > 1 and event.type != "statement" else None
        if first is None:
            by_key.setdefault(key, event)
            merged.append(event)
        elif all(c.paragraph_index != event.citations[0].paragraph_index for c in first.citations):
            first.citations.extend(event.citations)
            first.date = first.date or event.date
    return merged
