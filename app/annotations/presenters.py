"""Build W3C Web Annotations from citations.

The target's `source` is the cited paragraph's URL, since the TextPositionSelector's
offsets count code points of that paragraph's text (as ours do); the article's own
URL, when known, is the target's `scope`.
"""

from __future__ import annotations

from typing import Any

from app.facts.schemas import CitationOut

ANNO_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
ANNOTATION_MEDIA_TYPE = f'application/ld+json; profile="{ANNO_CONTEXT}"'


def annotation(
    citation: CitationOut,
    *,
    base_url: str,
    annotation_id: str,
    body: dict[str, Any] | str,
    motivation: str,
    article_url: str | None,
) -> dict[str, Any]:
    target: dict[str, Any] = {
        "type": "SpecificResource",
        "source": f"{base_url}/v1/paragraphs/{citation.paragraph_id}",
        "selector": [
            {
                "type": "TextQuoteSelector",
                "exact": citation.quote,
                "prefix": citation.prefix,
                "suffix": citation.suffix,
            },
            {"type": "TextPositionSelector", "start": citation.start, "end": citation.end},
        ],
    }
    if article_url:
        target["scope"] = article_url
    return {
        "@context": ANNO_CONTEXT,
        "id": annotation_id,
        "type": "Annotation",
        "motivation": motivation,
        "body": body,
        "target": target,
    }


def collection(collection_id: str, label: str, items: list[dict[str, Any]]) -> dict[str, Any]:
    """An AnnotationCollection with all its annotations on one embedded page."""
    for item in items:
        del item["@context"]  # stated once, at the top
    return {
        "@context": ANNO_CONTEXT,
        "id": collection_id,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
        "first": {"id": f"{collection_id}?page=0", "type": "AnnotationPage", "items": items},
    }


def textual_body(value: str) -> dict[str, Any]:
    return {"type": "TextualBody", "value": value, "format": "text/plain", "language": "en"}
