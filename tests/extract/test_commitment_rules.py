"""Commitment classes of real news, each on sentences written for this test.

Every test names a class of language: a construction that commits money, one
that looks like a pledge but is not, or how restatements, years and actors are
resolved.  None of the sentences comes from the annotated corpus.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from app.extract import CommitmentFact, Facts

from .helpers import facts_of

PUBLISHED = datetime(2024, 6, 12, 9, 0)


def _extract(*paragraphs: str, published: datetime = PUBLISHED) -> Facts:
    return facts_of(*paragraphs, published_at=published)


def _amounts(facts: Facts) -> list[tuple[Decimal | None, str | None]]:
    return sorted(
        ((c.amount_value, c.amount_currency) for c in facts.commitments),
        key=lambda pair: pair[0] or 0,
    )


def _one(facts: Facts) -> CommitmentFact:
    assert len(facts.commitments) == 1, facts.commitments
    return facts.commitments[0]


# Constructions that commit money -------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # the figure is the subject of a future clause
        "Of the new money, €8 million will go to the Red Cross in Chad.",
        "Around $6 million will help fishermen replace their boats.",
        "CHF 300 million is to be drawn from the federal reserve fund.",
        # a recipient's future verb
        "Local charities in Peru will receive $4 million in Danish funding.",
        # make ... available
        "Norway has made NOK 30 million available for cholera vaccines.",
        # a clause on the figure itself, as in a summary line
        "£7 million in British funding confirmed for flood shelters in Bangladesh",
        # a pledge noun measured through "worth", wherever the parser hangs "worth"
        "The bank is expanding its work in Laos with a new loan package this year "
        "worth $90 million.",
    ],
)
def test_constructions_that_commit_money(text: str) -> None:
    assert len(_extract(text).commitments) == 1


def test_parts_listed_after_a_total_are_commitments() -> None:
    facts = _extract(
        "Canada announced C$20 million for drought relief in Somalia.",
        "This includes C$12 million for food aid and C$3 million for the WHO.",
    )
    assert _amounts(facts) == [
        (Decimal(3_000_000), "CAD"),
        (Decimal(12_000_000), "CAD"),
        (Decimal(20_000_000), "CAD"),
    ]


def test_a_figure_that_lists_its_parts_is_the_total_again() -> None:
    facts = _extract(
        "Sweden will provide SEK 90 million in aid to Sudan, the minister said.",
        "The SEK 90 million in aid includes SEK 40 million for the World Food Programme.",
    )
    total = next(c for c in facts.commitments if c.amount_value == Decimal(90_000_000))
    assert {c.paragraph_index for c in total.citations} == {0, 1}
    assert len(facts.commitments) == 2


def test_verbless_allocation_after_a_reporting_verb() -> None:
    facts = _extract(
        "The minister said Japan $40 million in emergency aid for Tonga, in addition to "
        "$15 million for the Pacific Islands Forum."
    )
    assert _amounts(facts) == [(Decimal(15_000_000), "USD"), (Decimal(40_000_000), "USD")]


def test_forecast_of_a_ratio_is_a_commitment() -> None:
    facts = _extract(
        "Defence spending is expected to rise to 2.3 per cent of GDP by 2029, the "
        "Finnish government said."
    )
    assert _one(facts).gdp_to == Decimal("2.3")


# Figures that are not commitments --------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # money already moved
        "The ministry has already spent around €3 billion on the programme.",
        "Brazil has provided $80 million in aid to Haiti since 2021.",
        "Over the past 15 years, Britain has given £2 billion to the region.",
        "Italy made €40 million available in 2022 for migrant centres.",
        # a running total
        "This brings Norway's total support to $95 million.",
        "The new grant lifts the total to £18 million.",
        # appeals, goals, needs and damage
        "The UN appealed for $400 million to help flood victims.",
        "The drive fell short of its $2 billion goal.",
        "Damage is estimated at $1.5 billion.",
        "The province will need $700 million to rebuild its roads.",
        # courts and fines
        "The bank was ordered to pay $25 million to former clients.",
        "The regulator fined the airline €4 million.",
        # tax, trade and companies
        "The chancellor announced a £9 billion tax cut for small firms.",
        "The shipyard signed a €600 million contract to build four frigates.",
        "Carmaker Zenvo will invest $300 million in a battery plant in Ohio.",
    ],
)
def test_not_commitments(text: str) -> None:
    assert _extract(text).commitments == []


def test_new_money_on_top_of_earlier_money_is_only_the_new_money() -> None:
    facts = _extract(
        "The €12 million grant for 2024 comes on top of €30 million in aid that the "
        "agency gave last year."
    )
    assert _amounts(facts) == [(Decimal(12_000_000), "EUR")]


def test_a_participle_that_raises_a_total_is_not_a_new_pledge() -> None:
    facts = _extract(
        "The package includes an extra A$1.5 million for Fiji, increasing Australia's "
        "support for the cyclone response to A$4 million."
    )
    assert _amounts(facts) == [(Decimal(1_500_000), "AUD")]


def test_raising_a_share_of_gdp_is_still_a_pledge() -> None:
    facts = _extract("Allies agreed a new pledge, raising defence spending to 4% of GDP by 2032.")
    assert _one(facts).gdp_to == Decimal(4)


# Restatements, years and actors ----------------------------------------------------


def test_restatement_in_a_summary_line_is_one_commitment_citing_both() -> None:
    facts = _extract(
        "£6 million in UK aid announced for Sudanese refugees in Chad",
        "The Foreign Secretary said the United Kingdom will provide £6 million to "
        "agencies helping Sudanese refugees in Chad.",
    )
    commitment = _one(facts)
    assert {c.paragraph_index for c in commitment.citations} == {0, 1}


def test_equal_figures_in_one_paragraph_stay_two_commitments() -> None:
    facts = _extract(
        "Of the total, €5 million will go to UNICEF. A further €5 million will go to "
        "the World Food Programme."
    )
    assert len(facts.commitments) == 2


def test_distributive_each_gives_one_commitment_per_party() -> None:
    facts = _extract("Norway and Denmark promised $50 million each for the reconstruction fund.")
    assert sorted(c.actor_name or "" for c in facts.commitments) == ["Denmark", "Norway"]
    assert {c.amount_value for c in facts.commitments} == {Decimal(50_000_000)}


def test_year_on_the_pledge_noun() -> None:
    facts = _extract(
        "The agency is boosting its relief with an aid package in 2024 worth $8 million."
    )
    assert _one(facts).target_year == 2024


def test_year_of_the_same_request_named_earlier() -> None:
    facts = _extract(
        "The minister defended the 2025 navy budget request before lawmakers.",
        "She said the $61 billion budget request would buy three submarines.",
    )
    assert _one(facts).target_year == 2025


def test_an_office_without_a_name_stands_for_the_country() -> None:
    facts = _extract(
        "Ireland will send doctors to Gaza.",
        "The government will provide €3 million to UNRWA, Ireland's foreign minister said.",
    )
    assert _one(facts).actor_name == "Ireland"


def test_a_court_order_differs_from_a_leader_ordering_aid() -> None:
    assert (
        _extract("A judge ordered the insurer to pay $12 million to the families.").commitments
        == []
    )
    facts = _extract("The president ordered the army to send $40 million in supplies to Gaza.")
    assert _amounts(facts) == [(Decimal(40_000_000), "USD")]


def test_a_description_of_a_named_body_is_that_body() -> None:
    facts = _extract("EU institutions will provide €70 million for vaccines in Africa.")
    assert _one(facts).actor_name in {"EU", "European Union"}


def test_a_description_without_a_name_keeps_its_text() -> None:
    facts = _extract("Donor nations pledged $2 billion for the rebuilding of Mosul.")
    assert _one(facts).actor_name == "donor nations"


def test_a_window_of_calendar_years_gives_its_end_year() -> None:
    facts = _extract("Between 2025 and 2031, the fund will mobilise up to €90 billion for rail.")
    assert _one(facts).target_year == 2031


def test_a_fiscal_year_window_is_the_period_not_a_year() -> None:
    facts = _extract(
        "The government will invest A$4.2 billion in ports over ten years from 2024-25 to 2033-34."
    )
    commitment = _one(facts)
    assert commitment.target_year is None
    assert commitment.period == "over ten years from 2024-25 to 2033-34"


def test_a_verbless_second_share_is_its_own_commitment() -> None:
    facts = _extract(
        "Member states agreed to spend 2% of GDP on their armed forces and 0.5% on civil defence."
    )
    assert sorted(c.gdp_to or 0 for c in facts.commitments) == [Decimal("0.5"), Decimal(2)]


def test_the_same_pledge_in_another_currency_is_one_commitment() -> None:
    facts = _extract(
        "The British embassy announces £400,000 for drought relief in Somalia.",
        "The embassy has announced an emergency uplift of over KES 65 million to support "
        "drought relief.",
    )
    assert len(facts.commitments) == 1
    assert {c.paragraph_index for c in facts.commitments[0].citations} == {0, 1}


def test_gapped_clauses_share_the_committing_verb() -> None:
    facts = _extract(
        "Of the total, €500 million will support Asia, €200 million Latin America and "
        "€90 million the Pacific."
    )
    assert _amounts(facts) == [
        (Decimal(90_000_000), "EUR"),
        (Decimal(200_000_000), "EUR"),
        (Decimal(500_000_000), "EUR"),
    ]


def test_a_target_named_with_for_a_past_year_is_not_past_money() -> None:
    facts = _extract(
        "Donors pledged €2 billion for 2023 and beyond at the meeting.",
        published=datetime(2024, 1, 5),
    )
    assert _amounts(facts) == [(Decimal(2_000_000_000), "EUR")]


def test_a_running_total_since_a_clause_is_not_a_pledge() -> None:
    facts = _extract(
        "The United States has provided more than $600 million since the fighting began."
    )
    assert facts.commitments == []


def test_the_country_of_an_unnamed_office_is_not_the_recipient() -> None:
    facts = _extract(
        "The Secretary of State announced $70 million in new aid for Haiti.",
        "With this aid, the United States remains the largest donor to Haiti.",
    )
    assert _one(facts).actor_name == "United States"


@pytest.mark.parametrize(
    "text",
    [
        "The laboratory received a $2 million grant from the science foundation.",
        "The survey was funded by a £300,000 award from the trust.",
        "Last month the agency sent $9 million to the camps.",
        "Exports of coffee reached $800 million last year.",
    ],
)
def test_money_moved_in_the_past_or_a_statistic_is_not_a_pledge(text: str) -> None:
    assert _extract(text).commitments == []


def test_gapped_clause_with_its_own_subject() -> None:
    facts = _extract("Norway has pledged NOK 90 million in aid and Finland €4 million.")
    assert sorted(c.actor_name or "" for c in facts.commitments) == ["Finland", "Norway"]


def test_a_title_alone_is_never_the_actor() -> None:
    facts = _extract("The First Minister announced a £2 million fund for island ferries.")
    assert _one(facts).actor_name is None


def test_an_existing_fund_that_supports_projects_commits_nothing_new() -> None:
    facts = _extract("The £40 million Coastal Fund, set up in 2019, supports harbour repairs.")
    assert facts.commitments == []


def test_parts_after_consist_of() -> None:
    facts = _extract(
        "The bloc pledged €4 billion. This consists of €1.5 billion from the common budget "
        "and €2.5 billion from national governments."
    )
    assert len(facts.commitments) == 3


def test_a_share_target_restated_in_the_same_paragraph_is_one_commitment() -> None:
    facts = _extract(
        "The government will lift defence spending to 2.5 per cent of GDP by 2030. "
        "The plan delivers on its promise to reach 2.5 per cent of GDP."
    )
    assert len(facts.commitments) == 1


def test_agency_splits_after_a_total() -> None:
    facts = _extract(
        "The United States announced $90 million in new aid for Yemen, the minister said, "
        "$70 million via the State Department and $20 million via the aid agency."
    )
    assert len(facts.commitments) == 3
