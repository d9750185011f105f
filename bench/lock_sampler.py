"""Who holds the claim groups' locks during an ingest, and what the holder is doing.

Claims joining takes the groups' advisory locks (`app.claims.joining`) and keeps
them to commit, so concurrent batches about the same pledges write their claims
one after the other.  `LockSampler` polls `pg_stat_activity` and `pg_locks` on a
thread of its own, every few milliseconds, for one store's database, and counts:

- the ticks when some transaction of the store is open, and of those the ticks
  when one of them holds a group lock, and what it is doing then: running a
  statement (named by its first words), or waiting for the API to send the next
  one ("the API's turn": the API is building rows, or running another request);
- the ticks when a transaction waits for a group lock.

A poll costs the sampler a query on its own connection (a core's few per cent);
its ticks are samples of where the time goes, not times.
"""

from __future__ import annotations

import re
import threading
import time
from collections import Counter
from types import TracebackType

from bench.harness import statement_label

_QUERY = """
SELECT a.state, a.wait_event_type, a.wait_event, left(a.query, 60),
  EXISTS (SELECT 1 FROM pg_locks l
          WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)
FROM pg_stat_activity a
WHERE a.datname = %s AND a.backend_type = 'client backend' AND a.pid <> pg_backend_pid()
  AND a.state IN ('active', 'idle in transaction')
"""

API_TURN = "the API's turn (no statement running)"


def _label(state: str, wait_type: str | None, wait: str | None, query: str) -> str:
    if state == "idle in transaction" or (wait_type == "Client" and not query.startswith("COPY")):
        return API_TURN
    if wait_type is not None and wait_type != "Client":
        return f"waiting: {wait_type} {wait}"
    copy = re.match(r'\s*COPY "?(\w+)"?', query)
    if copy:
        return f"COPY {copy[1]}"
    return statement_label(query)


class LockSampler:
    """Samples one database's transactions while it is entered (it may be entered
    again: the counts add up)."""

    def __init__(self, url: str, database: str, every: float = 0.003) -> None:
        self.url = url
        self.database = database
        self.every = every
        self.open_ticks = 0  # some transaction of the store open
        self.held_ticks = 0  # ... and one of them holds a group lock
        self.waiting_ticks = 0  # ... and one waits for a group lock
        self.holder: Counter[str] = Counter()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def __enter__(self) -> LockSampler:
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()

    def _run(self) -> None:
        import psycopg

        with psycopg.connect(self.url, autocommit=True) as conn:
            while not self._stop.is_set():
                rows = conn.execute(_QUERY, (self.database,)).fetchall()
                if rows:
                    self.open_ticks += 1
                    holders = [r for r in rows if r[4]]
                    if holders:
                        self.held_ticks += 1
                        self.holder[_label(*holders[0][:4])] += 1
                    if any(r[1] == "Lock" and r[2] == "advisory" for r in rows):
                        self.waiting_ticks += 1
                time.sleep(self.every)

    def report(self, name: str, top: int = 8) -> None:
        if not self.open_ticks:
            print(f"{name} group locks: no transaction seen", flush=True)
            return
        held = max(self.held_ticks, 1)
        print(
            f"{name} group locks: held in {self.held_ticks / self.open_ticks:.0%} of the"
            f" {self.open_ticks:,} ticks a transaction of the store was open; a batch waited"
            f" for them in {self.waiting_ticks / self.open_ticks:.0%}; the holder was doing:",
            flush=True,
        )
        for label, ticks in self.holder.most_common(top):
            print(f"    {ticks / held:6.1%}  {label}", flush=True)
