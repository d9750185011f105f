"""Every error path: keys and scopes, routing, validation, idempotency."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from tests.api.support import MakeKey, PostArticle, assert_problem
from tests.fixtures.app import MakeApp

BODY = {"paragraphs": ["Alpha pledged aid."]}


async def _post(
    client: httpx.AsyncClient, headers: dict[str, str] | None, body: Any = BODY
) -> httpx.Response:
    return await client.post("/v1/articles?extract=false", json=body, headers=headers or {})


async def test_post_without_key_is_401(client: httpx.AsyncClient) -> None:
    response = await _post(client, None)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].lower().startswith("bearer")
    assert (await client.get("/v1/articles")).json()["items"] == []


async def test_post_with_unknown_key_is_401(client: httpx.AsyncClient) -> None:
    assert_problem(await _post(client, {"Authorization": "Bearer fs_not-a-real-key"}), 401)
    assert_problem(await _post(client, {"Authorization": "Basic dXNlcjpwYXNz"}), 401)
    assert (await client.get("/v1/articles")).json()["items"] == []


async def test_scopes(client: httpx.AsyncClient, make_key: MakeKey) -> None:
    reader = await make_key("read")
    assert_problem(await _post(client, reader), 403)
    assert (await client.get("/v1/articles")).json()["items"] == []

    ingester = await make_key("ingest")
    created = await _post(client, ingester)
    assert created.status_code == 201, created.text
    article_id = created.json()["id"]

    # Deleting needs admin.
    assert_problem(await client.delete(f"/v1/articles/{article_id}", headers=ingester), 403)
    assert_problem(await client.delete(f"/v1/articles/{article_id}"), 401)
    assert (await client.get(f"/v1/articles/{article_id}")).status_code == 200

    admin = await make_key("admin")
    assert (await client.delete(f"/v1/articles/{article_id}", headers=admin)).status_code == 204


@pytest.fixture
async def strict_client(make_app: MakeApp) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app that requires a `read` key for reads."""
    async with make_app(require_read_key=True) as served:
        yield served.client


READ_PATHS = (
    "/v1/articles",
    "/v1/entities",
    "/v1/events",
    "/v1/commitments",
    "/v1/search?q=alpha",
)


async def test_require_read_key(
    strict_client: httpx.AsyncClient, client: httpx.AsyncClient, make_key: MakeKey
) -> None:
    reader = await make_key("read")
    ingester = await make_key("ingest")
    created = await _post(strict_client, ingester)
    assert created.status_code == 201
    paragraph_id = created.json()["paragraphs"][0]["id"]
    paths = (*READ_PATHS, f"/v1/articles/{created.json()['id']}", f"/v1/paragraphs/{paragraph_id}")
    for path in paths:
        assert_problem(await strict_client.get(path), 401)
        assert_problem(await strict_client.get(path, headers={"Authorization": "Bearer nope"}), 401)
        assert_problem(await strict_client.get(path, headers=ingester), 403)
        assert (await strict_client.get(path, headers=reader)).status_code == 200, path
        # The default app keeps reads open.
        assert (await client.get(path)).status_code == 200, path
    # Probes stay open.
    assert (await strict_client.get("/healthz")).status_code == 200
    assert (await strict_client.get("/readyz")).status_code == 200


async def test_unknown_route_is_404_problem(client: httpx.AsyncClient) -> None:
    problem = assert_problem(await client.get("/v1/nothing-here"), 404)
    assert "/v1/nothing-here" in problem["detail"]
    assert_problem(await client.get("/nowhere"), 404)


async def test_wrong_method_is_405_problem(client: httpx.AsyncClient) -> None:
    response = await client.put("/v1/articles", json=BODY)
    assert_problem(response, 405)
    assert "POST" in response.headers.get("allow", "")
    assert_problem(await client.post("/v1/entities"), 405)


async def test_invalid_json_body_is_422_with_errors(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/articles?extract=false",
        content=b'{"text": "unterminated',
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    problem = assert_problem(response, 422)
    assert problem["errors"]
    assert problem["errors"][0]["loc"][0] == "body"
    not_object = await _post(client, admin_headers, body=["a list"])
    assert assert_problem(not_object, 422)["errors"]
    empty = await client.post(
        "/v1/articles?extract=false",
        content=b"",
        headers={**admin_headers, "Content-Type": "application/json"},
    )
    assert assert_problem(empty, 422)["errors"]


@pytest.mark.parametrize(
    "body",
    [
        {"text": "Body.", "paragraphs": ["Body."]},
        {"text": "Body.", "html": "<p>Body.</p>"},
        {},
        {"title": "No body"},
        {"text": ""},
        {"paragraphs": []},
        {"text": "NUL \x00 byte"},
        {"paragraphs": ["fine", "bell \x07"]},
        {"text": "Body.", "title": "NUL \x00"},
        {"text": "Body.", "url": "not a url"},
        {"text": "Body.", "url": "ftp://example.com/a"},
        {"text": "Body.", "published_at": "last Tuesday"},
        {"text": "Body.", "language": "english!"},
        {"text": "Body.", "unknown_field": 1},
        {"text": 42},
    ],
)
async def test_invalid_bodies_are_422(
    client: httpx.AsyncClient, admin_headers: dict[str, str], body: dict[str, Any]
) -> None:
    problem = assert_problem(await _post(client, admin_headers, body=body), 422)
    assert problem["errors"]
    for error in problem["errors"]:
        assert set(error) == {"loc", "msg", "type"}
    assert (await client.get("/v1/articles")).json()["items"] == []


async def test_validation_error_does_not_echo_input(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    secret = "s3cr3t-value-that-must-not-be-echoed"
    response = await _post(client, admin_headers, body={"text": 5, "title": {"x": secret}})
    assert_problem(response, 422)
    assert secret not in response.text


@pytest.mark.parametrize(
    "path",
    [
        "/v1/articles/99999999999999999999",
        "/v1/articles/99999999999999999999/facts",
        "/v1/articles/0",
        "/v1/articles/-5",
        "/v1/articles/abc",
        "/v1/paragraphs/99999999999999999999",
        "/v1/entities/99999999999999999999",
        "/v1/entities/99999999999999999999/mentions",
        "/v1/events/99999999999999999999",
        "/v1/commitments/9223372036854775808",
        "/v1/articles?entity_id=99999999999999999999",
        "/v1/events?entity_id=99999999999999999999",
        "/v1/commitments?actor_id=99999999999999999999",
        "/v1/articles?since=not-a-date",
        "/v1/events?until=2025-02-30",
    ],
)
async def test_out_of_range_ids_and_bad_queries_are_422(
    client: httpx.AsyncClient, path: str
) -> None:
    assert_problem(await client.get(path), 422)


async def test_largest_id_is_a_plain_404(client: httpx.AsyncClient) -> None:
    assert_problem(await client.get("/v1/articles/9223372036854775807"), 404)


async def test_delete_huge_id_is_422_and_missing_is_404(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    huge = await client.delete("/v1/articles/99999999999999999999", headers=admin_headers)
    assert_problem(huge, 422)
    assert_problem(await client.delete("/v1/articles/123456789", headers=admin_headers), 404)


async def test_idempotency_key_replays_the_first_answer(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    headers = {**admin_headers, "Idempotency-Key": "key-0001"}
    first = await _post(client, headers)
    assert first.status_code == 201, first.text
    retry = await _post(client, headers)
    assert retry.status_code == 201
    assert retry.json() == first.json()
    assert retry.headers["location"] == first.headers["location"]

    # Without the key the same post is a plain repeat: 200.
    plain = await _post(client, admin_headers)
    assert plain.status_code == 200
    assert plain.json()["id"] == first.json()["id"]

    # The same key with another body is refused, and nothing is stored.
    other = await _post(client, headers, body={"paragraphs": ["Something else."]})
    assert_problem(other, 422)
    assert len((await client.get("/v1/articles")).json()["items"]) == 1
    # A different query string is another request too.
    other_query = await client.post("/v1/articles?extract=true", json=BODY, headers=headers)
    assert_problem(other_query, 422)


async def test_idempotency_key_is_per_caller(
    client: httpx.AsyncClient, admin_headers: dict[str, str], make_key: MakeKey
) -> None:
    ingester = await make_key("ingest")
    first = await _post(client, {**admin_headers, "Idempotency-Key": "shared"})
    assert first.status_code == 201
    other = await _post(
        client, {**ingester, "Idempotency-Key": "shared"}, body={"paragraphs": ["Other."]}
    )
    assert other.status_code == 201, other.text


async def test_failed_request_does_not_burn_the_idempotency_key(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    headers = {**admin_headers, "Idempotency-Key": "retry-after-fix"}
    bad = {
        "paragraphs": ["Alpha pledged aid."],
        "facts": {
            "entities": [
                {
                    "name": "Beta",
                    "type": "other",
                    "mentions": [{"paragraph_index": 0, "quote": "Beta"}],
                }
            ]
        },
    }
    assert_problem(await _post(client, headers, body=bad), 422)
    # The same request again gets the same answer, not a replay of something stored.
    assert_problem(await _post(client, headers, body=bad), 422)
    assert (await client.get("/v1/articles")).json()["items"] == []


async def test_bad_idempotency_key_is_422(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for key in ("", "has space", "x" * 300):
        response = await _post(client, {**admin_headers, "Idempotency-Key": key})
        assert_problem(response, 422)


async def test_bulk_answers_every_line_in_order(
    client: httpx.AsyncClient, admin_headers: dict[str, str], post_article: PostArticle
) -> None:
    existing = await post_article({"paragraphs": ["Already here."]})
    lines = [
        json.dumps({"paragraphs": ["First new one."]}),
        "{not json",
        json.dumps({"paragraphs": ["Already here."]}),
        "",
        json.dumps(
            {
                "paragraphs": ["Quote missing."],
                "facts": {
                    "events": [
                        {
                            "type": "other",
                            "summary": "s",
                            "citations": [{"paragraph_index": 0, "quote": "absent"}],
                        }
                    ]
                },
            }
        ),
        json.dumps({"paragraphs": ["Last new one."]}),
    ]
    response = await client.post(
        "/v1/articles/bulk?extract=false",
        content="\n".join(lines).encode(),
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    assert response.status_code == 200, response.text
    results = [json.loads(line) for line in response.text.splitlines()]
    assert [(r["line"], r["status"]) for r in results] == [
        (1, 201),
        (2, 422),
        (3, 200),
        (5, 422),
        (6, 201),
    ]
    assert results[2]["article_id"] == existing["id"]
    assert "absent" in json.dumps(results[3]["problem"])
    stored = {a["id"] for a in (await client.get("/v1/articles")).json()["items"]}
    assert stored == {existing["id"], results[0]["article_id"], results[4]["article_id"]}


async def test_bulk_needs_ingest_scope(client: httpx.AsyncClient, make_key: MakeKey) -> None:
    content = json.dumps(BODY).encode()
    assert_problem(await client.post("/v1/articles/bulk", content=content), 401)
    reader = await make_key("read")
    assert_problem(await client.post("/v1/articles/bulk", content=content, headers=reader), 403)
