"""Opaque keyset cursors: round trip and refusal of tampered ones."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime

import pytest

from app.core.errors import InvalidCursor
from app.core.pagination import decode_cursor, encode_cursor

WHEN = datetime(2025, 6, 25, 9, 30, 15, 123456, tzinfo=UTC)


def _forge(payload: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(payload).encode()).decode().rstrip("=")


def test_round_trip() -> None:
    cursor = encode_cursor("articles", [WHEN, 42])
    assert decode_cursor("articles", cursor, [datetime, int]) == [WHEN, 42]
    cursor = encode_cursor("search", [0.30000001192092896, 7])
    assert decode_cursor("search", cursor, [float, int]) == [0.30000001192092896, 7]
    cursor = encode_cursor("names", ["Zoë", 1])
    assert decode_cursor("names", cursor, [str, int]) == ["Zoë", 1]


def test_cursor_is_url_safe_text() -> None:
    cursor = encode_cursor("articles", [WHEN, 2**62])
    assert set(cursor) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")


def test_cursor_of_another_list_is_refused() -> None:
    cursor = encode_cursor("entities", [5])
    with pytest.raises(InvalidCursor):
        decode_cursor("events", cursor, [int])


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "garbage!!",
        "%%%",
        "é",
        base64.urlsafe_b64encode(b"\xff\xfe\xfd").decode(),
        _forge({"a": 1}),
        _forge(5),
        _forge(["articles"]),
        _forge(["articles", [1]]),
        _forge(["articles", [{"t": "2025-06-25T09:30:00+00:00"}, 1, 2]]),
        _forge(["articles", [{"t": "not a date"}, 1]]),
        _forge(["articles", [{"t": "2025-06-25T09:30:00"}, 1]]),  # no offset
        _forge(["articles", ["2025-06-25T09:30:00+00:00", 1]]),
        _forge(["articles", [{"t": "2025-06-25T09:30:00+00:00"}, "1"]]),
        _forge(["articles", [{"t": "2025-06-25T09:30:00+00:00"}, 1.5]]),
        _forge(["articles", [{"t": "2025-06-25T09:30:00+00:00"}, True]]),
        _forge(["articles", [{"t": "2025-06-25T09:30:00+00:00"}, 10**30]]),
        _forge(["articles", [{"t": "2025-06-25T09:30:00+00:00"}, None]]),
        _forge(["articles", "values"]),
    ],
)
def test_tampered_cursor_is_refused(cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor("articles", cursor, [datetime, int])


@pytest.mark.parametrize("value", ["NaN", "Infinity", "1e400"])
def test_non_finite_numbers_are_refused(value: str) -> None:
    raw = f'["search",[{value},3]]'.encode()
    cursor = base64.urlsafe_b64encode(raw).decode()
    with pytest.raises(InvalidCursor):
        decode_cursor("search", cursor, [float, int])


def test_text_values_with_nul_are_refused() -> None:
    with pytest.raises(InvalidCursor):
        decode_cursor("names", _forge(["names", ["a\x00b", 1]]), [str, int])
