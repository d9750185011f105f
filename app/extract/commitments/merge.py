"""One fact per distinct commitment: restatements merge into the first statement."""

from __future__ import annotations

from ..lang.commitment_words import GENERIC_METRICS, GENERIC_SHARE_METRIC
from ..types import CommitmentFact


def store(found: dict[tuple[object, ...], CommitmentFact], fact: CommitmentFact) -> None:
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
