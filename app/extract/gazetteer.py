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

from .types import EntityType


@dataclass(frozen=True, slots=True)
class KnownEntity:
    name: str
    type: EntityType
    aliases: tuple[str, ...]


# pycountry's names are ISO-style ("Korea, Republic of"); news uses these.
_COUNTRY_NAME_OVERRIDES: dict[str, str] = {
    "RU": "Russia",
    "TR": "Turkey",
    "CZ": "Czech Republic",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "PS": "Palestine",
    "VA": "Vatican City",
    "BN": "Brunei",
    "CV": "Cape Verde",
    "CI": "Ivory Coast",
    "MK": "North Macedonia",
    "FM": "Micronesia",
    "GB": "United Kingdom",
    "US": "United States",
    "KR": "South Korea",
    "KP": "North Korea",
    "IR": "Iran",
    "SY": "Syria",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TZ": "Tanzania",
    "MD": "Moldova",
    "LA": "Laos",
    "VN": "Vietnam",
    "TW": "Taiwan",
}

_COUNTRY_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
    "US": ("U.S.", "US", "U.S.A.", "USA", "America", "United States of America"),
    "GB": ("UK", "U.K.", "Britain", "Great Britain"),
    "RU": ("Russian Federation",),
    "TR": ("Türkiye", "Turkiye"),
    "CZ": ("Czechia",),
    "CD": ("DR Congo", "DRC"),
    "AE": ("UAE", "U.A.E.", "Emirates"),
    "NL": ("Holland", "The Netherlands"),
    "CN": ("PRC", "People's Republic of China"),
    "KP": ("DPRK",),
    "CI": ("Côte d'Ivoire",),
    "MM": ("Burma",),
}

# (canonical name, acronyms and other names).  Canonical names follow common
# newsroom usage: the acronym where it is how the body is known ("NATO").
_ORGANIZATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("NATO", ("North Atlantic Treaty Organization", "North Atlantic Treaty Organisation", "Nato")),
    ("European Union", ("EU", "E.U.")),
    ("United Nations", ("UN", "U.N.")),
    ("UN Security Council", ("United Nations Security Council", "Security Council", "UNSC")),
    ("International Monetary Fund", ("IMF",)),
    ("World Bank", ()),
    ("World Health Organization", ("WHO", "World Health Organisation")),
    ("World Trade Organization", ("WTO", "World Trade Organisation")),
    ("OPEC", ("Organization of the Petroleum Exporting Countries",)),
    ("European Commission", ()),
    ("European Central Bank", ("ECB",)),
    ("European Parliament", ()),
    ("Federal Reserve", ("Fed", "US Federal Reserve")),
    ("G7", ("Group of Seven", "G-7")),
    ("G20", ("Group of 20", "Group of Twenty", "G-20")),
    ("African Union", ("AU",)),
    ("ASEAN", ("Association of Southeast Asian Nations",)),
    ("Organisation for Economic Co-operation and Development", ("OECD",)),
    ("International Atomic Energy Agency", ("IAEA",)),
    ("International Criminal Court", ("ICC",)),
    ("Pentagon", ("US Department of Defense", "Department of Defense")),
    ("White House", ()),
    ("Kremlin", ()),
    ("Hamas", ()),
    ("Hezbollah", ()),
    ("Central Intelligence Agency", ("CIA",)),
    ("Federal Bureau of Investigation", ("FBI",)),
    ("Green Climate Fund", ("GCF",)),
)

# Capitals and cities that news names often and a small tagger mistypes ("Kyiv").
_CITIES: tuple[str, ...] = (
    "Kyiv",
    "Kiev",
    "Moscow",
    "Beijing",
    "Washington",
    "London",
    "Paris",
    "Berlin",
    "Brussels",
    "Tokyo",
    "New Delhi",
    "Cairo",
    "Doha",
    "Tehran",
    "Jerusalem",
    "Tel Aviv",
    "Ankara",
    "Istanbul",
    "Warsaw",
    "Ottawa",
    "Canberra",
    "Seoul",
    "Pyongyang",
    "Taipei",
    "Baku",
    "The Hague",
    "Geneva",
    "Davos",
    "Rome",
    "Madrid",
    "Kabul",
    "Islamabad",
    "Riyadh",
    "Damascus",
    "Baghdad",
    "Beirut",
    "Amman",
    "Nairobi",
    "Lagos",
    "Brasilia",
    "Mexico City",
    "Buenos Aires",
    "Hong Kong",
    "Shanghai",
    "Mumbai",
    "Dubai",
    "Abu Dhabi",
    "Minsk",
    "Vilnius",
    "Riga",
    "Tallinn",
    "Helsinki",
    "Stockholm",
    "Oslo",
    "Copenhagen",
    "Vienna",
    "Budapest",
    "Prague",
    "Bucharest",
    "Athens",
    "Lisbon",
    "Dublin",
    "Kharkiv",
    "Odesa",
    "Gaza",
    "Ramallah",
    "New York",
    "Strasbourg",
    "Luxembourg",
    "Wellington",
)

_DEMONYMS: dict[str, str] = {
    "American": "US",
    "British": "GB",
    "Russian": "RU",
    "Ukrainian": "UA",
    "Chinese": "CN",
    "French": "FR",
    "German": "DE",
    "Italian": "IT",
    "Spanish": "ES",
    "Japanese": "JP",
    "Indian": "IN",
    "Canadian": "CA",
    "Australian": "AU",
    "Israeli": "IL",
    "Iranian": "IR",
    "Turkish": "TR",
    "Polish": "PL",
    "Dutch": "NL",
    "Swedish": "SE",
    "Finnish": "FI",
    "Norwegian": "NO",
    "Danish": "DK",
    "Belgian": "BE",
    "Greek": "GR",
    "Egyptian": "EG",
    "Saudi": "SA",
    "Qatari": "QA",
    "Syrian": "SY",
    "Iraqi": "IQ",
    "Pakistani": "PK",
    "Brazilian": "BR",
    "Mexican": "MX",
    "South Korean": "KR",
    "North Korean": "KP",
    "Taiwanese": "TW",
    "Philippine": "PH",
    "Filipino": "PH",
    "Indonesian": "ID",
    "Vietnamese": "VN",
    "Nigerian": "NG",
    "South African": "ZA",
    "Kenyan": "KE",
    "Hungarian": "HU",
    "Romanian": "RO",
    "Czech": "CZ",
    "Swiss": "CH",
    "Austrian": "AT",
    "Irish": "IE",
    "Portuguese": "PT",
    "Argentine": "AR",
    "Estonian": "EE",
    "Latvian": "LV",
    "Lithuanian": "LT",
    "Belarusian": "BY",
    "Lebanese": "LB",
    "Jordanian": "JO",
    "Afghan": "AF",
    "Venezuelan": "VE",
    "Colombian": "CO",
    "Chilean": "CL",
    "Emirati": "AE",
}

_KEY_CLEAN = re.compile(r"[.\s]+")
# Subdivision kinds that news names as places ("Andhra Pradesh", "Ohio", "Kherson Oblast").
_REGION_TYPES = frozenset(
    {
        "State", "Province", "Region", "Union territory", "Territory", "Prefecture", "Oblast",
        "Governorate", "Emirate", "Autonomous republic", "Country", "Autonomous region",
    }
)  # fmt: skip
_GENERIC_REGION_WORDS = frozenset(
    {"central", "north", "south", "east", "west", "northern", "southern", "eastern", "western"}
)


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
            name = _COUNTRY_NAME_OVERRIDES.get(code) or getattr(country, "common_name", None)
            name = name or country.name
            forms = {country.name, name, *_COUNTRY_EXTRA_ALIASES.get(code, ())}
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
            if sub.type in _REGION_TYPES and sub.name.casefold() not in _GENERIC_REGION_WORDS
        }
        for city in _CITIES:
            self._add(city, KnownEntity(city, "location", ()), overwrite=False)
        # Capitalised one-word organization names and short forms ("Fed", "Kremlin").
        self.single_word_orgs: frozenset[str] = frozenset()
        single: set[str] = set()
        for name, aliases in _ORGANIZATIONS:
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

    def is_region(self, text: str) -> bool:
        """Whether `text` names a state, province or similar region of some country."""
        return _fold(text) in self._regions

    def country_for_demonym(self, word: str) -> KnownEntity | None:
        code = _DEMONYMS.get(word)
        return self._country_by_alpha2.get(code) if code else None


@lru_cache(maxsize=1)
def get_gazetteer() -> Gazetteer:
    return Gazetteer()
