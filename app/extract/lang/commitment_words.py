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
            "guarantee set"
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
    "disbursement tranche"
)
TRIGGERS = frozenset(STATUS_BY_LEMMA) | SPENDING_LEMMAS | CHANGE_LEMMAS

# Status verbs that, as nouns, name the figure rather than a step ("a record *budget*").
NOUN_NOT_STATUS = frozenset({"budget", "target", "set", "offer", "clear"})
# "defence spending *above* 1% of GDP" is a threshold, not a pledged figure.
THRESHOLD_PREPS = frozenset({"above", "over", "beyond", "exceeding", "below", "under"})

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
NOT_METRIC_LEMMAS = frozenset({"%", "percent", "cent", "gdp", "year", "product"})
