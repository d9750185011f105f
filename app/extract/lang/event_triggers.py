"""The event lexicon: which verbs and nouns report an event, and of which type.

Every type named here is one of `types.EVENT_TYPES` (a test checks it).  The words
are written once, in the tables below (verbs by type, nouns by type, light verbs);
each set that a narrowing rule tests says beside it when its words count ("say"
only with a named speaker, "hit" only with a natural hazard as subject, "find" only
with a report or study).  The rules themselves live in `event_triggers` and
`event_kinds`, beside the stage.
"""

from __future__ import annotations

from ..types import EventType

_VERBS_BY_TYPE: tuple[tuple[EventType, str], ...] = (
    ("meeting", "meet host convene gather attend telephone phone"),
    ("visit", "visit arrive tour travel fly"),
    ("statement", "announce declare warn praise criticize criticise condemn urge accuse deny"
     " welcome share remark insist vow unveil publish release propose defend describe say"
     " tell launch stress emphasize emphasise reiterate reaffirm underline"),
    ("report", "find show reveal conclude"),
    ("request", "ask request appeal"),
    ("agreement", "agree sign approve ratify endorse adopt accept pass"),
    ("military_action", "attack strike bomb invade shell shoot raid capture occupy deploy"
     " seize"),
    ("aid", "provide send give donate supply deliver fund allocate pledge commit promise add"
     " contribute receive"),
    ("disaster", "kill injure displace destroy devastate flood die hit affect ravage batter"
     " lash leave rescue evacuate"),
    ("ruling", "sentence convict acquit indict rule"),
    ("suspension", "pause suspend halt freeze stop withdraw cancel postpone block delay"),
    ("sanction", "sanction blacklist ban embargo"),
    ("appointment", "appoint name nominate promote replace succeed resign oust dismiss sack fire"),
    ("election", "elect re-elect reelect vote win concede defeat beat count recount"),
    ("protest", "protest demonstrate rally march chant cheer riot picket"),
    ("arrest", "arrest detain apprehend"),
)  # fmt: skip
VERB_TYPES: dict[str, EventType] = {
    verb: etype for etype, verbs in _VERBS_BY_TYPE for verb in verbs.split()
}

_RULING_NOUNS = "warrant verdict ruling sentence conviction judgment judgement indictment"
# Event nouns (lemma or lower-cased text -> type).
NOUN_TYPES: dict[str, EventType] = {
    **dict.fromkeys(["summit", "meeting", "talk", "talks", "conference"], "meeting"),
    **dict.fromkeys(["visit", "trip", "tour"], "visit"),
    **dict.fromkeys(["agreement", "deal", "accord", "treaty", "ceasefire", "truce"], "agreement"),
    **dict.fromkeys(
        ["attack", "strike", "airstrike", "invasion", "offensive", "bombing"], "military_action"
    ),
    **dict.fromkeys(["sanction", "sanctions", "embargo", "tariff", "tariffs"], "sanction"),
    **dict.fromkeys(["election", "referendum", "re-election", "reelection", "vote"], "election"),
    **dict.fromkeys(["suspension", "pause", "halt", "freeze"], "suspension"),
    **dict.fromkeys(_RULING_NOUNS.split(), "ruling"),
    "landfall": "disaster",
    **dict.fromkeys(["protest", "protests", "demonstration", "rally", "riot", "riots"], "protest"),
    **dict.fromkeys(["arrest", "arrests", "detention"], "arrest"),
}

# Light verbs whose object noun names the event: "hold talks", "impose sanctions".
LIGHT_VERBS = frozenset(
    ["hold", "impose", "launch", "reach", "win", "conduct", "carry", "stage", "sign", "strike",
     "issue", "make", "pay", "hand", "deliver"]
)  # fmt: skip

# Event nouns that report an event only as the object or passive subject of a light
# verb: "made an announcement", "the announcement was made by X", "issued an appeal".
LIGHT_NOUN_TYPES: dict[str, EventType] = {
    **dict.fromkeys(["announcement", "statement", "declaration", "speech"], "statement"),
    **dict.fromkeys(["appeal", "request", "plea"], "request"),
    **dict.fromkeys(["pledge", "donation"], "aid"),
}
# People a country or a town gives shelter to: "hosts a million refugees" is no meeting.
SHELTERED = frozenset(
    ["refugee", "population", "migrant", "people", "asylum", "seeker", "evacuee", "displaced",
     "family", "child", "survivor", "camp", "settlement", "community", "million", "thousand"]
)  # fmt: skip
# Prepositions of a call made on somebody: "called on X to ...".
APPEAL_PREPS = frozenset({"on", "upon"})

# What a share of the vote is counted in: "54 percent of the vote".
VOTE_SHARES = frozenset({"percent", "%", "share", "majority", "per", "cent", "plurality"})
# Speech verbs: an event only with a named speaker reporting in its own words
# (indirect speech); a direct quote's "she said" is an attribution.
SPEECH_VERBS = frozenset(
    {"say", "tell", "describe", "defend", "stress", "emphasize", "emphasise", "reiterate",
     "reaffirm", "underline"}
)  # fmt: skip
# Verbs of judging an event someone else did: "condemned the attack", "welcomed the deal".
REACTION_VERBS = frozenset(
    ["condemn", "welcome", "praise", "criticize", "criticise", "denounce", "deplore", "hail",
     "applaud", "mourn", "blame", "decry", "regret", "lament", "slam"]
)  # fmt: skip
# A lead-in's participle that places the speaker: "Speaking in Geneva, X said:".
SPEAKING = frozenset({"speak", "address", "talk", "brief", "appear"})
# Verbs that are disasters only with a natural hazard as subject ("floods hit ..."),
# and otherwise keep their own type ("strike") or report nothing ("leave").
HAZARD_VERBS = frozenset({"hit", "affect", "ravage", "batter", "lash", "leave", "strike", "flood"})
# Verbs of a call between parties: "spoke by phone with X", "talked with Y".
CALL_VERBS = frozenset({"speak", "talk"})
# What a call goes through: "by phone", "by video link".
CALL_MEANS = frozenset({"phone", "telephone", "video", "videoconference", "videolink", "link"})
# Verbs by which a count of the dead grows: "the death toll rose to 1,100".
TOLL_VERBS = frozenset({"rise", "climb", "reach", "jump", "increase", "pass", "top", "exceed"})
TOLLS = frozenset({"toll", "death", "deaths", "casualty", "casualties", "fatality", "fatalities"})
# Verbs that move money to somebody: "£15 million goes to the fund", "UNICEF will use the
# funding", "the announcement includes $2.5 million for Sri Lanka".
MONEY_VERBS = frozenset(
    {"go", "include", "use", "earmark", "channel", "enable", "support", "help", "allow", "cover"}
)
# Money as a subject: "the funding", "these funds".
FUNDS = frozenset({"funding", "fund", "funds", "money", "grant", "contribution", "donation"})
# What money does for its recipient: "the funding will enable ...".
FUNDS_ACT = frozenset({"enable", "support", "help", "allow", "cover"})
# Verbs that trigger only through a narrowing rule of `event_kinds`.
NARROWED_ONLY = (
    MONEY_VERBS
    | {"call"}
    | {"locate"}
    | {"raise", "increase", "double", "boost", "top"}
    | TOLL_VERBS
    | CALL_VERBS
)
# Verbs that raise a donation: "raised its donation to ...".
RAISE_VERBS = frozenset({"raise", "increase", "double", "boost", "top"})
# What is found alive or dead after a disaster.
SURVIVORS = frozenset({"survivor", "body", "victim", "people", "resident", "person"})

# What "show", "find", "reveal", "conclude" need as subject to report a finding.
FINDING_SOURCES = frozenset(
    ["report", "study", "survey", "review", "investigation", "inquiry", "analysis", "audit",
     "poll", "research", "researcher", "scientist", "data", "figure", "assessment", "probe",
     "paper", "census", "test", "evaluation", "panel", "commission", "court", "judge", "jury"]
)  # fmt: skip

# Prepositions that name the author of a report or study ("a report by X", "a study
# from X"): its author is the agent of the finding.
AUTHOR_PREPS = frozenset({"by", "from"})

# Natural hazards: the subject (or "by"-agent) of a disaster verb.
HAZARDS = frozenset(
    ["flood", "flooding", "storm", "cyclone", "typhoon", "hurricane", "earthquake", "quake",
     "tsunami", "landslide", "mudslide", "wildfire", "fire", "blaze", "drought", "heatwave",
     "avalanche", "eruption", "volcano", "tornado", "rain", "rains", "downpour", "monsoon",
     "disaster", "explosion", "blast", "crash", "collapse", "outbreak", "epidemic", "famine",
     "tremor", "aftershock", "surge", "wave", "winds", "snowstorm", "blizzard", "disease"]
)  # fmt: skip
# Victims counted as the subject of "die": "at least 40 people died".
VICTIMS = frozenset(
    ["people", "person", "resident", "villager", "civilian", "child", "victim", "passenger",
     "worker", "migrant", "refugee", "soldier", "death", "toll", "casualty", "family"]
)  # fmt: skip
# Things a donation verb "raises": "raised its donation to ...".
DONATIONS = frozenset(
    ["donation", "contribution", "pledge", "aid", "assistance", "support", "funding", "fund",
     "grant", "offer", "commitment"]
)  # fmt: skip
# Rulings need a court-like subject: "the court ruled", "judges ordered".
COURTS = frozenset(
    ["court", "judge", "judges", "tribunal", "jury", "panel", "chamber", "magistrate",
     "justice", "prosecutor", "prosecutors", "bench", "arbitrator"]
)  # fmt: skip
# Who votes in an election; any other voting body takes a decision.
ELECTORATE = frozenset(
    ["voter", "citizen", "people", "electorate", "elector", "resident", "constituent", "public"]
)
# Words that make defeating a rival an election: "beat her rival in the runoff".
BALLOTS = frozenset({"election", "vote", "votes", "poll", "polls", "ballot", "runoff",
                     "primary", "referendum", "re-election", "reelection"})  # fmt: skip
# What is counted in an election: "votes counted", "90 percent of ballots counted".
COUNTED = frozenset({"vote", "votes", "ballot", "ballots", "percent", "precinct", "result"})
POLLS = frozenset({"election", "referendum", "poll", "polls", "primary", "runoff", "ballot",
                   "vote", "race", "presidency", "seat", "term", "majority", "mandate",
                   "re-election", "reelection", "contest", "leadership", "defeat"})  # fmt: skip
# What a legislature passes.
PASSABLE = frozenset(
    ["bill", "law", "legislation", "budget", "package", "motion", "amendment", "act", "measure",
     "resolution", "reform", "plan", "treaty"]
)  # fmt: skip
WEAPONS = frozenset(
    ["missile", "rocket", "shot", "shell", "round", "drone", "torpedo", "gun", "weapon",
     "warning", "salvo", "projectile", "bullet", "artillery"]
)  # fmt: skip
MILITARY_OBJECTS = frozenset(
    ["troop", "force", "soldier", "ship", "warship", "jet", "aircraft", "missile", "system",
     "battery", "unit", "brigade", "battalion", "personnel", "weapon", "tank", "fighter",
     "destroyer", "carrier", "submarine", "drone", "marine", "peacekeeper", "army", "navy",
     "village", "town", "city", "territory", "position", "settlement", "prisoner", "region",
     "base", "airport", "port", "bridge", "hill", "area", "officer", "police", "guard",
     "policeman", "gendarme", "trainer", "adviser", "advisor"]
)  # fmt: skip
SPEECH_OBJECTS = frozenset(
    ["speech", "address", "remark", "letter", "message", "signal", "warning", "statement",
     "verdict", "ruling", "ultimatum", "note", "invitation", "condolence", "greeting", "lecture"]
)  # fmt: skip
ABSTRACT_TARGETS = frozenset(
    ["plan", "policy", "proposal", "decision", "idea", "remark", "comment", "critic", "report",
     "move", "budget", "bill", "law", "deal", "strategy", "approach", "record", "claim"]
)  # fmt: skip
VIEWS = frozenset(
    ["view", "concern", "message", "thought", "assessment", "vision", "opinion", "post",
     "statement", "video", "letter", "details", "update", "worry", "fear", "hope"]
)  # fmt: skip
DOCUMENTS = frozenset(
    ["strategy", "report", "plan", "statement", "data", "figure", "budget", "document", "review",
     "paper", "guidance", "video", "list", "proposal", "forecast", "assessment", "study",
     "roadmap", "framework", "blueprint", "policy", "manifesto", "transcript", "findings",
     "result", "results", "survey", "analysis"]
)  # fmt: skip
# What an office launches as news: a plan, council, programme or operation.
LAUNCHABLE = frozenset(
    ["council", "plan", "programme", "program", "initiative", "operation", "campaign",
     "scheme", "fund", "strategy", "review", "inquiry", "investigation", "partnership",
     "project", "mission", "appeal", "effort", "drive", "consultation", "network", "board",
     "taskforce", "task", "force", "package", "website", "service", "centre", "center"]
)  # fmt: skip
LABOUR_STRIKE = frozenset(
    ["general", "national", "labour", "labor", "worker", "hunger", "rail", "teacher", "union",
     "nationwide", "doctor", "nurse", "staff", "postal", "dock", "transport", "student"]
)  # fmt: skip
APPOINTMENT_NEEDS_PERSON = frozenset(
    ["appoint", "name", "nominate", "promote", "replace", "succeed", "dismiss", "fire", "sack",
     "oust"]
)  # fmt: skip
ROLE_NOUNS = frozenset(
    ["minister", "chief", "head", "director", "executive", "envoy", "ambassador", "president",
     "chairman", "chair", "commander", "governor", "secretary", "officer", "leader", "judge",
     "successor", "deputy", "coach", "manager", "ceo", "spokesman", "spokeswoman", "adviser",
     "advisor", "general", "prosecutor", "candidate", "nominee", "predecessor", "him", "her",
     "he", "she", "official", "member"]
)  # fmt: skip
# Offices that act without a name in the sentence: "The Prime Minister announced ...".
OFFICES = frozenset(
    ["minister", "president", "chancellor", "secretary", "premier", "commissioner", "governor",
     "mayor", "ambassador", "government", "administration", "ministry", "department",
     "commission", "office", "council", "parliament", "cabinet", "embassy", "agency",
     "spokesman", "spokeswoman", "spokesperson", "king", "queen", "leader", "chief", "court"]
)  # fmt: skip
AID_OBJECTS = frozenset(
    ["aid", "assistance", "support", "weapon", "arm", "equipment", "ammunition", "missile",
     "fund", "funding", "money", "million", "billion", "trillion", "crore", "package", "loan",
     "grant", "supply", "tank", "jet", "vaccine", "relief", "donation", "contribution", "food",
     "shelter", "medicine", "supplies", "service", "services", "delivery", "deliveries",
     "care", "help", "water", "vaccines", "medicines", "expert", "experts", "team", "teams",
     "rescuer", "rescuers", "doctor", "doctors", "troops", "cash", "donations"]
)  # fmt: skip
# Words that make a pledged sum aid given, not a budget line ("pledge events").
AID_WORDS = frozenset(
    ["aid", "assistance", "relief", "humanitarian", "donation", "grant", "emergency",
     "support", "help", "recovery", "reconstruction", "response", "package"]
)  # fmt: skip
PLEDGE_VERBS = frozenset({"pledge", "commit", "promise"})
# Purpose clauses whose object is who an aid event helps ("... to support India").
PURPOSE_VERBS = frozenset({"support", "help", "assist", "aid", "rebuild", "relieve"})
# Event types whose sentence's places all take part: where it happens.
PLACED_TYPES = frozenset(
    {"aid", "disaster", "visit", "report", "meeting", "election", "protest", "arrest", "death"}
)
# Who takes to the streets: the subject a protest verb needs when it names no party.
CROWDS = frozenset(
    ["protester", "protestor", "demonstrator", "crowd", "supporter", "opponent", "activist",
     "student", "worker", "farmer", "resident", "refugee", "villager", "thousand", "hundred",
     "dozen", "people", "fan", "mourner", "marcher", "rioter", "youth", "citizen", "employee",
     "teacher", "doctor", "nurse", "union", "voter", "woman", "man", "family", "relative"]
)  # fmt: skip
# Prepositions and the participant role of their object.
ROLE_PREPS = {
    "to": "recipient",
    "for": "recipient",
    "in": "location",
    "at": "location",
    "with": "participant",
    "between": "participant",
    "against": "patient",
    "on": "patient",
    "from": "participant",
    "of": "participant",
    "into": "location",
    "across": "location",
    "through": "location",
}
# Prepositions whose date is a deadline or a start, not when the event happened.
NOT_EVENT_DATE = frozenset({"by", "until", "since", "through", "before", "till"})
