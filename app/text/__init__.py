"""Text below every domain: cleaning submitted text, and locating a quote in a paragraph."""
