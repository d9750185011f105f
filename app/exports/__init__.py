"""Lists as JSON, CSV or NDJSON, with the next page in a `Link` header."""
