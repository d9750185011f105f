"""Search snippets on hostile paragraphs and on ordinary news, in this process.

    python bench/snippets_bench.py [--sizes 6000,12000,24000,48000] [--rounds 3]

A paragraph an ingest key may post can make snippets slow if their work grows
faster than the text: an unclosed `<` before many matches (`"Budget <b" + " zq" * n`),
or many matches in one long run of characters that could make an e-mail address
(`"a" + "+zq.x" * n`).  For each case and size it prints the best of `--rounds`
timings of `snippet()` and the time per 1,000 characters, which stays flat when
the work is linear in the paragraph's length.  Then it times a 50-hit page of the
dev and hold-out paragraphs, the common case, for comparison with earlier code.
Run it on two checkouts to compare them.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.articles.splitting import split_text  # noqa: E402
from app.search.snippets import snippet  # noqa: E402
from tests.extract.helpers import HOLDOUT, devset  # noqa: E402

HOSTILE: dict[str, Callable[[int], str]] = {
    "unclosed tag": lambda chars: "Budget <b" + " zq" * (chars // 3),
    "e-mail-like run": lambda chars: "a" + "+zq.x" * (chars // 5),
    "plain words": lambda chars: "Budget" + " zq" * (chars // 3),
}
MARKDOWN: dict[str, Callable[[int], str]] = {
    "heading, spaces": lambda chars: "# a" + " " * chars + "x",
    "unclosed strong": lambda chars: "**a " * (chars // 4),
    "unclosed links": lambda chars: "[a](" * (chars // 4),
}


def _best(rounds: int, run: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(rounds):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="6000,12000,24000,48000")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--markdown", action="store_true", help="also time Markdown splitting")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    lexemes = frozenset({"zq"})
    print(f"{'case':<18}{'chars':>8}{'ms':>12}{'ms/1k chars':>14}")
    for name, make in HOSTILE.items():
        for size in sizes:
            text = make(size)
            seconds = _best(args.rounds, lambda text=text: snippet(text, lexemes))  # type: ignore[misc]
            per_k = seconds * 1000 / (len(text) / 1000)
            print(f"{name:<18}{len(text):>8}{seconds * 1000:>12.2f}{per_k:>14.4f}")
    if args.markdown:
        for name, make in MARKDOWN.items():
            for size in sizes:
                text = make(size)
                seconds = _best(args.rounds, lambda text=text: split_text(text))  # type: ignore[misc]
                per_k = seconds * 1000 / (len(text) / 1000)
                print(f"{name:<18}{len(text):>8}{seconds * 1000:>12.2f}{per_k:>14.4f}")
    page = [p for a in devset() + devset(HOLDOUT) for p in a["paragraphs"]][:50]
    news = frozenset({"defens", "spend", "nato", "aid", "minist"})
    seconds = _best(max(args.rounds, 20), lambda: [snippet(p, news) for p in page])
    print(f"news page (50 hits, 5 lexemes): {seconds * 1000:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
