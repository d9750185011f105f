"""The Python client depends on the API's schemas only: importing it loads neither
the web framework, nor the database drivers, nor the extractor, nor any route.

The check runs in a fresh interpreter whose import system refuses the server's
modules, so anything the client pulls in by the way fails loudly there.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

BLOCKER = textwrap.dedent(
    """
    import sys
    from importlib.abc import MetaPathFinder

    REFUSED = {
        "fastapi", "starlette", "sqlalchemy", "asyncpg", "psycopg", "procrastinate",
        "alembic", "spacy", "trafilatura", "jinja2", "uvicorn", "app.main", "app.cli",
    }
    REFUSED_PARTS = {"endpoints", "repository", "service", "documents", "tasks", "db"}

    class Refuse(MetaPathFinder):
        def find_spec(self, name, path=None, target=None):
            parts = name.split(".")
            if parts[0] in REFUSED or name in REFUSED:
                raise ImportError(f"the client imported {name}")
            if parts[0] == "app" and REFUSED_PARTS & set(parts[1:]):
                raise ImportError(f"the client imported {name}")
            return None

    sys.meta_path.insert(0, Refuse())
    """
)

USE_THE_CLIENT = textwrap.dedent(
    """
    import json
    import httpx
    from app.client import FactstoreClient, ProblemError

    def answer(request):
        if request.url.path == "/v1/entities/3":
            return httpx.Response(200, json={
                "id": 3, "name": "NATO", "type": "organization", "aliases": [],
                "mention_count": 2, "article_count": 1,
            })
        return httpx.Response(404, json={
            "type": "/problems/not-found", "title": "Not Found", "status": 404,
            "detail": "entity 4 does not exist",
        }, headers={"content-type": "application/problem+json"})

    with FactstoreClient("http://factstore.test", transport=httpx.MockTransport(answer)) as fs:
        entity = fs.get_entity(3)
        try:
            fs.get_entity(4)
        except ProblemError as error:
            problem = error.problem.detail
    print(json.dumps({"name": entity.name, "type": entity.type, "problem": problem}))
    """
)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_the_client_works_with_the_server_modules_refused() -> None:
    result = _run(BLOCKER + USE_THE_CLIENT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == (
        '{"name": "NATO", "type": "organization", "problem": "entity 4 does not exist"}'
    )


def test_the_refusal_catches_a_server_import() -> None:
    """The blocker is not a no-op: importing a route module under it fails."""
    result = _run(BLOCKER + "import app.entities.endpoints\n")
    assert result.returncode != 0
    assert "the client imported" in result.stderr
