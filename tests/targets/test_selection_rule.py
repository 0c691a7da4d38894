"""The HIT selection rule at its boundaries, without the web or the database."""

import datetime

import pytest

from schakel.targets.selection import Registration, RuleSpec, evaluate, propose, years_before

D = datetime.date
HIT = RuleSpec(
    categories=frozenset({"overval", "straatroof", "woninginbraak"}),
    decisions=frozenset({"veroordeling"}),
    window_years=3,
    min_count=1,
)


def conviction(decided, category="woninginbraak", decision="veroordeling", rid="R1"):
    return Registration(rid, category, decision, decided - datetime.timedelta(days=60), decided)


def test_a_conviction_decided_exactly_three_years_before_counts():
    as_of = D(2025, 6, 15)
    assert evaluate(HIT, [conviction(D(2022, 6, 15))], as_of).meets


def test_a_conviction_one_day_before_the_window_does_not_count():
    as_of = D(2025, 6, 15)
    outcome = evaluate(HIT, [conviction(D(2022, 6, 14))], as_of)
    assert not outcome.meets
    assert outcome.failure == "count"


def test_a_conviction_decided_on_the_as_of_date_counts_but_not_one_after():
    as_of = D(2025, 6, 15)
    assert evaluate(HIT, [conviction(as_of)], as_of).meets
    assert not evaluate(HIT, [conviction(D(2025, 6, 16))], as_of).meets


def test_29_february_as_of_date_falls_back_to_28_february():
    as_of = D(2024, 2, 29)
    assert years_before(as_of, 3) == D(2021, 2, 28)
    assert evaluate(HIT, [conviction(D(2021, 2, 28))], as_of).meets
    assert not evaluate(HIT, [conviction(D(2021, 2, 27))], as_of).meets


def test_a_window_ending_on_29_february_of_a_leap_year_back():
    # four years back from a leap day lands on a leap day again
    assert years_before(D(2024, 2, 29), 4) == D(2020, 2, 29)


def test_an_acquittal_does_not_count():
    as_of = D(2025, 6, 15)
    assert not evaluate(HIT, [conviction(D(2024, 1, 1), decision="vrijspraak")], as_of).meets
    assert not evaluate(HIT, [conviction(D(2024, 1, 1), decision="sepot")], as_of).meets


def test_an_offence_outside_the_categories_does_not_count():
    as_of = D(2025, 6, 15)
    outcome = evaluate(HIT, [conviction(D(2024, 1, 1), category="winkeldiefstal")], as_of)
    assert not outcome.meets


def test_a_pending_case_without_decision_date_does_not_count():
    registration = Registration("R1", "overval", "veroordeling", D(2024, 1, 1), None)
    assert not evaluate(HIT, [registration], D(2025, 1, 1)).meets


def test_minimum_count_and_age_limits():
    rule = RuleSpec(frozenset({"overval"}), frozenset({"veroordeling"}), 5, 2, 18, 25)
    regs = [
        conviction(D(2023, 1, 1), "overval", rid="A"),
        conviction(D(2024, 1, 1), "overval", rid="B"),
    ]
    as_of = D(2025, 1, 1)
    assert evaluate(rule, regs, as_of, D(2000, 1, 1)).meets  # 25 on the as-of date
    assert evaluate(rule, regs, as_of, D(1999, 12, 31)).meets  # still 25
    assert evaluate(rule, regs, as_of, D(1999, 1, 1)).failure == "too_old"  # 26
    assert evaluate(rule, regs, as_of, D(2007, 1, 2)).failure == "too_young"  # 17
    assert evaluate(rule, regs, as_of, None).failure == "no_birth_date"
    assert evaluate(rule, regs[:1], as_of, D(2000, 1, 1)).failure == "count"


def test_propose_gives_inflow_for_new_persons_and_outflow_for_members_who_no_longer_qualify():
    as_of = D(2025, 6, 15)
    persons = {
        1: (None, [conviction(D(2024, 1, 1))]),  # qualifies, not a member -> inflow
        2: (None, [conviction(D(2024, 1, 1))]),  # qualifies, member -> nothing
        3: (None, [conviction(D(2020, 1, 1))]),  # no longer qualifies, member -> outflow
    }
    inflow, outflow = propose(HIT, persons, members={2, 3, 4}, as_of=as_of)
    assert [p.person for p in inflow] == [1]
    assert [p.person for p in outflow] == [3, 4]  # 4: a member without registrations at all


@pytest.mark.parametrize("years", [1, 3, 5])
def test_years_before_keeps_the_calendar_date(years):
    assert years_before(D(2025, 3, 1), years) == D(2025 - years, 3, 1)
