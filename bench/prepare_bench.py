"""CPU a bulk line costs the API before it is written: parsing and checking it.

    python bench/prepare_bench.py [--articles 20000] [--rounds 7] [--against CHECKOUT]

Builds the claims bench's articles (client facts: a pledge, some meetings, a few
syndicated copies) as bulk lines, then times, in a process of its own with no
server and no database, each line's validation against the request model
(`ArticleIn`) and its whole preparation (`app.articles.bulk._prepare`: validation,
paragraphs, quotes located, story key and content hash), as CPU time a line, best
and median of `--rounds` passes.  This is the part of bulk ingest the API spends
before its first statement (with joining, about a sixth of its CPU), measured
without the noise of a loaded machine's network and database.  `--against
CHECKOUT` times another checkout of factstore (with its own `.venv`) the same way,
in turns with this one, and prints this one's over the other's.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.claims_bench import corpus

ROOT = Path(__file__).resolve().parents[1]

# Run in the checkout measured (its `app`), on the lines in argv[1].
_TIMER = """
import json, sys, time
from app.articles.bulk import _prepare
from app.articles.schemas import ArticleIn
from app.core.config import get_settings

lines = open(sys.argv[1], "rb").read().split(b"\\n")
rounds = int(sys.argv[2])
settings = get_settings()


def per_line(step):
    times = []
    for _ in range(rounds):
        start = time.process_time()
        for n, raw in enumerate(lines):
            step(n, raw)
        times.append((time.process_time() - start) / len(lines) * 1e6)
    times.sort()
    return times[0], times[len(times) // 2]


print(json.dumps({
    "validate": per_line(lambda n, raw: ArticleIn.model_validate_json(raw)),
    "prepare": per_line(lambda n, raw: _prepare(n, raw, settings)),
}))
"""


def measure(checkout: Path, lines: Path, rounds: int) -> dict[str, list[float]]:
    python = checkout / ".venv" / "bin" / "python" if checkout != ROOT else Path(sys.executable)
    out = subprocess.run(
        [str(python), "-c", _TIMER, str(lines), str(rounds)],
        cwd=checkout,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result: dict[str, list[float]] = json.loads(out.splitlines()[-1])
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--rounds", type=int, default=7, help="passes over the lines")
    parser.add_argument("--turns", type=int, default=2, help="runs of each checkout, in turns")
    parser.add_argument("--against", type=Path, help="another checkout of factstore")
    args = parser.parse_args()
    articles = corpus(args.articles, random.Random(7))
    checkouts = [("this", ROOT)] + ([("against", args.against.resolve())] if args.against else [])
    with tempfile.NamedTemporaryFile(suffix=".ndjson") as f:
        f.write(b"\n".join(json.dumps(a).encode() for a in articles))
        f.flush()
        print(f"{len(articles)} bulk lines of client facts (the claims bench's articles)")
        best: dict[str, dict[str, float]] = {name: {} for name, _ in checkouts}
        for turn in range(args.turns):
            for name, checkout in checkouts:
                found = measure(checkout, Path(f.name), args.rounds)
                for step, (low, mid) in found.items():
                    best[name][step] = min(best[name].get(step, low), low)
                    print(
                        f"turn {turn + 1}, {name} ({checkout}): {step} {low:.1f} µs a line"
                        f" (median {mid:.1f})",
                        flush=True,
                    )
    for step in ("validate", "prepare"):
        line = f"{step}: best {best['this'][step]:.1f} µs a line"
        if args.against:
            ratio = best["this"][step] / best["against"][step]
            line += f" against {best['against'][step]:.1f} ({ratio:.2f})"
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
