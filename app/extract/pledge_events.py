"""A pledge is an event: the commitments the article states, told as aid events.

Real reports often state a pledge without a verb the event stage reads as giving
("is stepping up its response with a package worth €40 million", "today's
announcement includes $2.5 million for Sri Lanka"), or with an office as its
subject that the commitment stage resolved to the country ("The Government is
providing $5 million"). The commitment found there is the happening: its sentence
gets an aid event with the committing actor, or the actor joins the aid event the
sentence already has. Only money given counts: to a named recipient, or as aid
("relief", "humanitarian assistance"); a budget line or a share of GDP is no aid.
"""

from __future__ import annotations

from collections.abc import Sequence

from .context import ArticleContext
from .event_participants import Participants, add_sentence_places, add_sentence_recipients
from .event_summary import event_date
from .lang.event_triggers import AID_WORDS
from .spans import sentence_range
from .types import CommitmentFact, EventFact, ParagraphSpan, ParticipantFact


def _named(actor: str | None) -> bool:
    # A description ("donor nations") is no party an event can name.
    return actor is not None and any(ch.isupper() for ch in actor)


_MAX_SUMMARY_CHARS = 120


def _summary(quote: str) -> str:
    """The pledge as the article words it, cut at a word."""
    quote = quote.strip().rstrip(".")
    if len(quote) <= _MAX_SUMMARY_CHARS:
        return quote
    return quote[:_MAX_SUMMARY_CHARS].rsplit(" ", 1)[0].rstrip(",;:")


def _overlaps(event: EventFact, paragraph: int, start: int, end: int) -> bool:
    return any(
        c.paragraph_index == paragraph and c.start < end and start < c.end for c in event.citations
    )


def pledge_events(
    ctx: ArticleContext, events: list[EventFact], commitments: Sequence[CommitmentFact]
) -> list[EventFact]:
    """`events` with the article's named commitments told as aid events."""
    position = {index: pos for pos, index in enumerate(ctx.indexes)}
    added: list[EventFact] = []
    for commitment in commitments:
        actor = commitment.actor_name
        if not _named(actor) or not commitment.citations:
            continue
        assert actor is not None
        cited = commitment.citations[0]
        pos = position.get(cited.paragraph_index)
        if pos is None:
            continue
        text = ctx.texts[pos]
        sent = next(
            (s for s in ctx.sentences[pos] if sentence_range(s, text)[1] > cited.start), None
        )
        if sent is None:
            continue
        start, end = sentence_range(sent, text)
        here = [e for e in (*events, *added) if _overlaps(e, cited.paragraph_index, start, end)]
        if any(actor in {p.name for p in e.participants} for e in here):
            continue
        aid = next((e for e in here if e.type == "aid"), None)
        if aid is not None:
            aid.participants.insert(0, ParticipantFact(actor, "agent", commitment.actor_type))
            continue
        if commitment.amount_value is None:
            continue  # a share of GDP is a target, not a gift
        parts = Participants(pos, ctx.entities, ctx.docs[pos])
        parts.items[actor] = ParticipantFact(actor, "agent", commitment.actor_type)
        add_sentence_recipients(parts, sent.start, sent.end)
        recipient = len(parts.items) > 1
        if not recipient and not any(t.lemma_.lower() in AID_WORDS for t in sent):
            continue  # a budget line ("will spend $5 billion on defence") is no aid
        add_sentence_places(parts, sent.start, sent.end)
        added.append(
            EventFact(
                type="aid",
                summary=_summary(text[cited.start : cited.end]),
                citations=[ParagraphSpan(cited.paragraph_index, start, end)],
                participants=list(parts.items.values()),
                date=event_date(sent, sent.root, ctx.published_at),
                confidence=0.6,
            )
        )
    if not added:
        return events
    # In the article's order, as the event stage gives them.
    return sorted(
        [*events, *added], key=lambda e: (e.citations[0].paragraph_index, e.citations[0].start)
    )
