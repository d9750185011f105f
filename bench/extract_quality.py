"""Precision, recall and F1 of the built-in extractor on the hand-checked dev set.

    python bench/extract_quality.py [--verbose] [--set devset|holdout]

Matching rules (one-to-one, greedy, in expected order):

- entity: same type, and the expected name equals the predicted name or one of
  its surface aliases after normalisation (casefold, no dots, no leading "the",
  no possessive, collapsed spaces).
- commitment: amount (to 1e-6 relative), currency, GDP from/to and target year
  all equal (null must be null); the actor loosely equal (a shared word with
  the expected actor or one of its alternatives); the metric loosely equal (a
  shared word, plural "s" ignored).
- event: same type and at least one expected participant among the predicted
  participants.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Sequence
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.extract import CommitmentFact, Document, EntityFact, EventFact, get_extractor  # noqa: E402

SETS = {name: ROOT / "tests" / "extract" / name for name in ("devset", "holdout")}
_STOP = {"the", "of", "a", "an", "in", "on", "for", "and", "to"}


def norm(name: str) -> str:
    name = re.sub(r"['’]s\b", "", name.casefold().replace(".", ""))
    name = re.sub(r"\s+", " ", name).strip()
    return name.removeprefix("the ")


def words(text: str) -> set[str]:
    return {w.removesuffix("s") for w in re.findall(r"\w+", norm(text))} - _STOP


def load_devset(name: str = "devset") -> list[dict[str, Any]]:
    return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(SETS[name].glob("*.json"))]


def to_document(article: dict[str, Any]) -> Document:
    published = article.get("published_at")
    return Document(
        paragraphs=list(enumerate(article["paragraphs"])),
        published_at=datetime.fromisoformat(published) if published else None,
        title=article.get("title"),
    )


def entity_matches(pred: EntityFact, exp: dict[str, Any]) -> bool:
    names = {norm(pred.name), *(norm(a) for a in pred.aliases)}
    return pred.type == exp["type"] and norm(exp["name"]) in names


def _same_number(a: Decimal | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(float(a) - b) <= 1e-6 * max(1.0, abs(b))


def commitment_matches(pred: CommitmentFact, exp: dict[str, Any]) -> bool:
    actors = [exp["actor"], *exp.get("actor_alternatives", [])]
    return (
        _same_number(pred.amount_value, exp["amount"])
        and pred.amount_currency == exp["currency"]
        and _same_number(pred.gdp_from, exp["gdp_from"])
        and _same_number(pred.gdp_to, exp["gdp_to"])
        and pred.target_year == exp["target_year"]
        and pred.actor_name is not None
        and any(words(pred.actor_name) & words(a) for a in actors)
        and bool(words(pred.metric) & words(exp["metric"]))
    )


def event_matches(pred: EventFact, exp: dict[str, Any]) -> bool:
    names = {norm(p.name) for p in pred.participants}
    return pred.type == exp["type"] and any(norm(n) in names for n in exp["participants"])


def match(
    preds: Sequence[Any],
    expected: Sequence[dict[str, Any]],
    ok: Callable[[Any, dict[str, Any]], bool],
) -> tuple[int, list[dict[str, Any]], list[Any]]:
    """True positives, missed expected items and unmatched predictions."""
    free = list(preds)
    missed: list[dict[str, Any]] = []
    for exp in expected:
        hit = next((p for p in free if ok(p, exp)), None)
        if hit is None:
            missed.append(exp)
        else:
            free.remove(hit)
    return len(expected) - len(missed), missed, free


def prf(tp: int, n_pred: int, n_exp: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 1.0
    r = tp / n_exp if n_exp else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and false alarms")
    parser.add_argument("--set", choices=sorted(SETS), default="devset", help="which article set")
    args = parser.parse_args()
    articles = load_devset(args.set)
    extractor = get_extractor()
    results = extractor.extract_many([to_document(a) for a in articles])
    kinds: dict[str, Callable[[Any, dict[str, Any]], bool]] = {
        "entities": entity_matches,
        "commitments": commitment_matches,
        "events": event_matches,
    }
    totals = {k: [0, 0, 0] for k in kinds}
    for article, facts in zip(articles, results, strict=True):
        for kind, ok in kinds.items():
            preds = getattr(facts, kind)
            expected = article["expected"][kind]
            tp, missed, extra = match(preds, expected, ok)
            totals[kind][0] += tp
            totals[kind][1] += len(preds)
            totals[kind][2] += len(expected)
            if args.verbose and (missed or extra):
                print(f"[{article['id']}] {kind}")
                for m in missed:
                    print(f"   missed: {m}")
                for e in extra:
                    print(f"   extra:  {e}")
    print(f"extractor {extractor.name} {extractor.version}, {len(articles)} articles")
    print(f"{'kind':<12} {'P':>6} {'R':>6} {'F1':>6}   tp/pred/expected")
    for kind, (tp, n_pred, n_exp) in totals.items():
        p, r, f = prf(tp, n_pred, n_exp)
        print(f"{kind:<12} {p:6.3f} {r:6.3f} {f:6.3f}   {tp}/{n_pred}/{n_exp}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
