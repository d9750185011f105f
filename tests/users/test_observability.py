"""Prometheus metrics, request ids, and one JSON log line per request."""

from __future__ import annotations

import json
import logging
import time

import httpx
import pytest
from prometheus_client import REGISTRY

from app.observability.logs import JsonFormatter
from tests.users.conftest import LiveServer, unique_article


def _sample(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


async def test_metrics_count_requests_by_route_template(client: httpx.AsyncClient) -> None:
    labels = {"method": "GET", "route": "/v1/entities/{entity_id}", "status": "404"}
    before = _sample("factstore_http_request_duration_seconds_count", **labels)
    for entity_id in (123456781, 123456782):
        await client.get(f"/v1/entities/{entity_id}")
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert _sample("factstore_http_request_duration_seconds_count", **labels) == before + 2
    buckets = [
        line
        for line in response.text.splitlines()
        if line.startswith("factstore_http_request_duration_seconds_bucket")
        and 'method="GET",route="/v1/entities/{entity_id}",status="404"' in line
    ]
    assert buckets and buckets[-1].startswith(
        'factstore_http_request_duration_seconds_bucket{le="+Inf"'
    )
    assert "/v1/entities/123456781" not in response.text


async def test_ingest_outcomes_are_counted(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    def counts() -> list[float]:
        return [
            _sample("factstore_ingested_articles_total", outcome=o)
            for o in ("new", "revised", "unchanged", "rejected")
        ]

    before = counts()
    article = unique_article()
    changed = {**article, "paragraphs": ["A changed text.", "Ministers met in Brussels."]}
    bad = {**unique_article(), "facts": {"commitments": [{"metric": "m", "citations": []}]}}
    for body in (article, article, changed, bad):
        await client.post(
            "/v1/articles", params={"extract": "false"}, json=body, headers=admin_headers
        )
    lines = b'{"paragraphs": ["x"]}\n{"text": ""}\n'
    await client.post(
        "/v1/articles/bulk",
        params={"extract": "false"},
        content=lines,
        headers={**admin_headers, "Content-Type": "application/x-ndjson"},
    )
    after = counts()
    assert [a - b for a, b in zip(after, before, strict=True)] == [2, 1, 1, 1]


async def test_extraction_is_timed_and_its_facts_counted(
    client: httpx.AsyncClient, admin_headers: dict[str, str]
) -> None:
    before_time = _sample("factstore_extraction_duration_seconds_count")
    before_facts = _sample("factstore_extracted_facts_total", kind="commitment")
    text = "NATO members agreed to raise defense spending from 2% to 5% of GDP by 2035."
    response = await client.post(
        "/v1/articles", params={"extract": "true"}, json={"text": text}, headers=admin_headers
    )
    found = len(response.json()["facts"]["commitments"])
    assert found >= 1
    assert _sample("factstore_extraction_duration_seconds_count") == before_time + 1
    assert _sample("factstore_extracted_facts_total", kind="commitment") == before_facts + found


async def test_request_id_is_echoed_or_made(client: httpx.AsyncClient) -> None:
    echoed = await client.get("/healthz", headers={"X-Request-ID": "ingest-run-42.7"})
    assert echoed.headers["X-Request-ID"] == "ingest-run-42.7"
    made = await client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    assert made.headers["X-Request-ID"] != "bad id\twith spaces"
    assert len(made.headers["X-Request-ID"]) == 32
    other = await client.get("/healthz")
    assert other.headers["X-Request-ID"] != made.headers["X-Request-ID"]
    problem = await client.get("/v1/nowhere")
    assert problem.status_code == 404 and problem.headers["X-Request-ID"]


async def test_one_json_access_line_per_request(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.INFO, logger="factstore.access"):
        response = await client.get("/v1/events/77", headers={"X-Request-ID": "abc-123"})
    records = [r for r in caplog.records if r.name == "factstore.access"]
    assert len(records) == 1
    line = JsonFormatter().format(records[0])
    assert "\n" not in line
    entry = json.loads(line)
    assert entry["request_id"] == "abc-123" == response.headers["X-Request-ID"]
    assert entry["method"] == "GET"
    assert entry["route"] == "/v1/events/{event_id}"
    assert entry["status"] == 404
    assert entry["duration_ms"] >= 0
    assert entry["level"] == "info"


def test_the_server_logs_json_lines(live_server: LiveServer) -> None:
    response = httpx.get(f"{live_server.url}/v1/commitments", headers={"X-Request-ID": "live-1"})
    assert response.headers["X-Request-ID"] == "live-1"
    mine: list[dict[str, object]] = []
    deadline = time.monotonic() + 5  # the line is written just after the answer is sent
    while not mine and time.monotonic() < deadline:
        lines = live_server.log.read_text().splitlines()
        entries = [json.loads(line) for line in lines if line.startswith("{")]
        mine = [e for e in entries if e.get("request_id") == "live-1"]
        time.sleep(0.05)
    assert len(mine) == 1
    assert mine[0]["route"] == "/v1/commitments" and mine[0]["status"] == 200
