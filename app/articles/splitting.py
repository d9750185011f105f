"""Turn plain text or Markdown into a title, a standfirst and body paragraphs.

Scraped news often opens with a block of headings or bold lines (headline,
standfirst, the headline again) before the body; that block becomes the title and
standfirst rather than body paragraphs.  A later heading stays a paragraph of kind
`heading`.  Paragraphs are separated by line breaks; Markdown inline markup is
removed so that citations quote what a reader sees.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from app.text.cleaning import clean_paragraph, normalise_whitespace

# Every pattern here runs on text a client sends, so none may backtrack over a line:
# each scan stops at the next delimiter of its own kind (a `**` does not look past
# the next `**`, a link's `(` past the next `(`), which keeps a line linear.
_EMPHASIS_LINE = re.compile(r"^(\*\*|__)(.+)\1$")
_RULE = re.compile(r"^([-*_=])(\s*\1){2,}$")
_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,3}[.)])\s+")
_QUOTE_MARKER = re.compile(r"^(?:>\s?)+")
_IMAGE = re.compile(r"!\[[^\[\]]*\]\([^()]*\)")
_LINK = re.compile(r"\[([^\[\]]+)\]\([^()]*\)")
_STRONG = re.compile(
    r"\*\*(?=\S)((?:[^*]|\*(?!\*))+?)(?<=\S)\*\*|__(?=\S)((?:[^_]|_(?!_))+?)(?<=\S)__"
)
_EM = re.compile(
    r"(?<![\w*])\*(?=\S)([^*]+?)(?<=\S)\*(?![\w*])|(?<![\w_])_(?=\S)([^_]+?)(?<=\S)_(?![\w_])"
)
_CODE = re.compile(r"`([^`]+)`")


@dataclass(frozen=True, slots=True)
class ParagraphDraft:
    text: str
    kind: str = "body"  # "body" | "heading"
    duplicate_of: int | None = None  # index of the earlier identical paragraph


@dataclass(frozen=True, slots=True)
class SplitText:
    title: str | None
    standfirst: str | None
    paragraphs: list[ParagraphDraft]


def strip_inline_markdown(line: str) -> str:
    line = _IMAGE.sub("", line)
    line = _LINK.sub(r"\1", line)
    line = _STRONG.sub(lambda m: m.group(1) or m.group(2), line)
    line = _EM.sub(lambda m: m.group(1) or m.group(2), line)
    line = _CODE.sub(r"\1", line)
    return line


def _atx_heading(line: str) -> str | None:
    """The text of an ATX heading (`## Title ##`), or None: one to six `#`, white
    space, the text, then any closing `#`s and white space, which are dropped."""
    hashes = len(line) - len(line.lstrip("#"))
    if not 1 <= hashes <= 6 or not line[hashes : hashes + 1].isspace():
        return None
    return line[hashes:].strip().rstrip("#").rstrip()


def _classify(line: str) -> tuple[str, str] | None:
    """(kind, text) of one source line, or None for lines that carry no text."""
    if _RULE.match(line):
        return None
    heading = _atx_heading(line)
    if heading is not None:
        return "heading", strip_inline_markdown(heading)
    emphasis = _EMPHASIS_LINE.match(line)
    if emphasis and "**" not in emphasis.group(2):
        return "heading", strip_inline_markdown(emphasis.group(2))
    line = _QUOTE_MARKER.sub("", line)
    line = _LIST_MARKER.sub("", line)
    return "body", strip_inline_markdown(line)


def mark_duplicates(drafts: Sequence[ParagraphDraft]) -> list[ParagraphDraft]:
    """Point each paragraph that repeats an earlier one at that first occurrence."""
    first_seen: dict[str, int] = {}
    marked = []
    for index, draft in enumerate(drafts):
        key = normalise_whitespace(draft.text)
        original = first_seen.setdefault(key, index)
        duplicate_of = original if original != index else None
        if duplicate_of == draft.duplicate_of:  # drafts are frozen: share it as it is
            marked.append(draft)
        else:
            marked.append(ParagraphDraft(draft.text, draft.kind, duplicate_of))
    return marked


def _front_matter(lines: list[str], given_title: str | None) -> tuple[str | None, str | None]:
    """Title and standfirst from the heading lines that open the text."""
    unique: list[str] = []
    repeated: list[str] = []
    for line in lines:
        (repeated if line in unique else unique).append(line)
    title = given_title
    if title is None and unique:
        title = repeated[0] if repeated else unique[0]
    rest = [line for line in unique if line != title]
    return title, ("\n".join(rest) or None)


def split_text(text: str, title: str | None = None) -> SplitText:
    classified = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        item = _classify(raw.strip())
        if item is None:
            continue
        kind, line = item
        line = clean_paragraph(line)
        if line:
            classified.append((kind, line))
    lead = 0
    while lead < len(classified) and classified[lead][0] == "heading":
        lead += 1
    if lead == len(classified):  # only headings: keep them as the body
        lead = 0
    found_title, standfirst = _front_matter([line for _, line in classified[:lead]], title)
    body = [ParagraphDraft(line, kind) for kind, line in classified[lead:]]
    return SplitText(found_title, standfirst, mark_duplicates(body))


def paragraphs_from_list(paragraphs: Sequence[str]) -> list[ParagraphDraft]:
    return mark_duplicates([ParagraphDraft(clean_paragraph(p)) for p in paragraphs])
