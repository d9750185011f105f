"""One fact per distinct commitment: restatements merge into the first statement.

A summary line, a headline-like bullet or a quote often restates a pledge the
body states in full.  Two statements are one commitment when they are in
different paragraphs, give the same figure (amount and currency, the same sum
restated in another currency at rough rates, or the same GDP shares), do not
name different target years, and their actors are compatible: equal, one
unknown or a description, one inside the other ("Rudd" and "Kevin Rudd"), or an
office-holder beside the country.  Two parties of the same kind with different
names ("Japan" and "Korea", each pledging $1bn) stay apart, and so do equal sums
in one paragraph ("£15m will go to X. A further £15m will go to Y"); a share of
GDP restated in the next sentence is the same target.
The merged fact cites every paragraph and keeps what either stated.
"""

from __future__ import annotations

from ..lang.commitment_words import GENERIC_METRICS, GENERIC_SHARE_METRIC
from ..lang.currencies import APPROX_USD
from ..types import CommitmentFact

_NAMED = frozenset({"location", "organization", "person"})


# How far two amounts in different currencies may differ and still be one pledge.
_EQUIVALENT_RATIO = 1.35


def _equivalent(a: CommitmentFact, b: CommitmentFact) -> bool:
    """The same sum in two currencies, at rough rates: "£850,000" and "KES 140m"."""
    rate_a = APPROX_USD.get(a.amount_currency or "")
    rate_b = APPROX_USD.get(b.amount_currency or "")
    if rate_a is None or rate_b is None or a.amount_value is None or b.amount_value is None:
        return False
    usd_a, usd_b = float(a.amount_value) * rate_a, float(b.amount_value) * rate_b
    return max(usd_a, usd_b) <= _EQUIVALENT_RATIO * min(usd_a, usd_b)


def _same_figure(a: CommitmentFact, b: CommitmentFact) -> bool:
    if a.amount_value is not None or b.amount_value is not None:
        if a.amount_currency != b.amount_currency:
            return _equivalent(a, b)
        return a.amount_value == b.amount_value
    return (a.gdp_from, a.gdp_to) == (b.gdp_from, b.gdp_to)


def _compatible_actors(a: CommitmentFact, b: CommitmentFact) -> bool:
    if a.actor_name is None or b.actor_name is None or a.actor_name == b.actor_name:
        return True
    if a.actor_type not in _NAMED or b.actor_type not in _NAMED:
        return True  # a description ("donor nations") beside a name
    if a.actor_name in b.actor_name or b.actor_name in a.actor_name:
        return True
    return a.actor_type != b.actor_type  # an office-holder and their country


def _paragraphs(fact: CommitmentFact) -> set[int]:
    return {c.paragraph_index for c in fact.citations}


def same_commitment(a: CommitmentFact, b: CommitmentFact) -> bool:
    """Whether `b` restates `a` (see the module's rule)."""
    is_share = a.amount_value is None and b.amount_value is None
    return (
        _same_figure(a, b)
        and (is_share or not (_paragraphs(a) & _paragraphs(b)))
        and (a.target_year is None or b.target_year is None or a.target_year == b.target_year)
        and _compatible_actors(a, b)
    )


def _absorb(into: CommitmentFact, fact: CommitmentFact) -> None:
    into.citations.extend(c for c in fact.citations if c not in into.citations)
    into.confidence = max(into.confidence, fact.confidence)
    if into.target_year is None:
        into.target_year = fact.target_year
    if into.period is None:
        into.period = fact.period
    if into.actor_name is None or (into.actor_type not in _NAMED and fact.actor_type in _NAMED):
        into.actor_name, into.actor_type = fact.actor_name, fact.actor_type
    if into.metric in GENERIC_METRICS and fact.metric not in GENERIC_METRICS:
        into.metric = fact.metric


def store(found: list[CommitmentFact], fact: CommitmentFact) -> None:
    """Add a commitment, merging a restatement into the commitment it restates."""
    if fact.metric == GENERIC_SHARE_METRIC and fact.gdp_to is not None:
        earlier = [f.metric for f in found if f.gdp_to is not None]
        specific = [m for m in earlier if m not in GENERIC_METRICS]
        if specific:
            fact.metric = specific[-1]
            fact.confidence = round(fact.confidence - 0.1, 2)
    for existing in found:
        if same_commitment(existing, fact):
            _absorb(existing, fact)
            return
    found.append(fact)
