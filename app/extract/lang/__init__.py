"""Language data for the rule stages: word lists and regex vocabulary, no logic.

As spaCy keeps its lexical data in `spacy/lang/<code>/`, the extractor keeps what
a rule matches on here, so adding a currency, a pledge verb or an event trigger
never means reading a rule, and a rule file stays about what it decides.
"""
