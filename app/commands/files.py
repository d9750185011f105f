"""Turn files into article bodies: `.txt`/`.md` as `text`, `.html` as `html`,
`.json` as one article or a list of them, `.ndjson` as one article per line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TEXT_SUFFIXES = {".txt", ".md", ".markdown"}
HTML_SUFFIXES = {".html", ".htm"}
JSON_SUFFIXES = {".json"}
NDJSON_SUFFIXES = {".ndjson", ".jsonl"}
SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES | NDJSON_SUFFIXES


@dataclass(frozen=True, slots=True)
class Item:
    """One article to post, or why a file (or line) cannot be one."""

    label: str  # the file, or `file:line` / `file[index]` when a file holds several
    body: dict[str, Any] | None = None
    error: str | None = None


def collect(paths: Iterable[Path]) -> Iterator[Path]:
    """The files named, and the supported files under the directories named (sorted,
    hidden ones skipped).  A named file of another type is kept: it is reported."""
    for path in paths:
        if path.is_dir():
            yield from sorted(
                p
                for p in path.rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            yield path


def _object(label: str, value: object) -> Item:
    if isinstance(value, dict):
        return Item(label, body=value)
    return Item(label, error="not a JSON object")


def read_items(path: Path) -> list[Item]:
    label = str(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        return [Item(label, error=f"unsupported file type {suffix or '(none)'}")]
    try:
        content = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        return [Item(label, error=f"unreadable: {exc}")]
    if suffix in TEXT_SUFFIXES:
        return [Item(label, body={"text": content})]
    if suffix in HTML_SUFFIXES:
        return [Item(label, body={"html": content})]
    if suffix in JSON_SUFFIXES:
        try:
            value = json.loads(content)
        except json.JSONDecodeError as exc:
            return [Item(label, error=f"invalid JSON: {exc}")]
        if isinstance(value, list):
            return [_object(f"{label}[{i}]", v) for i, v in enumerate(value)]
        return [_object(label, value)]
    items = []
    for number, line in enumerate(content.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            items.append(_object(f"{label}:{number}", json.loads(line)))
        except json.JSONDecodeError as exc:
            items.append(Item(f"{label}:{number}", error=f"invalid JSON: {exc}"))
    return items
