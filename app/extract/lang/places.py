"""Known places and organizations, and the adjectives that name countries."""

from __future__ import annotations

# pycountry's names are ISO-style ("Korea, Republic of"); news uses these.
COUNTRY_NAME_OVERRIDES: dict[str, str] = {
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

COUNTRY_EXTRA_ALIASES: dict[str, tuple[str, ...]] = {
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
ORGANIZATIONS: tuple[tuple[str, tuple[str, ...]], ...] = (
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
CITIES: tuple[str, ...] = (
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

DEMONYMS: dict[str, str] = {
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

# Subdivision kinds that news names as places ("Andhra Pradesh", "Ohio", "Kherson Oblast").
REGION_TYPES = frozenset(
    {
        "State", "Province", "Region", "Union territory", "Territory", "Prefecture", "Oblast",
        "Governorate", "Emirate", "Autonomous republic", "Country", "Autonomous region",
    }
)  # fmt: skip

GENERIC_REGION_WORDS = frozenset(
    {"central", "north", "south", "east", "west", "northern", "southern", "eastern", "western"}
)
# Regions of the world that news names as places, and that a small tagger takes for
# organizations or nationalities.
WORLD_REGIONS: tuple[str, ...] = (
    "Indo-Pacific", "Asia-Pacific", "Asia Pacific", "Middle East", "Near East", "Far East",
    "Southeast Asia", "South Asia", "East Asia", "Central Asia", "West Asia", "Latin America",
    "South America", "North America", "Central America", "Caribbean", "Sub-Saharan Africa",
    "North Africa", "West Africa", "East Africa", "Southern Africa", "Central Africa",
    "Horn of Africa", "Sahel", "Maghreb", "Balkans", "Western Balkans", "Baltics", "Caucasus",
    "South Caucasus", "Scandinavia", "Nordics", "Eastern Europe", "Western Europe",
    "Central Europe", "Europe", "Asia", "Africa", "Oceania", "Pacific", "Arctic", "Antarctica",
    "Mediterranean", "Persian Gulf", "Levant", "Black Sea", "Red Sea", "Baltic Sea",
    "South China Sea", "East China Sea", "Taiwan Strait", "Korean Peninsula", "Himalayas",
    "Sinai", "West Bank", "Gaza Strip", "Golan Heights", "Donbas", "Crimea",
    "Kashmir", "Darfur", "Tigray", "Kurdistan", "Indian subcontinent",
)  # fmt: skip

# Associated Press abbreviations of US states, written after a city ("Atlanta, Ga.").
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "Alabama", "Ariz.": "Arizona", "Ark.": "Arkansas", "Calif.": "California",
    "Colo.": "Colorado", "Conn.": "Connecticut", "Del.": "Delaware", "Fla.": "Florida",
    "Ga.": "Georgia", "Ill.": "Illinois", "Ind.": "Indiana", "Kan.": "Kansas",
    "Ky.": "Kentucky", "La.": "Louisiana", "Md.": "Maryland", "Mass.": "Massachusetts",
    "Mich.": "Michigan", "Minn.": "Minnesota", "Miss.": "Mississippi", "Mo.": "Missouri",
    "Mont.": "Montana", "Neb.": "Nebraska", "Nev.": "Nevada", "N.H.": "New Hampshire",
    "N.J.": "New Jersey", "N.M.": "New Mexico", "N.Y.": "New York", "N.C.": "North Carolina",
    "N.D.": "North Dakota", "Okla.": "Oklahoma", "Ore.": "Oregon", "Pa.": "Pennsylvania",
    "R.I.": "Rhode Island", "S.C.": "South Carolina", "S.D.": "South Dakota",
    "Tenn.": "Tennessee", "Vt.": "Vermont", "Va.": "Virginia", "Wash.": "Washington",
    "W.Va.": "West Virginia", "Wis.": "Wisconsin", "Wyo.": "Wyoming",
}  # fmt: skip

# US states: a small tagger reads some as persons ("Georgia") or organizations.
US_STATES: tuple[str, ...] = tuple(sorted(set(US_STATE_ABBREVIATIONS.values()) | {
    "Alaska", "Hawaii", "Idaho", "Iowa", "Maine", "Ohio", "Texas", "Utah"}))  # fmt: skip

# Place names with "and" or "of" inside that a small tagger splits in two ("Port" and
# "Spain").  Countries such as "Trinidad and Tobago" come from pycountry; these are
# the others.
JOINED_PLACES: tuple[str, ...] = (
    "Port of Spain", "Port-of-Spain", "Turks and Caicos", "Turks and Caicos Islands",
    "Isle of Man", "Isle of Wight", "Isle of Skye", "Isle of Dogs", "Bay of Bengal",
    "Bay of Biscay", "Bay of Plenty", "Gulf of Aden", "Gulf of Mexico", "Gulf of Guinea",
    "Gulf of Oman", "Strait of Hormuz", "Strait of Gibraltar", "Sea of Azov", "Sea of Japan",
    "Cape of Good Hope", "St Kitts and Nevis", "St. Kitts and Nevis",
    "St Vincent and the Grenadines", "St. Vincent and the Grenadines",
    "Sao Tome and Principe", "Kabardino-Balkaria", "Khanty-Mansi",
    "Emilia-Romagna", "Friuli Venezia Giulia", "Rhineland-Palatinate",
    "Baden-Württemberg", "Mecklenburg-Vorpommern", "North Rhine-Westphalia",
)  # fmt: skip

# Lower-case words that join the parts of one place name with hyphens:
# "Rostov-on-Don", "Stratford-upon-Avon", "Aix-en-Provence", "Boulogne-sur-Mer",
# "Saint-Jean-de-Luz", "Weston-super-Mare", "Walton-on-the-Naze".
HYPHEN_PLACE_PARTICLES: tuple[str, ...] = (
    "on", "upon", "under", "super", "sur", "sous", "en", "le", "la", "les", "lès", "de",
    "du", "des", "di", "del", "della", "am", "im", "an", "der", "the", "au", "aux",
)  # fmt: skip
# Not "in": "Commander-in-Chief" and "Editor-in-Chief" are titles.
# Particles written with spaces inside a place name ("Newcastle upon Tyne",
# "Frankfurt am Main", "San Cristóbal de las Casas"); people's names use some of
# them too ("Luis de Guindos"), so a spaced form needs the tagger to call its parts
# places.
SPACED_PLACE_PARTICLES: tuple[str, ...] = (
    "upon", "am", "an der", "sur", "en", "de", "de la", "de las", "de los", "del",
    "do", "da", "dos", "das",
)  # fmt: skip
# Nouns for kinds of settlement before a list of names ("the towns of A and B").
SETTLEMENT_NOUNS = frozenset(
    {"town", "city", "village", "district", "province", "region", "county", "port",
     "municipality", "settlement", "island", "state", "commune", "neighbourhood",
     "neighborhood", "suburb", "camp", "area", "border", "capital"}
)  # fmt: skip
# Adjectives of nations and regions inside a state, which name their own governments
# ("the Welsh Government", "the Catalan government"): the government is the place.
REGION_DEMONYMS: dict[str, str] = {
    "Scottish": "Scotland", "Welsh": "Wales", "English": "England",
    "Northern Irish": "Northern Ireland", "Catalan": "Catalonia", "Basque": "Basque Country",
    "Flemish": "Flanders", "Walloon": "Wallonia", "Bavarian": "Bavaria",
    "Corsican": "Corsica", "Sardinian": "Sardinia", "Sicilian": "Sicily",
    "Tasmanian": "Tasmania", "Victorian": "Victoria", "Queensland": "Queensland",
    "Ontario": "Ontario", "Quebec": "Quebec", "Albertan": "Alberta",
    "Puntland": "Puntland", "Somaliland": "Somaliland", "Kurdistan": "Kurdistan",
}  # fmt: skip
