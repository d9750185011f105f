"""Find a client's quote in its paragraph and return the paragraph's own span.

Exact match first.  Failing that, match while treating runs of whitespace as one
space and typographic quotes, apostrophes and dashes as their ASCII forms, then
map the match back to offsets in the original text, so the stored quote is
always `paragraph[start:end]`.
"""

from __future__ import annotations

import re
import unicodedata

_EQUIVALENTS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
    }
)
_SPACE = re.compile(r"\s")


def _folded(text: str) -> tuple[str, list[int]]:
    """`text` with equivalents folded and whitespace runs collapsed, plus, for each
    character kept, its offset in `text`."""
    chars: list[str] = []
    offsets: list[int] = []
    previous_space = False
    for offset, char in enumerate(text.translate(_EQUIVALENTS)):
        is_space = bool(_SPACE.match(char))
        if is_space and previous_space:
            continue
        chars.append(" " if is_space else char)
        offsets.append(offset)
        previous_space = is_space
    return "".join(chars), offsets


def locate_quote(paragraph: str, quote: str) -> tuple[int, int] | None:
    """`(start, end)` of the first occurrence of `quote` in `paragraph`, or None.

    Stored paragraphs are NFC-normalised (`clean_paragraph`), so the quote is too: a
    client that copied the text in decomposed form (`e` + a combining accent) means the
    same characters, which differ only in their encoding."""
    quote = unicodedata.normalize("NFC", quote.strip())
    if not quote:
        return None
    start = paragraph.find(quote)
    if start >= 0:
        return start, start + len(quote)
    folded_paragraph, offsets = _folded(paragraph)
    folded_quote, _ = _folded(quote)
    for haystack, needle in (
        (folded_paragraph, folded_quote),
        (folded_paragraph.lower(), folded_quote.lower()),
    ):
        if len(haystack) != len(folded_paragraph):
            continue  # lower() changed lengths; offsets would no longer line up
        found = haystack.find(needle)
        if found >= 0:
            last = found + len(needle) - 1
            return offsets[found], offsets[last] + 1
    return None
