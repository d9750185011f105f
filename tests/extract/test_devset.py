"""Every dev-set (and held-out) article: spans exact, hand-checked commitments found."""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

import pytest

from app.extract import CommitmentFact, get_extractor

from .helpers import HOLDOUT, all_spans, devset, devset_document, quote

ARTICLES = devset()
ALL_ARTICLES = ARTICLES + devset(HOLDOUT)


def test_devset_is_varied_enough() -> None:
    with_money = [a for a in ARTICLES if a["expected"]["commitments"]]
    assert len(ARTICLES) >= 10
    assert len(with_money) >= 6
    assert len(ARTICLES) - len(with_money) >= 2


def _dec(value: Decimal | float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).normalize()


def _key(c: CommitmentFact) -> tuple[Any, ...]:
    return (
        _dec(c.amount_value),
        c.amount_currency,
        _dec(c.gdp_from),
        _dec(c.gdp_to),
        c.target_year,
    )


def _expected_key(e: dict[str, Any]) -> tuple[Any, ...]:
    return (
        _dec(e["amount"]),
        e["currency"],
        _dec(e["gdp_from"]),
        _dec(e["gdp_to"]),
        e["target_year"],
    )


@pytest.mark.parametrize("article", ALL_ARTICLES, ids=[a["id"] for a in ALL_ARTICLES])
def test_article_commitments_and_spans(article: dict[str, Any]) -> None:
    doc = devset_document(article)
    facts = get_extractor().extract(doc)
    for span in all_spans(facts):
        text = quote(doc, span)
        assert text and text == text.strip(), span
    found = Counter(_key(c) for c in facts.commitments)
    assert found == Counter(_expected_key(e) for e in article["expected"]["commitments"])
    for commitment in facts.commitments:
        assert commitment.actor_name
        assert commitment.metric
        assert commitment.citations
        assert commitment.status is not None
