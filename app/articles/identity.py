"""Story identity: which posts are the same story, and whether its content changed."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from app.text.cleaning import normalise_whitespace

_TRACKING_PARAMS = ("utm_", "fbclid", "gclid", "mc_cid", "mc_eid")
_DEFAULT_PORTS = {"http": 80, "https": 443}


def normalise_url(url: str) -> str:
    """Lower-case scheme and host, no default port, fragment or tracking parameters."""
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


def _digest(payload: object) -> str:
    raw = json.dumps(payload, ensure_ascii=False, separators=(",", ":"))
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
