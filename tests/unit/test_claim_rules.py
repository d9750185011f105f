"""The pure rules claims are made of: metric classes, lifecycle stages, outlets."""

from __future__ import annotations

import pytest

from app.claims.keys import commitment_group, outlet
from app.claims.lexicon import metric_class
from app.claims.lifecycle import cited_sentence, classify


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
    ],
)
def test_lifecycle_stages(sentence: str, status: str | None, expected: str) -> None:
    assert classify(sentence, status) == expected


def test_the_cited_sentence_is_the_one_around_the_quote() -> None:
    text = "Germany delivered tanks. It pledged €1bn more. Nothing else."
    start = text.index("pledged")
    assert cited_sentence(text, start, start + 7) == "It pledged €1bn more."


@pytest.mark.parametrize(
    ("url", "source", "expected"),
    [
        ("https://www.bbc.co.uk/news/1", None, "bbc.co.uk"),
        ("https://edition.cnn.com/2025/x", "CNN", "cnn.com"),
        ("https://m.lemonde.fr/a", None, "lemonde.fr"),
        (None, " Reuters ", "reuters"),
        (None, None, "article 7"),
    ],
)
def test_outlets(url: str | None, source: str | None, expected: str) -> None:
    assert outlet(url, source, 7) == expected


def test_commitment_groups_ignore_wording_and_amount_but_not_currency() -> None:
    common = {"actor_entity_id": 4, "actor_name": "Germany", "gdp_to": None, "gdp_from": None}
    eur = commitment_group(**common, metric="humanitarian aid", currency="EUR", article_id=1)
    assert eur == commitment_group(
        **common, metric="humanitarian assistance", currency="EUR", article_id=2
    )
    assert eur != commitment_group(
        **common, metric="humanitarian aid", currency="USD", article_id=1
    )
