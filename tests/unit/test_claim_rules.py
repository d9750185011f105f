"""The pure rules claims are made of: metric classes, stages, groups, value walks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.claims.keys import commitment_group, value_bucket
from app.claims.lexicon import metric_class
from app.claims.lifecycle import cited_sentence, classify
from app.claims.planning import Bucket, walk


@pytest.mark.parametrize(
    ("metric", "expected"),
    [
        ("defense spending", "defence"),
        ("defence budget", "defence"),
        ("military aid", "defence"),
        ("humanitarian aid", "humanitarian"),
        ("aid for humanitarian relief", "humanitarian"),
        ("climate finance", "climate"),
        ("health spending", "health"),
        ("official development assistance", "development"),
        ("aid", "aid"),
        ("public spending", "budget"),
        ("Space Telescope Programme", "~space telescope programme"),
    ],
)
def test_metric_classes(metric: str, expected: str) -> None:
    assert metric_class(metric) == expected


@pytest.mark.parametrize(
    ("sentence", "status", "expected"),
    [
        ("Germany pledged €2bn in humanitarian aid.", None, "pledged"),
        ("Germany will disburse €2bn next year.", None, "pledged"),
        ("Germany has delivered the first €200m of its €1bn pledge.", None, "disbursed"),
        ("The ministry disbursed €50m on Friday.", "pledged", "disbursed"),
        ("Of the pledge, €300m has been allocated to Sudan.", None, "allocated"),
        ("Germany raised its humanitarian aid pledge to €2.5bn.", None, "revised"),
        ("Allies agreed to raise defence spending to 5% of GDP.", None, "committed"),
        ("The government scrapped its €1bn pledge.", None, "withdrawn"),
        ("Officials spoke about the package.", "delivered", "disbursed"),
        ("Officials spoke about the package.", "agreed", "committed"),
        # Headline case and capitals: the stage words are found whatever their case,
        # and the first stage in precedence wins over one earlier in the sentence.
        ("NORWAY SIGNED AND HAS DISBURSED ITS AID", None, "disbursed"),
        ("Allocated Funds Were Later Withdrawn By Oslo", None, "withdrawn"),
    ],
)
def test_lifecycle_stages(sentence: str, status: str | None, expected: str) -> None:
    assert classify(sentence, status) == expected


def test_the_cited_sentence_is_the_one_around_the_quote() -> None:
    text = "Germany delivered tanks. It pledged €1bn more. Nothing else."
    start = text.index("pledged")
    assert cited_sentence(text, start, start + 7) == "It pledged €1bn more."


def _bucket(stage: str, amount: int, day: int) -> Bucket:
    value = Decimal(amount)
    return Bucket(
        lifecycle=stage,
        bucket=value_bucket(value, None),
        first=datetime(2025, 3, 1, tzinfo=UTC) + timedelta(days=day),
        count=1,
        min_amount=value,
        max_amount=value,
        gdp_from=None,
        gdp_to=None,
    )


def test_values_within_two_percent_agree_and_a_late_change_is_a_revision() -> None:
    steps = walk(
        [
            _bucket("pledged", 2_000_000_000, 0),
            _bucket("committed", 2_030_000_000, 1),  # within 2%: the same value
            _bucket("pledged", 3_000_000_000, 3),  # the same week: a dispute
            _bucket("revised", 2_500_000_000, 40),  # weeks later: a revision
            _bucket("pledged", 2_000_000_000, 60),  # a late report of the old value
            _bucket("disbursed", 500_000_000, 70),  # not a headline value
        ],
        share=False,
    )
    assert steps.current is not None
    assert steps.current[0].min_amount == 2_500_000_000
    assert [c[0].min_amount for c in steps.revisions] == [2_500_000_000]
    assert len(steps.period) == 1  # the dispute was before the revision


def test_a_dispute_in_the_current_period_lists_both_values() -> None:
    steps = walk(
        [_bucket("pledged", 2_000_000_000, 0), _bucket("pledged", 3_000_000_000, 2)],
        share=False,
    )
    assert [c[0].min_amount for c in steps.period] == [2_000_000_000, 3_000_000_000]
    assert steps.revisions == []


def test_commitment_groups_ignore_wording_and_amount_but_not_currency() -> None:
    common = {"actor_entity_id": 4, "actor_name": "Germany", "gdp_to": None, "gdp_from": None}
    eur = commitment_group(**common, metric="humanitarian aid", currency="EUR", article_id=1)
    assert eur == commitment_group(
        **common, metric="humanitarian assistance", currency="EUR", article_id=2
    )
    assert eur != commitment_group(
        **common, metric="humanitarian aid", currency="USD", article_id=1
    )
