"""Shared by the end-to-end benchmarks: a real `factstore serve`, and synthetic corpora.

`Server` starts `factstore serve` as a subprocess on a free port, with the
Postgres of `DATABASE_URL` (a fresh database `factstore_bench`, dropped again
afterwards) or, without it, an embedded Postgres in a temporary directory, and an
admin key.  Benchmarks talk to it over HTTP, as clients would.  On a server that
runs no autovacuum, `Server` stands in for it (`Autovacuum`; off with
`FACTSTORE_BENCH_AUTOVACUUM=0`), so that a store measured there keeps statistics and
reclaims dead rows as a deployment's does.
"""

from __future__ import annotations

import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
ADMIN_KEY = "bench-admin-key-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {ADMIN_KEY}"}
BENCH_DATABASE = "factstore_bench"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _server_url(database: str, *, fresh: bool = True) -> str | None:
    """`DATABASE_URL` pointed at a fresh `database` (or, unless `fresh`, at the one
    already there), or None (embedded Postgres)."""
    base = os.environ.get("DATABASE_URL")
    if not base:
        return None
    import psycopg

    plain = base.replace("postgresql+asyncpg://", "postgresql://")
    if fresh:
        with psycopg.connect(plain, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{database}"')
    return plain.rsplit("/", 1)[0] + "/" + database


def create_database(database: str, template: str | None = None) -> bool:
    """Create `database` on the server of `DATABASE_URL` unless it exists (as a
    copy of `template`, if given); whether it was created."""
    import psycopg

    base = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as conn:
        if conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,)).fetchone():
            return False
        copy = f' TEMPLATE "{template}"' if template else ""
        conn.execute(f'CREATE DATABASE "{database}"{copy}')
    return True


def drop_database(database: str) -> None:
    import psycopg

    base = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


def database_articles(database: str) -> int | None:
    """How many articles `database` on the server of `DATABASE_URL` holds (None if
    it does not exist or is not migrated)."""
    import psycopg

    base = os.environ["DATABASE_URL"].replace("postgresql+asyncpg://", "postgresql://")
    url = base.rsplit("/", 1)[0] + "/" + database
    try:
        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SELECT count(*) FROM articles").fetchone()
    except psycopg.Error:
        return None
    return int(row[0]) if row else None


# PostgreSQL's defaults for autovacuum (15): a pass over a database every naptime,
# a table vacuumed past 50 + 20% of its rows dead (or 1,000 + 20% inserted since
# its last vacuum), analyzed past 50 + 10% changed since its last analyze.
NAPTIME = 60.0
_DUE = """
SELECT c.relname,
  s.n_dead_tup > 50 + 0.2 * greatest(c.reltuples, 0)
    OR s.n_ins_since_vacuum > 1000 + 0.2 * greatest(c.reltuples, 0) AS vacuum,
  s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0) AS analyze
FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
"""


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


class Autovacuum:
    """What autovacuum would do for one database on a server that has it off (a
    test server may; every deployment has it on): a pass every `NAPTIME` seconds
    that vacuums and analyzes the tables past autovacuum's default thresholds.
    Without it a store loaded for minutes has no statistics (the planner guesses
    every row count) and keeps every dead row an update leaves, which no
    deployment sees; measured that way, a write path that updates rows or reads
    by key would look slower than it is.  Runs on the server's own backends, so its
    cost lands in the figures as autovacuum's would."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.passes = 0
        self.runs = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    @staticmethod
    def needed(url: str) -> bool:
        import psycopg

        with psycopg.connect(url, autocommit=True) as conn:
            row = conn.execute("SHOW autovacuum").fetchone()
        return row is not None and row[0] == "off"

    def start(self) -> Autovacuum:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        if self._thread.ident is not None:  # started (the server became ready)
            self._thread.join(timeout=600)

    def _loop(self) -> None:
        import psycopg

        while not self._stop.wait(NAPTIME):
            try:
                with psycopg.connect(self.url, autocommit=True) as conn:
                    for table, vacuum, analyze in conn.execute(_DUE).fetchall():
                        if self._stop.is_set():
                            return
                        if vacuum or analyze:
                            what = (
                                "VACUUM (ANALYZE)"
                                if vacuum and analyze
                                else ("VACUUM" if vacuum else "ANALYZE")
                            )
                            conn.execute(f'{what} "{table}"')
                            self.runs += 1
                self.passes += 1
            except psycopg.Error:
                # The database went away (the bench is ending) or is busy being dropped.
                return


class Server:
    """`factstore serve` (or `factstore worker`) subprocesses sharing one database.

    `checkout` runs another checkout of factstore (its own `.venv`), to measure two
    versions side by side in one run.  With `DATABASE_URL`, the database is dropped
    on exit unless `keep` leaves it behind for another run, and `fresh=False`
    serves the one there is (created if missing) instead of a new one."""

    def __init__(
        self,
        env: dict[str, str] | None = None,
        database: str = BENCH_DATABASE,
        checkout: Path | None = None,
        *,
        fresh: bool = True,
        keep: bool = False,
    ) -> None:
        self.checkout = checkout or ROOT
        self.executable = (
            self.checkout / ".venv" / "bin" / "factstore"
            if checkout
            else Path(sys.executable).parent / "factstore"
        )
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.data_dir = Path(tempfile.mkdtemp(prefix="factstore-bench-"))
        self.database = database
        self.keep = keep
        if not fresh and os.environ.get("DATABASE_URL"):
            create_database(database)
        self.database_url = _server_url(database, fresh=fresh)
        self.env = {
            **os.environ,
            "FACTSTORE_ADMIN_KEY": ADMIN_KEY,
            "FACTSTORE_DATA_DIR": str(self.data_dir),
            **(env or {}),
        }
        if self.database_url:
            self.env["DATABASE_URL"] = self.database_url
        else:
            self.env.pop("DATABASE_URL", None)
        self.processes: list[subprocess.Popen[bytes]] = []
        self.autovacuum: Autovacuum | None = None
        wanted = os.environ.get("FACTSTORE_BENCH_AUTOVACUUM") != "0"
        if self.database_url and wanted and Autovacuum.needed(self.database_url):
            self.autovacuum = Autovacuum(self.database_url)

    def _spawn(self, *args: str, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
        process = subprocess.Popen(
            [str(self.executable), *args],
            cwd=self.checkout,
            env={**self.env, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.processes.append(process)
        return process

    def __enter__(self) -> Server:
        # A terminated benchmark still stops its servers (and drops its data).
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
        self.api = self._spawn("serve", "--port", str(self.port))
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(self.url + "/readyz", timeout=2).status_code == 200:
                    if self.autovacuum is not None:
                        self.autovacuum.start()
                    return self
            except httpx.HTTPError:
                pass
            if self.api.poll() is not None:
                raise RuntimeError("factstore serve exited; run it by hand to see why")
            time.sleep(0.3)
        raise RuntimeError("factstore serve did not become ready")

    def add_api(self, env: dict[str, str] | None = None) -> str:
        """Another `factstore serve` on the same database (with `env` over this one's);
        its base URL once it is ready."""
        port = _free_port()
        url = f"http://127.0.0.1:{port}"
        process = self._spawn("serve", "--port", str(port), env=env)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            try:
                if httpx.get(url + "/readyz", timeout=2).status_code == 200:
                    return url
            except httpx.HTTPError:
                pass
            if process.poll() is not None:
                raise RuntimeError("the second factstore serve exited")
            time.sleep(0.3)
        raise RuntimeError("the second factstore serve did not become ready")

    def start_workers(self, count: int) -> list[subprocess.Popen[bytes]]:
        return [self._spawn("worker") for _ in range(count)]

    def stop(self, processes: Sequence[subprocess.Popen[bytes]]) -> None:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(30)
            except subprocess.TimeoutExpired:
                process.kill()

    def __exit__(self, *exc: object) -> None:
        if self.autovacuum is not None:
            self.autovacuum.stop()
            print(
                f"  ({self.database}: the server runs no autovacuum; the bench's stand-in"
                f" made {_count(self.autovacuum.passes, 'pass', 'passes')},"
                f" {_count(self.autovacuum.runs, 'vacuum or analyze', 'vacuums or analyzes')})"
            )
        self.stop(list(reversed(self.processes)))
        if self.database_url:
            if not self.keep:
                drop_database(self.database)
        else:
            self._stop_embedded()
        shutil.rmtree(self.data_dir, ignore_errors=True)

    def _stop_embedded(self) -> None:
        """Fast shutdown of the embedded Postgres these servers shared."""
        import psutil

        for process in psutil.process_iter(["cmdline"]):
            cmdline = process.info["cmdline"] or []
            if "-D" in cmdline and str(self.data_dir) in " ".join(cmdline):
                process.send_signal(signal.SIGINT)
                process.wait(30)

    def postgres_pids(self) -> list[int]:
        """The embedded postmaster and its backends; with `DATABASE_URL`, the
        backends connected to this server's database (the server's own processes,
        such as its WAL writer, are shared with everything else on it)."""
        import psutil

        if self.database_url:
            import psycopg

            with psycopg.connect(self.database_url, autocommit=True) as conn:
                rows = conn.execute(
                    "SELECT pid FROM pg_stat_activity"
                    " WHERE datname = current_database() AND pid <> pg_backend_pid()"
                ).fetchall()
            return [int(r[0]) for r in rows]
        for process in psutil.process_iter(["cmdline"]):
            cmdline = process.info["cmdline"] or []
            if "-D" in cmdline and str(self.data_dir) in " ".join(cmdline):
                return [process.pid, *(c.pid for c in process.children(recursive=True))]
        return []

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time (user + system) used so far by role: api, extractors, postgres.

        Backends that exit between two readings take their time with them, so read
        it around a run in which the connection pool stays up.
        """
        import psutil

        def used(pids: Sequence[int]) -> float:
            total = 0.0
            for pid in pids:
                try:
                    times = psutil.Process(pid).cpu_times()
                except psutil.NoSuchProcess:
                    continue
                total += times.user + times.system
            return total

        postgres = self.postgres_pids()
        api, *children = self.child_pids()
        return {
            "api": used([api]),
            "extractors": used([pid for pid in children if pid not in postgres]),
            "postgres": used(postgres),
        }

    def child_pids(self) -> list[int]:
        """The API process and its children (the extractor pool), for RSS readings."""
        import psutil

        root = psutil.Process(self.api.pid)
        return [root.pid, *(c.pid for c in root.children(recursive=True))]


FIRST = ["Anna", "Boris", "Chen", "Dara", "Emil", "Farah", "Goran", "Hana", "Ivo", "Jana"]
LAST = ["Kowalski", "Novak", "Silva", "Berg", "Okafor", "Tanaka", "Meyer", "Rossi", "Haddad"]
ORGS = ["Ministry of Defence", "European Commission", "Treasury", "NATO", "World Bank"]
PROMINENT_EVERY = 20
PROMINENT_PERSON = "Anna Kowalski"
PLACES = ["Poland", "Brazil", "Norway", "Japan", "Kenya", "Canada", "Chile", "Spain"]
WORDS = [
    "budget",
    "parliament",
    "agreed",
    "plan",
    "reform",
    "talks",
    "summit",
    "minister",
    "spending",
    "pledge",
    "target",
    "defense",
    "energy",
    "grid",
    "rail",
    "schools",
    "hospitals",
    "climate",
    "trade",
    "tariffs",
    "border",
    "security",
    "inflation",
    "growth",
    "deficit",
    "bonds",
    "election",
    "coalition",
    "vote",
    "committee",
    "report",
    "review",
]


def fact_article(n: int, rng: random.Random) -> dict[str, Any]:
    """A 3-paragraph article with 5 client facts (3 entities, 1 event, 1 commitment)."""
    org_name = rng.choice(ORGS)
    acronym = "".join(word[0] for word in org_name.split())
    if n % PROMINENT_EVERY == 0:
        # As in real news, a few names recur across the store: the reads benchmark
        # follows them, so their lists are full pages at every store size.
        person, org = PROMINENT_PERSON, org_name
    else:
        person = f"{rng.choice(FIRST)} {rng.choice(LAST)}{n % 997}"
        org, acronym = f"{org_name} {n % 311}", f"{acronym} {n % 311}"
    place = rng.choice(PLACES)
    amount = rng.randint(2, 900)
    year = rng.randint(2026, 2040)
    filler = " ".join(rng.choice(WORDS) for _ in range(25))
    p0 = f"{person} met officials of the {org} in {place} on Tuesday. {filler}."
    p1 = f"The {org} pledged {amount} billion euros for defense spending by {year}."
    p2 = " ".join(rng.choice(WORDS) for _ in range(40)).capitalize() + f" (story {n})."
    return {
        "url": f"https://news.example/{n}",
        "title": f"Story {n}: {place} {rng.choice(WORDS)}",
        "source": rng.choice(["wire", "daily", "herald", "post"]),
        "published_at": f"20{20 + n % 6}-{1 + n % 12:02d}-{1 + n % 28:02d}T{n % 24:02d}:00:00Z",
        "paragraphs": [p0, p1, p2],
        "facts": {
            "entities": [
                {
                    "name": person,
                    "type": "person",
                    "mentions": [{"paragraph_index": 0, "quote": person}],
                },
                {
                    "name": org,
                    "type": "organization",
                    "aliases": [acronym],
                    "mentions": [
                        {"paragraph_index": 0, "quote": org},
                        {"paragraph_index": 1, "quote": org},
                    ],
                },
                {
                    "name": place,
                    "type": "location",
                    "mentions": [{"paragraph_index": 0, "quote": place}],
                },
            ],
            "events": [
                {
                    "type": "meeting",
                    "summary": f"{person} met the {org}",
                    "date": {"value": f"{2020 + n % 6}-{1 + n % 12:02d}"},
                    "participants": [
                        {"name": person, "role": "host"},
                        {"name": org, "role": "guest"},
                    ],
                    "citations": [{"paragraph_index": 0, "quote": f"{person} met officials"}],
                },
            ],
            "commitments": [
                {
                    "actor": {"name": org},
                    "metric": "defense spending",
                    "amount": {"value": amount * 1_000_000_000, "currency": "EUR"},
                    "target_year": year,
                    "status": "pledged",
                    "citations": [
                        {"paragraph_index": 1, "quote": f"pledged {amount} billion euros"}
                    ],
                },
            ],
        },
    }


# The annotated real-news corpus kept beside the repository; without it, our own
# paraphrased sets (tests/extract), which are shorter.
NEWS_CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
_OWN_SETS = (ROOT / "tests" / "extract" / "devset", ROOT / "tests" / "extract" / "holdout")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“‘(]?[A-Z])")
_NUMBER = re.compile(r"\d+")


def _news_sources(corpus: Path) -> list[dict[str, Any]]:
    import json

    folders = [corpus] if corpus.is_dir() else list(_OWN_SETS)
    return [
        json.loads(path.read_text(encoding="utf-8"))
        for folder in folders
        for path in sorted(folder.glob("*.json"))
    ]


def news_articles(
    count: int, *, seed: int = 7, corpus: Path = NEWS_CORPUS, tag: str = "news"
) -> list[dict[str, Any]]:
    """`count` real-looking news articles in which no paragraph occurs twice.

    Article n follows real article n mod the corpus size: its title, date and number
    of paragraphs; each paragraph keeps the real one's sentences with every number
    drawn anew, one of them (of a paragraph of several) swapped for a sentence of
    another text; one that repeats a paragraph already made has a sentence swapped
    again, or at last another sentence added.  So the parser meets news prose of
    news lengths, never a paragraph it has seen.
    """
    rng = random.Random(seed)
    sources = _news_sources(corpus)
    pool = [
        sentence
        for source in sources
        for paragraph in source["paragraphs"]
        for sentence in _SENTENCE_END.split(paragraph)
    ]

    def redraw(text: str) -> str:
        def number(match: re.Match[str]) -> str:
            digits = len(match[0])
            return str(rng.randrange(10 ** (digits - 1), 10**digits))

        return _NUMBER.sub(number, text)

    seen: set[str] = set()
    articles = []
    for n in range(count):
        source = sources[n % len(sources)]
        paragraphs = []
        for template in source["paragraphs"]:
            sentences = _SENTENCE_END.split(template)
            if len(sentences) > 1:
                sentences[rng.randrange(len(sentences))] = rng.choice(pool)
            text = redraw(" ".join(sentences))
            for _ in range(8):  # another of the pool's sentences in its place
                if text not in seen:
                    break
                sentences[rng.randrange(len(sentences))] = rng.choice(pool)
                text = redraw(" ".join(sentences))
            while text in seen:
                text = f"{text} {redraw(rng.choice(pool))}"
            seen.add(text)
            paragraphs.append(text)
        articles.append(
            {
                "url": f"https://{tag}.example/{seed}/{n}",
                "title": redraw(source.get("title") or "") or None,
                "published_at": source.get("published_at"),
                "paragraphs": paragraphs,
            }
        )
    return articles


def ndjson(articles: Sequence[dict[str, Any]]) -> bytes:
    import json

    return b"".join(json.dumps(a).encode() + b"\n" for a in articles)


def chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def post_bulk(client: httpx.Client, lines: bytes, *, extract: bool) -> list[int]:
    """POST one ndjson body; return each line's status."""
    import json

    response = client.post(
        "/v1/articles/bulk",
        params={"extract": str(extract).lower()},
        content=lines,
        headers={**AUTH, "Content-Type": "application/x-ndjson"},
        timeout=600,
    )
    response.raise_for_status()
    return [json.loads(line)["status"] for line in response.text.splitlines()]


def post_all(url: str, bodies: Sequence[bytes], *, extract: bool, in_flight: int = 1) -> list[int]:
    """POST every body, keeping `in_flight` requests open at a time (as
    `factstore ingest --concurrency` does); return all lines' statuses in order."""
    from concurrent.futures import ThreadPoolExecutor

    def send(lines: bytes) -> list[int]:
        with httpx.Client(base_url=url) as client:
            return post_bulk(client, lines, extract=extract)

    with ThreadPoolExecutor(in_flight) as pool:
        return [status for statuses in pool.map(send, bodies) for status in statuses]


def percentile(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def checkouts(against: Path | None) -> list[tuple[str, Path | None]]:
    """The runs of a bench measuring growth: this checkout, and `--against`'s if given."""
    runs: list[tuple[str, Path | None]] = [("this", None)]
    if against:
        runs.append(("against", against.resolve()))
    return runs


def print_growth(
    p50: Mapping[tuple[str, int], float], sizes: Sequence[int], names: Sequence[str]
) -> None:
    """Each size's p50 against the smallest size's, per checkout, and this checkout's
    over the other's."""
    smallest = sizes[0]
    for size in sizes:
        line = f"size {size:,}:"
        for name in names:
            growth = p50[(name, size)] / p50[(name, smallest)]
            line += f" {name} {growth:.2f}x its size {smallest:,}"
        if "against" in names:
            line += f"; this/against {p50[('this', size)] / p50[('against', size)]:.2f}"
        print(line)


def statement_label(statement: str) -> str:
    """A SQL statement's first words, and the table it first writes when they do not
    say (statements of one shape write one table or another)."""
    words = re.sub(r"\s+", " ", statement).strip()
    label = words[:90]
    writes = re.search(r"\b(?:INSERT INTO|UPDATE|DELETE FROM) \w+", words)
    if writes and writes.group(0) not in label:
        label = f"{label[:70]} .. {writes.group(0)}"
    return label
