"""Name normalisation: the key under which surface forms of one entity meet.

"U.S." and "US" meet under "us"; "the European Union's" and "European Union"
under "european union"; accents and case never split an entity.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_POSSESSIVE = re.compile(r"['\u2019]s?$")
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w\s&-]")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)  # bulk ingest normalises the same names again and again
def normalise_name(name: str) -> str:
    value = unicodedata.normalize("NFKD", name)
    value = "".join(c for c in value if not unicodedata.combining(c))
    value = _SPACES.sub(" ", value).strip()
    value = _POSSESSIVE.sub("", value)
    value = _LEADING_THE.sub("", value)
    value = value.replace(".", "")
    value = _NON_WORD.sub(" ", value.replace("&", " and "))
    return _SPACES.sub(" ", value).strip().casefold()


def surname(norm: str) -> str:
    """Last word of a normalised person name (the key surname-only mentions meet on)."""
    return norm.rsplit(" ", 1)[-1]
