"""Words that make a money figure a commitment, name its status, actor or metric."""

from __future__ import annotations

from ..types import CommitmentStatus


def _words(text: str) -> frozenset[str]:
    """A word list written as one string, as spaCy writes its stop words."""
    return frozenset(text.split())


# The status a verb or noun gives the figure it governs.
STATUS_BY_LEMMA: dict[str, CommitmentStatus] = {
    **dict.fromkeys(
        _words(
            "pledge promise vow commit announce unveil offer earmark allocate dedicate "
            "guarantee set confirm reserve"
        ),
        "pledged",
    ),
    **dict.fromkeys(
        ["propose", "plan", "aim", "seek", "intend", "request", "target", "budget", "envisage"],
        "proposed",
    ),
    **dict.fromkeys(
        _words(
            "agree approve sign adopt pass authorize authorise endorse finalize finalise "
            "ratify clear sanction"
        ),
        "agreed",
    ),
}
# Verbs that move money; in a past or perfect tense they report delivery.
SPENDING_LEMMAS = _words(
    "deliver provide send give donate disburse transfer spend invest contribute "
    "supply fund finance grant mobilise mobilize pay inject pour channel lend"
)
# Verbs that change a level: "raise defence spending to 3% of GDP".
CHANGE_LEMMAS = _words(
    "increase raise boost hike lift double triple expand grow reach hit meet cut "
    "reduce bring ramp step"
)
# Nouns that carry a pledge: "a €2bn *package*", "Britain's *pledge* of £1bn".
PLEDGE_NOUNS = _words(
    "pledge commitment promise package plan budget allocation funding investment "
    "aid assistance target goal outlay increase contribution grant loan bill deal "
    "disbursement tranche request appropriation"
)
TRIGGERS = frozenset(STATUS_BY_LEMMA) | SPENDING_LEMMAS | CHANGE_LEMMAS

# Status verbs that, as nouns, name the figure rather than a step ("a record *budget*").
NOUN_NOT_STATUS = frozenset({"budget", "target", "set", "offer", "clear"})
# "defence spending *above* 1% of GDP" is a threshold, not a pledged figure.
THRESHOLD_PREPS = frozenset({"above", "over", "beyond", "exceeding", "below", "under"})
# ... but before money "over £1m" and "under $5m" hedge the figure.
HEDGING_PREPS = frozenset({"over", "under"})

# Nouns that cannot commit money themselves; "a meeting with allies produced pledges"
# makes the allies the committing party.
NON_AGENT_NOUNS = _words(
    "meeting summit talks talk conference announcement report statement move "
    "decision plan deal agreement budget bill figure data session call visit "
    "approval vote law legislation measure package"
)

# Prepositions after which a noun is what money is spent on: "$1bn *in* aid".
SPENT_ON = frozenset({"on", "in", "for", "towards", "toward", "into"})
# Dependencies by which a figure measures the noun it hangs on ("a $2bn *package*").
MEASURED_DEPS = frozenset({"amod", "compound", "nmod", "nummod", "npadvmod", "quantmod", "appos"})
FALLBACK_METRICS = {"spend": "spending", "invest": "investment", "contribute": "contribution"}
# Metrics used when the sentence names none; a later figure then inherits the
# article's previous specific metric ("...raising defence spending to 5% of GDP.
# The UK will reach 4.1% of GDP in 2027").
GENERIC_SHARE_METRIC = "spending"
GENERIC_METRICS = frozenset({"spending", "funding", "aid", "investment", "contribution"})
# Nouns that name an amount of spending: as a clause's subject they are what
# grows ("defence spending is set to rise"), never who commits.
METRIC_NOUNS = _words(
    "spending expenditure budget outlay funding investment aid assistance allocation"
)
# A measured noun that says nothing of its purpose: "a $2bn package *for farmers*".
BARE_HEADS = frozenset({"package", "plan", "programme", "program", "deal", "fund", "bill"})
# Never a metric on their own: units and parts of a share's wording.
NOT_METRIC_LEMMAS = frozenset(
    {"%", "percent", "cent", "gdp", "year", "product", "total", "sum", "amount", "figure"}
)

# Nouns that, as the subject of a verb, make its figures money being committed:
# "these new *funds* will support two groups: $2m for ...".
MONEY_SUBJECT_NOUNS = PLEDGE_NOUNS | _words("fund money sum amount announcement")
# Verbs that list the parts of a total: "the package *includes* $2m for schools".
PART_LEMMAS = _words("include comprise cover consist")
# A recipient's verbs: "the agencies *will receive* £4m" is the funder's pledge.
RECEIVING_LEMMAS = _words("receive get")
# Modal and infinitive markers of a future statement: "$2m *will* go to clinics".
FUTURE_AUX = _words("will shall would 'll to")
# Verbs of a level that moves by itself: with a spending subject and "to", a forecast
# of the ratio it is to reach ("defence spending is expected to *rise* to 2%").
LEVEL_LEMMAS = _words("rise climb grow go")
# Adjectives that, with "make", allocate money: "has made €2m *available*".
AVAILABLE_WORDS = _words("available")
# Verbs that only report a statement; a figure right under them has no verb of its
# own ("she said the country $3m in aid for X"), so its own wording decides.
REPORTING_LEMMAS = _words("say tell add note state announce confirm explain")
# Prepositions of an allocation without a verb: "$300m *for* Gaza", "$5m *in* aid",
# "$80m *via* the aid agency", "€2bn *from* the common budget".
ALLOCATION_PREPS = _words("for to towards toward via through from")

# -- not commitments -------------------------------------------------------------
# Adverbs of money already moved: "has *already* made €159m available".
PAST_ADVERBS = _words("already previously")
# "since October", "to date", "so far": a running total, not a pledge.
RUNNING_PREPS = _words("since")
RUNNING_PHRASES = ("to date", "so far", "thus far", "until now", "up to now")
# Modifiers of the past: "over the *last* 20 years", "in the *past* decade".
PAST_SPAN_WORDS = _words("last past previous")
# Verbs that add a figure to a running total: "*bringing* the total to $40bn".
TOTALLING_LEMMAS = _words("bring take increase raise push lift boost")
TOTAL_WORDS = _words("total overall cumulative combined aggregate")
# Nouns of money that is not a spending pledge: appeals and goals, needs and
# damage, penalties, trade and company finance, tax.
NOT_PLEDGE_NOUNS = _words(
    "appeal shortfall gap need needs estimate damage damages loss losses fine penalty "
    "settlement compensation tax taxes levy duty tariff revenue revenues sale sales "
    "profit profits earnings valuation contract order acquisition takeover merger "
    "debt deficit price cost costs export exports import imports trade output income "
    "turnover"
)
# Verbs whose figures are estimates, needs, penalties or fundraising, never pledges.
NOT_PLEDGE_LEMMAS = _words("need require estimate lose owe fine seek appeal ask")
# Level verbs that, in a simple past, report a statistic: "exports *reached* $8bn".
STATISTIC_LEMMAS = _words("reach hit grow rise climb total top exceed")
# A court's orders: "the firm was *ordered* to pay $2m".
COURT_LEMMAS = _words("order sentence fine sue")
COURT_NOUNS = _words("court judge tribunal jury regulator arbitrator watchdog")
# Words that make a party a company: its investments and contracts are business.
COMPANY_WORDS = _words(
    "company companies firm firms giant corporation corp inc ltd plc llc "
    "maker manufacturer carmaker automaker startup conglomerate insurer "
    "retailer airline operator producer supplier"
)
# Short of a goal: "fell *short* of its $5bn target".
SHORT_WORDS = _words("short shy")

# -- actors ----------------------------------------------------------------------
# Offices named without their holder ("the Prime Minister announced ..."): the
# actor is the holder last named, else the article's country.
OFFICE_TITLES = _words(
    "minister secretary president chancellor commissioner ambassador premier treasurer "
    "governor mayor envoy chief head leader"
)
# Bodies of a state named without the state ("the government will provide ..."):
# the actor is the article's country.
STATE_BODIES = _words("government administration cabinet treasury ministry department")
# "Japan and Korea promised $1bn *each*": one commitment per party.
DISTRIBUTIVE_WORDS = _words("each apiece")
