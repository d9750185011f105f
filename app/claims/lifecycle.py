"""A commitment's stage in the aid vocabulary, from the sentence that states it.

The stages follow the OECD DAC and IATI transaction types: a *pledge* is
indicative, a *commitment* a firm obligation, an *allocation* money specified for
delivery, a *disbursement* money released; `revised` (the pledge itself raised or
cut) and `withdrawn` are steps of the same claim.  The words below are looked for
in the cited sentence; the first stage in `STAGE_WORDS` that matches wins, so
"has delivered the first €200m of its €1bn pledge" is a disbursement, not a
pledge.  Only past forms mark money as moved: "will disburse" is still a pledge.
"""

from __future__ import annotations

import re

PLEDGED, COMMITTED, ALLOCATED, DISBURSED, REVISED, WITHDRAWN = (
    "pledged",
    "committed",
    "allocated",
    "disbursed",
    "revised",
    "withdrawn",
)
STAGES = (PLEDGED, COMMITTED, ALLOCATED, DISBURSED, REVISED, WITHDRAWN)

_PLEDGE_NOUN = r"(?:pledge|commitment|promise|contribution|target|package|offer)"

# (stage, regular expression over the sentence), in order of precedence.
STAGE_WORDS: tuple[tuple[str, str], ...] = (
    (
        WITHDRAWN,
        r"\b(?:withdr[ae]w|withdrawn|withdrawing|scrap(?:ped|s)|cancel(?:l?ed|s)|abandon(?:ed|s)"
        r"|renege[ds]?|rescind(?:ed|s)|revok(?:ed|es)|backtrack(?:ed|s)"
        r"|pull(?:ed|s) (?:out|back)|dropp(?:ed) (?:its|their|the) " + _PLEDGE_NOUN + r")\b",
    ),
    (
        DISBURSED,
        r"\b(?:disbursed|disburses|disbursement|delivered|paid(?: out)?|pays out"
        r"|transferred|released|handed over|has spent|have spent|had spent|sent)\b",
    ),
    (
        ALLOCATED,
        r"\b(?:allocat(?:ed|es|ion)|earmark(?:ed|s)|set aside|sets aside|budgeted"
        r"|appropriated|ring-?fenced)\b",
    ),
    (
        REVISED,
        r"\b(?:rais|increas|boost|cut|reduc|scal(?:ed|es|ing) back|lower|trimm?|revis|slash)\w*"
        r"\s+(?:its|their|the|his|her|this|that)\s+(?:\w+\s+){0,2}" + _PLEDGE_NOUN,
    ),
    (
        COMMITTED,
        r"\b(?:committed|commits|signed|agreed|approved|obligated|contracted)\b",
    ),
    (PLEDGED, r"\b(?:pledg\w*|promis\w*|vow\w*|announc\w*)\b"),
)
# Matched against the lower-cased sentence (the words are lower case), and first
# all at once: most sentences name none of the stages past a pledge, and one
# search of them all is several times cheaper than a search for each.
_COMPILED = tuple((stage, re.compile(p)) for stage, p in STAGE_WORDS if stage != PLEDGED)
_ANY_STAGE = re.compile("|".join(f"(?:{p})" for stage, p in STAGE_WORDS if stage != PLEDGED))

# The extractor's and clients' `status` words, when the sentence says nothing more.
FROM_STATUS = {
    "proposed": PLEDGED,
    "pledged": PLEDGED,
    "agreed": COMMITTED,
    "delivered": DISBURSED,
}

_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-Z0-9\"'“‘(])")


def cited_sentence(text: str, start: int, end: int) -> str:
    """The sentence(s) of `text` around the span [start, end)."""
    begin = 0
    for match in _SENTENCE_END.finditer(text, 0, start):
        begin = match.end()
    stop = len(text)
    after = _SENTENCE_END.search(text, end)
    if after is not None:
        stop = after.start() + 1
    return text[begin:stop]


def classify(sentence: str, status: str | None = None) -> str:
    """The stage a sentence states, else the one its `status` word implies, else pledged."""
    lowered = sentence.lower()
    if _ANY_STAGE.search(lowered):
        for stage, pattern in _COMPILED:
            if pattern.search(lowered):
                return stage
    if status in FROM_STATUS:
        return FROM_STATUS[status]
    return PLEDGED
