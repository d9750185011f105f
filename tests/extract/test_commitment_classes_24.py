"""Classes of commitment language that extractor 2.4.0 reads, on made-up sentences: a
year naming what a figure is worth, the parts listed after a committed total and a
colon, and a total named again as the whole its parts come out of."""

from __future__ import annotations

from decimal import Decimal

from app.extract import CommitmentFact, Facts

from .helpers import facts_of


def _amounts(facts: Facts) -> list[tuple[Decimal | None, str | None]]:
    return sorted(
        ((c.amount_value, c.amount_currency) for c in facts.commitments),
        key=lambda a: a[0] or Decimal(0),
    )


def _with(facts: Facts, value: int) -> CommitmentFact:
    return next(c for c in facts.commitments if c.amount_value == Decimal(value))


def test_year_before_the_figure_names_what_it_is_worth() -> None:
    facts = facts_of(
        "The regional council adopted its annual flood budget for 2027 worth $80 million."
    )
    assert _with(facts, 80_000_000).target_year == 2027


def test_parts_listed_after_a_committed_total_are_commitments() -> None:
    facts = facts_of(
        "About half comes from Norway, which has pledged a total of $60 million: $35 "
        "million from the state budget and $25 million from its oil fund.",
    )
    assert _amounts(facts) == [
        (Decimal(25_000_000), "USD"),
        (Decimal(35_000_000), "USD"),
        (Decimal(60_000_000), "USD"),
    ]
    assert _with(facts, 35_000_000).actor_name == "Norway"


def test_total_named_again_as_the_whole_is_no_second_commitment() -> None:
    facts = facts_of(
        "The fund has pledged $9 million for schools. Out of the $9 million, $4 million "
        "is committed for 2027.",
    )
    assert _amounts(facts) == [(Decimal(4_000_000), "USD"), (Decimal(9_000_000), "USD")]
    assert _with(facts, 4_000_000).target_year == 2027
