"""Citations as W3C Web Annotations (JSON-LD)."""
