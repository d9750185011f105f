"""The scraped news sample beside the repository (`../shared/samples/`), split and
extracted as the API does, with what a reader would check first printed.

    python bench/shared_sample.py [PATH]

The tests cover the same cases with the project's own fixture articles
(`tests/data/`); this reads the real page they were modelled on, which a clone of
the repository does not have.  It prints the split (title, standfirst, repeated
paragraphs) and each commitment with its exact citations, and exits 1 if the
page's 2035 pledge is not found, cited on the first copy of its paragraph.
"""

from __future__ import annotations

import sys
from datetime import datetime
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.articles.splitting import split_text
from app.extract import Document, get_extractor

SAMPLE = Path(__file__).resolve().parents[2] / "shared" / "samples" / "000_345c898cbabe1957.txt"


def main() -> int:
    path = Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE
    split = split_text(path.read_text(encoding="utf-8"))
    repeated = sum(p.duplicate_of is not None for p in split.paragraphs)
    print(f"title: {split.title!r}")
    print(
        f"standfirst: {bool(split.standfirst)}; paragraphs: {len(split.paragraphs)}, "
        f"repeated: {repeated}; kinds: {sorted({p.kind for p in split.paragraphs})}"
    )
    doc = Document(
        paragraphs=[(i, p.text) for i, p in enumerate(split.paragraphs) if p.duplicate_of is None],
        published_at=datetime(2025, 7, 1),
    )
    texts = dict(doc.paragraphs)
    facts = get_extractor().extract(doc)
    ok = False
    for c in facts.commitments:
        quotes = [texts[s.paragraph_index][s.start : s.end] for s in c.citations]
        print(
            f"commitment: {c.gdp_from}% -> {c.gdp_to}% of GDP by {c.target_year}, "
            f"amount {c.amount_value} {c.amount_currency}; cited {quotes}"
        )
        if (
            c.target_year == 2035
            and (c.gdp_from, c.gdp_to) == (Decimal(2), Decimal(5))
            and all(split.paragraphs[s.paragraph_index].duplicate_of is None for s in c.citations)
            and any("from 2% to 5% of GDP by 2035" in q for q in quotes)
        ):
            ok = True
    print("the 2035 pledge, exactly cited on a first copy:", "yes" if ok else "NO")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
