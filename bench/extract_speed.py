"""Throughput of the extractor against bare spaCy parsing of the same paragraphs.

    python bench/extract_speed.py [--repeat N]

Prints paragraphs/s for `nlp.pipe` alone (the pipeline as published, and with the
stand-ins the extractor uses: the networks on numpy's BLAS, the indexed attribute
ruler, the memoising lemmatizer, the stepped entity recognizer) and for
`Extractor.extract_many`, and their ratios (the second is what the rule stages
leave of the parse's speed).  Because other
work on a shared machine makes end-to-end timings noisy, it also times the rule
stages alone on already parsed paragraphs, which gives the steadier figure
`parse / (parse + rules)`.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from spacy.tokens import Doc  # noqa: E402

from app.extract import Document, get_extractor  # noqa: E402
from app.extract.nlp import load_nlp  # noqa: E402
from bench.extract_quality import load_devset, to_document  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20, help="copies of the dev set")
    parser.add_argument("--rounds", type=int, default=3, help="timed rounds; best is kept")
    args = parser.parse_args()
    base = [to_document(a) for a in load_devset()]
    docs: list[Document] = base * args.repeat
    texts = [text for d in docs for _, text in d.paragraphs]
    extractor = get_extractor()
    nlp = extractor.nlp
    extractor.extract_many(base)  # warm up

    def best(run: object) -> float:
        times = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            run()  # type: ignore[operator]
            times.append(time.perf_counter() - start)
        return min(times)

    published = load_nlp(stand_ins=False)
    list(published.pipe(texts[:20]))  # warm up
    as_published = best(lambda: list(published.pipe(texts, batch_size=extractor.batch_size)))
    bare = best(lambda: list(nlp.pipe(texts, batch_size=extractor.batch_size)))
    full = best(lambda: extractor.extract_many(docs))
    parsed = list(nlp.pipe(texts, batch_size=extractor.batch_size))
    groups: list[list[Doc]] = []
    offset = 0
    for d in docs:
        groups.append(parsed[offset : offset + len(d.paragraphs)])
        offset += len(d.paragraphs)

    def rules_only() -> None:
        for d, group in zip(docs, groups, strict=True):
            extractor.facts_from_parsed(d, group)

    rules = best(rules_only)
    print(f"{len(texts)} paragraphs, {len(docs)} articles, batch_size {extractor.batch_size}")
    print(f"bare nlp.pipe, as published  : {len(texts) / as_published:8.1f} paragraphs/s")
    print(f"bare nlp.pipe, stand-ins   : {len(texts) / bare:8.1f} paragraphs/s")
    print(f"Extractor                    : {len(texts) / full:8.1f} paragraphs/s")
    print(f"ratio to the published parse : {as_published / full:8.3f}")
    print(f"ratio to the same parse      : {bare / full:8.3f}")
    print(f"rule stages   : {rules * 1000:8.1f} ms for all ({rules / bare:.1%} of parsing)")
    print(f"parse / (parse + rules): {bare / (bare + rules):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
