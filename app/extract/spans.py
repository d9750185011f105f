"""Character spans of tokens, trimmed so every citation quotes clean text."""

from __future__ import annotations

import unicodedata
from itertools import pairwise

from spacy.attrs import SENT_START
from spacy.tokens import Doc, Span

_EDGE_PUNCT = " \t\r\n\u00a0,;:!?\"'“”‘’()[]{}—–-"


def char_range(doc: Doc, start_token: int, end_token: int) -> tuple[int, int]:
    """Code-point range `[start, end)` covering tokens `[start_token, end_token)`."""
    first = doc[start_token]
    last = doc[end_token - 1]
    return first.idx, last.idx + len(last.text)


# Variation selectors and the keycap mark, which build emoji from plain characters.
_EMOJI_PARTS = frozenset({"\ufe0e", "\ufe0f", "\u20e3"})


def _is_symbol(ch: str) -> bool:
    """An emoji, flag, pictograph or the joiners and selectors that build them: never
    part of a name ("Kyiv 🇺🇦")."""
    return unicodedata.category(ch) in {"So", "Sk", "Cf"} or ch in _EMOJI_PARTS


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink `[start, end)` past whitespace and edge punctuation of `text`.

    Sentence-final periods are dropped too, but not the dot of an abbreviation
    such as "U.S." (a dot preceded by a capital and another dot).
    """
    while start < end and (text[start] in _EDGE_PUNCT or _is_symbol(text[start])):
        start += 1
    while end > start:
        ch = text[end - 1]
        if (
            ch in _EDGE_PUNCT
            or _is_symbol(ch)
            or (ch == "." and not (end - start >= 3 and text[end - 3] == "."))
        ):
            end -= 1
        else:
            break
    return start, end


def sentence_range(sent: Span, text: str) -> tuple[int, int]:
    """Trimmed character range of a sentence in its paragraph text `text`.

    `text` is the paragraph as given (equal to `sent.doc.text`, which spaCy
    rebuilds from the tokens on every access), and final punctuation is kept.
    """
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def sentences(doc: Doc) -> list[Span]:
    """The parser's sentences, read from one array instead of token by token."""
    starts = [i for i, flag in enumerate(doc.to_array(SENT_START).tolist()) if flag == 1]
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(doc)]
    return [doc[a:b] for a, b in pairwise(bounds) if a < b]
