"""Precision, recall and F1 of the built-in extractor on real news and on our own set.

    python bench/extract_quality.py [--verbose] [--part tune|holdout|all] [--corpus DIR]
    python bench/extract_quality.py --set devset|holdout [--verbose]

Real news (the default): the annotated corpus `../shared/corpus/dev` (or --corpus),
scored with its ANNOTATION.md conventions; see `score_corpus`. The corpus is split
once, before any tuning, into a tuning part and a hold-out part: the hold-out is
every third text by file name (`holdout_part`). Only the tuning part's misses are for
looking at while rules are changed.

Our paraphrased set (`--set`, tests/extract/devset or holdout): the rules below,
one-to-one, greedy, in expected order:

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
CORPUS = ROOT.parent / "shared" / "corpus" / "dev"
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


# -- real news: the annotated corpus -------------------------------------------------

_GOLD_TYPES = {"person", "organization", "location"}


def holdout_part(files: Sequence[Path]) -> tuple[list[Path], list[Path]]:
    """The tuning part and the hold-out part: every third file by name is held out."""
    ordered = sorted(files)
    held = [f for i, f in enumerate(ordered) if i % 3 == 2]
    return [f for f in ordered if f not in held], held


def corpus_document(text: dict[str, Any]) -> Document:
    published = text.get("published_at")
    return Document(
        paragraphs=list(enumerate(text["paragraphs"])),
        published_at=datetime.fromisoformat(published) if published else None,
        title=text.get("title"),
    )


def _forms(entity: dict[str, Any]) -> set[str]:
    return {norm(entity["name"]), *(norm(a) for a in entity.get("aliases", []))}


def _pred_forms(pred: EntityFact) -> set[str]:
    return {norm(pred.name), *(norm(a) for a in pred.aliases)}


def _near(value: Decimal | None, gold: float | None) -> bool:
    """Within 1% of the gold value (the corpus convention)."""
    if value is None or gold is None:
        return False
    return abs(float(value) - gold) <= 0.01 * abs(gold)


def _gold_value(gold: dict[str, Any]) -> tuple[float | None, str | None]:
    if gold.get("amount"):
        return gold["amount"]["value"], gold["amount"]["currency"]
    if gold.get("to"):
        return gold["to"]["value"], "percent_gdp"
    return None, None


def _cited(pred_citations: Sequence[Any], paragraphs: set[int]) -> bool:
    return any(c.paragraph_index in paragraphs for c in pred_citations)


def corpus_commitment_matches(pred: CommitmentFact, gold: dict[str, Any]) -> bool:
    """Cites the gold paragraph or an alternate one; value within 1% in the same
    currency (or the same %-of-GDP target); the target year when gold has one."""
    value, currency = _gold_value(gold)
    paragraphs = {gold["paragraph"], *gold.get("alt_paragraphs", [])}
    if not _cited(pred.citations, paragraphs):
        return False
    if currency == "percent_gdp":
        if not _near(pred.gdp_to, value):
            return False
    elif pred.amount_currency != currency or not _near(pred.amount_value, value):
        return False
    return gold.get("target_year") is None or pred.target_year == gold["target_year"]


def _is_optional_commitment(pred: CommitmentFact, optional: Sequence[float]) -> bool:
    return any(_near(pred.amount_value, v) for v in optional)


def _event_matcher(
    entities: Sequence[dict[str, Any]],
) -> Callable[[EventFact, dict[str, Any]], bool]:
    forms = {e["name"]: _forms(e) for e in entities}

    def ok(pred: EventFact, gold: dict[str, Any]) -> bool:
        if not _cited(pred.citations, {gold["paragraph"]}):
            return False
        if not gold["actors"]:
            return True
        names = {norm(p.name) for p in pred.participants}
        return any(names & forms.get(actor, {norm(actor)}) for actor in gold["actors"])

    return ok


def _entity_ok(pred: EntityFact, gold: dict[str, Any]) -> bool:
    return pred.type == gold["type"] and bool(_pred_forms(pred) & _forms(gold))


class Tally:
    def __init__(self) -> None:
        self.tp = 0
        self.pred = 0
        self.gold = 0

    def add(self, tp: int, pred: int, gold: int) -> None:
        self.tp += tp
        self.pred += pred
        self.gold += gold

    def row(self, kind: str) -> str:
        p, r, f = prf(self.tp, self.pred, self.gold)
        return f"{kind:<12} {p:6.3f} {r:6.3f} {f:6.3f}   {self.tp}/{self.pred}/{self.gold}"


def _describe(fact: Any) -> str:
    if isinstance(fact, EntityFact):
        return f"{fact.name!r} ({fact.type}; aliases {fact.aliases})"
    if isinstance(fact, CommitmentFact):
        paras = sorted({c.paragraph_index for c in fact.citations})
        value = fact.amount_value if fact.amount_value is not None else fact.gdp_to
        unit = fact.amount_currency or "%GDP"
        return (
            f"{fact.actor_name!r} {value} {unit} year={fact.target_year} "
            f"metric={fact.metric!r} p{paras}"
        )
    if isinstance(fact, EventFact):
        paras = sorted({c.paragraph_index for c in fact.citations})
        who = [p.name for p in fact.participants]
        return f"{fact.type} p{paras} {who} {fact.summary[:70]!r}"
    if "amount" in fact:
        gold_value, currency = _gold_value(fact)
        return (
            f"{gold_value} {currency} year={fact.get('target_year')} "
            f"p{fact['paragraph']}+{fact.get('alt_paragraphs', [])} {fact['quote'][:60]!r}"
        )
    if "actors" in fact:
        return f"p{fact['paragraph']} {fact['actors']} {fact['summary'][:70]!r}"
    return f"{fact['name']!r} ({fact['type']}; aliases {fact.get('aliases', [])})"


def score_corpus(
    texts: Sequence[dict[str, Any]], results: Sequence[Any], verbose: bool
) -> dict[str, Tally]:
    """Entities by name or alias and type; commitments by paragraph (or alternate),
    value within 1% and target year when gold has one; events by paragraph plus one
    shared participant by name or alias. Optional items are neither rewarded nor
    penalised; every other predicted entity (a nationality as `group`, too) counts
    against precision, as a reader of /v1/entities would count it."""
    tallies = {k: Tally() for k in ("entities", "commitments", "events")}
    for text, facts in zip(texts, results, strict=True):
        optional_names = {norm(n) for n in text["optional"].get("entities", [])}
        optional_amounts = text["optional"].get("commitment_amounts", [])
        report: list[str] = []

        tp, missed, extra = match(facts.entities, text["entities"], _entity_ok)
        extra = [e for e in extra if not (_pred_forms(e) & optional_names)]
        tallies["entities"].add(tp, tp + len(extra), len(text["entities"]))
        report += [f"  entity missed: {_describe(m)}" for m in missed]
        report += [f"  entity extra:  {_describe(e)}" for e in extra]

        tp, missed_c, extra_c = match(
            facts.commitments, text["commitments"], corpus_commitment_matches
        )
        extra_c = [c for c in extra_c if not _is_optional_commitment(c, optional_amounts)]
        tallies["commitments"].add(tp, tp + len(extra_c), len(text["commitments"]))
        report += [f"  commitment missed: {_describe(m)}" for m in missed_c]
        report += [f"  commitment extra:  {_describe(e)}" for e in extra_c]

        tp, missed_e, extra_e = match(
            facts.events, text["events"], _event_matcher(text["entities"])
        )
        tallies["events"].add(tp, len(facts.events), len(text["events"]))
        report += [f"  event missed: {_describe(m)}" for m in missed_e]
        report += [f"  event extra:  {_describe(e)}" for e in extra_e]
        if verbose and report:
            print(f"[{text['id']}]")
            print("\n".join(report))
    return tallies


def print_tallies(title: str, tallies: dict[str, Tally]) -> None:
    print(title)
    print(f"{'kind':<12} {'P':>6} {'R':>6} {'F1':>6}   tp/pred/gold")
    for kind, tally in tallies.items():
        print(tally.row(kind))


def run_corpus(corpus: Path, part: str, verbose: bool) -> int:
    files = sorted(corpus.glob("*.json"))
    if not files:
        print(f"no corpus at {corpus}: pass --corpus DIR, or use --set devset|holdout")
        return 2
    tune, held = holdout_part(files)
    parts = {"tune": tune, "holdout": held, "all": files}
    extractor = get_extractor()
    print(f"extractor {extractor.name} {extractor.version}; corpus {corpus}")
    for name in ("tune", "holdout") if part == "all" else (part,):
        texts = [json.loads(f.read_text(encoding="utf-8")) for f in parts[name]]
        results = extractor.extract_many([corpus_document(t) for t in texts])
        print_tallies(
            f"\n== {name} part: {len(texts)} texts", score_corpus(texts, results, verbose)
        )
    return 0


def run_set(name: str, verbose: bool) -> int:
    articles = load_devset(name)
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
            if verbose and (missed or extra):
                print(f"[{article['id']}] {kind}")
                for m in missed:
                    print(f"   missed: {m}")
                for e in extra:
                    print(f"   extra:  {e}")
    print(f"extractor {extractor.name} {extractor.version}, {len(articles)} articles ({name})")
    print(f"{'kind':<12} {'P':>6} {'R':>6} {'F1':>6}   tp/pred/expected")
    for kind, (tp, n_pred, n_exp) in totals.items():
        p, r, f = prf(tp, n_pred, n_exp)
        print(f"{kind:<12} {p:6.3f} {r:6.3f} {f:6.3f}   {tp}/{n_pred}/{n_exp}")
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--verbose", action="store_true", help="list misses and extras")
    parser.add_argument("--set", choices=sorted(SETS), help="our paraphrased set instead")
    parser.add_argument("--part", choices=("tune", "holdout", "all"), default="all")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="annotated corpus dir")
    args = parser.parse_args()
    if args.set:
        return run_set(args.set, args.verbose)
    return run_corpus(args.corpus, args.part, args.verbose)


if __name__ == "__main__":
    raise SystemExit(main())
