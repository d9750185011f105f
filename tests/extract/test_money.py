from decimal import Decimal

import pytest

from app.extract.money import find_amounts, find_gdp_shares


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("$1.5 billion", "1500000000", "USD"),
        ("€2bn", "2000000000", "EUR"),
        ("£500m", "500000000", "GBP"),
        ("2 trillion yen", "2000000000000", "JPY"),
        ("USD 40 million", "40000000", "USD"),
        ("Rs 500 crore", "5000000000", "INR"),
        ("Rs 3 lakh crore", "3000000000000", "INR"),
        ("₹26,000 crore", "260000000000", "INR"),
        ("A$3 billion", "3000000000", "AUD"),
        ("C$9 billion", "9000000000", "CAD"),
        ("¥200 billion", "200000000000", "JPY"),
        ("13.4 billion pounds", "13400000000", "GBP"),
        ("100 billion U.S. dollars", "100000000000", "USD"),
        ("$500,000", "500000", "USD"),
        ("JPY 3 trillion", "3000000000000", "JPY"),
    ],
)
def test_amount_in_units_and_iso_currency(text: str, value: str, currency: str) -> None:
    amounts = find_amounts(f"They pledged {text} on Monday.")
    assert [(a.value, a.currency) for a in amounts] == [(Decimal(value), currency)]
    assert f"They pledged {text} on Monday."[amounts[0].start : amounts[0].end] == text


def test_amount_keeps_fraction_only_when_meaningful() -> None:
    (amount,) = find_amounts("a $10.65 billion package")
    assert amount.value == Decimal("10650000000")
    assert str(amount.value) == "10650000000"


def test_ambiguous_spaced_abbreviation_is_not_an_amount() -> None:
    assert find_amounts("ran $5 m along the road") == []


def test_numbers_without_currency_are_not_amounts() -> None:
    assert find_amounts("62,500 km of roads connecting 25,000 villages") == []


@pytest.mark.parametrize(
    ("text", "share_from", "share_to"),
    [
        ("increase defense spending from 2% to 5% of GDP by 2035", "2", "5"),
        ("spend 5 percent of gross domestic product", None, "5"),
        ("raise it to 3.5% of GDP", None, "3.5"),
        ("to two per cent of GDP", None, "2"),
        ("the 2 percent-of-GDP benchmark", None, "2"),
        ("2.5 per cent of the economy", None, "2.5"),
    ],
)
def test_gdp_shares(text: str, share_from: str | None, share_to: str) -> None:
    (share,) = find_gdp_shares(text)
    assert share.share_from == (Decimal(share_from) if share_from else None)
    assert share.share_to == Decimal(share_to)


def test_percent_not_of_gdp_is_no_share() -> None:
    assert find_gdp_shares("inflation rose 2% this year and unemployment to 5%") == []
