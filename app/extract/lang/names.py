"""Words around and inside names: titles, particles, state nouns, label types."""

from __future__ import annotations

from ..types import EntityType

# spaCy labels -> our entity types; numeric and temporal labels are dropped.
LABEL_TYPES: dict[str, EntityType] = {
    "PERSON": "person",
    "ORG": "organization",
    "GPE": "location",
    "LOC": "location",
    "FAC": "location",
    "NORP": "group",
    "PRODUCT": "other",
    "EVENT": "other",
    "LAW": "other",
    "WORK_OF_ART": "other",
}

# Lower-cased words that, before a name, are honorifics or office titles.
TITLES = frozenset(
    ["president", "vice", "prime", "minister", "secretary", "general", "mr", "mr.", "mrs",
     "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "chancellor", "senator",
     "sen", "sen.", "rep", "rep.", "representative", "gov", "gov.", "governor", "king", "queen",
     "prince", "princess", "pope", "ceo", "cfo", "coo", "chairman", "chairwoman", "chair",
     "chief", "executive", "deputy", "foreign", "defence", "defense", "finance", "interior",
     "premier", "ambassador", "commissioner", "judge", "justice", "mayor", "speaker", "emir",
     "crown", "envoy", "spokesman", "spokeswoman", "spokesperson", "director", "commander",
     "gen", "gen.", "col", "col.", "lt", "lt.", "maj", "maj.", "capt", "capt.", "adm", "adm.",
     "treasury", "trade", "home", "high", "former", "ex", "acting", "interim", "financial",
     "officer", "operating", "board", "member", "sheikh", "first", "state", "leader", "head",
     "administrator", "prosecutor", "attorney", "chancellor", "councillor", "councilor",
     "lawmaker", "mp", "congressman", "congresswoman", "assemblyman", "spokesperson",
     "undersecretary", "under-secretary", "secretary-general", "president-elect", "lead",
     "author", "professor", "prof", "prof.", "rev", "rev.", "bishop", "archbishop", "cardinal",
     "mrs", "madam", "admiral", "general", "sergeant", "colonel", "captain", "major",
     "lieutenant", "brigadier", "marshal", "chargé", "consul", "minister-president",
     "president", "vice-president", "vice-chancellor", "deputy-director", "counsellor"]
)  # fmt: skip

# Capitalised portfolio words that sit between an office title and a name
# ("Minister for Foreign Affairs Jane Doe", "Commissioner for Crisis Management Ann Roe").
PORTFOLIO_WORDS = frozenset(
    ["affairs", "management", "development", "aid", "humanitarian", "crisis", "health",
     "trade", "defence", "defense", "foreign", "home", "interior", "finance", "economy",
     "energy", "environment", "climate", "education", "justice", "security", "industry",
     "international", "cooperation", "co-operation", "transport", "agriculture", "labour",
     "labor", "welfare", "culture", "science", "technology", "innovation", "relations",
     "commerce", "treasury", "budget", "infrastructure", "planning", "communities", "housing",
     "women", "youth", "sport", "tourism", "fisheries", "water", "resources", "works",
     "services", "protection", "civil", "emergency", "emergencies", "equality", "migration",
     "immigration", "citizenship", "digital", "enlargement", "neighbourhood", "partnerships",
     "pacific", "europe", "asia", "africa", "americas", "commonwealth", "veterans", "policy",
     "public", "social", "national", "regional", "local", "government", "state", "strategy",
     "investment", "export", "exports", "industries", "and", "for", "of", "the", "&"]
)  # fmt: skip

# Nouns after which a nationality adjective denotes the state itself.
STATE_NOUNS = frozenset(
    ["government", "administration", "forces", "troops", "military", "army", "navy", "air",
     "officials", "authorities", "ministry", "embassy", "parliament", "cabinet", "delegation",
     "diplomats", "diplomat", "leaders", "leader", "president", "prime", "minister",
     "chancellor", "counterpart", "regime", "state", "lawmakers", "legislators",
     "parliamentarians", "negotiators", "mps"]
)  # fmt: skip

# Lower-case particles inside personal names: "Ursula von der Leyen", "Gerard ter Horst".
NAME_PARTICLES = frozenset(
    ["von", "van", "der", "den", "de", "da", "das", "do", "dos", "di", "del", "della", "des",
     "du", "la", "le", "bin", "bint", "ibn", "ben", "al", "el", "ter", "ten", "zu", "y", "abu",
     "ould", "bou", "st", "st."]
)  # fmt: skip

# Particles that may open a surname standing alone ("von der Leyen said").
LEAD_PARTICLES = NAME_PARTICLES - {"y", "la", "le", "do", "das", "dos", "des", "ben", "el"}

# Words of a multi-word name that are not its head ("Bank *of* England").
SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "on", "in", "&"})

# All-caps units that are not names: "2,400 MW".
UNITS = frozenset({"MW", "GW", "KW", "TW", "MWH", "GWH", "KWH", "KM", "KG", "BPD", "MPH", "PPM"})
