"""`factstore ingest` and `factstore export`, against a real server and the local store."""

from __future__ import annotations

import csv
import io
import json
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from app.client import FactstoreClient
from app.core.config import get_settings
from tests.fixtures.app import ADMIN_KEY
from tests.users.conftest import LiveServer, live_env, unique_article

runner = CliRunner()


def _corpus(root: Path) -> str:
    """A directory tree of each supported file type; returns the run's unique token."""
    token = uuid.uuid4().hex[:10]
    (root / "nested" / "deeper").mkdir(parents=True)
    (root / "a.txt").write_text(f"Plain {token} text.\nSecond line of a.\n")
    (root / "nested" / "b.md").write_text(f"# Heading {token}\n\nMarkdown body of b, {token}.\n")
    (root / "nested" / "c.html").write_text(
        f"<html><head><title>C {token}</title></head><body><article>"
        f"<p>The body of page c, {token}, is long enough to be taken as the article text "
        "by the HTML extraction of the server.</p></article></body></html>"
    )
    (root / "nested" / "deeper" / "d.json").write_text(
        json.dumps([unique_article(), unique_article()])
    )
    lines = [json.dumps(unique_article()), json.dumps({"url": "https://x.example/e", "text": ""})]
    (root / "e.ndjson").write_text("\n".join(lines) + "\n")
    (root / "notes.csv").write_text("ignored in a directory\n")
    (root / ".hidden.txt").write_text("hidden files are skipped")
    return token


def _outcomes(output: str) -> dict[str, str]:
    """file -> outcome, from the final table's rows."""
    rows = {}
    for line in output.splitlines():
        cells = [c.strip() for c in line.strip("│┃ ").split("│")]
        if len(cells) >= 2 and cells[1] in {"new", "revised", "unchanged", "rejected"}:
            rows[cells[0]] = cells[1]
    return rows


@pytest.mark.parametrize(
    "batching",
    [[], ["--batch-size", "2", "--concurrency", "3"]],
    ids=["one-request", "small-batches-in-flight"],
)
def test_ingest_a_tree_to_a_server(
    live_server: LiveServer, tmp_path: Path, batching: list[str]
) -> None:
    """Each file gets its own outcome, also when batches are posted concurrently."""
    token = _corpus(tmp_path)
    args = ["ingest", str(tmp_path), "--api", live_server.url, "--key", ADMIN_KEY, *batching]
    result = runner.invoke(app, [*args, "--no-extract"], env={"COLUMNS": "250"})
    assert result.exit_code == 1, result.output  # the blank-text line of e.ndjson
    outcomes = _outcomes(result.output)
    assert outcomes == {
        f"{tmp_path}/a.txt": "new",
        f"{tmp_path}/e.ndjson:1": "new",
        f"{tmp_path}/e.ndjson:2": "rejected",
        f"{tmp_path}/nested/b.md": "new",
        f"{tmp_path}/nested/c.html": "new",
        f"{tmp_path}/nested/deeper/d.json[0]": "new",
        f"{tmp_path}/nested/deeper/d.json[1]": "new",
    }
    assert "text" in result.output.split("rejected", 2)[-1]  # the reason names the field
    with FactstoreClient(live_server.url) as fs:
        hits = list(fs.iter_search(token))
    assert {h.article.title for h in hits if h.article.title} >= {f"C {token}"}

    (tmp_path / "e.ndjson").unlink()
    (tmp_path / "a.txt").write_text(f"Plain {token} text.\nSecond line of a.\n")
    again = runner.invoke(app, [*args, "--no-extract"], env={"COLUMNS": "250"})
    assert again.exit_code == 0, again.output
    assert set(_outcomes(again.output).values()) == {"unchanged"}


def test_a_changed_json_article_is_revised(live_server: LiveServer, tmp_path: Path) -> None:
    article = unique_article()
    path = tmp_path / "story.json"
    path.write_text(json.dumps(article))
    args = ["ingest", str(path), "--api", live_server.url, "--key", ADMIN_KEY, "--no-extract"]
    assert runner.invoke(app, args).exit_code == 0
    path.write_text(json.dumps({**article, "paragraphs": ["An update.", "More."]}))
    result = runner.invoke(app, args, env={"COLUMNS": "250"})
    assert result.exit_code == 0
    assert _outcomes(result.output) == {str(path): "revised"}


def test_rejected_files_give_a_non_zero_exit(live_server: LiveServer, tmp_path: Path) -> None:
    (tmp_path / "broken.json").write_text("{not json")
    (tmp_path / "list.json").write_text("[1]")
    (tmp_path / "data.csv").write_text("a,b\n")
    result = runner.invoke(
        app,
        [
            "ingest",
            str(tmp_path / "broken.json"),
            str(tmp_path / "list.json"),
            str(tmp_path / "data.csv"),
            "--api",
            live_server.url,
            "--key",
            ADMIN_KEY,
        ],
        env={"COLUMNS": "250"},
    )
    assert result.exit_code == 1
    assert set(_outcomes(result.output).values()) == {"rejected"}
    assert "invalid JSON" in result.output
    assert "not a JSON object" in result.output
    assert "unsupported file type .csv" in result.output


def test_a_wrong_key_fails_the_whole_run(live_server: LiveServer, tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("Some text.\n")
    result = runner.invoke(
        app, ["ingest", str(tmp_path), "--api", live_server.url, "--key", "x" * 30]
    )
    assert result.exit_code == 2
    assert "401" in result.output


@pytest.fixture
def local_store(live_server: LiveServer, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Point the CLI's settings at the live database, as a user's DATABASE_URL would."""
    for name, value in live_env(live_server.database_url).items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


@pytest.mark.usefixtures("local_store")
def test_ingest_into_the_local_store_then_export(live_server: LiveServer, tmp_path: Path) -> None:
    article = unique_article(
        paragraphs=["Japan will invest $550 billion in the United States by 2029."],
        facts={
            "commitments": [
                {
                    "actor": {"name": "Japan"},
                    "metric": 'investment, "in the US"',
                    "amount": {"value": 550e9, "currency": "USD"},
                    "target_year": 2029,
                    "citations": [{"paragraph_index": 0, "quote": "invest $550 billion"}],
                }
            ]
        },
    )
    (tmp_path / "japan.json").write_text(json.dumps(article))
    result = runner.invoke(app, ["ingest", str(tmp_path)])
    assert result.exit_code == 0, result.output
    with FactstoreClient(live_server.url) as fs:  # the server sees what the CLI stored
        assert any(c.metric == 'investment, "in the US"' for c in fs.iter_commitments(q="Japan"))

    out = tmp_path / "commitments.csv"
    exported = runner.invoke(app, ["export", "--kind", "commitments", "--output", str(out)])
    assert exported.exit_code == 0, exported.output
    rows = list(csv.DictReader(io.StringIO(out.read_text())))
    japan = [r for r in rows if r["metric"] == 'investment, "in the US"']
    assert len(japan) == 1
    assert float(japan[0]["amount.value"]) == 550_000_000_000
    assert japan[0]["amount.currency"] == "USD"
    assert japan[0]["target_year"] == "2029"


def test_export_to_stdout(live_server: LiveServer) -> None:
    result = runner.invoke(
        app, ["export", "--kind", "entities", "--format", "ndjson", "--api", live_server.url]
    )
    assert result.exit_code == 0
    ids = [json.loads(line)["id"] for line in result.stdout.splitlines()]
    with FactstoreClient(live_server.url) as fs:
        assert ids == [e.id for e in fs.iter_entities()]


def test_client_export_joins_csv_pages_under_one_header(live_client: FactstoreClient) -> None:
    live_client.post_bulk([unique_article() for _ in range(3)], extract=False)
    exported = b"".join(live_client.export("articles", "csv", limit=2)).decode()
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [int(r["id"]) for r in rows] == [a.id for a in live_client.iter_articles()]
    assert len(rows) >= 3


@pytest.mark.usefixtures("local_store")
def test_claims_rebuild_gives_the_same_claims(live_server: LiveServer) -> None:
    token = uuid.uuid4().hex[:8]
    metric = f"aid to Sudan {token}"
    told = {
        "www.vg.no": "Norway pledged 3 billion kroner in aid to Sudan by 2027.",
        "www.nrk.no": "By 2027 Norway will give Sudan aid worth 3 billion kroner, it said.",
    }
    with FactstoreClient(live_server.url, api_key=ADMIN_KEY) as fs:
        for host, paragraph in told.items():
            quote = "3 billion kroner"
            fs.post_article(
                {
                    "url": f"https://{host}/{token}",
                    "paragraphs": [paragraph],
                    "facts": {
                        "commitments": [
                            {
                                "actor": {"name": "Norway"},
                                "metric": metric,
                                "amount": {"value": 3e9, "currency": "NOK"},
                                "target_year": 2027,
                                "citations": [{"paragraph_index": 0, "quote": quote}],
                            }
                        ]
                    },
                },
                extract=False,
            )

    def claims() -> list[tuple[int, int, int]]:
        with FactstoreClient(live_server.url) as fs:
            return [
                (c.id, c.statement_count, c.source_count)
                for c in fs.iter_claims(kind="commitment", currency="NOK")
                if c.metric == metric
            ]

    before = claims()
    assert [(n, s) for _, n, s in before] == [(2, 2)]
    result = runner.invoke(app, ["claims", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "rebuilt the claims of" in result.output
    assert claims() == before
