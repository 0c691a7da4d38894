"""The selection rule of a target-group list, as pure Python (no Django, no database).

A rule says which registrations count (offence categories and decisions), over which window
(years before the as-of date) and how many are needed, optionally within an age range. Applying
it to the registrations of persons gives the proposed inflow (meets the rule, not on the list)
and outflow (on the list, no longer meets it), each with the facts that explain why.

The HIT rule: a conviction for overval, straatroof or woninginbraak counts when its decision date
lies on or after the same calendar date `window_years` before the as-of date (29 February falls
back to 28 February) and on or before the as-of date.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class RuleSpec:
    categories: frozenset[str]
    decisions: frozenset[str]
    window_years: int
    min_count: int = 1
    min_age: int | None = None
    max_age: int | None = None


@dataclass(frozen=True)
class Registration:
    registration_id: str
    category: str
    decision: str
    offence_date: date
    decision_date: date | None


@dataclass(frozen=True)
class Outcome:
    """Whether a person meets the rule on a date, and the facts behind it."""

    meets: bool
    counted: tuple[Registration, ...]
    window_start: date
    as_of: date
    age: int | None
    # why not: "" when the rule is met, else "count", "too_young", "too_old" or "no_birth_date"
    failure: str = ""
    min_count: int = 1
    categories: tuple[str, ...] = field(default=())


def years_before(day: date, years: int) -> date:
    """The same calendar date `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


def age_on(date_of_birth: date, day: date) -> int:
    had_birthday = (day.month, day.day) >= (date_of_birth.month, date_of_birth.day)
    return day.year - date_of_birth.year - (0 if had_birthday else 1)


def counts(spec: RuleSpec, registration: Registration, as_of: date) -> bool:
    """Does this registration count for the rule on `as_of`?"""
    if registration.category not in spec.categories:
        return False
    if registration.decision not in spec.decisions:
        return False
    decided = registration.decision_date
    if decided is None:
        return False
    return years_before(as_of, spec.window_years) <= decided <= as_of


def evaluate(
    spec: RuleSpec,
    registrations: Iterable[Registration],
    as_of: date,
    date_of_birth: date | None = None,
) -> Outcome:
    counted = tuple(
        sorted(
            (r for r in registrations if counts(spec, r, as_of)),
            key=lambda r: (r.decision_date, r.registration_id),
        )
    )
    age = age_on(date_of_birth, as_of) if date_of_birth else None
    failure = ""
    if len(counted) < spec.min_count:
        failure = "count"
    elif (spec.min_age is not None or spec.max_age is not None) and age is None:
        failure = "no_birth_date"
    elif spec.min_age is not None and age is not None and age < spec.min_age:
        failure = "too_young"
    elif spec.max_age is not None and age is not None and age > spec.max_age:
        failure = "too_old"
    return Outcome(
        meets=not failure,
        counted=counted,
        window_start=years_before(as_of, spec.window_years),
        as_of=as_of,
        age=age,
        failure=failure,
        min_count=spec.min_count,
        categories=tuple(sorted({r.category for r in counted})),
    )


@dataclass(frozen=True)
class Proposal:
    person: Hashable
    direction: str  # "in" or "out"
    outcome: Outcome


def propose(
    spec: RuleSpec,
    persons: Mapping[Hashable, tuple[date | None, list[Registration]]],
    members: Iterable[Hashable],
    as_of: date,
) -> tuple[list[Proposal], list[Proposal]]:
    """Proposed inflow (meets the rule, not a member) and outflow (member, no longer meets it).

    `persons` maps a person key to (date of birth, registrations); members without
    registrations may be absent from it.
    """
    members = set(members)
    inflow, outflow = [], []
    for key in sorted(set(persons) | members):  # keys must be orderable (person pks)
        date_of_birth, registrations = persons.get(key, (None, []))
        outcome = evaluate(spec, registrations, as_of, date_of_birth)
        if outcome.meets and key not in members:
            inflow.append(Proposal(key, "in", outcome))
        elif not outcome.meets and key in members:
            outflow.append(Proposal(key, "out", outcome))
    return inflow, outflow
