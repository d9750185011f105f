"""Limits on what one request may ask: body size, article size, parameters, write rate."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from app.core.config import Settings
from app.core.rate_limit import TokenBuckets
from tests.api.support import MakeKey, assert_problem
from tests.fixtures.app import MakeApp

MAX_BODY = 2048


def _big_article() -> bytes:
    return json.dumps({"paragraphs": ["Reliant Delta pledged aid. " * 200]}).encode()


async def _chunks(data: bytes, size: int = 512) -> AsyncIterator[bytes]:
    for start in range(0, len(data), size):
        yield data[start : start + size]


async def test_body_cap_413_with_or_without_content_length(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    headers = {**admin_headers, "Content-Type": "application/json"}
    async with make_app(max_body_bytes=MAX_BODY) as served:
        client = served.client
        declared = await client.post(
            "/v1/articles?extract=false", content=_big_article(), headers=headers
        )
        problem = assert_problem(declared, 413)
        assert str(MAX_BODY) in problem["detail"]

        # Chunked: no Content-Length at all, the cap is counted on the bytes.
        chunked = await client.post(
            "/v1/articles?extract=false", content=_chunks(_big_article()), headers=headers
        )
        assert "content-length" not in chunked.request.headers
        assert_problem(chunked, 413)

        # Over the cap it is 413 before any parsing: broken JSON is not even looked at.
        broken = b'{"paragraphs": [' + b"x" * 3000
        assert_problem(await client.post("/v1/articles", content=broken, headers=headers), 413)
        bulk = b"\n".join([_big_article()] * 2)
        assert_problem(await client.post("/v1/articles/bulk", content=bulk, headers=headers), 413)

        small = await client.post(
            "/v1/articles?extract=false",
            content=_chunks(json.dumps({"paragraphs": ["Reliant Delta."]}).encode()),
            headers=headers,
        )
        assert small.status_code == 201, small.text
        assert len((await client.get("/v1/articles")).json()["items"]) == 1


async def test_body_cap_ignores_a_lying_content_length(
    make_app: MakeApp, admin_headers: dict[str, str]
) -> None:
    """An ASGI conversation with a small Content-Length and a large streamed body."""
    async with make_app(max_body_bytes=MAX_BODY) as served:
        client = served.client
        app = served.app
        body = _big_article()
        messages = [
            {"type": "http.request", "body": body[i : i + 1000], "more_body": i + 1000 < len(body)}
            for i in range(0, len(body), 1000)
        ]
        sent: list[dict[str, Any]] = []

        async def receive() -> dict[str, Any]:
            return messages.pop(0) if messages else {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        auth = admin_headers["Authorization"].encode()
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "POST",
            "scheme": "http",
            "path": "/v1/articles",
            "raw_path": b"/v1/articles",
            "root_path": "",
            "query_string": b"extract=false",
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", b"100"),
                (b"authorization", auth),
            ],
            "client": ("127.0.0.1", 1234),
            "server": ("test", 80),
            "state": {},
        }
        await app(scope, receive, send)
        (start,) = [m for m in sent if m["type"] == "http.response.start"]
        assert start["status"] == 413
        body_out = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
        assert json.loads(body_out)["status"] == 413
        assert (await client.get("/v1/articles")).json()["items"] == []


async def test_paragraph_caps(make_app: MakeApp, admin_headers: dict[str, str]) -> None:
    async with make_app(max_paragraphs=3, max_paragraph_chars=100) as served:
        client = served.client

        async def post(body: dict[str, Any]) -> httpx.Response:
            return await client.post("/v1/articles?extract=false", json=body, headers=admin_headers)

        assert_problem(await post({"paragraphs": ["One.", "Two.", "Three.", "Four."]}), 422)
        assert_problem(await post({"text": "One.\n\nTwo.\n\nThree.\n\nFour."}), 422)
        assert_problem(await post({"paragraphs": ["x" * 101]}), 422)
        assert_problem(await post({"text": "y" * 101}), 422)
        assert (await client.get("/v1/articles")).json()["items"] == []
        assert (await post({"paragraphs": ["One.", "Two.", "z" * 100]})).status_code == 201


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles?limit=201",
        "/v1/articles?limit=0",
        "/v1/articles?limit=-1",
        "/v1/articles?limit=100000000000000000000000000000",
        "/v1/entities?limit=1e3",
        "/v1/commitments?target_year=100000000000000000000",
        "/v1/commitments?target_year=-2035",
        "/v1/commitments?target_year=2035.5",
        "/v1/commitments?article_id=0",
        "/v1/events?article_id=9223372036854775808",
        "/v1/events?entity_id=-1",
        "/v1/entities/1/commitments?limit=201",
        "/v1/entities/0/events",
        "/v1/paragraphs/-1",
        "/v1/paragraphs/9223372036854775808",
        "/v1/search?q=a&limit=1000",
        "/v1/articles?since=0.5",
        "/v1/events?until=0",
    ],
)
async def test_numbers_out_of_range_are_422(client: httpx.AsyncClient, path: str) -> None:
    assert_problem(await client.get(path), 422)


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles?q=a%00b",
        "/v1/articles?source=%00",
        "/v1/articles?q=bell%07",
        "/v1/entities?q=%00",
        "/v1/events?type=meet%00ing",
        "/v1/commitments?q=%1b%5b31m",
        "/v1/search?q=%00",
        "/v1/search?q=defense%7f",
        "/v1/articles?cursor=%00",
        "/?q=a%00b",  # the explorer's search box
        "/commitments?q=%00",
    ],
)
async def test_control_characters_in_query_are_422(client: httpx.AsyncClient, path: str) -> None:
    problem = assert_problem(await client.get(path), 422)
    assert problem["errors"][0]["loc"][0] == "query"


async def test_write_rate_limit_per_key(
    make_app: MakeApp, admin_headers: dict[str, str], make_key: MakeKey
) -> None:
    now = [0.0]
    async with make_app(write_rate_per_minute=60, write_rate_burst=3) as served:
        client = served.client
        served.app.state.write_limiter = TokenBuckets(60, 3, clock=lambda: now[0])

        async def post(n: int, headers: dict[str, str]) -> httpx.Response:
            body = {"paragraphs": [f"Reliant Epsilon pledged {n}."]}
            return await client.post("/v1/articles?extract=false", json=body, headers=headers)

        assert [(await post(n, admin_headers)).status_code for n in range(3)] == [201] * 3
        limited = await post(3, admin_headers)
        problem = assert_problem(limited, 429)
        assert int(limited.headers["retry-after"]) >= 1
        assert problem["type"].endswith("rate-limited")
        # Nothing was stored for the refused post; reads and other keys are not limited.
        assert len((await client.get("/v1/articles")).json()["items"]) == 3
        other = await make_key("ingest")
        assert (await post(4, other)).status_code == 201

        now[0] += 1.0  # one token a second comes back
        assert (await post(5, admin_headers)).status_code == 201
        assert_problem(await post(6, admin_headers), 429)


async def test_rate_limit_is_off_by_default(settings: Settings) -> None:
    assert settings.write_rate_per_minute == 0
    buckets = TokenBuckets(settings.write_rate_per_minute, settings.write_rate_burst)
    assert all(buckets.take("key") is None for _ in range(1000))


def _pledge(**commitment: Any) -> dict[str, Any]:
    cite = {"paragraph_index": 0, "quote": "Reliant Delta pledged aid."}
    fact = {"actor": {"name": "Reliant Delta"}, "metric": "aid", "citations": [cite], **commitment}
    return {
        "paragraphs": ["Reliant Delta pledged aid."],
        "facts": {"entities": [], "events": [], "commitments": [fact]},
    }


@pytest.mark.parametrize(
    ("body", "loc", "message"),
    [
        (
            {"paragraphs": ["Reliant Delta pledged aid."], "title": "T" * 1001},
            ["body", "title"],
            "String should have at most 1000 characters",
        ),
        (
            _pledge(metric="m" * 301),
            ["body", "facts", "commitments", 0, "metric"],
            "String should have at most 300 characters",
        ),
        (
            _pledge(citations=[{"paragraph_index": 0, "quote": ""}]),
            ["body", "facts", "commitments", 0, "citations", 0, "quote"],
            "String should have at least 1 character",
        ),
        (
            _pledge(metric="aid\x07"),
            ["body", "facts", "commitments", 0, "metric"],
            "control characters",
        ),
    ],
)
async def test_text_fields_say_their_limits_in_characters(
    client: httpx.AsyncClient,
    admin_headers: dict[str, str],
    body: dict[str, Any],
    loc: list[str | int],
    message: str,
) -> None:
    # A string's limits are in characters (not "items"), and its field is named; a
    # bulk line is refused with the same error as a single post.
    single = assert_problem(
        await client.post("/v1/articles?extract=false", json=body, headers=admin_headers), 422
    )
    bulk = await client.post(
        "/v1/articles/bulk?extract=false",
        content=json.dumps(body).encode() + b"\n",
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    line = json.loads(bulk.text)
    assert line["status"] == 422
    assert [e["loc"] for e in single["errors"]] == [loc]
    assert line["problem"]["errors"] == single["errors"]
    assert line["problem"]["detail"] == single["detail"]
    for errors in (single["errors"], line["problem"]["errors"]):
        assert message in errors[0]["msg"]
        assert "item" not in errors[0]["msg"]


@pytest.mark.parametrize(
    ("path", "params", "message"),
    [
        ("/v1/articles", {"cursor": "x" * 513}, "String should have at most 512 characters"),
        ("/v1/articles", {"source": "x" * 201}, "String should have at most 200 characters"),
        ("/v1/articles", {"q": ""}, "String should have at least 1 character"),
        ("/v1/events", {"type": "x" * 41}, "String should have at most 40 characters"),
        ("/v1/claims", {"type": "x" * 41}, "String should have at most 40 characters"),
        ("/v1/entities", {"q": "x" * 201}, "String should have at most 200 characters"),
        ("/v1/commitments", {"q": "x" * 501}, "String should have at most 500 characters"),
        ("/v1/search", {"q": "x" * 501}, "String should have at most 500 characters"),
        # The explorer's search boxes.
        ("/", {"q": "x" * 201}, "String should have at most 200 characters"),
        ("/commitments", {"q": "x" * 201}, "String should have at most 200 characters"),
    ],
)
async def test_query_text_says_its_limits_in_characters(
    client: httpx.AsyncClient, path: str, params: dict[str, str], message: str
) -> None:
    problem = assert_problem(await client.get(path, params=params), 422)
    [error] = problem["errors"]
    assert error["loc"] == ["query", *params]
    assert error["msg"] == message
