"""An indexed, exact stand-in for spaCy's attribute ruler.

The English pipelines' `attribute_ruler` (tag → POS and morphology, plus some
lemma and dependency exceptions) runs its 179 patterns through spaCy's `Matcher`,
which tries every pattern at every token: about a ninth of the whole pipeline's
time in `en_core_web_sm`.  `IndexedAttributeRuler` holds the same patterns
indexed by their first token's LOWER or TAG value, so a token is checked against
the few patterns that can start there, and then applies the matches exactly as
the original does: every match of rule i before any of rule i + 1, so later rules
win.  `install` swaps it in only when it understands every pattern (plain
values, IN, NOT_IN, REGEX on the attributes below); otherwise the pipeline keeps
spaCy's own component.  Tests check the two give identical tokens.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from typing import Any

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc, Token
from spacy.tokens._retokenize import set_token_attrs

from .pipe_swap import Slot, swap

_READERS: dict[str, Callable[[Token], Any]] = {
    "LOWER": lambda t: t.lower_,
    "TAG": lambda t: t.tag_,
    "DEP": lambda t: t.dep_,
    "ORTH": lambda t: t.orth_,
    "TEXT": lambda t: t.orth_,
    "IS_SPACE": lambda t: t.is_space,
}
# The same attributes read for a whole Doc at once: string attributes as hashes
# through the string store, flags as booleans (a Token object per token and
# attribute cost more than the matching).
_STRING_COLUMNS = {"LOWER": LOWER, "TAG": TAG, "DEP": DEP, "ORTH": ORTH, "TEXT": ORTH}
_FLAG_COLUMNS = {"IS_SPACE": IS_SPACE}


class _Columns(dict[str, list[Any]]):
    """A Doc's attribute values by name, each read on first use."""

    def __init__(self, doc: Doc) -> None:
        super().__init__()
        self.doc = doc

    def __missing__(self, key: str) -> list[Any]:
        if key in _STRING_COLUMNS:
            strings = self.doc.vocab.strings
            values: list[Any] = [
                strings[h] for h in self.doc.to_array(_STRING_COLUMNS[key]).tolist()
            ]
        elif key in _FLAG_COLUMNS:
            values = [bool(v) for v in self.doc.to_array(_FLAG_COLUMNS[key]).tolist()]
        else:
            values = [_READERS[key](t) for t in self.doc]
        self[key] = values
        return values


# First-token keys to index on, most selective first.
_INDEXED = ("LOWER", "TAG", "DEP", "IS_SPACE")

Test = Callable[[Any], bool]


class Unsupported(ValueError):
    """A pattern uses something this stand-in does not implement."""


def _test(value: object) -> Test:
    if isinstance(value, (str, bool)):
        return lambda got: bool(got == value)
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op == "IN" and isinstance(arg, list):
            options = frozenset(arg)
            return lambda got: got in options
        if op == "NOT_IN" and isinstance(arg, list):
            excluded = frozenset(arg)
            return lambda got: got not in excluded
        if op == "REGEX" and isinstance(arg, str):
            search = re.compile(arg).search
            return lambda got: search(got) is not None
    raise Unsupported(f"pattern value {value!r}")


def _index_values(spec: dict[str, Any]) -> tuple[str, list[Any]] | None:
    """The key and values under which a pattern starting with `spec` is indexed."""
    for key in _INDEXED:
        value = spec.get(key)
        if isinstance(value, (str, bool)):
            return key, [value]
        if isinstance(value, dict) and isinstance(value.get("IN"), list) and len(value) == 1:
            return key, list(value["IN"])
    return None


# One compiled pattern: rule number, per-token [(attribute, test)], target offset.
_Pattern = tuple[int, tuple[tuple[tuple[str, Test], ...], ...], int]


class IndexedAttributeRuler:
    """Applies an `AttributeRuler`'s rules with an index instead of its `Matcher`."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.attrs: list[dict[int, Any]] = list(ruler.attrs)
        self.by_key: dict[str, dict[Any, list[_Pattern]]] = {key: {} for key in _INDEXED}
        self.anywhere: list[_Pattern] = []
        self.keys: set[str] = set()
        entries: list[dict[str, Any]] = ruler.patterns  # as published: untyped dicts
        for rule, entry in enumerate(entries):
            for pattern in entry["patterns"]:
                self._add(rule, pattern, int(entry["index"]))

    def _add(self, rule: int, pattern: Sequence[dict[str, Any]], index: int) -> None:
        if not pattern or not -len(pattern) <= index < len(pattern):
            raise Unsupported(f"pattern {pattern!r} with index {index}")
        tokens = []
        for spec in pattern:
            if not isinstance(spec, dict) or not spec or "OP" in spec:
                raise Unsupported(f"token pattern {spec!r}")
            tests = []
            for key, value in spec.items():
                if key not in _READERS:
                    raise Unsupported(f"attribute {key}")
                self.keys.add(key)
                tests.append((key, _test(value)))
            tokens.append(tuple(tests))
        indexed = _index_values(pattern[0])
        if indexed is None:
            self.anywhere.append((rule, tuple(tokens), index % len(pattern)))
            return
        key, values = indexed
        # A token found under one of `values` passes the test the index was made of.
        tokens[0] = tuple(test for test in tokens[0] if test[0] != key)
        compiled: _Pattern = (rule, tuple(tokens), index % len(pattern))
        for value in dict.fromkeys(values):
            self.by_key[key].setdefault(value, []).append(compiled)

    def __call__(self, doc: Doc) -> Doc:
        columns = _Columns(doc)
        size = len(doc)
        indexes = [(columns[key], index) for key, index in self.by_key.items() if index]
        matches: set[tuple[int, int]] = set()  # (rule, token to modify)
        for i in range(size):
            candidates: list[_Pattern] = []
            for column, index in indexes:
                found = index.get(column[i])
                if found is not None:
                    candidates += found
            for rule, tokens, target in (*self.anywhere, *candidates):
                if len(tokens) == 1 and not tokens[0]:
                    matches.add((rule, i + target))
                    continue
                if i + len(tokens) > size:
                    continue
                if all(
                    test(columns[key][i + k])
                    for k, tests in enumerate(tokens)
                    for key, test in tests
                ):
                    matches.add((rule, i + target))
        for rule, position in sorted(matches):
            set_token_attrs(doc[position], self.attrs[rule])
        return doc


@Language.factory("indexed_attribute_ruler")
def _make_slot(nlp: Language, name: str) -> Slot:
    """Registered so `install` can put the component in the pipeline; `swap` fills
    it from the component it replaces."""
    return Slot()


def install(nlp: Language, name: str = "attribute_ruler") -> bool:
    """Replace `nlp`'s attribute ruler by the indexed one, if every pattern is
    understood; return whether it was replaced."""
    if name not in nlp.pipe_names:
        return False
    ruler = nlp.get_pipe(name)
    if not isinstance(ruler, AttributeRuler):
        return False
    try:
        indexed = IndexedAttributeRuler(ruler)
    except Unsupported:
        return False
    swap(nlp, name, "indexed_attribute_ruler", indexed)
    return True
