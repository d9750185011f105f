"""Known names: countries (from ``pycountry``) and a curated list of major organizations.

The gazetteer does three jobs: it fixes entity types ("NATO" is an organization
whatever the tagger says), it maps surface variants to one canonical name
("U.S.", "US", "the United States", "United States of America" -> "United
States"), and it supplies aliases that help resolve an entity across articles
(the acronym of an organization, the official name of a country).

Demonyms map to countries only through `country_for_demonym`; callers decide
when a demonym really denotes the state (e.g. "the British government").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pycountry

from .lang.capitals import CAPITALS
from .lang.places import (
    CITIES,
    COUNTRY_EXTRA_ALIASES,
    COUNTRY_NAME_OVERRIDES,
    DEMONYMS,
    GENERIC_REGION_WORDS,
    JOINED_PLACES,
    ORGANIZATIONS,
    REGION_DEMONYMS,
    REGION_TYPES,
    US_STATE_ABBREVIATIONS,
    US_STATES,
    WORLD_REGIONS,
)
from .types import EntityType


@dataclass(frozen=True, slots=True)
class KnownEntity:
    name: str
    type: EntityType
    aliases: tuple[str, ...]


_KEY_CLEAN = re.compile(r"[.\s]+")
_JOINED = re.compile(r"\w[\s-][a-z]+[\s-]\S")


def _fold(text: str) -> str:
    """Casefold and strip accents: "Bihār" -> "bihar"."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def name_key(text: str) -> str:
    """Normalise a surface form for lookup: casefold, drop dots, collapse spaces."""
    text = text.strip()
    if text.lower().startswith("the "):
        text = text[4:]
    return _KEY_CLEAN.sub(" ", text.replace(".", "")).strip().casefold()


class Gazetteer:
    """Lookup of known entities by any of their surface forms."""

    def __init__(self) -> None:
        self._by_key: dict[str, KnownEntity] = {}
        self._country_by_alpha2: dict[str, KnownEntity] = {}
        for country in pycountry.countries:
            code = country.alpha_2
            name = COUNTRY_NAME_OVERRIDES.get(code) or getattr(country, "common_name", None)
            name = name or country.name
            forms = {country.name, name, *COUNTRY_EXTRA_ALIASES.get(code, ())}
            official = getattr(country, "official_name", None)
            if official:
                forms.add(official)
            aliases = tuple(sorted(f for f in forms if f != name and "," not in f))
            known = KnownEntity(name, "location", aliases)
            self._country_by_alpha2[code] = known
            for form in forms:
                self._add(form, known, overwrite=False)
            self._add(name, known, overwrite=True)
        self._regions = {
            _fold(sub.name)
            for sub in pycountry.subdivisions
            if sub.type in REGION_TYPES and sub.name.casefold() not in GENERIC_REGION_WORDS
        }
        for place in (*CITIES, *CAPITALS, *WORLD_REGIONS, *US_STATES, *JOINED_PLACES):
            self._add(place, KnownEntity(place, "location", ()), overwrite=False)
        # Place names with a lower-case word or a hyphen inside, which the tagger may
        # split ("Trinidad" and "Tobago"): `place_names` finds them whole.
        self.joined_places: tuple[str, ...] = tuple(
            sorted(
                {
                    form
                    for known in self._by_key.values()
                    if known.type == "location"
                    for form in (known.name, *known.aliases)
                    if "," not in form and _JOINED.search(form)
                },
                key=len,
                reverse=True,
            )
        )
        # Capitalised one-word organization names and short forms ("Fed", "Kremlin").
        self.single_word_orgs: frozenset[str] = frozenset()
        single: set[str] = set()
        for name, aliases in ORGANIZATIONS:
            org = KnownEntity(name, "organization", aliases)
            for form in (name, *aliases):
                self._add(form, org, overwrite=True)
                if form.isalpha() and form[:1].isupper() and not form.isupper():
                    single.add(name_key(form))
        self.single_word_orgs = frozenset(single)

    def _add(self, form: str, known: KnownEntity, *, overwrite: bool) -> None:
        key = name_key(form)
        if overwrite or key not in self._by_key:
            self._by_key[key] = known

    def lookup(self, text: str) -> KnownEntity | None:
        """The known entity `text` names, if any.

        All-caps short forms ("US", "UN", "WHO") only match when written in capitals,
        so the pronoun "us" or the word "who" never becomes a country or agency.
        """
        known = self._by_key.get(name_key(text))
        if known is None:
            return None
        compact = text.replace(".", "").strip()
        if len(compact) <= 4 and compact.isalpha() and not compact.isupper():
            is_name = any(compact == a.replace(".", "") for a in (known.name, *known.aliases))
            if not is_name:
                return None
        return known

    def state_for_abbreviation(self, abbreviation: str) -> KnownEntity | None:
        """The US state an abbreviation with its dot names ("Ga." -> Georgia)."""
        state = US_STATE_ABBREVIATIONS.get(abbreviation)
        return self._by_key.get(name_key(state)) if state else None

    def is_region(self, text: str) -> bool:
        """Whether `text` names a state, province or similar region of some country."""
        return _fold(text) in self._regions

    def country_for_demonym(self, word: str) -> KnownEntity | None:
        code = DEMONYMS.get(word)
        return self._country_by_alpha2.get(code) if code else None

    def region_for_demonym(self, word: str) -> KnownEntity | None:
        """The nation or region inside a state that an adjective names ("Welsh" ->
        Wales), for its own government; never a country's demonym."""
        region = REGION_DEMONYMS.get(word)
        if region is None:
            return None
        return self._by_key.get(name_key(region)) or KnownEntity(region, "location", ())


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    return Gazetteer()
