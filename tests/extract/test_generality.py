"""Classes of errors seen on unseen news text, each checked on new made-up sentences.

The sentences are written for these tests (not taken from the dev or hold-out
sets) and vary names, outlets' spellings and currencies, so a fix that only
matches one string fails here.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from app.extract import CommitmentFact, Document, EventFact, Facts
from app.extract.dates import normalize_date
from app.extract.money import find_amounts, find_gdp_shares
from app.extract.types import FactDate

from .helpers import extract_checked, quote

PUBLISHED = datetime(2025, 3, 14, 12, 0)  # a Friday


def _extract(*paragraphs: str, published: datetime = PUBLISHED) -> Facts:
    doc = Document(paragraphs=list(enumerate(paragraphs)), published_at=published)
    facts = extract_checked(doc)
    for entity in facts.entities:
        for span in entity.mentions:
            assert quote(doc, span) in {entity.name, *entity.aliases}
    return facts


def _names(facts: Facts) -> dict[str, str]:
    return {e.name: e.type for e in facts.entities}


def _one(facts: Facts) -> CommitmentFact:
    assert len(facts.commitments) == 1, facts.commitments
    return facts.commitments[0]


# 1. Personal names with particles ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Dutch envoy Gerard ter Horst met officials in Riyadh on Sunday.", "Gerard ter Horst"),
        ("Brazilian senator Ana da Costa criticised the ruling.", "Ana da Costa"),
        ("French lawyer Pierre du Bois criticised the ruling.", "Pierre du Bois"),
        ("Spanish minister Carmen del Rio welcomed the decision.", "Carmen del Rio"),
        ("Egyptian economist Hisham el-Din spoke in Cairo.", "Hisham el-Din"),
        ("Crown Prince Mohammed bin Salman hosted the talks.", "Mohammed bin Salman"),
    ],
)
def test_particle_names_are_one_person(text: str, name: str) -> None:
    facts = _extract(text)
    assert _names(facts).get(name) == "person"
    last = name.split()[-1].split("-")[-1]
    assert not [e for e in facts.entities if e.name in {last, name.split()[0]}]


def test_particle_surname_alone_joins_the_full_name() -> None:
    facts = _extract(
        "Economy minister Jan van der Meer opened the port in Rotterdam.",
        "Later van der Meer said trade would grow.",
    )
    people = [e for e in facts.entities if "Meer" in e.name]
    assert len(people) == 1
    assert people[0].name == "Jan van der Meer"
    assert people[0].type == "person"
    assert len(people[0].mentions) == 2


def test_particle_tail_tagged_as_place_is_merged_into_the_person() -> None:
    # The small model tags "Leyen"-like tails as places; the merged person wins.
    facts = _extract("In Brussels, Commission chief Ursula von der Leyen met reporters.")
    names = _names(facts)
    assert names.get("Ursula von der Leyen") == "person"
    assert "Leyen" not in names


def test_particles_do_not_swallow_organization_names() -> None:
    facts = _extract("Officials from Banco de Mexico met the finance minister in Mexico City.")
    assert _names(facts).get("Banco de Mexico") == "organization"


# 2. A single-word head of an organization named in full earlier ------------------


@pytest.mark.parametrize(
    ("text", "full"),
    [
        (
            "The Asian Infrastructure Investment Bank approved a loan to Bangladesh. "
            "The Bank said the money would pay for power lines.",
            "Asian Infrastructure Investment Bank",
        ),
        (
            "The International Energy Agency published its outlook. "
            "The Agency warned that oil demand would peak.",
            "International Energy Agency",
        ),
        (
            "The Bank of England raised rates. The Bank said inflation was too high.",
            "Bank of England",
        ),
        (
            "The Federal Reserve cut rates on Wednesday. The Fed said it would watch jobs.",
            "Federal Reserve",
        ),
    ],
)
def test_short_org_name_joins_the_only_full_name(text: str, full: str) -> None:
    facts = _extract(text)
    orgs = [e for e in facts.entities if e.type == "organization"]
    assert [e.name for e in orgs] == [full]
    assert len(orgs[0].mentions) == 2


def test_short_org_name_stays_apart_when_ambiguous() -> None:
    facts = _extract(
        "The Bank of England and the European Central Bank held rates.",
        "The Bank said inflation was falling.",
    )
    ecb = next(e for e in facts.entities if e.name == "European Central Bank")
    boe = next(e for e in facts.entities if e.name == "Bank of England")
    assert len(ecb.mentions) == 1
    assert len(boe.mentions) == 1


# 3. Commitment metrics: the funded noun phrase, no currency, units or hype --------


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        (
            "South Korea's cabinet approved a record 61 trillion won defence budget.",
            "defence budget",
        ),
        ("The ministry unveiled an unprecedented 2.1 trillion yen chip subsidy.", "chip subsidy"),
        ("Toyota pledged a $10 billion investment in US battery plants.", "us battery plants"),
        ("The premier announced a five-year, C$4 billion housing plan.", "housing"),
        ("Norway will raise humanitarian aid to Sudan by NOK 2 billion.", "humanitarian aid"),
        ("The treasurer set aside A$1.2bn for rural hospitals.", "rural hospitals"),
        ("The government approved a $3bn package for dairy farmers.", "dairy farmers"),
    ],
)
def test_metric_is_the_funded_phrase(text: str, metric: str) -> None:
    commitment = _one(_extract(text))
    assert commitment.metric == metric


def test_metric_from_purpose_clause() -> None:
    commitment = _one(
        _extract("The city plans to borrow 4 billion kronor to pay for the new tram line.")
    )
    assert commitment.amount_currency == "SEK"
    assert commitment.metric == "tram line"
    assert commitment.status == "proposed"


def test_spending_subject_is_the_metric_and_actor_is_inherited() -> None:
    facts = _extract(
        "New Zealand will spend an extra NZ$2.1 billion on its armed forces.",
        "Under the plan, defence spending is set to climb to 2 per cent of GDP by 2032-33, "
        "from about 1.2 per cent now.",
    )
    share = next(c for c in facts.commitments if c.gdp_to is not None)
    assert share.metric == "defence spending"
    assert share.actor_name == "New Zealand"
    assert share.gdp_from == Decimal("1.2")
    assert share.gdp_to == Decimal("2")
    assert share.target_year is None  # a fiscal year: kept as the period
    assert share.period == "by 2032-33"


def test_threshold_share_is_not_a_commitment() -> None:
    facts = _extract(
        "Austrian lawmakers approved a rule exempting military outlays above 1.5% of GDP "
        "from the deficit limit."
    )
    assert not [c for c in facts.commitments if c.gdp_to is not None]


def test_pronoun_after_a_package_keeps_the_pledge() -> None:
    facts = _extract(
        "The package, backed by the ruling coalition, passed with 380 votes. "
        "It includes 12 billion euros for flood defences."
    )
    commitment = _one(facts)
    assert commitment.amount_value == Decimal("12000000000")
    assert commitment.metric == "flood defences"


# 4. Event typing: a legislature's vote is a decision, not an election -------------


def _event(facts: Facts, word: str) -> EventFact:
    return next(e for e in facts.events if word in e.summary)


def test_legislative_vote_is_an_agreement_with_its_clause() -> None:
    facts = _extract(
        "Italy's senate voted on Tuesday to cap energy prices for small firms until 2027."
    )
    vote = _event(facts, "voted")
    assert vote.type == "agreement"
    assert vote.summary.startswith("Italy's senate voted")
    assert "cap energy prices" in vote.summary
    assert vote.date == FactDate("2025-03-11", "day")
    assert not [e for e in facts.events if e.type == "election"]
    assert len(facts.events) == 1  # the capping clause is not a second event


def test_electorate_vote_is_still_an_election() -> None:
    facts = _extract("Voters in Portugal voted in a snap election on Sunday.")
    assert [e.type for e in facts.events] == ["election"]


@pytest.mark.parametrize(
    ("text", "forbidden"),
    [
        ("Germany wants to promote trade with Kenya.", "appointment"),
        ("Poland dismissed claims by Russia about the border.", "appointment"),
        ("The EU plans to replace old rules on Chinese imports.", "appointment"),
        (
            "Workers in France staged a general strike against the pension reform.",
            "military_action",
        ),
        ("Macron delivered a speech to the Bundestag in Berlin.", "aid"),
        ("Tesla will deploy capital in Mexico next year.", "military_action"),
        ("Japan banned the sale of energy drinks to teenagers.", "sanction"),
    ],
)
def test_over_broad_triggers_are_narrowed(text: str, forbidden: str) -> None:
    facts = _extract(text)
    assert forbidden not in {e.type for e in facts.events}


def test_narrowed_triggers_still_fire_on_their_real_sense() -> None:
    facts = _extract(
        "Hezbollah fired rockets at Israel on Monday.",
        "Nissan named Ivan Espinosa as its new chief executive.",
        "The two companies struck a deal in Tokyo.",
    )
    types = {e.type for e in facts.events}
    assert {"military_action", "appointment", "agreement"} <= types


def test_summary_keeps_hyphenated_names() -> None:
    facts = _extract("Jean-Noël Barrot met Wang Yi in Beijing on Thursday.")
    assert any("Jean-Noël Barrot" in e.summary for e in facts.events)


# 5. Currencies, GDP shares, years, periods, status and hedges ----------------------


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("Rs 7,500 crore", "75000000000", "INR"),
        ("₹2.4 lakh crore", "2400000000000", "INR"),
        ("CHF 3.5 billion", "3500000000", "CHF"),
        ("SEK 12bn", "12000000000", "SEK"),
        ("A$4.1 billion", "4100000000", "AUD"),
        ("NZ$900 million", "900000000", "NZD"),
        ("HK$25 billion", "25000000000", "HKD"),
        ("$7.5bn", "7500000000", "USD"),
        ("4 billion dollars", "4000000000", "USD"),
        ("2.5bn euros", "2500000000", "EUR"),
        ("£1.1tn", "1100000000000", "GBP"),
        ("half a billion dollars", "500000000", "USD"),
        ("three billion euros", "3000000000", "EUR"),
        ("40 billion Swedish crowns", "40000000000", "SEK"),
        ("8 billion Norwegian kroner", "8000000000", "NOK"),
        ("15 billion rand", "15000000000", "ZAR"),
        ("₺50 billion", "50000000000", "TRY"),
        ("R15 billion", "15000000000", "ZAR"),
    ],
)
def test_currency_forms(text: str, value: str, currency: str) -> None:
    amounts = find_amounts(text)
    assert [(a.value, a.currency) for a in amounts] == [(Decimal(value), currency)]
    assert text[amounts[0].start : amounts[0].end] == text


@pytest.mark.parametrize(
    "text", ["R$ 10 bilhões", "COP29 summit", "the COP 30 talks", "G20", "the R2 road"]
)
def test_not_amounts(text: str) -> None:
    assert find_amounts(text) == []


def test_ambiguous_currency_word_resolved_from_context() -> None:
    assert find_amounts("300 billion crowns", "Denmark said on Monday")[0].currency == "DKK"
    assert find_amounts("300 billion crowns") == []  # unknown country: no amount


@pytest.mark.parametrize(
    ("text", "share"),
    [
        ("2.7 per cent of GDP", Decimal("2.7")),
        ("three percent of gross domestic product", Decimal("3")),
        ("1.8% of the country's GDP", Decimal("1.8")),
    ],
)
def test_gdp_share_forms(text: str, share: Decimal) -> None:
    assert [s.share_to for s in find_gdp_shares(text)] == [share]


def test_national_income_is_not_gdp() -> None:
    assert find_gdp_shares("raise aid to 0.5% of gross national income") == []
    assert find_gdp_shares("to 0.7% of national income") == []


@pytest.mark.parametrize(
    ("text", "year", "period"),
    [
        ("Chile will spend $2bn on water projects by the end of the decade.", 2030, None),
        ("Kenya will invest $1bn in railways by 2029/30.", None, "by 2029/30"),
        ("Egypt will spend $3bn on housing over the next decade.", None, "10 years"),
        ("Vietnam will invest $5bn in ports over the next seven years.", None, "7 years"),
        ("Peru will spend $400m a year on schools.", None, "annual"),
        ("Ghana will spend $800m annually on roads.", None, "annual"),
        ("The fund will lend $2bn within 18 months to small firms.", None, "18 months"),
    ],
)
def test_target_years_and_periods(text: str, year: int | None, period: str | None) -> None:
    commitment = _one(_extract(text))
    assert commitment.target_year == year
    assert commitment.period == period


def test_period_belongs_to_the_nearest_figure() -> None:
    facts = _extract(
        "Austria approved €4 billion for rail over five years, while Slovakia earmarked "
        "€600 million for hospitals."
    )
    periods = {c.amount_value: c.period for c in facts.commitments}
    assert periods == {Decimal("4000000000"): "5 years", Decimal("600000000"): None}


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Congress approved $12bn for wildfire relief.", "agreed"),
        ("The governor signed into law a $900m budget for transit.", "agreed"),
        ("The ministry proposed €2bn in new rail funding.", "proposed"),
        ("Ottawa plans to spend C$3bn on Arctic radar.", "proposed"),
        ("The agency has disbursed $600m to flood victims.", "delivered"),
        ("Mexico will invest $4bn in solar farms.", "pledged"),
    ],
)
def test_status_cues(text: str, status: str) -> None:
    assert _one(_extract(text)).status == status


@pytest.mark.parametrize(
    "text",
    [
        "Portugal could spend €1bn more on frigates.",
        "Greece is considering a €2bn package for islands.",
        "Ministers failed to agree on a €30bn fund for Moldova.",
        "The premier refused to commit A$500m to the stadium.",
        "There was no commitment to spend $4bn on levees.",
        "Romania has never pledged $1bn to the fund.",
    ],
)
def test_hedged_figures_are_not_pledges(text: str) -> None:
    assert _extract(text).commitments == []


# 6. Dates ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("expression", "value", "precision"),
    [
        ("on Wednesday", "2025-03-12", "day"),
        ("last month", "2025-02", "month"),
        ("earlier this year", "2025", "year"),
        ("on April 9", "2024-04-09", "day"),
        ("9 April", "2024-04-09", "day"),
        ("in 2021", "2021", "year"),
        ("three days ago", "2025-03-11", "day"),
        ("two weeks ago", "2025-02", "month"),
        ("earlier this week", "2025-03", "month"),
        ("a few days ago", None, None),
    ],
)
def test_relative_dates(expression: str, value: str | None, precision: str | None) -> None:
    expected = FactDate(value, precision) if value else None  # type: ignore[arg-type]
    assert normalize_date(expression, PUBLISHED) == expected


def test_event_date_comes_from_its_own_clause() -> None:
    facts = _extract(
        "Spain, which signed a defence pact with Morocco in 2019, approved the deal on Monday."
    )
    approved = _event(facts, "approved")
    assert approved.date == FactDate("2025-03-10", "day")
