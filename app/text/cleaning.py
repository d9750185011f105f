"""Text hygiene applied to every paragraph before it is stored.

Stored text is NFC-normalised with surrounding whitespace removed; citations are
offsets into that stored text, so this runs once, before anything is cited.
"""

from __future__ import annotations

import re
import unicodedata

_CONTROLS = r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f"
# A lone UTF-16 surrogate (`"\ud800"` in JSON, or the bytes ED B2 80 decoded leniently)
# is no character: it cannot be encoded as UTF-8, so PostgreSQL could never store it.
_SURROGATES = "\ud800-\udfff"
_CONTROL = re.compile(f"[{_CONTROLS}]")
_SURROGATE = re.compile(f"[{_SURROGATES}]")
# Either of the two, in one search: nearly all text has neither.
_UNSTORABLE = re.compile(f"[{_CONTROLS}{_SURROGATES}]")


def has_forbidden_characters(value: str) -> bool:
    """NUL and other C0 controls (PostgreSQL refuses NUL in text; none belongs in news)."""
    return _CONTROL.search(value) is not None


def has_lone_surrogates(value: str) -> bool:
    return _SURROGATE.search(value) is not None


def has_unstorable_characters(value: str) -> bool:
    """Forbidden characters or lone surrogates."""
    return _UNSTORABLE.search(value) is not None


def clean_paragraph(value: str) -> str:
    return unicodedata.normalize("NFC", value).strip()


def normalise_whitespace(value: str) -> str:
    """The key for spotting repeated paragraphs: whitespace runs collapse to one space."""
    # Equal to `re.sub(r"\s+", " ", value).strip()` (str.split and `\s` agree on what
    # whitespace is), at a fraction of the cost.
    return " ".join(value.split())
