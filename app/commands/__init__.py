"""What the `ingest` and `export` commands do, apart from parsing their options."""
