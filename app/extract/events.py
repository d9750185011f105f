"""Events: reported happenings found from verbs and event nouns in the parse.

The trigger words and their types are data (`lang.event_triggers`); the narrowing
of a trigger by its arguments is in `event_triggers`, the participants in
`event_participants`, the summary and date in `event_summary`.  An event needs at
least one named participant, or an office as its subject ("The Prime Minister
announced ..."); negated or hedged verbs are skipped.
"""

from __future__ import annotations

from .context import ArticleContext
from .event_participants import Participants, verb_event
from .event_summary import event_date, summary
from .event_triggers import event_type, trigger_candidates, voted_clause
from .spans import sentence_range
from .syntax import is_hedged
from .types import EventFact, ParagraphSpan


def extract_events(ctx: ArticleContext) -> list[EventFact]:
    """Events stated in one article's parsed paragraphs, one per trigger."""
    entities = ctx.entities
    events: list[EventFact] = []
    for pos, doc in enumerate(ctx.docs):
        ents = doc.ents
        if not ents:
            continue
        ent_starts = [e.start for e in ents]
        persons = entities.person_tokens(pos)
        for sent in ctx.sentences[pos]:
            if not any(sent.start <= i < sent.end for i in ent_starts):
                continue
            s_start, s_end = sentence_range(sent, ctx.texts[pos])
            for i in trigger_candidates(doc, sent.start, sent.end):
                tok = doc[i]
                etype = event_type(tok, persons)
                if etype is None:
                    continue
                if tok.pos_ == "VERB":
                    if is_hedged(tok) or voted_clause(tok):
                        continue
                    etype, parts, agent_name = verb_event(tok, etype, pos, entities)
                    agents = [p.name for p in parts.items.values() if p.role == "agent"]
                    agent_name = agent_name or (agents[-1] if agents else None)
                    if etype == "other":
                        continue
                    confidence = 0.8 if agent_name and len(parts.items) > 1 else 0.6
                else:
                    parts = Participants(pos, entities)
                    parts.add_phrase(tok, "agent")
                    agent_name, confidence = None, 0.55
                if not parts.items:
                    continue
                if etype == "statement":
                    confidence -= 0.1
                events.append(
                    EventFact(
                        type=etype,
                        summary=summary(tok, agent_name),
                        citations=[ParagraphSpan(ctx.indexes[pos], s_start, s_end)],
                        participants=list(parts.items.values()),
                        date=event_date(sent, tok, ctx.published_at),
                        confidence=round(confidence, 2),
                    )
                )
    return events
