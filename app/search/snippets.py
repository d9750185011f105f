"""Search snippets: the paragraph (or a window of it around the matches), HTML-escaped,
with the words that match the query in <mark>.

PostgreSQL's `ts_headline` could make them, but it parses and stems every word of
every hit, in the one database every API process shares.  Here the query's lexemes
come from PostgreSQL (its parser, stop words and stemming decided them); the few
words that could stem to one of them are found by prefix, and only those are
stemmed, with the Snowball stemmer of PostgreSQL's `english` configuration: the
work moves to the API, which scales out.  `bench/snippets_bench.py` and
`bench/reads_bench.py` measure it (figures in the README's Performance section).
"""

from __future__ import annotations

import html
import re
from bisect import bisect_right
from functools import lru_cache

import Stemmer

# A paragraph longer than this is cut to a window of about as many characters.
MAX_CHARS = 240
ELLIPSIS = "…"
# Every look at the text around a candidate is bounded, so a snippet costs in
# proportion to its paragraph whatever the paragraph holds.  PostgreSQL indexes no
# word of 2,048 characters or more, so a longer token never matches; a tag longer
# than `MAX_TAG` characters is taken as text (news holds none).
MAX_WORD = 2047
MAX_TAG = 512
# How far past the window's end a space to cut at is looked for.
CUT_SLACK = 40
# Words already judged, per query: bounded, as hostile text may bring any number.
MAX_VERDICTS = 4096

_SPECIAL = re.compile("[&<>\"']")
_LEXEME = re.compile(r"'((?:[^']|'')*)'")
_LETTERS = re.compile(r"[^\W\d_]+")
# PostgreSQL's default parser, as far as telling news text's tokens apart goes:
# emails (found apart, see `_Text.email_end`), paths and dotted names (and/or,
# 24/7, u.s, example.com), decimals and versions, signed integers, words.
_EMAIL_LOCAL_RUN = re.compile(r"[\w.+-]+")
_EMAIL_DOMAIN = re.compile(r"[^\W_]+(?:[.-][^\W_]+)*")
_TOKEN = re.compile(
    r"[^\W\d_][^\W_]*(?:[./][^\W_]+)+"
    r"|[^\W_]*/[^\W_]+(?:[./][^\W_]+)*"
    r"|[-+]?\d+(?:\.\d+)+"
    r"|[-+]?\d+(?![^\W_])"
    r"|[^\W_]+"
)
_WORD_RUN = re.compile(r"[^\W_]+")
_WORD_REST = r"[^\W_]*"
_FLOAT_END = re.compile(r"\d\.\d+$")
_DIGITS_THEN_LETTER = re.compile(r"\d+[^\W\d_]")
_TAG = re.compile(
    r"</?[a-z][\w:.-]*(?:\s+[\w:.-]+(?:\s*=\s*(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)*\s*/?>"
)
# Porter2's exceptional forms whose stem is not their own start but for a last letter.
_EXCEPTIONS = {"die": "dying", "lie": "lying", "tie": "tying"}
_stem = Stemmer.Stemmer("english").stemWord


def query_lexemes(tsquery: str) -> frozenset[str]:
    """The lexemes of a `tsquery` in its text form (`'defens' & !'cut'`), negated ones
    too, as `ts_headline` marks them."""
    return frozenset(m.group(1).replace("''", "'") for m in _LEXEME.finditer(tsquery))


class _Matcher:
    """Where the words matching a query's lexemes stand in a text.

    A word of letters is stemmed by PostgreSQL, and a word stemming to a lexeme
    starts with all of it but its last letter (`happi` < happy, `spend` < spending):
    those starts find the candidates, each is taken as PostgreSQL's parser would
    take the token there (`U.S`, `2.5`, `-19`, `press@example.com` are one token
    each), and each token is stemmed once, then remembered.  Other tokens (numbers,
    `g7`, `example.com`) are indexed as they are, lower-cased.
    """

    def __init__(self, lexemes: frozenset[str]) -> None:
        self.stemmed = frozenset(lexeme for lexeme in lexemes if _LETTERS.fullmatch(lexeme))
        self.exact = lexemes - self.stemmed
        # A hyphenated word (`iris-t`) is indexed whole and by its parts, and PostgreSQL
        # marks only the parts: the whole is no start.
        parts = {lexeme for lexeme in self.exact if "-" not in lexeme[1:]}
        starts = {lexeme[:-1] or lexeme for lexeme in self.stemmed} | parts
        starts.update(_EXCEPTIONS[lexeme] for lexeme in self.stemmed & _EXCEPTIONS.keys())
        # Each start with the rest of its word (the token, in most text).
        self.starts = tuple(re.compile(re.escape(start) + _WORD_REST) for start in starts)
        self.verdicts: dict[str, bool] = {}

    def spans(self, text: str) -> list[tuple[int, int]]:
        low = _lower(text)
        tags = "<" in low
        size = len(low)
        found: dict[int, int] = {}
        # Made for the first candidate that needs a closer look (few paragraphs hold one).
        context: _Text | None = None
        for start in self.starts:
            for match in start.finditer(low):
                at, end = match.span()
                # Most candidates are a word between spaces or punctuation; the rest
                # are looked at closer.
                if (
                    not tags
                    and (at == 0 or low[at - 1] == " ")
                    and (end == size or low[end] not in ".@/:")
                ):
                    found[at] = end
                    continue
                if context is None:
                    context = _Text(low)
                token_start = context.token_start(at, tags)
                if token_start is not None:
                    token_end = context.token_end(token_start)
                    if token_end is not None:
                        found[token_start] = token_end
        if not found:
            return []
        spans: list[tuple[int, int]] = []
        verdicts = self.verdicts
        if len(verdicts) > MAX_VERDICTS:
            verdicts.clear()
        last = 0
        for at, end in sorted(found.items()):
            if at < last:
                continue
            word = low[at:end]
            matches = verdicts.get(word)
            if matches is None:
                matches = verdicts[word] = end - at <= MAX_WORD and (
                    word in self.exact or (word.isalpha() and _stem(word) in self.stemmed)
                )
            if matches:
                spans.append((at, end))
                last = end
        return spans


class _Text:
    """A lower-cased paragraph, and what its candidates have learnt about it: tags
    found from each `<`, and the runs that could make an e-mail address's local part
    (found once, so many candidates in one long run do not each scan it)."""

    __slots__ = ("_domains", "_runs", "_tags", "low")

    def __init__(self, low: str) -> None:
        self.low = low
        self._tags: dict[int, int] = {}
        self._runs: tuple[list[int], list[int]] | None = None
        self._domains: dict[int, int] = {}

    def token_start(self, at: int, tags: bool) -> int | None:
        """Where the token starts that holds a candidate at `at`, if it starts there
        (or at a sign or slash just before); None inside a word, a dotted name, a
        path or an HTML tag, none of which PostgreSQL indexes word by word."""
        low = self.low
        if at == 0 or low[at] in "+-":
            return at
        before = low[at - 1]
        if before.isalnum():
            # `4.6bn` is the number 4.6 and the word bn; `34bn` is one token.
            return at if before.isdigit() and _FLOAT_END.search(low, max(0, at - 32), at) else None
        if before in "+-" and low[at].isdigit():
            # `-19` and `covid-19` hold the number -19; `mid-2030s` holds the part `2030s`.
            hyphenated = before == "-" and at > 1 and low[at - 2].isalnum()
            return (
                at if hyphenated and _DIGITS_THEN_LETTER.match(low, at, at + MAX_WORD) else at - 1
            )
        if before in "./" and at > 1 and low[at - 2].isalnum():
            return None
        if tags and self._in_tag(at):
            return None
        return at - 1 if before == "/" else at

    def _in_tag(self, at: int) -> bool:
        opening = self.low.rfind("<", max(0, at - MAX_TAG), at)
        if opening < 0:
            return False
        end = self._tags.get(opening)
        if end is None:
            tag = _TAG.match(self.low, opening, min(len(self.low), opening + MAX_TAG))
            end = self._tags[opening] = tag.end() if tag else opening
        return end > at

    def token_end(self, start: int) -> int | None:
        """Where the token starting at `start` ends; None for a URL's scheme (`https`)
        and for a token too long to be indexed."""
        low = self.low
        size = len(low)
        limit = min(size, start + MAX_WORD + 1)
        run = _WORD_RUN.match(low, start, limit)
        if run:
            end = run.end()
            if end == size or low[end] not in ".@/:":
                return end if end < limit or end == size else None
            joined = end + 1 < size and low[end] in ".@/" and low[end + 1].isalnum()
            if not joined:
                return None if low.startswith("://", end) else end
            email = self.email_end(start)
            if email is not None:
                return email
        token = _TOKEN.match(low, start, limit)
        if token is None or (token.end() == limit and limit < size):
            return None  # no token, or one too long to be indexed
        return token.end()

    def email_end(self, start: int) -> int | None:
        """The end of the e-mail address starting at `start`, if one does: the run of
        `[\\w.+-]` from there reaches an `@` followed by a domain."""
        low = self.low
        if self._runs is None:
            runs = [m.span() for m in _EMAIL_LOCAL_RUN.finditer(low)]
            self._runs = ([a for a, _ in runs], [b for _, b in runs])
        starts, ends = self._runs
        i = bisect_right(starts, start) - 1
        if i < 0 or ends[i] <= start:
            return None
        at = ends[i]
        if at >= len(low) or low[at] != "@":
            return None
        end = self._domains.get(at)
        if end is None:
            domain = _EMAIL_DOMAIN.match(low, at + 1, min(len(low), at + 1 + MAX_WORD))
            end = self._domains[at] = domain.end() if domain else -1
        return end if end > 0 and end - start <= MAX_WORD else None


@lru_cache(maxsize=256)
def _matcher(lexemes: frozenset[str]) -> _Matcher:
    return _Matcher(lexemes)


def _lower(text: str) -> str:
    """`text` lower-cased, letter for letter (`İ` lower-cases to two characters)."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c.lower()[0] for c in text)


def match_spans(text: str, lexemes: frozenset[str]) -> list[tuple[int, int]]:
    """Where the words stand in `text` that match the query of `lexemes`."""
    return _matcher(lexemes).spans(text) if lexemes else []


def snippet(text: str, lexemes: frozenset[str]) -> str:
    """`text` HTML-escaped with its matches in <mark>; of a paragraph longer than
    `MAX_CHARS`, the window of about that many characters holding the most matches,
    cut at spaces and marked with an ellipsis."""
    return _marked(text, match_spans(text, lexemes))


def snippets(texts: list[str], lexemes: frozenset[str]) -> list[str]:
    """`snippet` of each of `texts` (a page's hits), the query's matcher found once."""
    if not lexemes:
        return [_marked(text, []) for text in texts]
    spans = _matcher(lexemes).spans
    return [_marked(text, spans(text)) for text in texts]


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    size = len(text)
    start, end = (0, size) if size <= MAX_CHARS else _window(text, spans)
    parts = [ELLIPSIS] if start > 0 else []
    cursor = start
    for a, b in spans:
        if a >= start and b <= end:
            # A token holds no character that needs escaping.
            parts.append(f"{_escape(text[cursor:a])}<mark>{text[a:b]}</mark>")
            cursor = b
    parts.append(_escape(text[cursor:end]))
    if end < size:
        parts.append(ELLIPSIS)
    return "".join(parts)


def _escape(text: str) -> str:
    """`html.escape(text)`, without its five replacements for text that needs none
    (most of the pieces between matches)."""
    return html.escape(text) if _SPECIAL.search(text) else text


def _window(text: str, spans: list[tuple[int, int]]) -> tuple[int, int]:
    """About `MAX_CHARS` characters of `text` holding the most matches (the first such
    run of them), centred on them, cut at spaces."""
    first, last = (spans[0][0], spans[-1][1]) if spans else (0, 0)
    if last - first > MAX_CHARS:
        # For each match, the matches that end within MAX_CHARS of its start.
        ends = [b for _, b in spans]
        best = 0
        for i, (a, _) in enumerate(spans):
            j = max(bisect_right(ends, a + MAX_CHARS, i), i + 1)
            if j - i > best:
                best, first, last = j - i, a, ends[j - 1]
    slack = MAX_CHARS - (last - first)
    begin = max(0, min(first - slack // 2, len(text) - MAX_CHARS))
    end = begin + MAX_CHARS
    if begin > 0 and not text[begin - 1].isspace():
        space = text.find(" ", begin, first)
        begin = space + 1 if space >= 0 else first
    if end < len(text) and not text[end].isspace():
        space = text.rfind(" ", max(begin, last), end)
        if space < 0:
            space = text.find(" ", end, end + CUT_SLACK)
        # Text without spaces (hostile, or a long URL) is cut where the window ends.
        end = space if space >= 0 else end
    return begin, end
