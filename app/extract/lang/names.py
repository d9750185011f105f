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
     "president", "vice-president", "vice-chancellor", "deputy-director", "counsellor",
     "coordinator", "co-ordinator", "registrar", "ombudsman", "rapporteur"]
)  # fmt: skip

# Title words that are also common surnames ("John Major", "Carole King").
SURNAME_TITLES = frozenset(
    ["king", "major", "general", "marshal", "bishop", "judge", "chief", "head", "lord", "lady",
     "prince", "speaker", "justice", "sir", "dame", "first", "state", "member", "high", "home",
     "trade", "lead", "author", "captain", "chancellor", "pope", "queen", "governor", "mayor",
     "chair", "board", "leader", "foreign", "finance", "director", "officer", "coo", "ex"]
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

# Nouns after which a nationality adjective is the state: "the British government".
GOVERNMENT_NOUNS = frozenset(
    ["government", "administration", "forces", "troops", "military", "army", "navy", "air",
     "authorities", "ministry", "embassy", "parliament", "cabinet", "delegation", "regime",
     "state", "lawmakers", "legislators", "parliamentarians", "negotiators", "mps",
     "officials", "diplomats", "consulate", "high", "coast", "police", "treasury"]
)  # fmt: skip

# Lower-case words after a hyphen that make an adjective of a name ("Trump-backed"),
# never a second given name ("Jae-in").
HYPHEN_SUFFIXES = frozenset(
    ["led", "based", "backed", "born", "era", "style", "like", "free", "wide", "owned", "run",
     "made", "linked", "allied", "aligned", "friendly", "funded", "controlled", "held",
     "occupied", "bound", "sponsored", "inspired", "centric", "type", "class", "level",
     "related", "specific", "only", "esque", "ish", "ism", "ist", "ists", "ite", "ites", "ian",
     "ians", "appointed", "designate", "elect", "in-law", "affiliated", "made", "supported",
     "brokered", "imposed", "registered", "flagged", "listed", "area", "region", "wide"]
)  # fmt: skip

# Lower-case particles inside personal names: "Ursula von der Leyen", "Gerard ter Horst".
NAME_PARTICLES = frozenset(
    ["von", "van", "der", "den", "de", "da", "das", "do", "dos", "di", "del", "della", "des",
     "du", "la", "le", "bin", "bint", "ibn", "ben", "al", "el", "ter", "ten", "zu", "y", "abu",
     "ould", "bou", "st", "st."]
)  # fmt: skip

# Particles that may open a surname standing alone ("von der Leyen said").
LEAD_PARTICLES = NAME_PARTICLES - {"y", "la", "le", "do", "das", "dos", "des", "ben", "el"}

# A medium's word after a broadcaster's name: "Al Jazeera TV" is Al Jazeera.
BROADCAST_WORDS = frozenset({"tv", "television"})
# Last words of a place's full name whose first words alone name it too, in the same
# article: "the Gaza Strip" ... "Gaza", "Rakhine State" ... "Rakhine".
PLACE_SUFFIXES = frozenset(
    ["strip", "valley", "basin", "delta", "region", "province", "district", "county", "state",
     "territory", "oblast", "governorate", "prefecture"]
)  # fmt: skip
# Endings of foreign-language organization words: "Hilfswerk", "Bundesanstalt",
# "Auswärtiges Amt", "Robert Koch-Institut".
FOREIGN_ORG_ENDINGS = (
    "werk", "anstalt", "verband", "stiftung", "gesellschaft", "ministerium", "amt", "institut",
    "dienst", "kammer", "behörde",
)  # fmt: skip
# Words of a multi-word name that are not its head ("Bank *of* England").
SMALL_WORDS = frozenset({"of", "the", "and", "for", "de", "on", "in", "&"})

# All-caps units that are not names: "2,400 MW".
UNITS = frozenset({"MW", "GW", "KW", "TW", "MWH", "GWH", "KWH", "KM", "KG", "BPD", "MPH", "PPM"})

# Last words that make a capitalised name a place or an organization
# ("Marghalla Towers", "Barratt Developments").
PLACE_HEADS = frozenset(
    ["street", "square", "avenue", "road", "lane", "boulevard", "bridge", "tower", "towers",
     "palace", "hall", "memorial", "airport", "camp", "hill", "hills", "river", "mountains",
     "mountain", "mount", "island", "islands", "valley", "park", "stadium", "cathedral",
     "mosque", "temple", "church", "lake", "sea", "ocean", "gulf", "bay", "coast", "peninsula",
     "desert", "strait", "straits", "canal", "dam", "harbour", "harbor", "province", "county",
     "district", "oblast", "region", "plateau", "heights", "delta", "basin", "forest", "gate",
     "wall", "castle", "abbey", "smriti", "ghat", "plaza", "crossing", "pass"]
)  # fmt: skip
ORG_HEADS = frozenset(
    ["agency", "ministry", "department", "council", "committee", "commission", "bank", "group",
     "society", "party", "corps", "institute", "university", "college", "company", "corporation",
     "corp", "inc", "ltd", "plc", "llc", "foundation", "association", "union", "organization",
     "organisation", "service", "authority", "board", "court", "army", "navy", "therapeutics",
     "solutions", "developments", "holdings", "partners", "technologies", "pharmaceuticals",
     "airlines", "airways", "motors", "industries", "network", "federation", "alliance",
     "coalition", "front", "movement", "brigade", "brigades", "office", "secretariat",
     "tribunal", "parliament", "assembly", "senate", "congress", "cabinet", "police", "guard",
     "forces", "force", "bureau", "centre", "center", "laboratory", "laboratories", "trust",
     "fund", "programme", "program", "foods", "energy", "power", "media", "news", "times",
     "post", "journal", "press", "radio", "television", "tv", "systems", "capital", "bancorp",
     "insurance", "motors", "mining", "oil", "petroleum", "telecom", "communications", "club"]
)  # fmt: skip
# Nouns that say what a name in apposition or "the city of X" is.
PLACE_NOUNS = frozenset(
    ["city", "town", "village", "province", "state", "county", "district", "region", "country",
     "island", "capital", "port", "camp", "area", "municipality", "prefecture", "territory",
     "neighbourhood", "neighborhood", "suburb", "settlement", "governorate", "oblast",
     "counties", "districts", "provinces", "regions", "cities", "towns", "villages", "camps",
     "states", "islands", "areas", "countries", "hometown", "border", "valley"]
)  # fmt: skip
ORG_NOUNS = frozenset(
    ["organization", "organisation", "company", "firm", "group", "charity", "agency", "body",
     "nonprofit", "non-profit", "ngo", "network", "bank", "party", "union", "association",
     "institute", "university", "broadcaster", "newspaper", "channel", "outlet", "insurer",
     "lender", "carrier", "airline", "retailer", "manufacturer", "maker", "developer", "startup",
     "business", "supplier", "contractor", "militia", "movement", "coalition", "alliance",
     "foundation", "fund", "programme", "program", "organizations", "companies", "charities",
     "agencies", "firms", "groups", "businesses"]
)  # fmt: skip
# Role words that, even in lower case, announce a person's name ("relief chief Ann Roe").
PERSON_ROLE_NOUNS = frozenset(
    ["chief", "spokesman", "spokeswoman", "spokesperson", "minister", "president", "secretary",
     "director", "commissioner", "ambassador", "governor", "mayor", "envoy", "prosecutor",
     "administrator", "adviser", "advisor", "leader", "author", "scientist", "professor",
     "researcher", "official", "executive", "chairman", "chairwoman", "founder", "economist",
     "analyst", "lawyer", "judge", "senator", "candidate", "coordinator", "representative",
     "deputy", "head", "manager", "officer", "commander", "general", "captain", "colonel"]
)  # fmt: skip
# Last words of capitalised phrases that are not entities under the news conventions:
# weapons and craft, plans and laws, conferences and events, disasters.
NOT_ENTITY_HEADS = frozenset(
    ["missile", "missiles", "rocket", "rockets", "launcher", "launchers", "plan", "strategy",
     "act", "bill", "treaty", "agreement", "accord", "resolution", "summit", "conference",
     "award", "awards", "scheme", "initiative", "mechanism", "facility", "framework",
     "declaration", "package", "war", "earthquake", "typhoon", "cyclone", "hurricane", "storm",
     "olympics", "championship", "festival", "pact", "protocol", "charter", "doctrine",
     "budget", "review", "report", "index", "prize", "games", "cup", "meeting", "forum",
     "dialogue", "talks", "paper", "statement", "visa", "visas", "scholarship", "scholarships",
     "pandemic", "crisis", "operation", "exercise", "drill", "partnership", "compact", "deal",
     "convention", "tour", "expo", "week", "day"]
)  # fmt: skip
# Share indexes, which are neither companies nor exchanges ("the Nikkei fell", "FTSE
# 100 firms"), and the constituent counts that follow an index's name.
MARKET_INDEXES = frozenset(
    ["nikkei", "ftse", "kospi", "kosdaq", "sensex", "nifty", "dax", "mdax", "cac", "stoxx",
     "euro stoxx", "hang seng", "s&p", "s&p/asx", "asx", "tsx", "ibex", "aex", "smi", "omx",
     "bovespa", "ibovespa", "merval", "jse", "taiex", "psei", "klci", "topix", "csi", "sti",
     "dow", "dow jones", "nasdaq composite", "russell"]
)  # fmt: skip
INDEX_COUNTS = frozenset(
    ["20", "25", "30", "35", "40", "50", "100", "200", "225", "250", "300", "350", "500", "600",
     "1000", "2000", "3000", "5000"]
)  # fmt: skip
# Prefixes of ship names ("HMS Illustrious"): vessels are not entities.
SHIP_PREFIXES = frozenset(["USS", "HMS", "HMAS", "HMCS", "HMNZS", "INS", "USNS", "RFA", "MV", "SS"])
# Names of diseases, which the tagger takes for organizations.
DISEASES = frozenset(
    ["covid", "covid-19", "sars", "sars-cov-2", "mers", "ebola", "hiv", "aids", "mpox",
     "monkeypox", "h5n1", "zika", "cholera", "malaria", "polio", "measles", "dengue"]
)  # fmt: skip
# Adjectives before "Government" that are not a leader's name ("the Federal Government").
GOVERNMENT_KINDS = frozenset(
    ["federal", "national", "central", "state", "provincial", "regional", "local", "coalition",
     "interim", "transitional", "caretaker", "military", "labour", "labor", "conservative",
     "liberal", "democratic", "republican", "socialist", "unity", "minority", "majority",
     "scottish", "welsh", "english", "catalan", "bavarian", "flemish", "kurdish", "palestinian",
     "new", "current", "previous", "former", "incoming", "outgoing", "his", "her", "their",
     "its", "our", "the", "territory", "commonwealth", "city", "county", "municipal", "us", "uk"]
)  # fmt: skip
# Verbs that make a lone surname the speaker ("England said"), whatever it names elsewhere.
SPEECH_LEMMAS = frozenset(["say", "tell", "add", "note", "argue", "explain", "insist", "stress"])
# Verbs of headlines, which title case makes look like names ("Pentagon Unveils ..."),
# besides the event lexicon's verbs.
HEADLINE_VERBS = frozenset(
    ["unveil", "increase", "boost", "back", "plan", "seek", "set", "cut", "raise", "hike",
     "reject", "slam", "vow", "eye", "mull", "weigh", "hail", "ink", "seal", "clinch", "urge",
     "warn", "name", "make", "take", "open", "close", "rise", "fall", "say", "tell", "ask",
     "call", "push", "step", "ramp", "double", "triple", "expand", "extend", "launch", "pledge",
     "announce", "approve", "agree", "sign", "meet", "visit", "win", "lose", "face", "get",
     "give", "send", "offer", "deliver", "commit", "confirm", "deny", "defend", "lift", "ease",
     "tighten", "scrap", "drop", "add", "join", "leave", "quit", "halt", "resume", "start",
     "end", "begin", "report", "reveal", "release", "unveils"]
)  # fmt: skip
# Lower-case nouns after a name that make it a weapon or craft type ("Patriot systems").
WEAPON_NOUNS = frozenset(
    ["missile", "missiles", "system", "systems", "tank", "tanks", "jet", "jets", "launcher",
     "launchers", "rocket", "rockets", "battery", "batteries", "drone", "drones", "howitzer",
     "howitzers", "rifle", "rifles", "helicopter", "helicopters", "fighter", "fighters",
     "frigate", "frigates", "submarine", "submarines", "warship", "warships", "interceptor",
     "interceptors", "munitions", "shells", "vehicles", "carriers", "bombers", "aircraft"]
)  # fmt: skip
# Names of economic statistics, which are written in capitals but name no body or
# place ("two per cent of Gross Domestic Product"); their short forms too.
ECONOMIC_MEASURES = frozenset(
    ["gross domestic product", "gross national product", "gross national income",
     "gross value added", "gross domestic product per capita", "gdp", "gnp", "gni", "gva",
     "cpi", "ppi", "pmi", "rpi", "hicp", "purchasing power parity", "ppp",
     "official development assistance", "oda"]
)  # fmt: skip
# Bodies a government is made of, named alone without the country or leader they
# belong to ("the Government will provide ..."): titles without a name.
BARE_BODY_NOUNS = frozenset(
    ["government", "administration", "ministry", "department", "cabinet", "regime",
     "opposition", "executive", "authorities", "agency", "presidency"]
)  # fmt: skip
# Water bodies that news names by their kind word alone, capitalised after "the"
# ("migrants crossing the Channel", "tankers in the Gulf").
WATER_WORDS = frozenset(["channel", "gulf", "strait", "straits", "sound", "bight"])
# Lower-case words after a river's or a lake's name that make the region it drains
# ("the Lake Volta basin", "the Mekong delta"): a place of its own.
DRAINAGE_WORDS = frozenset(["basin", "delta", "watershed", "catchment"])
