"""Story identity: which posts are the same story, and whether its content changed."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.text.cleaning import normalise_whitespace

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
_DEFAULT_PORTS = {"http": 80, "https": 443}


# Most URLs are already in normal form but for a trailing slash: a lower-case http(s)
# scheme and host, no user, port, query or fragment, nothing `urlsplit` would strip
# or drop.  Those skip the parse; `normalise_url` returns what the parse would.
_PLAIN_URL = re.compile(r"(https?)://([a-z0-9.-]+)(/[^?#\s]*)?")


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters."""
    plain = _PLAIN_URL.fullmatch(url)
    if plain:
        return f"{plain[1]}://{plain[2]}{(plain[3] or '').rstrip('/') or '/'}"
    return _parsed_url(url)


def _parsed_url(url: str) -> str:
    parts = urlsplit(url.strip())
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").lower()
    if parts.port and parts.port != _DEFAULT_PORTS.get(scheme):
        host = f"{host}:{parts.port}"
    query = urlencode(
        sorted(
            (k, v)
            for k, v in parse_qsl(parts.query, keep_blank_values=True)
            if not k.lower().startswith(_TRACKING_PARAMS)
        )
    )
    path = parts.path.rstrip("/") or "/"
    return urlunsplit((scheme, host, path, query, ""))


# `json.dumps` with these options builds an encoder each call; one made once encodes
# the same.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def _digest(payload: object) -> str:
    raw = _COMPACT.encode(payload)
    return hashlib.sha256(raw.encode()).hexdigest()


def content_hash(title: str | None, standfirst: str | None, paragraphs: Sequence[str]) -> str:
    return _digest(
        [
            normalise_whitespace(title or ""),
            normalise_whitespace(standfirst or ""),
            [normalise_whitespace(p) for p in paragraphs],
        ]
    )


def story_key(url: str | None, paragraphs: Sequence[str]) -> str:
    """The URL when there is one; otherwise the body text itself."""
    if url:
        return "url:" + normalise_url(url)
    return "text:" + _digest([normalise_whitespace(p) for p in paragraphs])
