from datetime import datetime

import pytest

from app.extract.dates import normalize_date
from app.extract.types import FactDate

# A Thursday.
PUBLISHED = datetime(2025, 6, 26, 10, 0)


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        ("on Monday", "2025-06-23", "day"),
        ("Thursday", "2025-06-26", "day"),
        ("yesterday", "2025-06-25", "day"),
        ("today", "2025-06-26", "day"),
        ("last week", "2025-06", "month"),
        ("in June", "2025-06", "month"),
        ("in December", "2024-12", "month"),
        ("on 3 March 2025", "2025-03-03", "day"),
        ("March 3, 2025", "2025-03-03", "day"),
        ("April 11", "2025-04-11", "day"),
        ("June 2024", "2024-06", "month"),
        ("last year", "2024", "year"),
        ("next year", "2026", "year"),
        ("2019", "2019", "year"),
    ],
)
def test_relative_and_absolute_dates(expression: str, value: str, precision: str) -> None:
    assert normalize_date(expression, PUBLISHED) == FactDate(value, precision)  # type: ignore[arg-type]


def test_without_publication_only_explicit_years_resolve() -> None:
    assert normalize_date("on Monday", None) is None
    assert normalize_date("in June", None) is None
    assert normalize_date("3 March 2025", None) == FactDate("2025-03-03", "day")


def test_vague_expressions_give_none() -> None:
    assert normalize_date("the past few years", PUBLISHED) is None
    assert normalize_date("31 February 2025", PUBLISHED) is None
