"""The commitment stage: every sentence's figures, kept when a pledge governs them."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime

from spacy.tokens import Doc, Span, Token

from ..context import ArticleContext, ArticleEntities
from ..lang.commitment_words import PLEDGE_NOUNS
from ..money import dollar_currency
from ..spans import sentence_range
from ..syntax import is_hedged, resolve_actor
from ..types import CommitmentFact, EntityType, ParagraphSpan
from .actor import actor_token, better_actor, distribute
from .exclusions import excluded, is_company
from .figures import (
    Figure,
    figure_root,
    figure_tokens,
    is_threshold,
    may_have_figure,
    sentence_figures,
)
from .merge import store
from .metric import any_subject, metric_of
from .timing import noun_year, period_of, target_year
from .trigger import find_trigger, status_of, verbless_allocation


@dataclass(slots=True)
class CommitmentScan:
    """The commitment rules' view of one article (`ArticleContext`) and their running
    state: the text that currency cues are read from, what a bare `$` means there,
    the commitments found so far and the last committing party."""

    docs: Sequence[Doc]
    texts: Sequence[str]
    sentences: Sequence[Sequence[Span]]
    paragraph_indexes: Sequence[int]
    entities: ArticleEntities
    published_at: datetime | None
    context: str = ""
    dollar: str = "USD"
    found: list[CommitmentFact] = field(default_factory=list)
    last_actor: tuple[str, EntityType | None] | None = None


def extract_commitments(ctx: ArticleContext) -> list[CommitmentFact]:
    """The spending commitments stated in one article's parsed paragraphs (after the
    entity stage has filled `ctx.entities`)."""
    context = "\n".join(ctx.texts)
    art = CommitmentScan(
        ctx.docs, ctx.texts, ctx.sentences, ctx.indexes, ctx.entities, ctx.published_at, context
    )
    art.dollar = dollar_currency(context)
    for pos, doc in enumerate(ctx.docs):
        if not may_have_figure(ctx.texts[pos]):
            continue
        after_pledge = False
        for sent in ctx.sentences[pos]:
            _sentence(art, pos, doc, sent, after_pledge)
            subj = any_subject(sent.root) if sent.root.pos_ in {"VERB", "AUX"} else sent.root
            after_pledge = subj is not None and subj.lemma_.lower() in PLEDGE_NOUNS
    return art.found


def _sentence(art: CommitmentScan, pos: int, doc: Doc, sent: Span, after_pledge: bool) -> None:
    text = art.texts[pos]
    s_start, s_end = sentence_range(sent, text)
    by_trigger: dict[int, CommitmentFact] = {}
    sentence_facts: list[CommitmentFact] = []
    figs = sentence_figures(text, s_start, s_end, art.context, art.dollar)
    starts = [f.start - s_start for f in figs]
    # "a total of €9m: €5m from X and €4m from Y": the parts listed after a committed
    # total share the verb that committed it.
    listing: Token | None = None
    for fig in figs:
        root = figure_root(doc, fig.start, fig.end)
        if root is None or is_threshold(root, fig.share is not None):
            continue
        has_commitments = bool(art.found or sentence_facts)
        trigger, direct = find_trigger(root, sent, after_pledge, has_commitments)
        if trigger is None:
            # "€300m will support Africa, €250m the Middle East": a gapped clause
            # shares the verb that committed its neighbour
            trigger = next((t for t in root.ancestors if t.i in by_trigger), None)
            direct = False
        if trigger is None and verbless_allocation(root, sent):
            trigger, direct = root, False
        if trigger is None and listing is not None:
            trigger, direct = listing, False
        if trigger is None or is_hedged(trigger):
            continue
        if excluded(root, trigger, art.published_at, fig.share is not None):
            continue
        if _whole_named_again(text[s_start : fig.start], fig, [*art.found, *sentence_facts]):
            continue
        if text[fig.end : s_end].lstrip().startswith(":"):
            listing = trigger
        fact = by_trigger.get(trigger.i)
        if fact is not None and (fact.amount_value is None) == (fig.amount is None):
            fact = None  # a second figure of the same kind is its own commitment
        if fact is None:
            figure = figure_tokens(doc, fig, root)
            actor_tok = actor_token(trigger, root, figure)
            if is_company(actor_tok):
                continue  # a company's own investment or contract
            fact = _new_commitment(art, trigger, root, figure, direct, pos, actor_tok, fig)
            fact.citations.append(ParagraphSpan(art.paragraph_indexes[pos], s_start, s_end))
            sentence = text[s_start:s_end]
            fact.target_year = target_year(
                sentence, fig.end - s_start, art.published_at, fig.start - s_start
            )
            if fact.target_year is None:
                fact.target_year = noun_year(trigger, art.context)
            fact.period = period_of(sentence, fig.start - s_start, starts)
            by_trigger.setdefault(trigger.i, fact)
            for each in distribute(fact, actor_tok, figure, pos, art.entities):
                sentence_facts.append(each)
            continue
        _fill(fact, fig)
    for fact in sentence_facts:
        store(art.found, fact)


_OUT_OF_THE = re.compile(r"(?:\bout\s+of|^\s*of|\bof\s+the\s+total\s+of)\s+the\s+$", re.I)


def _whole_named_again(before: str, fig: Figure, found: Sequence[CommitmentFact]) -> bool:
    """ "Out of the €2m for schools, €1m is for 2027": the whole the parts come out of,
    named again with "the" after the article stated it, is no new commitment.
    `before` is the sentence up to the figure."""
    if fig.amount is None or not _OUT_OF_THE.search(before):
        return False
    amount = fig.amount
    return any(
        f.amount_value == amount.value and f.amount_currency == amount.currency for f in found
    )


def _new_commitment(
    art: CommitmentScan,
    trigger: Token,
    root: Token,
    figure: range,
    direct: bool,
    pos: int,
    actor_tok: Token | None,
    fig: Figure,
) -> CommitmentFact:
    actor = resolve_actor(actor_tok, pos, art.entities) if actor_tok is not None else None
    actor = better_actor(actor, actor_tok, pos, art.docs, art.entities)
    confidence = 0.85 if direct else 0.65
    if actor is None:
        confidence -= 0.15
    elif not actor[2]:
        confidence -= 0.05
    fact = CommitmentFact(
        actor_name=actor[0] if actor else None,
        actor_type=actor[1] if actor else None,
        metric=metric_of(trigger, root, figure, pos, art.entities, fig.share is not None),
        citations=[],
        status=status_of(trigger),
        confidence=round(confidence, 2),
    )
    if fact.actor_name is None and art.last_actor is not None:
        # "Defence spending is set to rise to 2.4%": the party of the
        # article's previous commitment.
        fact.actor_name, fact.actor_type = art.last_actor
        fact.confidence = round(fact.confidence + 0.05, 2)
    elif fact.actor_name is not None:
        art.last_actor = (fact.actor_name, fact.actor_type)
    _fill(fact, fig)
    return fact


def _fill(fact: CommitmentFact, fig: Figure) -> None:
    if fig.amount is not None and fact.amount_value is None:
        fact.amount_value, fact.amount_currency = fig.amount.value, fig.amount.currency
    if fig.share is not None and fact.gdp_to is None:
        fact.gdp_from, fact.gdp_to = fig.share.share_from, fig.share.share_to
