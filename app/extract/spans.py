"""Character spans of tokens, trimmed so every citation quotes clean text."""

from __future__ import annotations

from spacy.tokens import Doc, Span

_EDGE_PUNCT = " \t\r\n\u00a0,;:!?\"'“”‘’()[]{}—–-"


def char_range(doc: Doc, start_token: int, end_token: int) -> tuple[int, int]:
    """Code-point range `[start, end)` covering tokens `[start_token, end_token)`."""
    first = doc[start_token]
    last = doc[end_token - 1]
    return first.idx, last.idx + len(last.text)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Shrink `[start, end)` past whitespace and edge punctuation of `text`.

    Sentence-final periods are dropped too, but not the dot of an abbreviation
    such as "U.S." (a dot preceded by a capital and another dot).
    """
    while start < end and text[start] in _EDGE_PUNCT:
        start += 1
    while end > start:
        ch = text[end - 1]
        if ch in _EDGE_PUNCT or (ch == "." and not (end - start >= 3 and text[end - 3] == ".")):
            end -= 1
        else:
            break
    return start, end


def sentence_range(sent: Span) -> tuple[int, int]:
    """Trimmed character range of a sentence in its paragraph, keeping final punctuation."""
    text = sent.doc.text
    start, end = sent.start_char, sent.end_char
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end
