"""Bulk: every kind of bad line costs only itself; each article is all or nothing."""

from __future__ import annotations

import json
from typing import Any

import httpx
import pytest
from sqlalchemy.exc import OperationalError

from app.articles import bulk, service
from tests.api.support import assert_problem

HEADERS = {"Content-Type": "application/x-ndjson"}


def _article(name: str, **extra: Any) -> dict[str, Any]:
    return {
        "paragraphs": [f"Reliant {name} pledged aid.", f"More about {name}."],
        "facts": {
            "entities": [
                {
                    "name": f"Reliant {name}",
                    "type": "organization",
                    "mentions": [{"paragraph_index": 0, "quote": f"Reliant {name}"}],
                }
            ]
        },
        **extra,
    }


async def _bulk(
    client: httpx.AsyncClient, headers: dict[str, str], lines: list[str]
) -> list[dict[str, Any]]:
    response = await client.post(
        "/v1/articles/bulk?extract=false",
        content="\n".join(lines).encode(),
        headers={**headers, **HEADERS},
    )
    assert response.status_code == 200, response.text
    return [json.loads(line) for line in response.text.splitlines()]


async def _stored_names(client: httpx.AsyncClient) -> set[str]:
    items = (await client.get("/v1/articles", params={"limit": 200})).json()["items"]
    names = set()
    for item in items:
        article = (await client.get(f"/v1/articles/{item['id']}")).json()
        # Every stored article is whole: both paragraphs, and its mention.
        assert len(article["paragraphs"]) == 2
        facts = (await client.get(f"/v1/articles/{item['id']}/facts")).json()
        assert len(facts["entities"]) == 1
        names.add(article["paragraphs"][0]["text"].split()[1])
    return names


async def test_bad_lines_of_every_kind_cost_only_themselves(
    client: httpx.AsyncClient, admin_headers: dict[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    real_write = service.write_article

    async def failing_write(session: Any, prepared: Any, batches: Any) -> Any:
        text = prepared.parsed.paragraphs[0].text
        if "Crash" in text:
            raise RuntimeError("a bug that only this article triggers")
        if "Outage" in text:
            raise OperationalError("INSERT", {}, ConnectionResetError("database went away"))
        return await real_write(session, prepared, batches)

    monkeypatch.setattr(bulk, "write_one", failing_write)

    def store_facts_many_failing(real: Any) -> Any:
        async def store(session: Any, targets: Any, *args: Any) -> Any:
            await real(session, targets, *args)  # paragraphs and facts of the batch are written ...
            if len(targets) > 1:
                raise RuntimeError("... and then the batch fails")  # ... and rolled back

        return store

    monkeypatch.setattr(
        service, "store_facts_many", store_facts_many_failing(service.store_facts_many)
    )

    lines = [
        json.dumps(_article("Alpha")),
        "{not json",
        json.dumps({"paragraphs": "not a list"}),
        json.dumps(
            {
                "paragraphs": ["Reliant Beta pledged aid."],
                "facts": {
                    "events": [
                        {
                            "type": "other",
                            "summary": "s",
                            "citations": [{"paragraph_index": 0, "quote": "absent words"}],
                        }
                    ]
                },
            }
        ),
        json.dumps(_article("Crash")),
        json.dumps(_article("Outage")),
        json.dumps({"text": "NUL \u0000 in text"}),
        json.dumps(_article("Omega")),
    ]
    results = await _bulk(client, admin_headers, lines)
    assert [(r["line"], r["status"]) for r in results] == [
        (1, 201),
        (2, 422),
        (3, 422),
        (4, 422),
        (5, 500),
        (6, 503),
        (7, 422),
        (8, 201),
    ]
    assert "absent words" in json.dumps(results[3]["problem"])
    for result in results[4:6]:
        assert "Traceback" not in json.dumps(result)
        assert result["problem"]["status"] == result["status"]
    # The failed batch was rolled back and its lines written one by one: the two good
    # articles are stored whole, the two that failed not at all.
    assert await _stored_names(client) == {"Alpha", "Omega"}


async def test_empty_bulk_body_is_422(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    for body in (b"", b"\n \n"):
        response = await client.post(
            "/v1/articles/bulk", content=body, headers={**admin_headers, **HEADERS}
        )
        assert_problem(response, 422)
