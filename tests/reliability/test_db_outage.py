"""PostgreSQL dies under load and comes back: 503s meanwhile, recovery without a restart,
and nothing that was acknowledged is lost.

A throw-away cluster of our own (never the machine's server) and a real
`factstore serve`; a client thread keeps writing and reading throughout.
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.core.migrate import upgrade
from tests.reliability.conftest import URL_PREFIX
from tests.reliability.processes import PG_BIN, PgCluster, Server, wait_until

pytestmark = pytest.mark.slow  # a PostgreSQL cluster of its own, stopped and started

KEY = "outage-admin-key-0123456789abcdef"
DOWN_SECONDS = 2.0


@dataclass
class Outcome:
    at: float
    kind: str  # "post", "read", "search" or "ready"
    status: int | None  # None: no HTTP answer at all
    url: str | None = None
    content_type: str = ""
    retry_after: str | None = None


class Load(threading.Thread):
    """Posts new articles, reads a list and searches until stopped, noting every outcome."""

    def __init__(self, base_url: str) -> None:
        super().__init__(daemon=True)
        self.base_url = base_url
        self.outcomes: list[Outcome] = []
        self.stopping = threading.Event()

    def run(self) -> None:
        headers = {"Authorization": f"Bearer {KEY}"}
        with httpx.Client(base_url=self.base_url, headers=headers, timeout=15) as client:
            n = 0
            while not self.stopping.is_set():
                n += 1
                url = f"{URL_PREFIX}outage/{n}"
                body = {"url": url, "paragraphs": [f"Reliant Eta pledged {n}.", f"Part {n}."]}
                self._note("post", url, client.post, "/v1/articles?extract=false", json=body)
                self._note("read", None, client.get, "/v1/articles?limit=5")
                self._note("search", None, client.get, "/v1/search?q=pledged")
                self._note("ready", None, client.get, "/readyz")

    def _note(self, kind: str, url: str | None, call: Any, *args: Any, **kwargs: Any) -> None:
        try:
            response: httpx.Response = call(*args, **kwargs)
        except httpx.HTTPError:
            self.outcomes.append(Outcome(time.monotonic(), kind, None, url))
            return
        self.outcomes.append(
            Outcome(
                time.monotonic(),
                kind,
                response.status_code,
                url,
                response.headers.get("content-type", ""),
                response.headers.get("retry-after"),
            )
        )


def _psql(cluster: PgCluster, database: str, sql: str) -> str:
    return subprocess.run(
        [
            PG_BIN / "psql",
            "-h",
            "127.0.0.1",
            "-p",
            str(cluster.port),
            "-U",
            "postgres",
            "-d",
            database,
            "-At",
            "-c",
            sql,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


@pytest.fixture
def cluster_dir() -> Iterator[Path]:
    """The cluster's directory, outside pytest's temporary root: when the tests run as
    root the cluster runs as another user, who must be able to reach it, and pytest
    makes that root owner-only again whenever a run or an xdist worker starts."""
    with tempfile.TemporaryDirectory(prefix="factstore-outage-") as directory:
        yield Path(directory)


def test_database_outage_503s_then_recovers_without_restart(
    cluster_dir: Path, tmp_path: Path
) -> None:
    cluster = PgCluster(cluster_dir)
    cluster.start()
    server = Server(
        cluster.database_url("factstore"),
        tmp_path / "serve.log",
        FACTSTORE_ADMIN_KEY=KEY,
        FACTSTORE_EXTRACT_DEFAULT="0",
        FACTSTORE_DB_POOL_TIMEOUT="3",
    )
    try:
        _psql(cluster, "postgres", "CREATE DATABASE factstore")
        upgrade(cluster.database_url("factstore"))
        server.start()
        assert server.process is not None
        pid = server.process.pid

        load = Load(server.url)
        load.start()
        time.sleep(1.0)
        cluster.stop("immediate")  # as if the database machine lost power
        stopped_at = time.monotonic()
        time.sleep(DOWN_SECONDS)
        cluster.start()
        restarted_at = time.monotonic()

        def served_again() -> bool:
            return any(
                o.kind == "post" and o.status == 201 and o.at > restarted_at
                for o in list(load.outcomes)
            )

        wait_until(served_again, 60, "a successful write after the database came back")
        recovered_at = next(
            o.at
            for o in list(load.outcomes)
            if o.kind == "post" and o.status == 201 and o.at > restarted_at
        )
        time.sleep(0.5)
        load.stopping.set()
        load.join(30)
        print(
            f"\ndatabase down {restarted_at - stopped_at:.1f} s; first write served"
            f" {recovered_at - restarted_at:.2f} s after it came back; "
            f"{len(load.outcomes)} requests"
        )

        # Every request got an answer: success, or 503 problem with Retry-After. No 500.
        outcomes = load.outcomes
        assert all(o.status is not None for o in outcomes), "a request got no answer"
        assert {o.status for o in outcomes} <= {200, 201, 503}, {o.status for o in outcomes}
        unavailable = [o for o in outcomes if o.status == 503]
        assert unavailable, "the outage was not noticed"
        for o in unavailable:
            assert o.content_type.startswith("application/problem+json")
            assert o.retry_after is not None and int(o.retry_after) > 0
        assert any(o.kind == "ready" and o.status == 503 for o in outcomes)
        assert any(o.kind == "ready" and o.status == 200 and o.at > recovered_at for o in outcomes)
        # Search runs its statement on the driver itself: it too noticed, and came back.
        assert any(o.kind == "search" and o.status == 503 for o in outcomes)
        assert any(o.kind == "search" and o.status == 200 and o.at > recovered_at for o in outcomes)
        # The same process served before and after: no restart was needed.
        assert server.process.poll() is None and server.process.pid == pid

        # Nothing acknowledged was lost, and nothing is stored twice or half.
        acknowledged = {o.url for o in outcomes if o.kind == "post" and o.status == 201}
        rows = _psql(
            cluster,
            "factstore",
            "SELECT a.url || ' ' || count(p.id) FROM articles a"
            " JOIN paragraphs p ON p.article_id = a.id GROUP BY a.url",
        ).split()
        stored = dict(zip(rows[::2], rows[1::2], strict=True))
        assert acknowledged <= set(stored)
        assert set(stored.values()) == {"2"}
    finally:
        server.stop()
        cluster.stop("immediate")
