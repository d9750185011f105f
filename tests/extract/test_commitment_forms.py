"""Amount forms of real news, each a class of writing, on sentences made up for the test."""

from __future__ import annotations

from decimal import Decimal

import pytest

from app.extract.money import dollar_currency, find_amounts, find_gdp_shares


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        # a scale joined to the figure by a hyphen
        ("a $3.1-billion loan", "3100000000", "USD"),
        ("a C$750-million fund", "750000000", "CAD"),
        # an ISO code after the number, or glued before it
        ("some 85 million EUR in credit", "85000000", "EUR"),
        ("about 4,200,000 CHF of relief", "4200000", "CHF"),
        ("KRW12.5 trillion in support", "12500000000000", "KRW"),
        # a currency written as a hyphenated noun after its scale
        ("a 25 billion-rupee scheme", "25000000000", "INR"),
        ("a 12 billion-yen subsidy", "12000000000", "JPY"),
        # a fraction of a scale in words
        ("a half-billion euro facility", "500000000", "EUR"),
        ("two billion-dollar pledges", "2000000000", "USD"),
    ],
)
def test_amount_forms(text: str, value: str, currency: str) -> None:
    (amount,) = find_amounts(text)
    assert (amount.value, amount.currency) == (Decimal(value), currency)
    assert text[amount.start : amount.end].strip()


def test_hyphenated_peso_noun_takes_the_country_of_the_article() -> None:
    (amount,) = find_amounts("a 7 billion-peso bridge", "Manila said the Philippine budget")
    assert (amount.value, amount.currency) == (Decimal("7000000000"), "PHP")


def test_a_lowercase_code_like_word_is_not_a_currency() -> None:
    assert find_amounts("some 3 million try the test each year") == []


def test_a_spaced_single_letter_scale_stays_ambiguous() -> None:
    assert find_amounts("walked $5 m from the gate") == []


@pytest.mark.parametrize(
    ("context", "currency"),
    [
        ("The Australian Government will fund clinics in Fiji.", "AUD"),
        ("Ottawa said Canada would pay for the bridge.", "CAD"),
        ("New Zealand's finance minister presented the budget.", "NZD"),
        ("Hong Kong's financial secretary unveiled relief.", "HKD"),
        ("The U.S. and Australia signed a pact; the United States will pay.", "USD"),
        ("Officials in Nairobi welcomed the grant.", "USD"),
    ],
)
def test_bare_dollar_takes_the_issuers_currency(context: str, currency: str) -> None:
    assert dollar_currency(context) == currency
    (amount,) = find_amounts("a further $12 million", context, dollar_currency(context))
    assert amount.currency == currency


def test_explicit_dollar_prefix_beats_the_issuer() -> None:
    amounts = find_amounts("US$4 million and A$2 million", dollar="CAD")
    assert [a.currency for a in amounts] == ["USD", "AUD"]


def test_share_of_gdp_in_number_words() -> None:
    (share,) = find_gdp_shares("lift spending from two percent to three percent of its GDP")
    assert (share.share_from, share.share_to) == (Decimal(2), Decimal(3))


def test_a_share_with_of_gdp_left_unsaid_after_one_that_states_it() -> None:
    text = "Members will spend 3% of GDP on their armies and 1% on cyber defence by 2032."
    assert [s.share_to for s in find_gdp_shares(text)] == [Decimal(3), Decimal(1)]


def test_a_later_percentage_of_something_else_is_no_share() -> None:
    text = "Spending will reach 2% of GDP, and inflation 4% by then."
    assert [s.share_to for s in find_gdp_shares(text)] == [Decimal(2)]


def test_a_redundant_currency_word_belongs_to_the_amount() -> None:
    text = "donors gave $2.75 billion dollars in new money"
    (amount,) = find_amounts(text)
    assert text[amount.start : amount.end] == "$2.75 billion dollars"
    assert amount.value == Decimal(2_750_000_000)
